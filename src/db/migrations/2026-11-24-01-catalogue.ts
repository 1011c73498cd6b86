/**
 * The facility catalogue, calendars and the occupied-cell table. Frozen once shipped: change the schema
 * with a new migration. Portable SQL only (runs unchanged on SQLite and PostgreSQL).
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('wards')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('name_kana', 'text', (c) => c.notNull())
    .addColumn('name_en', 'text', (c) => c.notNull())
    .addColumn('sort_order', 'integer', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('band_schemes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('bands')
    .addColumn('scheme_id', 'text', (c) => c.notNull().references('band_schemes.id'))
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('label_en', 'text', (c) => c.notNull())
    .addColumn('starts_at', 'text', (c) => c.notNull())
    .addColumn('ends_at', 'text', (c) => c.notNull())
    .addColumn('sort_order', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('bands_pk', ['scheme_id', 'code'])
    .addCheckConstraint('bands_time_order', sql`starts_at < ends_at`)
    .execute();

  await db.schema
    .createTable('facilities')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('ward_id', 'text', (c) => c.notNull().references('wards.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('name_kana', 'text', (c) => c.notNull())
    .addColumn('name_en', 'text')
    .addColumn('postcode', 'text')
    .addColumn('address', 'text', (c) => c.notNull())
    .addColumn('latitude', 'double precision')
    .addColumn('longitude', 'double precision')
    .addColumn('phone', 'text', (c) => c.notNull())
    .addColumn('url', 'text')
    .addColumn('access', 'text')
    .addColumn('accessibility', 'text')
    .addColumn('notes', 'text')
    .addColumn('open_on_holidays', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('is_demo', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('source_no', 'text', (c) => c.unique())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('facilities_ward_kind').on('facilities').columns(['ward_id', 'kind']).execute();

  await db.schema
    .createTable('facility_hours')
    .addColumn('facility_id', 'text', (c) => c.notNull().references('facilities.id').onDelete('cascade'))
    .addColumn('weekday', 'integer', (c) => c.notNull())
    .addColumn('opens', 'text', (c) => c.notNull())
    .addColumn('closes', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('facility_hours_pk', ['facility_id', 'weekday'])
    .execute();

  await db.schema
    .createTable('rooms')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('facility_id', 'text', (c) => c.notNull().references('facilities.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('name_en', 'text')
    .addColumn('room_type', 'text', (c) => c.notNull())
    .addColumn('capacity', 'integer', (c) => c.notNull())
    .addColumn('area_m2', 'double precision')
    .addColumn('band_scheme_id', 'text', (c) => c.notNull().references('band_schemes.id'))
    .addColumn('accessibility', 'text')
    .addColumn('notes', 'text')
    .addColumn('sort_order', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('rooms_facility').on('rooms').columns(['facility_id', 'sort_order']).execute();
  await db.schema.createIndex('rooms_type_capacity').on('rooms').columns(['room_type', 'capacity']).execute();

  await db.schema
    .createTable('room_equipment')
    .addColumn('room_id', 'text', (c) => c.notNull().references('rooms.id').onDelete('cascade'))
    .addColumn('code', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('room_equipment_pk', ['room_id', 'code'])
    .execute();
  await db.schema.createIndex('room_equipment_code').on('room_equipment').columns(['code', 'room_id']).execute();

  await db.schema
    .createTable('closures')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('facility_id', 'text', (c) => c.notNull().references('facilities.id').onDelete('cascade'))
    .addColumn('room_id', 'text', (c) => c.references('rooms.id').onDelete('cascade'))
    .addColumn('starts_on', 'text', (c) => c.notNull())
    .addColumn('ends_on', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('closures_facility_dates').on('closures').columns(['facility_id', 'ends_on']).execute();

  await db.schema
    .createTable('reservations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('number', 'text', (c) => c.notNull().unique())
    .addColumn('room_id', 'text', (c) => c.notNull().references('rooms.id'))
    .addColumn('date', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('attendees', 'integer', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('reservations_room_date').on('reservations').columns(['room_id', 'date']).execute();

  await db.schema
    .createTable('reservation_cells')
    .addColumn('room_id', 'text', (c) => c.notNull().references('rooms.id'))
    .addColumn('date', 'text', (c) => c.notNull())
    .addColumn('band', 'text', (c) => c.notNull())
    .addColumn('reservation_id', 'text', (c) => c.notNull().references('reservations.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('reservation_cells_pk', ['room_id', 'date', 'band'])
    .execute();
  await db.schema.createIndex('reservation_cells_date_band').on('reservation_cells').columns(['date', 'band']).execute();
  await db.schema.createIndex('reservation_cells_reservation').on('reservation_cells').column('reservation_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'reservation_cells',
    'reservations',
    'closures',
    'room_equipment',
    'rooms',
    'facility_hours',
    'facilities',
    'bands',
    'band_schemes',
    'wards',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
