/**
 * Counter appointments, the read side and cancelling: the catalogue (offices with counters and services,
 * life events), the free count per start of one service over a range of days, an appointment by its
 * 予約番号 and secret, and cancelling it (its seats are deleted, so they are free again). The booking
 * itself is appointment.booking.service.ts.
 */
import { timingSafeEqual } from 'node:crypto';
import type { Db } from '../../db/database.ts';
import { ConflictError, NotFoundError } from '../../lib/errors.ts';
import { type Clock, eachDate, type LocalDate, toTokyo } from '../../lib/time.ts';
import { sha256 } from '../../lib/tokens.ts';
import { checkRange } from '../availability/availability.service.ts';
import * as repo from './appointment.repository.ts';
import { type DayAnswer, seatKey, serviceDays, type TakenSeats } from './appointment.slots.ts';
import { type Appointment, type LifeEvent, type Office, toAppointment } from './appointment.ts';

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

/** The appointment of this number if `secret` is its secret; otherwise not found (nothing is revealed). */
async function findWithSecret(db: Db, number: string, secret: string) {
  const row = await repo.findAppointmentByNumber(db, number);
  if (!row) throw new NotFoundError('reservation');
  const given = Buffer.from(sha256(secret));
  const stored = Buffer.from(row.secret_hash);
  if (given.length !== stored.length || !timingSafeEqual(given, stored)) throw new NotFoundError('reservation');
  return row;
}

export async function getAppointment(db: Db, number: string, secret: string): Promise<AppointmentView> {
  return appointmentView(db, toAppointment(await findWithSecret(db, number, secret)));
}

/**
 * Cancels by 予約番号 and secret until the appointment's time: the status becomes cancelled and the seat
 * rows are deleted (the seats are free at once). Cancelling a cancelled appointment answers it again.
 */
export async function cancelAppointment(db: Db, clock: Clock, number: string, secret: string): Promise<AppointmentView> {
  const row = await findWithSecret(db, number, secret);
  if (row.status === 'cancelled') return appointmentView(db, toAppointment(row));
  const now = toTokyo(clock.now());
  const started = row.date < now.date || (row.date === now.date && row.starts <= now.time);
  if (row.status !== 'booked' || started) throw new ConflictError('errAppointmentNotCancellable');
  const at = clock.now().toISOString();
  const cancelled = await db.transaction().execute((trx) => repo.cancelAppointment(trx, row.id, at));
  const after = cancelled ? { ...row, status: 'cancelled', cancelled_at: at } : await repo.findAppointmentByNumber(db, number);
  if (!after) throw new NotFoundError('reservation');
  if (!cancelled && after.status !== 'cancelled') throw new ConflictError('errAppointmentNotCancellable');
  return appointmentView(db, toAppointment(after));
}
