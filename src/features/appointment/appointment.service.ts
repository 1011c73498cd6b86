/**
 * Counter appointments, the read side and cancelling: the catalogue (offices with counters and services,
 * life events), the free count per start of one service over a range of days, an appointment by its
 * 予約番号 and secret, and cancelling it (its seats are deleted, so they are free again; the resident is
 * told). The booking itself is appointment.booking.service.ts, a change appointment.change.service.ts.
 */
import { timingSafeEqual } from 'node:crypto';
import type { Selectable } from 'kysely';
import type { Db, Trx } from '../../db/database.ts';
import type { AppointmentTable } from '../../db/schema-appointment.ts';
import { ConflictError, NotFoundError } from '../../lib/errors.ts';
import { type Clock, eachDate, type LocalDate, toTokyo } from '../../lib/time.ts';
import { sha256 } from '../../lib/tokens.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import { type MessageTemplate, notify } from '../../platform/notify/notify.ts';
import { checkRange } from '../availability/availability.service.ts';
import type { PlacedItem } from './appointment.booking.ts';
import * as repo from './appointment.repository.ts';
import { type DayAnswer, seatKey, serviceDays, type TakenSeats } from './appointment.slots.ts';
import { type Appointment, type LifeEvent, type Office, toAppointment } from './appointment.ts';
import { appointmentCancelledMail } from './appointment-notices.mail.ts';

type AppointmentRow = Selectable<AppointmentTable>;

/** The longest range one slots request may cover. */
export const MAX_SLOT_DAYS = 31;

export async function listCatalogue(db: Db): Promise<{ offices: Office[]; lifeEvents: LifeEvent[] }> {
  const [offices, lifeEvents] = await Promise.all([repo.listOffices(db), repo.listLifeEvents(db)]);
  return { offices, lifeEvents };
}

/** Taken seats grouped by counter and date, for the slot functions. */
export function takenIndex(rows: readonly { counter_id: string; date: string; slot: string; seat: number }[]) {
  const index = new Map<string, Set<string>>();
  for (const r of rows) {
    const key = `${r.counter_id}|${r.date}`;
    let set = index.get(key);
    if (!set) {
      set = new Set();
      index.set(key, set);
    }
    set.add(seatKey(r.slot, Number(r.seat)));
  }
  const none: TakenSeats = new Set();
  return (counterId: string, date: LocalDate): TakenSeats => index.get(`${counterId}|${date}`) ?? none;
}

export interface ServiceSlots {
  serviceId: string;
  counterId: string;
  durationMinutes: number;
  slotMinutes: number;
  days: DayAnswer[];
}

export async function serviceSlots(db: Db, clock: Clock, serviceId: string, from: LocalDate, to: LocalDate): Promise<ServiceSlots> {
  checkRange(from, to, MAX_SLOT_DAYS);
  const found = await repo.findService(db, serviceId);
  if (!found) throw new NotFoundError('page');
  const { service } = found;
  const [schedules, seats] = await Promise.all([
    repo.loadSchedules(db, [service.counterId], from, to),
    repo.listTakenSeats(db, [service.counterId], from, to),
  ]);
  const schedule = schedules.get(service.counterId);
  if (!schedule) throw new NotFoundError('page');
  const taken = takenIndex(seats);
  const days = serviceDays(schedule, service, eachDate(from, to), (date) => taken(service.counterId, date), toTokyo(clock.now()));
  return { serviceId, counterId: service.counterId, durationMinutes: service.durationMinutes, slotMinutes: schedule.slotMinutes, days };
}

export interface AppointmentItemView {
  position: number;
  serviceId: string;
  serviceName: string;
  serviceNameEn: string;
  counterId: string;
  counterName: string;
  counterNameEn: string;
  place: string;
  placeEn: string;
  date: LocalDate;
  starts: string;
  ends: string;
  documents: string[];
  documentsEn: string[];
}

export interface AppointmentView {
  appointment: Appointment;
  officeName: string;
  items: AppointmentItemView[];
}

/** The items of an appointment as placed, named from their services and counters (no read back). */
export function placedItemViews(services: readonly repo.ServiceWithCounter[], placed: readonly PlacedItem[]): AppointmentItemView[] {
  return placed.map((p) => {
    const { service, counter } = services[p.position - 1] as repo.ServiceWithCounter;
    return {
      position: p.position,
      serviceId: service.id,
      serviceName: service.name,
      serviceNameEn: service.nameEn,
      counterId: counter.id,
      counterName: counter.name,
      counterNameEn: counter.nameEn,
      place: counter.place,
      placeEn: counter.placeEn,
      date: p.date,
      starts: p.starts,
      ends: p.ends,
      documents: service.documents,
      documentsEn: service.documentsEn,
    };
  });
}

const lines = (text: string) =>
  text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '');

export async function appointmentView(db: Db, appointment: Appointment): Promise<AppointmentView> {
  const rows = await repo.listItemsWithNames(db, appointment.id);
  return {
    appointment,
    officeName: rows[0]?.office_name ?? '',
    items: rows.map((r) => ({
      position: Number(r.position),
      serviceId: r.service_id,
      serviceName: r.service_name,
      serviceNameEn: r.service_name_en,
      counterId: r.counter_id,
      counterName: r.counter_name,
      counterNameEn: r.counter_name_en,
      place: r.place,
      placeEn: r.place_en,
      date: r.date,
      starts: r.starts,
      ends: r.ends,
      documents: lines(r.documents),
      documentsEn: lines(r.documents_en),
    })),
  };
}

/** Whether `secret` is the one whose hash is stored (in constant time). */
function secretMatches(secret: string, hash: string | null): boolean {
  if (!hash) return false;
  const given = Buffer.from(sha256(secret));
  const stored = Buffer.from(hash);
  return given.length === stored.length && timingSafeEqual(given, stored);
}

/**
 * The appointment of this number if `secret` is its secret (the booking's, or the one its reminder mail
 * carried); otherwise not found (nothing is revealed).
 */
export async function findWithSecret(db: Db, number: string, secret: string) {
  const row = await repo.findAppointmentByNumber(db, number);
  if (!row) throw new NotFoundError('reservation');
  // Both compared, so the time taken does not tell which secret (if any) was close.
  const booking = secretMatches(secret, row.secret_hash);
  const reminder = secretMatches(secret, row.reminder_secret_hash);
  if (!booking && !reminder) throw new NotFoundError('reservation');
  return row;
}

export async function getAppointment(db: Db, number: string, secret: string): Promise<AppointmentView> {
  return appointmentView(db, toAppointment(await findWithSecret(db, number, secret)));
}

/** Whether the appointment's (first) time has come, in Tokyo. */
export function hasStarted(row: { date: string; starts: string }, clock: Clock): boolean {
  const now = toTokyo(clock.now());
  return row.date < now.date || (row.date === now.date && row.starts <= now.time);
}

/**
 * Queues a message to the appointment's resident in the caller's transaction: a person with an account
 * through notify's choice of channels (inbox, email, LINE as they chose); someone without an account at
 * the email address they booked with, in the language they booked in. A phone-only booking gets nothing
 * (staff call them): false.
 */
export async function tellResident(
  trx: Trx,
  clock: Clock,
  row: Pick<AppointmentRow, 'person_id' | 'email' | 'lang'>,
  kind: string,
  template: MessageTemplate,
): Promise<boolean> {
  if (row.person_id) return (await notify(trx, clock, { to: row.person_id, kind, template })) !== undefined;
  if (!row.email) return false;
  await notify(trx, clock, { to: { address: row.email }, kind, template, lang: row.lang === 'en' ? 'en' : 'ja' });
  return true;
}

/**
 * The one way a booked appointment is cancelled, by the resident's link or by staff for a caller: status
 * cancelled and the seats deleted (free at once), the message 「予約を取り消しました」, and for staff the
 * audit entry (operator, reason) — all in one transaction. Answers whether it was still booked (a
 * check-in or another cancel may have come first).
 */
export async function cancelBooked(
  db: Db,
  clock: Clock,
  row: AppointmentRow,
  by: { operatorId?: string; reason?: string } = {},
): Promise<{ cancelled: boolean; view: AppointmentView }> {
  const at = clock.now().toISOString();
  const before = await appointmentView(db, toAppointment(row));
  const after: AppointmentView = { ...before, appointment: { ...before.appointment, status: 'cancelled', cancelledAt: at } };
  const byStaff = by.operatorId !== undefined;
  const cancelled = await db.transaction().execute(async (trx) => {
    if (!(await repo.cancelAppointment(trx, row.id, at))) return false;
    await tellResident(trx, clock, row, 'appointment.cancelled', (lang) => appointmentCancelledMail(lang, after, byStaff));
    if (by.operatorId)
      await recordAudit(trx, clock.now(), {
        actorId: by.operatorId,
        action: 'appointment.cancel_for_caller',
        targetType: 'appointment',
        targetId: row.id,
        reason: by.reason ?? null,
        before: { status: row.status, number: row.number, date: row.date, starts: row.starts },
        after: { status: 'cancelled' },
      });
    return true;
  });
  return { cancelled, view: cancelled ? after : before };
}

/**
 * Cancels by 予約番号 and secret until the appointment's time (see cancelBooked). Cancelling a cancelled
 * appointment answers it again.
 */
export async function cancelAppointment(db: Db, clock: Clock, number: string, secret: string): Promise<AppointmentView> {
  const row = await findWithSecret(db, number, secret);
  if (row.status === 'cancelled') return appointmentView(db, toAppointment(row));
  if (row.status !== 'booked' || hasStarted(row, clock)) throw new ConflictError('errAppointmentNotCancellable');
  const { cancelled, view } = await cancelBooked(db, clock, row);
  if (cancelled) return view;
  const after = await repo.findAppointmentByNumber(db, number);
  if (!after) throw new NotFoundError('reservation');
  if (after.status !== 'cancelled') throw new ConflictError('errAppointmentNotCancellable');
  return appointmentView(db, toAppointment(after));
}
