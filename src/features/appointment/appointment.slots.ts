/**
 * Slot arithmetic of counter appointments, pure (no database, no clock: "now" is passed in), so every
 * rule is unit-tested on its own and the same code answers the slots API and checks a booking.
 *
 * - A day's plan: the week's periods of its weekday, unless an exception says otherwise (closed; open
 *   with its own hours — 休日開庁 —; fewer desks). 土日祝 and 年末年始 (12/29–1/3) are closed unless a day
 *   says open.
 * - A period is cut into slots of the counter's slot_minutes; a slot that would run past the period's
 *   end is not offered, and the gap between two periods (the lunch break) has none.
 * - A service takes ceil(duration / slot) consecutive slots of ONE desk inside one period: a start is
 *   free when some desk has every one of those slots free (seat rows are keyed (counter, date, slot, seat)).
 * - The booking window: from book_from_days before the day until book_until_days before it, in Tokyo.
 */
import { holidayOn } from '../../lib/holidays.ts';
import { addDays, daysBetween, isoWeekday, type LocalDate, type LocalTime, minutesOf } from '../../lib/time.ts';
import type { CounterSchedule, Period } from './appointment.ts';

export type ClosedReason = 'weekend' | 'holiday' | 'year_end' | 'closed_day' | 'no_hours';

export interface DayPlan {
  date: LocalDate;
  open: boolean;
  closedReason: ClosedReason | null;
  periods: Period[];
  desks: number;
  /** The exception's note (e.g. 「休日開庁」), else ''. */
  note: string;
}

/** 年末年始: 12/29 to 1/3. */
export function isYearEnd(date: LocalDate): boolean {
  const md = date.slice(5);
  return md >= '12-29' || md <= '01-03';
}

export function dayPlan(schedule: CounterSchedule, date: LocalDate): DayPlan {
  const exception = schedule.days.get(date);
  const closed = (closedReason: ClosedReason): DayPlan => ({
    date,
    open: false,
    closedReason,
    periods: [],
    desks: 0,
    note: exception?.note ?? '',
  });
  const weekday = isoWeekday(date) % 7; // 0 = Sunday, as appointment_hours.weekday
  const week = schedule.week.get(weekday) ?? [];
  if (exception?.status === 'closed') return closed('closed_day');
  if (exception?.status === 'open') {
    const periods = exception.opens && exception.closes ? [{ opens: exception.opens, closes: exception.closes }] : [...week];
    if (periods.length === 0) return closed('no_hours');
    return { date, open: true, closedReason: null, periods, desks: exception.desks ?? schedule.desks, note: exception.note };
  }
  if (isYearEnd(date)) return closed('year_end');
  if (weekday === 0 || weekday === 6) return closed('weekend');
  if (holidayOn(date)) return closed('holiday');
  if (week.length === 0) return closed('no_hours');
  const desks = exception?.status === 'desks' && exception.desks !== null ? exception.desks : schedule.desks;
  if (desks <= 0) return closed('closed_day');
  return {
    date,
    open: true,
    closedReason: null,
    // 'HH:MM' compares as text; localeCompare would ask ICU, per day of every slots answer.
    periods: [...week].sort((a, b) => (a.opens < b.opens ? -1 : a.opens > b.opens ? 1 : 0)),
    desks,
    note: exception?.note ?? '',
  };
}

export function timeOf(minutes: number): LocalTime {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/** The slots of a period: their start times, each slot_minutes long, all ending by the period's close. */
export function slotsOf(period: Period, slotMinutes: number): LocalTime[] {
  const out: LocalTime[] = [];
  const end = minutesOf(period.closes);
  for (let t = minutesOf(period.opens); t + slotMinutes <= end; t += slotMinutes) out.push(timeOf(t));
  return out;
}

export function slotsNeeded(durationMinutes: number, slotMinutes: number): number {
  return Math.max(1, Math.ceil(durationMinutes / slotMinutes));
}

export interface ServiceStart {
  starts: LocalTime;
  ends: LocalTime;
  /** The consecutive slots it takes, in order. */
  slots: LocalTime[];
}

/** Every start a service of this duration may have on the day: n consecutive slots inside one period. */
export function serviceStarts(plan: DayPlan, slotMinutes: number, durationMinutes: number): ServiceStart[] {
  const n = slotsNeeded(durationMinutes, slotMinutes);
  const out: ServiceStart[] = [];
  for (const period of plan.periods) {
    const slots = slotsOf(period, slotMinutes);
    for (let i = 0; i + n <= slots.length; i++) {
      const taken = slots.slice(i, i + n);
      const first = taken[0] as LocalTime;
      out.push({ starts: first, ends: timeOf(minutesOf(first) + n * slotMinutes), slots: taken });
    }
  }
  return out;
}

/** Taken seats of one counter on one date, as `slot|seat`. */
export type TakenSeats = ReadonlySet<string>;
export const seatKey = (slot: LocalTime, seat: number) => `${slot}|${seat}`;

/** The desks (1 … desks) that have every one of the slots free, in order. */
export function freeDesks(taken: TakenSeats, slots: readonly LocalTime[], desks: number): number[] {
  const out: number[] = [];
  for (let desk = 1; desk <= desks; desk++) if (slots.every((slot) => !taken.has(seatKey(slot, desk)))) out.push(desk);
  return out;
}

/** Free seats of one slot: the day's desks minus the seats taken among them. */
export function freeSeats(taken: TakenSeats, slot: LocalTime, desks: number): number {
  let free = 0;
  for (let desk = 1; desk <= desks; desk++) if (!taken.has(seatKey(slot, desk))) free++;
  return free;
}

export type WindowState =
  | { bookable: true }
  | { bookable: false; reason: 'not_yet'; opensOn: LocalDate }
  | { bookable: false; reason: 'closed' };

/**
 * Whether a start on `date` may be booked at `now` (Tokyo date and time): from book_from_days before the
 * day until book_until_days before it; on the day itself (book_until_days 0) only for a time still ahead.
 */
export function bookingWindow(
  service: { bookFromDays: number; bookUntilDays: number },
  date: LocalDate,
  starts: LocalTime | null,
  now: { date: LocalDate; time: LocalTime },
): WindowState {
  const before = daysBetween(now.date, date);
  if (before > service.bookFromDays) return { bookable: false, reason: 'not_yet', opensOn: addDays(date, -service.bookFromDays) };
  if (before < service.bookUntilDays || before < 0) return { bookable: false, reason: 'closed' };
  if (before === 0 && starts !== null && starts <= now.time) return { bookable: false, reason: 'closed' };
  return { bookable: true };
}

export interface SlotAnswer {
  starts: LocalTime;
  ends: LocalTime;
  /** Desks on which the whole service fits from this start. */
  free: number;
}

export interface DayAnswer {
  date: LocalDate;
  open: boolean;
  closedReason: ClosedReason | null;
  note: string;
  bookable: boolean;
  /** When the day is not bookable yet: the first day it is. */
  opensOn: LocalDate | null;
  desks: number;
  slots: SlotAnswer[];
}

/**
 * The day plans and starts of a schedule, remembered with it: a schedule is a value that is never
 * changed (the read model keeps one until the catalogue changes), and a month of slots asks for the same
 * 31 plans and starts on every answer — the slot and time arithmetic was most of the answer's cost.
 */
const startsBySchedule = new WeakMap<CounterSchedule, Map<string, { plan: DayPlan; starts: ServiceStart[] }>>();

function planAndStarts(schedule: CounterSchedule, date: LocalDate, durationMinutes: number) {
  let byDay = startsBySchedule.get(schedule);
  if (!byDay) {
    byDay = new Map();
    startsBySchedule.set(schedule, byDay);
  }
  const key = `${date}|${durationMinutes}`;
  let found = byDay.get(key);
  if (!found) {
    const plan = dayPlan(schedule, date);
    found = { plan, starts: serviceStarts(plan, schedule.slotMinutes, durationMinutes) };
    byDay.set(key, found);
  }
  return found;
}

/**
 * The free count per start of one service over a range of days. `takenOn` gives the taken seats of the
 * service's counter on a date. Starts that have passed (today) are left out; a day outside the booking
 * window still lists its starts, with `bookable` false.
 */
export function serviceDays(
  schedule: CounterSchedule,
  service: { durationMinutes: number; bookFromDays: number; bookUntilDays: number },
  dates: readonly LocalDate[],
  takenOn: (date: LocalDate) => TakenSeats,
  now: { date: LocalDate; time: LocalTime },
): DayAnswer[] {
  return dates.map((date) => {
    const { plan, starts } = planAndStarts(schedule, date, service.durationMinutes);
    const window = bookingWindow(service, date, null, now);
    const taken = takenOn(date);
    const slots = starts
      .filter((s) => date > now.date || (date === now.date && s.starts > now.time))
      .map((s) => ({ starts: s.starts, ends: s.ends, free: freeDesks(taken, s.slots, plan.desks).length }));
    return {
      date,
      open: plan.open,
      closedReason: plan.closedReason,
      note: plan.note,
      bookable: plan.open && window.bookable,
      opensOn: !window.bookable && window.reason === 'not_yet' ? window.opensOn : null,
      desks: plan.desks,
      slots: date < now.date ? [] : slots,
    };
  });
}
