/**
 * Insights aggregates: per month, the open and booked cells of the city, each ward and each facility (in
 * total, by band and by weekday) and of each room (also rolled up by year, for long trends), and who
 * booked (bookings, attendees and distinct bookers per dimension, for the same scopes). A month is used from here only while it is built and not marked changed;
 * every write that can change a month's figures marks it in insights_dirty, in the writer's transaction.
 * Frozen once shipped. Portable SQL only (no triggers: the marks are made by the application).
 *
 * No foreign keys to rooms or facilities: the figures of a month stay readable after a re-import
 * replaced the rooms, and such a re-import marks every month changed anyway.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('insights_months')
    .addColumn('month', 'text', (c) => c.primaryKey())
    .addColumn('built_at', 'text', (c) => c.notNull())
    // Goes up by one at every build: a year's roll-up is current while its months' versions are unchanged.
    .addColumn('version', 'integer', (c) => c.notNull())
    .execute();

  // Marks of months whose figures changed since they were built: one row per change, never an update of
  // a shared row, so writers do not wait for each other and a build can take exactly the marks it saw.
  await db.schema
    .createTable('insights_dirty')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('month', 'text', (c) => c.notNull())
    // The build that took the mark; it deletes its own marks when it stores the month.
    .addColumn('claimed_by', 'text')
    .execute();
  await db.schema.createIndex('insights_dirty_month').on('insights_dirty').columns(['month', 'claimed_by']).execute();

  // Open and booked cells of a scope ('city', 'w:<ward id>', 'f:<facility id>') in a month: in total
  // (dim 'all', key ''), by band (key: band code) and by weekday (key: ISO weekday 1–7).
  await db.schema
    .createTable('insights_cells')
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('month', 'text', (c) => c.notNull())
    .addColumn('dim', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('open_cells', 'integer', (c) => c.notNull())
    .addColumn('booked_cells', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('insights_cells_pk', ['scope', 'month', 'dim', 'key'])
    .execute();

  // Open and booked cells of each room, for a month ('YYYY-MM') or, rolled up, a whole year ('YYYY').
  await db.schema
    .createTable('insights_room_cells')
    .addColumn('period', 'text', (c) => c.notNull())
    .addColumn('room_id', 'text', (c) => c.notNull())
    .addColumn('facility_id', 'text', (c) => c.notNull())
    .addColumn('open_cells', 'integer', (c) => c.notNull())
    .addColumn('booked_cells', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('insights_room_cells_pk', ['period', 'room_id'])
    .execute();

  // A year rolled up from its twelve months, and the sum of their versions when it was.
  await db.schema
    .createTable('insights_years')
    .addColumn('year', 'text', (c) => c.primaryKey())
    .addColumn('months_version', 'integer', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('insights_usage')
    .addColumn('month', 'text', (c) => c.notNull())
    // 'city', 'w:<ward id>' or 'f:<facility id>'.
    .addColumn('scope', 'text', (c) => c.notNull())
    // age, bookerType, category or channel.
    .addColumn('dim', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('bookings', 'integer', (c) => c.notNull())
    .addColumn('attendees', 'integer', (c) => c.notNull())
    // Distinct bookers in this month: across months only a lower bound of the distinct count (the max).
    .addColumn('bookers', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('insights_usage_pk', ['scope', 'month', 'dim', 'key'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['insights_usage', 'insights_years', 'insights_room_cells', 'insights_cells', 'insights_dirty', 'insights_months'])
    await db.schema.dropTable(table).execute();
}
