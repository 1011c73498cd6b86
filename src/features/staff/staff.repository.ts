/**
 * The back office's reads and writes: a facility's day and week (bookings with their bookers, the cells'
 * holders), the facilities in a staff member's reach, the resident search, closures with the bookings
 * they affect, the audit log and room fees. Writes take a transaction.
 */
import { type Insertable, sql } from 'kysely';
import type { Db, Dialect, Trx } from '../../db/database.ts';
import { likeContains } from '../../db/like.ts';
import type { ClosureTable } from '../../db/schema.ts';
import { kanaFolded } from '../../db/text-fold.ts';
import type { LocalDate } from '../../lib/time.ts';
import type { FacilityReach } from '../../platform/authz/policy.ts';
import { reservationsWithBooker } from '../booking/booking.repository.ts';

/** A facility's reservations of one day, every status, with the booker's contact details and group. */
export async function listReservationsOfDay(db: Db, facilityId: string, date: LocalDate) {
  return reservationsWithBooker(db)
    .leftJoin('organisations', 'organisations.id', 'reservations.group_id')
    .selectAll('reservations')
    .select([
      'users.name_kana as booker_kana',
      'users.phone as booker_phone',
      'users.email as booker_email',
      'users.number as booker_number',
      'organisations.name as group_name',
    ])
    .where('rooms.facility_id', '=', facilityId)
    .where('reservations.date', '=', date)
    .orderBy('reservations.room_id')
    .orderBy('reservations.created_at')
    .execute();
}

/**
 * Who holds each booked cell of the rooms in a date range: the reservation, and its booker's name (null:
 * booked at the counter for someone without an account).
 */
export async function listCellHolders(db: Db, roomIds: readonly string[], from: LocalDate, to: LocalDate) {
  return reservationsWithBooker(db)
    .innerJoin('reservation_cells', 'reservation_cells.reservation_id', 'reservations.id')
    .select(['reservation_cells.room_id', 'reservation_cells.date', 'reservation_cells.band', 'reservation_cells.reservation_id'])
    .where('reservation_cells.room_id', 'in', [...roomIds, '']) // '' keeps the list non-empty for a facility without rooms
    .where('reservation_cells.date', '>=', from)
    .where('reservation_cells.date', '<=', to)
    .execute();
}

/** Live bookings of a facility (or one room) in a date range, with the booker's contact details. */
export async function listAffectedBookings(db: Db, facilityId: string, roomId: string | null, from: LocalDate, to: LocalDate) {
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
export async function findUserContact(db: Db, userId: string) {
  return db.selectFrom('users').select(['name', 'email']).where('id', '=', userId).executeTakeFirst();
}

/** The facilities a reach covers, by ward, centres before halls, then by フリガナ. */
export async function listFacilitiesInReach(db: Db, reach: FacilityReach) {
  return db
    .selectFrom('facilities')
    .select(['id', 'name', 'ward_id', 'kind'])
    .$if(!reach.city, (q) =>
      q.where((eb) =>
        eb.or([
          eb('ward_id', 'in', reach.city ? [] : [...reach.wardIds, '']),
          eb('id', 'in', reach.city ? [] : [...reach.facilityIds, '']),
        ]),
      ),
    )
    .orderBy('ward_id')
    .orderBy('kind', 'desc')
    .orderBy('name_kana')
    .execute();
}

/** What a resident search matches on: the 利用者番号, digits within the phone number, or a folded name key. */
export type ResidentKey = { by: 'number'; number: string } | { by: 'phone'; digits: string } | { by: 'name'; key: string };

/**
 * Up to `limit` residents (accounts with no staff role, not deleted) matching the key, by folded フリガナ.
 * Names compare folded on both sides (kanaFolded), and the key is matched literally (likeContains).
 */
export async function searchResidents(db: Db, dialect: Dialect, key: ResidentKey, limit: number) {
  const base = db
    .selectFrom('users')
    .select(['id', 'number', 'name', 'name_kana', 'phone'])
    // Residents are who holds no staff role (users.role is the pre-assignment column, no longer kept up).
    .where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom('role_assignments').select('role_assignments.id').whereRef('role_assignments.user_id', '=', 'users.id'))),
    )
    .where('deleted_at', 'is', null) // a deleted account is nobody to book for
    .limit(limit);
  const byKana = kanaFolded(dialect, 'name_kana');
  if (key.by === 'number') return base.where('number', '=', key.number).execute();
  if (key.by === 'phone') return base.where(likeContains(sql<string>`replace(phone, '-', '')`, key.digits)).orderBy(byKana).execute();
  return base
    .where((eb) => eb.or([likeContains(byKana, key.key), likeContains(kanaFolded(dialect, 'name'), key.key)]))
    .orderBy(byKana)
    .execute();
}

/** How many no-shows each of the users has, by user id (a user without one is left out). */
export async function countNoShows(db: Db, userIds: readonly string[]): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  if (userIds.length === 0) return counts;
  const rows = await db
    .selectFrom('reservations')
    .select(['user_id', (eb) => eb.fn.countAll<string | number>().as('n')])
    .where('user_id', 'in', [...userIds])
    .where('status', '=', 'no_show')
    .groupBy('user_id')
    .execute();
  for (const r of rows) if (r.user_id) counts.set(r.user_id, Number(r.n));
  return counts;
}

/** The latest audit entries, newest first, with the actor's name; only one action's unless `action` is empty. */
export async function listAuditEntries(db: Db, action: string, limit: number) {
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

export async function listRoomFees(db: Db, roomIds: readonly string[]) {
  return db
    .selectFrom('room_fees')
    .selectAll()
    .where('room_id', 'in', [...roomIds, ''])
    .execute();
}

export async function findRoomFacilityId(db: Db, roomId: string): Promise<string> {
  const room = await db.selectFrom('rooms').select('facility_id').where('id', '=', roomId).executeTakeFirstOrThrow();
  return room.facility_id;
}
