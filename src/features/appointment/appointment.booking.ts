/**
 * Placing a sequence of services (one service, or the chosen services of a life event in the event's
 * order) on a day, pure: the first starts at the time asked for; each next one at its own counter at the
 * earliest start at least `gap` minutes after the previous ends (and at most MAX_WAIT_MINUTES later), on
 * the first desk that has all its consecutive slots free. Any service that finds no desk makes the whole
 * sequence full: nothing is kept, and nextFits offers the next first-start times that fit it all.
 *
 * The placement reads the taken seats; the database's seat key decides the race when two placements
 * read the same free desk (appointment.service.ts retries with a fresh read).
 */
import { addDays, type LocalDate, type LocalTime, minutesOf } from '../../lib/time.ts';
import { bookingWindow, dayPlan, freeDesks, serviceStarts, type TakenSeats } from './appointment.slots.ts';
import type { CounterSchedule } from './appointment.ts';

/** How long the next service may wait after the walk between counters before the sequence counts as full. */
export const MAX_WAIT_MINUTES = 60;
/** Minutes between services booked together without a life event. */
export const DEFAULT_GAP_MINUTES = 10;

export interface SequenceStep {
  serviceId: string;
  counterId: string;
  durationMinutes: number;
  bookFromDays: number;
  bookUntilDays: number;
}

export interface PlacedItem {
  position: number;
  serviceId: string;
  counterId: string;
  date: LocalDate;
  starts: LocalTime;
  ends: LocalTime;
  slots: LocalTime[];
  desk: number;
}

export type Placement =
  | { ok: true; items: PlacedItem[] }
  /** The first service's day is closed, or nothing starts at the asked time. */
  | { ok: false; reason: 'day_closed' | 'start_not_offered' }
  /** The service at `position` (1: the first) has no free desk (for the first: at the asked time). */
  | { ok: false; reason: 'full'; position: number };

export interface PlacementInput {
  steps: readonly SequenceStep[];
  schedules: ReadonlyMap<string, CounterSchedule>;
  /** Taken seats of a counter on a date. */
  takenOn: (counterId: string, date: LocalDate) => TakenSeats;
  gapMinutes: number;
}

export function placeSequence(input: PlacementInput, date: LocalDate, start: LocalTime): Placement {
  const items: PlacedItem[] = [];
  let earliest = minutesOf(start);
  let latest = earliest;
  for (const [index, step] of input.steps.entries()) {
    const position = index + 1; // appointment_items.position: 1 for the first service
    const schedule = input.schedules.get(step.counterId);
    const plan = schedule ? dayPlan(schedule, date) : undefined;
    if (!schedule || !plan?.open) return index === 0 ? { ok: false, reason: 'day_closed' } : { ok: false, reason: 'full', position };
    const starts = serviceStarts(plan, schedule.slotMinutes, step.durationMinutes).filter((s) => {
      const m = minutesOf(s.starts);
      return m >= earliest && m <= latest;
    });
    if (index === 0 && !starts.some((s) => s.starts === start)) return { ok: false, reason: 'start_not_offered' };
    const taken = input.takenOn(step.counterId, date);
    let placed: PlacedItem | undefined;
    for (const s of starts) {
      const desk = freeDesks(taken, s.slots, plan.desks)[0];
      if (desk !== undefined) {
        placed = {
          position,
          serviceId: step.serviceId,
          counterId: step.counterId,
          date,
          starts: s.starts,
          ends: s.ends,
          slots: s.slots,
          desk,
        };
        break;
      }
    }
    if (!placed) return { ok: false, reason: 'full', position };
    items.push(placed);
    earliest = minutesOf(placed.ends) + input.gapMinutes;
    latest = earliest + MAX_WAIT_MINUTES;
  }
  return { ok: true, items };
}

/**
 * Up to `limit` first-start times, from `date` after `after` (exclusive) on, over `days` days, at which
 * the whole sequence fits now and every service's booking window is open.
 */
export function nextFits(
  input: PlacementInput,
  from: { date: LocalDate; after: LocalTime | null },
  now: { date: LocalDate; time: LocalTime },
  options: { days?: number; limit?: number } = {},
): { date: LocalDate; start: LocalTime }[] {
  const out: { date: LocalDate; start: LocalTime }[] = [];
  const limit = options.limit ?? 5;
  const first = input.steps[0];
  if (!first) return out;
  for (let d = 0; d < (options.days ?? 14) && out.length < limit; d++) {
    const date = addDays(from.date, d);
    const schedule = input.schedules.get(first.counterId);
    if (!schedule) break;
    const plan = dayPlan(schedule, date);
    if (!plan.open) continue;
    for (const s of serviceStarts(plan, schedule.slotMinutes, first.durationMinutes)) {
      if (out.length >= limit) break;
      if (d === 0 && from.after !== null && s.starts <= from.after) continue;
      if (!input.steps.every((step) => bookingWindow(step, date, s.starts, now).bookable)) continue;
      if (placeSequence(input, date, s.starts).ok) out.push({ date, start: s.starts });
    }
  }
  return out;
}

/** The rows a placement writes: one appointment_items row per service, one appointment_seats row per slot. */
export function placementRows(appointmentId: string, placed: readonly PlacedItem[]) {
  return {
    items: placed.map((p) => ({
      appointment_id: appointmentId,
      position: p.position,
      service_id: p.serviceId,
      counter_id: p.counterId,
      date: p.date,
      starts: p.starts,
      ends: p.ends,
      desk: p.desk,
    })),
    seats: placed.flatMap((p) =>
      p.slots.map((slot) => ({
        counter_id: p.counterId,
        date: p.date,
        slot,
        seat: p.desk,
        appointment_id: appointmentId,
        position: p.position,
      })),
    ),
  };
}
