/**
 * Back-office reads and writes the desk and office pages need beyond the services': week holders, closures
 * with the bookings they affect, audit log, room fees. Writes take a transaction.
 */
import type { Insertable, Kysely, Transaction } from 'kysely';
import type { ClosureTable, Database } from '../../db/schema.ts';
import type { LocalDate } from '../../lib/time.ts';
import { reservationsWithBooker } from '../booking/booking.repository.ts';

type Executor = Kysely<Database>;
type Trx = Transaction<Database>;

/** Who holds each booked cell of the rooms in a date range (name null: a walk-in without an account). */
export async function listCellHolders(db: Executor, roomIds: readonly string[], from: LocalDate, to: LocalDate) {
  return db
    .selectFrom('reservation_cells')
    .innerJoin('reservations', 'reservations.id', 'reservation_cells.reservation_id')
    .leftJoin('users', 'users.id', 'reservations.user_id')
    .select(['reservation_cells.room_id', 'reservation_cells.date', 'reservation_cells.band', 'users.name'])
    .where('reservation_cells.room_id', 'in', [...roomIds, '']) // '' keeps the list non-empty for a facility without rooms
    .where('reservation_cells.date', '>=', from)
    .where('reservation_cells.date', '<=', to)
    .execute();
}

/** Live bookings of a facility (or one room) in a date range, with the booker's contact details. */
export async function listAffectedBookings(db: Executor, facilityId: string, roomId: string | null, from: LocalDate, to: LocalDate) {
  return reservationsWithBooker(db)
    .select([
      'reservations.id',
      'reservations.number',
      'reservations.date',
      'reservations.bands',
      'reservations.purpose',
      'rooms.name as room_name',
      'users.phone as booker_phone',
      'users.email as booker_email',
    ])
    .where('rooms.facility_id', '=', facilityId)
    .where('reservations.date', '>=', from)
    .where('reservations.date', '<=', to)
    .where('reservations.status', 'in', ['won', 'provisional', 'confirmed'])
    .$if(Boolean(roomId), (q) => q.where('reservations.room_id', '=', roomId as string))
    .orderBy('reservations.date')
    .execute();
}

export async function insertClosure(trx: Trx, row: Insertable<ClosureTable>) {
  await trx.insertInto('closures').values(row).execute();
}

/** The name and address a message to the user is written to; undefined for an unknown id. */
export async function findUserContact(db: Executor, userId: string) {
  return db.selectFrom('users').select(['name', 'email']).where('id', '=', userId).executeTakeFirst();
}

/** The latest audit entries, newest first, with the actor's name; only one action's unless `action` is empty. */
export async function listAuditEntries(db: Executor, action: string, limit: number) {
  let q = db
    .selectFrom('audit_log')
    .leftJoin('users', 'users.id', 'audit_log.actor_id')
    .select([
      'audit_log.id',
      'audit_log.at',
      'users.name as actor_name',
      'audit_log.action',
      'audit_log.target_type',
      'audit_log.target_id',
      'audit_log.facility_id',
      'audit_log.reason',
      'audit_log.after_json',
    ])
    .orderBy('audit_log.at', 'desc')
    .limit(limit);
  if (action) q = q.where('audit_log.action', '=', action);
  return q.execute();
}

export async function listRoomFees(db: Executor, roomIds: readonly string[]) {
  return db
    .selectFrom('room_fees')
    .selectAll()
    .where('room_id', 'in', [...roomIds, ''])
    .execute();
}

export async function findRoomFacilityId(db: Executor, roomId: string): Promise<string> {
  const room = await db.selectFrom('rooms').select('facility_id').where('id', '=', roomId).executeTakeFirstOrThrow();
  return room.facility_id;
}
