/**
 * Writes and reads of changing an appointment and of the reminder job: the move itself (new items and seats in place of the old, in the caller's
 * transaction: the seats' primary key refuses a seat already held and the whole move fails), and the
 * appointments due a reminder.
 */
import type { Insertable } from 'kysely';
import type { Db, Trx } from '../../db/database.ts';
import type { AppointmentItemTable, AppointmentSeatTable } from '../../db/schema-appointment.ts';
import type { LocalDate, LocalTime } from '../../lib/time.ts';

export interface Move {
  id: string;
  /** Where it was when read: the move happens only if it is still booked there (nobody moved or cancelled it meanwhile). */
  from: { date: LocalDate; starts: LocalTime };
  date: LocalDate;
  starts: LocalTime;
  changeKey: string | null;
  at: string;
}

/**
 * Moves a booked appointment: its old seats and items are deleted and the new ones inserted, in the
 * caller's transaction. False (nothing written) when it is no longer booked where it was read. A seat
 * held by someone else throws the key violation: the caller's transaction rolls back, the old seats stay.
 * The reminder is due again for the new day (reminded_at cleared).
 */
export async function moveAppointment(
  trx: Trx,
  move: Move,
  items: readonly Insertable<AppointmentItemTable>[],
  seats: readonly Insertable<AppointmentSeatTable>[],
): Promise<boolean> {
  const result = await trx
    .updateTable('appointments')
    .set({ date: move.date, starts: move.starts, change_key: move.changeKey, changed_at: move.at, reminded_at: null })
    .where('id', '=', move.id)
    .where('status', '=', 'booked')
    .where('date', '=', move.from.date)
    .where('starts', '=', move.from.starts)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) !== 1) return false;
  await trx.deleteFrom('appointment_seats').where('appointment_id', '=', move.id).execute();
  await trx.deleteFrom('appointment_items').where('appointment_id', '=', move.id).execute();
  await trx
    .insertInto('appointment_items')
    .values([...items])
    .execute();
  await trx
    .insertInto('appointment_seats')
    .values([...seats])
    .execute();
  return true;
}

/** Booked appointments on `date` not reminded yet, oldest booking first. */
export async function listDueReminders(db: Db, date: LocalDate, limit: number) {
  return db
    .selectFrom('appointments')
    .selectAll()
    .where('status', '=', 'booked')
    .where('date', '=', date)
    .where('reminded_at', 'is', null)
    .orderBy('created_at')
    .orderBy('id')
    .limit(limit)
    .execute();
}

/**
 * Claims the reminder of one appointment: marks it sent with the hash of the reminder link's secret, if it
 * is still booked on `date` and not reminded. Only one claimant (one job run, one process) wins.
 */
export async function claimReminder(trx: Trx, id: string, date: LocalDate, at: string, secretHash: string): Promise<boolean> {
  const result = await trx
    .updateTable('appointments')
    .set({ reminded_at: at, reminder_secret_hash: secretHash })
    .where('id', '=', id)
    .where('status', '=', 'booked')
    .where('date', '=', date)
    .where('reminded_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** An office's appointments on a day (every status), in time order: the staff's look-up filters them. */
export async function listOfficeDay(db: Db, officeId: string, date: LocalDate) {
  return db
    .selectFrom('appointments')
    .selectAll()
    .where('office_id', '=', officeId)
    .where('date', '=', date)
    .orderBy('starts')
    .orderBy('number')
    .limit(5000)
    .execute();
}
