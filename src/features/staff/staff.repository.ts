/** Back-office reads the desk and office pages need beyond the services': week holders, audit log, room fees. */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { LocalDate } from '../../lib/time.ts';

type Executor = Kysely<Database>;

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
