/**
 * The office staff's look-up and cancel of counter appointments, for a caller on the phone or at the
 * desk: find by 予約番号 (any day) or by phone or name on a day, see one, and cancel it on the caller's
 * behalf — the operator and reason in the audit log, the resident told (cancelBooked). Only the counter
 * clerks of that office and admins (canWorkCounter): a resident, or another office's clerk, is refused;
 * an appointment of another office is not found through this office.
 */
import type { Db } from '../../db/database.ts';
import { ConflictError, NotFoundError } from '../../lib/errors.ts';
import { kanaFoldKey } from '../../lib/normalize.ts';
import { type Clock, type LocalDate, todayIn } from '../../lib/time.ts';
import type { User } from '../../platform/authz/actor.ts';
import { requireCounterWork } from '../../platform/authz/policy.ts';
import { listOfficeDay } from './appointment.change.repository.ts';
import * as repo from './appointment.repository.ts';
import { parseAppointmentNumber } from './appointment.schema.ts';
import { type AppointmentView, appointmentView, cancelBooked } from './appointment.service.ts';
import { toAppointment } from './appointment.ts';

/** Nothing that a caller's name or number could be is left out of the comparison but spacing and case. */
const fold = (value: string) => kanaFoldKey(value).toLowerCase();
const digitsOf = (value: string) => value.normalize('NFKC').replace(/[^0-9]/g, '');

/**
 * The appointments a query finds: an 8-digit 予約番号 at this office on any day; else, on `date`, those
 * whose phone has the typed digits (4 or more) or whose name or フリガナ contains the text; an empty query
 * lists the day.
 */
export async function findAppointmentsForStaff(
  db: Db,
  actor: User | undefined,
  officeId: string,
  query: { date: LocalDate; q: string },
): Promise<AppointmentView[]> {
  requireCounterWork(actor, officeId);
  const q = query.q.trim();
  const number = parseAppointmentNumber(q);
  if (number) {
    const row = await repo.findAppointmentByNumber(db, number);
    return row && row.office_id === officeId ? [await appointmentView(db, toAppointment(row))] : [];
  }
  const digits = digitsOf(q);
  const byPhone = digits.length >= 4 && digits.length === q.normalize('NFKC').replace(/[-\s()]/g, '').length;
  const key = fold(q);
  const rows = (await listOfficeDay(db, officeId, query.date)).filter((r) => {
    if (q === '') return true;
    if (byPhone) return digitsOf(r.phone ?? '').includes(digits);
    return fold(r.name).includes(key) || fold(r.name_kana).includes(key);
  });
  return Promise.all(rows.slice(0, 200).map((r) => appointmentView(db, toAppointment(r))));
}

async function officeAppointment(db: Db, actor: User | undefined, officeId: string, number: string) {
  requireCounterWork(actor, officeId);
  const row = await repo.findAppointmentByNumber(db, number);
  if (!row || row.office_id !== officeId) throw new NotFoundError('reservation');
  return row;
}

export async function getAppointmentForStaff(db: Db, actor: User | undefined, officeId: string, number: string): Promise<AppointmentView> {
  return appointmentView(db, toAppointment(await officeAppointment(db, actor, officeId, number)));
}

/**
 * Cancels for a caller: a booked appointment of today or later (also once its time has come today, e.g. a
 * caller who cannot come after all). A checked-in, done or past one is refused (409); an already
 * cancelled one is refused too, so the clerk is not told they cancelled what someone else did.
 */
export async function cancelAppointmentForCaller(
  db: Db,
  clock: Clock,
  actor: User | undefined,
  input: { officeId: string; number: string; reason: string },
): Promise<AppointmentView> {
  const row = await officeAppointment(db, actor, input.officeId, input.number);
  const operator = requireCounterWork(actor, input.officeId);
  if (row.status === 'cancelled') throw new ConflictError('errAlreadyCancelled');
  if (row.status !== 'booked' || row.date < todayIn(clock)) throw new ConflictError('errAppointmentNotCancellable');
  const { cancelled, view } = await cancelBooked(db, clock, row, { operatorId: operator.id, reason: input.reason });
  if (!cancelled) throw new ConflictError('errAppointmentNotCancellable');
  return view;
}
