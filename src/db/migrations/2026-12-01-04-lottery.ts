/**
 * Lottery (抽選): rooms allocated by lottery before first-come, one row per lottery month with its seed
 * (only the seed's SHA-256 is shown until the draw), entries and their ranked wishes with the outcome.
 * Frozen once shipped. Portable SQL only. Also an index of reservations by date, for insights.
 *
 * One entry per booker per month is a unique index on (month, booker_key), where the booker key is the
 * group for a group's entry and the person otherwise: two members of a group racing to enter for it
 * cannot both succeed. Winners' cells are held by ordinary reservations (status 'won'), so the primary
 * key of reservation_cells keeps guarding against double booking.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('rooms')
    .addColumn('allocation', 'text', (c) => c.notNull().defaultTo('first_come'))
    .execute();

  await db.schema
    .createTable('lottery_months')
    .addColumn('month', 'text', (c) => c.primaryKey())
    .addColumn('seed', 'text', (c) => c.notNull())
    .addColumn('seed_hash', 'text', (c) => c.notNull())
    // The calendar and limits announced with the month: later changes to the settings apply to later months.
    .addColumn('rules', 'text', (c) => c.notNull())
    // Salts the pseudonyms of bookers in the export; never published.
    .addColumn('pseudonym_salt', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('open'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('drawn_at', 'text')
    // The draw's inputs besides the entries (caps, cells already taken or closed), for the export.
    .addColumn('draw_input', 'text')
    .execute();

  await db.schema
    .createTable('lottery_entries')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('month', 'text', (c) => c.notNull())
    .addColumn('booker_key', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('group_id', 'text', (c) => c.references('groups.id'))
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('attendees', 'integer', (c) => c.notNull())
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('commercial', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('admission', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('confirmed_at', 'text')
    .execute();
  await db.schema.createIndex('lottery_entries_month_booker').on('lottery_entries').columns(['month', 'booker_key']).unique().execute();
  await db.schema.createIndex('lottery_entries_user').on('lottery_entries').column('user_id').execute();
  await db.schema.createIndex('lottery_entries_group').on('lottery_entries').column('group_id').execute();

  await db.schema
    .createTable('lottery_wishes')
    .addColumn('entry_id', 'text', (c) => c.notNull().references('lottery_entries.id').onDelete('cascade'))
    .addColumn('rank', 'integer', (c) => c.notNull())
    .addColumn('room_id', 'text', (c) => c.notNull().references('rooms.id'))
    .addColumn('date', 'text', (c) => c.notNull())
    .addColumn('bands', 'text', (c) => c.notNull())
    .addColumn('fee', 'integer', (c) => c.notNull())
    .addColumn('fee_detail', 'text', (c) => c.notNull())
    // null until the draw; then 'won', 'lost' or 'over_cap'.
    .addColumn('outcome', 'text')
    .addColumn('reservation_id', 'text', (c) => c.references('reservations.id'))
    .addPrimaryKeyConstraint('lottery_wishes_pk', ['entry_id', 'rank'])
    .execute();
  await db.schema.createIndex('lottery_wishes_room_date').on('lottery_wishes').columns(['room_id', 'date']).execute();

  // Insights read bookings of a date range across the whole city (who uses the rooms, 多目的): by date,
  // not by room, so their cost follows the range and not ten years of history.
  await db.schema.createIndex('reservations_date_status').on('reservations').columns(['date', 'status']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('reservations_date_status').execute();
  await db.schema.dropTable('lottery_wishes').execute();
  await db.schema.dropTable('lottery_entries').execute();
  await db.schema.dropTable('lottery_months').execute();
  await db.schema.alterTable('rooms').dropColumn('allocation').execute();
}
