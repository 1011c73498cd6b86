/**
 * One registry of organisations (platform/organisation). The booking groups *are* organisations: the
 * table `groups` becomes `organisations` and `group_members` becomes `organisation_members`, in place, so
 * every id stays and every booking, lottery entry, ticket, invitation and verification keeps pointing at
 * the same row. Columns that name a booking group (reservations.group_id, lottery_entries.group_id,
 * group_invitations.group_id) keep their names: they are "the organisation that booked".
 *
 * New in the registry:
 * - `kind`: city_department, ward_office, ward_section, community_council (まちづくり協議会 /
 *   校区自治連合会), association (自治会・町内会), han (班), npo, company, university, circle.
 * - `official`: 1 for entries made by staff or an import (the registry); 0 for a group a resident made.
 *   A self-made group that calls itself 地域団体 stays a circle until officers or staff link it to the
 *   registry entry (`registry_id`); it is never the official association by its own word.
 * - the tree: `parent_id` (市 → 区 → 校区 → 自治会 → 班; a ward section under its ward office), `ward_id`,
 *   `school_district_id` (a community council's 校区), `corporate_number` (法人番号), `code` (the key an
 *   import matches on), `name_kana` (sorting lists read out on the phone).
 * - `representative_id` becomes nullable: a registry entry (a department, a 班) may have no account.
 * - Memberships gain a term (`term_starts_on`, `term_ends_on`): officers serve until the next 総会.
 *
 * 校区 and the 町丁目 → 校区 table are data (`school_districts`, `district_areas`), imported from CSV or xlsx.
 *
 * Existing groups: kind from their declared type (npo → npo, business → company, community and circle →
 * circle: nobody has yet linked them to the registry), official 0, every verification column unchanged.
 *
 * SQLite cannot drop a NOT NULL constraint, so there the table is rebuilt by the documented procedure
 * (foreign keys off, create, copy, drop, rename): other tables' foreign keys name `organisations` and
 * find the rebuilt table. Kysely runs SQLite migrations outside a transaction, which the pragma needs.
 * PostgreSQL alters the column. Frozen once shipped.
 */
import { type Kysely, SqliteAdapter, sql } from 'kysely';

const ORGANISATION_COLUMNS = [
  'id',
  'name',
  'type',
  'member_count',
  'representative_id',
  'created_at',
  'verification_status',
  'verified_type',
  'verified_at',
  'verified_by',
  'verification_note',
  'verification_requested_at',
] as const;

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('groups').renameTo('organisations').execute();
  await db.schema.alterTable('group_members').renameTo('organisation_members').execute();
  await db.schema.dropIndex('groups_verification').execute();
  await db.schema.dropIndex('groups_representative').execute();

  if (db.getExecutor().adapter instanceof SqliteAdapter) await rebuildWithNullableRepresentative(db);
  else await sql`alter table organisations alter column representative_id drop not null`.execute(db);

  await db.schema
    .createTable('school_districts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('ward_id', 'text', (c) => c.notNull().references('wards.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('name_kana', 'text', (c) => c.notNull())
    .addColumn('sort_order', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.createIndex('school_districts_ward').on('school_districts').columns(['ward_id', 'sort_order']).execute();

  await db.schema
    .alterTable('organisations')
    .addColumn('kind', 'text', (c) => c.notNull().defaultTo('circle'))
    .execute();
  await db.schema
    .alterTable('organisations')
    .addColumn('official', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .alterTable('organisations')
    .addColumn('parent_id', 'text', (c) => c.references('organisations.id'))
    .execute();
  await db.schema
    .alterTable('organisations')
    .addColumn('ward_id', 'text', (c) => c.references('wards.id'))
    .execute();
  await db.schema
    .alterTable('organisations')
    .addColumn('school_district_id', 'text', (c) => c.references('school_districts.id'))
    .execute();
  await db.schema.alterTable('organisations').addColumn('corporate_number', 'text').execute();
  await db.schema.alterTable('organisations').addColumn('code', 'text').execute();
  await db.schema.alterTable('organisations').addColumn('name_kana', 'text').execute();
  await db.schema
    .alterTable('organisations')
    .addColumn('registry_id', 'text', (c) => c.references('organisations.id'))
    .execute();
  await db.schema
    .createIndex('organisations_verification')
    .on('organisations')
    .columns(['verification_status', 'verification_requested_at'])
    .execute();
  await db.schema.createIndex('organisations_representative').on('organisations').column('representative_id').execute();
  await db.schema.createIndex('organisations_parent').on('organisations').column('parent_id').execute();
  await db.schema.createIndex('organisations_kind_ward').on('organisations').columns(['kind', 'ward_id']).execute();
  await db.schema.createIndex('organisations_code').on('organisations').column('code').unique().execute();

  await db.updateTable('organisations').set({ kind: 'npo' }).where('type', '=', 'npo').execute();
  await db.updateTable('organisations').set({ kind: 'company' }).where('type', '=', 'business').execute();

  await db.schema.alterTable('organisation_members').addColumn('term_starts_on', 'text').execute();
  await db.schema.alterTable('organisation_members').addColumn('term_ends_on', 'text').execute();

  await db.schema
    .createTable('district_areas')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('ward_id', 'text', (c) => c.notNull().references('wards.id'))
    // 町丁目 as the city writes it (中央一丁目); the lookup folds digits and kanji numerals on both sides.
    .addColumn('town', 'text', (c) => c.notNull())
    .addColumn('school_district_id', 'text', (c) => c.notNull().references('school_districts.id').onDelete('cascade'))
    .addColumn('postcode', 'text')
    .execute();
  await db.schema.createIndex('district_areas_ward_town').on('district_areas').columns(['ward_id', 'town']).unique().execute();
  await db.schema.createIndex('district_areas_district').on('district_areas').column('school_district_id').execute();
}

async function rebuildWithNullableRepresentative(db: Kysely<any>): Promise<void> {
  await sql`pragma foreign_keys = off`.execute(db);
  try {
    await db.schema
      .createTable('organisations_rebuilt')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('type', 'text', (c) => c.notNull())
      .addColumn('member_count', 'integer', (c) => c.notNull())
      .addColumn('representative_id', 'text', (c) => c.references('users.id'))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('verification_status', 'text', (c) => c.notNull().defaultTo('none'))
      .addColumn('verified_type', 'text')
      .addColumn('verified_at', 'text')
      .addColumn('verified_by', 'text', (c) => c.references('users.id'))
      .addColumn('verification_note', 'text')
      .addColumn('verification_requested_at', 'text')
      .execute();
    await db
      .insertInto('organisations_rebuilt')
      .columns([...ORGANISATION_COLUMNS])
      .expression(db.selectFrom('organisations').select([...ORGANISATION_COLUMNS]))
      .execute();
    await db.schema.dropTable('organisations').execute();
    await db.schema.alterTable('organisations_rebuilt').renameTo('organisations').execute();
    const broken = await sql<{ table: string }>`pragma foreign_key_check`.execute(db);
    if (broken.rows.length > 0) throw new Error(`organisations rebuild broke ${broken.rows.length} foreign keys`);
  } finally {
    await sql`pragma foreign_keys = on`.execute(db);
  }
}

export async function down(): Promise<void> {
  // The registry holds rows the booking groups cannot (departments, 班, entries without a representative)
  // and SQLite cannot drop the new foreign-key columns: going back means restoring the backup taken before.
  throw new Error('2026-12-03-13-organisations cannot be reverted; restore the database backup taken before upgrading');
}
