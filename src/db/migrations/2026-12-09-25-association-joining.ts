/**
 * Joining a 自治会 by passcode (features/association).
 *
 * - `association_passcodes`: a code an officer prints on paper (with a QR of the join URL) for the whole
 *   association or one 班. Kept in clear, unlike passwords: it is meant to be printed and handed round the
 *   neighbourhood, the officer reprints it, and it only opens a join (which officers may have to approve).
 *   The unique index on `code` covers revoked codes too, so a withdrawn code never names another body.
 * - `association_join_settings`: what the association chose: joins need an officer's approval or not.
 *   No row: no approval (the default of the association's first passcode).
 * - `association_join_requests`: a join waiting for an officer (approval on), and how it ended. The partial
 *   unique index allows one pending request per household however the requests race.
 *
 * Frozen once shipped.
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('association_passcodes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('code', 'text', (c) => c.notNull().unique())
    .addColumn('association_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('han_id', 'text', (c) => c.references('organisations.id'))
    .addColumn('created_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('revoked_at', 'text')
    .addColumn('revoked_by', 'text', (c) => c.references('users.id'))
    .execute();
  await db.schema.createIndex('association_passcodes_association').on('association_passcodes').column('association_id').execute();

  await db.schema
    .createTable('association_join_settings')
    .addColumn('association_id', 'text', (c) => c.primaryKey().references('organisations.id'))
    .addColumn('requires_approval', 'integer', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('association_join_requests')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('association_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('han_id', 'text', (c) => c.references('organisations.id'))
    .addColumn('household_id', 'text', (c) => c.notNull().references('households.id'))
    .addColumn('passcode_id', 'text', (c) => c.notNull().references('association_passcodes.id'))
    .addColumn('requested_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('decided_by', 'text', (c) => c.references('users.id'))
    .addColumn('decided_at', 'text')
    .addCheckConstraint('association_join_requests_status', sql`status in ('pending', 'approved', 'declined')`)
    .execute();
  await db.schema
    .createIndex('association_join_requests_one_pending')
    .on('association_join_requests')
    .column('household_id')
    .unique()
    .where(sql.ref('status'), '=', 'pending')
    .execute();
  await db.schema
    .createIndex('association_join_requests_association')
    .on('association_join_requests')
    .columns(['association_id', 'status'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('association_join_requests').execute();
  await db.schema.dropTable('association_join_settings').execute();
  await db.schema.dropTable('association_passcodes').execute();
}
