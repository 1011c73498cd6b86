/** Reservation reads and writes. Writes take a transaction: a reservation and its cells go together. */
import type { Insertable } from 'kysely';
import type { Db, Trx } from '../../db/database.ts';
import type { ReservationTable } from '../../db/schema.ts';
import type { LocalDate } from '../../lib/time.ts';
import { markMonthsChanged } from '../../platform/marks/marks.ts';

/** Inserts the reservation, its cells (one statement) and its month's mark; answers the row as stored. */
export async function insertReservation(trx: Trx, row: Insertable<ReservationTable>, bands: readonly string[]) {
  // RETURNING gives the stored row (defaults included) without reading it again after commit.
  const saved = await trx.insertInto('reservations').values(row).returningAll().executeTakeFirstOrThrow();
  // The primary key (room_id, date, band) refuses a cell that a live reservation already holds.
  await trx
    .insertInto('reservation_cells')
    .values(bands.map((band) => ({ room_id: row.room_id, date: row.date, band, reservation_id: row.id })))
    .execute();
  await markMonthsChanged(trx, [row.date]);
  return saved;
}

// The catalogue a booking's rules need, each keyed by the room alone so that all run at once
// (booking-rules.ts). The availability grid reads the same tables its own way.

/** The room's facility with its opening hours: one row per weekday with hours (or one without). */
export async function listFacilityWithHoursOfRoom(db: Db, roomId: string) {
  return db
    .selectFrom('rooms')
    .innerJoin('facilities', 'facilities.id', 'rooms.facility_id')
    .leftJoin('facility_hours', 'facility_hours.facility_id', 'facilities.id')
    .selectAll('facilities')
    .select(['facility_hours.weekday', 'facility_hours.opens', 'facility_hours.closes'])
    .where('rooms.id', '=', roomId)
    .execute();
}

/** The bands of the room's scheme in order, each with the room's base fee for it (null: none set). */
export async function listBandsWithFeesOfRoom(db: Db, roomId: string) {
  return db
    .selectFrom('rooms')
    .innerJoin('bands', 'bands.scheme_id', 'rooms.band_scheme_id')
    .leftJoin('room_fees', (join) => join.onRef('room_fees.room_id', '=', 'rooms.id').onRef('room_fees.band', '=', 'bands.code'))
    .selectAll('bands')
    .select('room_fees.amount')
    .where('rooms.id', '=', roomId)
    .orderBy('bands.sort_order')
    .execute();
}

/** Closures of the room's facility (whole facility or this or another room) overlapping the dates. */
export async function listClosuresOfRoomFacility(db: Db, roomId: string, from: LocalDate, to: LocalDate) {
  return db
    .selectFrom('closures')
    .innerJoin('rooms', 'rooms.facility_id', 'closures.facility_id')
    .selectAll('closures')
    .where('rooms.id', '=', roomId)
    .where('closures.starts_on', '<=', to)
    .where('closures.ends_on', '>=', from)
    .execute();
}

/** The bands of the room already held on the date (any live reservation's cells). */
export async function listTakenBands(db: Db, roomId: string, date: LocalDate): Promise<string[]> {
  const rows = await db.selectFrom('reservation_cells').select('band').where('room_id', '=', roomId).where('date', '=', date).execute();
  return rows.map((r) => r.band);
}

/**
 * Reservations with their room, its facility and the booker's account, selecting the booker's name as
 * `booker_name`: the one join behind every read that names or contacts the booker. Each caller adds its
 * own columns, conditions and order (and joins: a group, the cells). The booker is a left join, as a
 * booking entered at the counter for someone without an account has none (its booker columns are null);
 * the room and facility are inner joins that drop no row (both foreign keys are NOT NULL). A read driven
 * from another table keeps its own join: the lottery's unconfirmed wins (lottery.draw.repository.ts) start
 * from the month's entries; built on this one, SQLite (which keeps no statistics here) reads every won
 * reservation first and searches the month's entries for each.
 */
export function reservationsWithBooker(db: Db) {
  return db
    .selectFrom('reservations')
    .innerJoin('rooms', 'rooms.id', 'reservations.room_id')
    .innerJoin('facilities', 'facilities.id', 'rooms.facility_id')
    .leftJoin('users', 'users.id', 'reservations.user_id')
    .select('users.name as booker_name');
}

/**
 * Up to `limit` provisional bookings still unpaid past their due date (before `today`), with what the
 * cancellation's audit and mail name: the facility, the room and the booker.
 */
export async function listOverdueProvisional(db: Db, today: LocalDate, limit: number) {
  return reservationsWithBooker(db)
    .select([
      'reservations.id',
      'reservations.number',
      'reservations.date',
      'reservations.payment_due_on',
      'reservations.user_id',
      'facilities.id as facility_id',
      'facilities.name as facility_name',
      'facilities.name_en as facility_name_en',
      'facilities.phone as facility_phone',
      'rooms.name as room_name',
      'rooms.name_en as room_name_en',
    ])
    .where('reservations.status', '=', 'provisional')
    .where('reservations.paid_at', 'is', null)
    .where('reservations.payment_due_on', '<', today)
    .limit(limit)
    .execute();
}

export async function findReservation(db: Db, id: string) {
  return db.selectFrom('reservations').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findByIdempotencyKey(db: Db, userId: string, key: string) {
  return db.selectFrom('reservations').selectAll().where('user_id', '=', userId).where('idempotency_key', '=', key).executeTakeFirst();
}

/** Reservations the user booked or that belong to one of the user's groups. */
export async function listVisibleTo(db: Db, userId: string, groupIds: readonly string[]) {
  return db
    .selectFrom('reservations')
    .selectAll()
    .where((eb) => (groupIds.length > 0 ? eb.or([eb('user_id', '=', userId), eb('group_id', 'in', groupIds)]) : eb('user_id', '=', userId)))
    .orderBy('date', 'desc')
    .orderBy('created_at', 'desc')
    .limit(500)
    .execute();
}

/** The person's own live reservations (not a group's) from `from` on, oldest first. */
export async function listUpcomingOwn(db: Db, userId: string, from: LocalDate) {
  return db
    .selectFrom('reservations')
    .select(['id', 'user_id', 'group_id'])
    .where('user_id', '=', userId)
    .where('group_id', 'is', null)
    .where('date', '>=', from)
    .where('status', 'in', ['won', 'provisional', 'confirmed'])
    .orderBy('date')
    .orderBy('id')
    .execute();
}

/**
 * Bands the booker (user, or group when booking for one) holds in live reservations in a date range.
 * Driven from reservations by the (user_id, date) / (group_id, date) indexes, so the cost follows the
 * booker's own bookings, not everyone's.
 */
export async function countLiveBands(
  db: Db,
  owner: { userId: string; groupId: string | null },
  from: LocalDate,
  to: LocalDate,
): Promise<number> {
  let q = db
    .selectFrom('reservations')
    .innerJoin('reservation_cells', 'reservation_cells.reservation_id', 'reservations.id')
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .where('reservations.date', '>=', from)
    .where('reservations.date', '<=', to)
    .where('reservations.status', 'in', ['won', 'provisional', 'confirmed']); // a lottery win counts once held
  q = owner.groupId ? q.where('reservations.group_id', '=', owner.groupId) : q.where('reservations.user_id', '=', owner.userId);
  const rows = await q.execute();
  return Number(rows[0]?.n ?? 0);
}

/**
 * Cancels a reservation and frees its cells, marking its month changed for insights; false if it was not
 * in one of `statuses` any more (already cancelled, or raced). Jobs narrow it: a lapsed lottery win is
 * only a 'won' one, an unpaid 仮予約 only one still unpaid past `unpaidDueBefore`.
 */
export async function cancelReservation(
  trx: Trx,
  id: string,
  at: string,
  only: { statuses?: readonly string[]; unpaidDueBefore?: LocalDate } = {},
): Promise<boolean> {
  let update = trx
    .updateTable('reservations')
    .set({ status: 'cancelled', cancelled_at: at, updated_at: at })
    .where('id', '=', id)
    .where('status', 'in', only.statuses ?? ['won', 'provisional', 'confirmed']);
  if (only.unpaidDueBefore) update = update.where('paid_at', 'is', null).where('payment_due_on', '<', only.unpaidDueBefore);
  const result = await update.executeTakeFirst();
  if (Number(result.numUpdatedRows) !== 1) return false;
  const freed = await trx.deleteFrom('reservation_cells').where('reservation_id', '=', id).returning('date').execute();
  await markMonthsChanged(
    trx,
    freed.map((c) => c.date),
  );
  return true;
}

export async function findMembership(db: Db, groupId: string, userId: string) {
  return db
    .selectFrom('organisation_members')
    .innerJoin('organisations', 'organisations.id', 'organisation_members.group_id')
    .select([
      'organisations.id',
      'organisations.name',
      'organisations.type',
      'organisations.verification_status',
      'organisations.verified_type',
      'organisation_members.role',
    ])
    .where('organisation_members.group_id', '=', groupId)
    .where('organisation_members.user_id', '=', userId)
    .executeTakeFirst();
}

export async function groupIdsOf(db: Db, userId: string): Promise<string[]> {
  return (await db.selectFrom('organisation_members').select('group_id').where('user_id', '=', userId).execute()).map((r) => r.group_id);
}

export async function groupRolesOf(db: Db, userId: string) {
  return db.selectFrom('organisation_members').select(['group_id', 'role']).where('user_id', '=', userId).execute();
}
