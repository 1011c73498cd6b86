/**
 * Households (世帯, platform/household) and account deletion.
 *
 * - `households`: one dwelling as the association knows it. The address is kept as typed (`address_line`)
 *   and as a folded key (`address_key`, platform/household addressKey) that finds the paper household
 *   someone joining online already lives in. `association_id` / `han_id` name the 自治会 and its 班 in the
 *   organisation registry; both are cleared when the household moves out (転出), which keeps the row for
 *   the record with `status` 'moved_out'. `channel` and `created_by` say who registered it and how.
 * - `household_people`: the people of a household, with an account (`user_id`) or without (reached on
 *   paper). The unique index on `user_id` is the rule "a person belongs to at most one household": both
 *   databases allow any number of NULLs in a unique index, so people without accounts are not limited.
 * - `users.deleted_at`: the account was deleted; its row stays, emptied of personal data, so the bookings
 *   it made stay in the counts as an anonymous booker.
 * - `reservations.booker_age_band`: the booker's age band frozen on their bookings when their account is
 *   deleted and the birth year goes, so the insights' age table reads the same afterwards.
 *
 * Frozen once shipped.
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('households')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('address_line', 'text', (c) => c.notNull())
    .addColumn('address_key', 'text', (c) => c.notNull())
    .addColumn('postcode', 'text')
    .addColumn('ward_id', 'text', (c) => c.notNull().references('wards.id'))
    .addColumn('association_id', 'text', (c) => c.references('organisations.id'))
    .addColumn('han_id', 'text', (c) => c.references('organisations.id'))
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('active'))
    .addColumn('moved_out_on', 'text')
    .addColumn('created_by', 'text', (c) => c.references('users.id'))
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addCheckConstraint('households_status', sql`status in ('active', 'moved_out')`)
    .addCheckConstraint('households_channel', sql`channel in ('web', 'counter', 'officer')`)
    // A 班 is always inside an association: a household never names a 班 without its association.
    .addCheckConstraint('households_han_needs_association', sql`han_id is null or association_id is not null`)
    .execute();
  await db.schema.createIndex('households_ward_address').on('households').columns(['ward_id', 'address_key']).execute();
  await db.schema.createIndex('households_association').on('households').columns(['association_id', 'status']).execute();
  await db.schema.createIndex('households_han').on('households').column('han_id').execute();

  await db.schema
    .createTable('household_people')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('household_id', 'text', (c) => c.notNull().references('households.id'))
    .addColumn('user_id', 'text', (c) => c.references('users.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('name_kana', 'text', (c) => c.notNull())
    // For a person without an account: how the household is reached by phone, and matched when joining.
    .addColumn('phone', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('household_people_user').on('household_people').column('user_id').unique().execute();
  await db.schema.createIndex('household_people_household').on('household_people').column('household_id').execute();

  await db.schema.alterTable('users').addColumn('deleted_at', 'text').execute();
  await db.schema.alterTable('reservations').addColumn('booker_age_band', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('reservations').dropColumn('booker_age_band').execute();
  await db.schema.alterTable('users').dropColumn('deleted_at').execute();
  await db.schema.dropTable('household_people').execute();
  await db.schema.dropTable('households').execute();
}
