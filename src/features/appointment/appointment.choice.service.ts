/**
 * What the resident's booking pages offer, read side only: the services chosen (one, or a life event's
 * ticked ones in the event's order) with their 持ち物 and notes, and per day the start times at which
 * all of them fit — for one service the free count of serviceSlots, for a sequence the first-start
 * times at which placeSequence (the same function the booking runs) places every service back to back.
 * Nothing is held: the booking's transaction decides, and a start taken meanwhile is answered with the
 * next ones that fit (AppointmentFullError).
 */
import type { Db } from '../../db/database.ts';
import { NotFoundError } from '../../lib/errors.ts';
import { type Clock, eachDate, type LocalDate, type LocalTime, toTokyo } from '../../lib/time.ts';
import { checkRange } from '../availability/availability.service.ts';
import { resolveSequence } from './appointment.booking.service.ts';
import { type PlacementInput, placeSequence } from './appointment.booking.ts';
import * as repo from './appointment.repository.ts';
import { MAX_SLOT_DAYS, serviceSlots, takenIndex } from './appointment.service.ts';
import { bookingWindow, type ClosedReason, dayPlan, serviceStarts } from './appointment.slots.ts';

export interface Selection {
  serviceIds: string[];
  lifeEventId?: string | undefined;
}

export interface ChoiceStart {
  start: LocalTime;
  /** Desks free for a single service; null for a sequence (it fits, on some desk of each counter). */
  free: number | null;
  /** Each service's own time, in order. */
  items: { serviceId: string; starts: LocalTime; ends: LocalTime }[];
}

export interface ChoiceDay {
  date: LocalDate;
  open: boolean;
  closedReason: ClosedReason | null;
  note: string;
  bookable: boolean;
  opensOn: LocalDate | null;
  starts: ChoiceStart[];
}

export interface Choice {
  services: repo.ServiceWithCounter[];
  lifeEventId: string | null;
  gapMinutes: number;
  days: ChoiceDay[];
}

export async function appointmentChoice(db: Db, clock: Clock, selection: Selection, from: LocalDate, to: LocalDate): Promise<Choice> {
  checkRange(from, to, MAX_SLOT_DAYS);
  const seq = await resolveSequence(db, selection);
  const base = { services: seq.services, lifeEventId: seq.lifeEventId, gapMinutes: seq.gap };
  const [only, ...rest] = seq.steps;
  if (!only) throw new NotFoundError('page');
  if (rest.length === 0) {
    const slots = await serviceSlots(db, clock, only.serviceId, from, to);
    return {
      ...base,
      days: slots.days.map((d) => ({
        date: d.date,
        open: d.open,
        closedReason: d.closedReason,
        note: d.note,
        bookable: d.bookable,
        opensOn: d.opensOn,
        starts: d.bookable
          ? d.slots
              .filter((s) => s.free > 0)
              .map((s) => ({ start: s.starts, free: s.free, items: [{ serviceId: only.serviceId, starts: s.starts, ends: s.ends }] }))
          : [],
      })),
    };
  }
  const counterIds = [...new Set(seq.steps.map((s) => s.counterId))];
  const [schedules, seats] = await Promise.all([
    repo.loadSchedules(db, counterIds, from, to),
    repo.listTakenSeats(db, counterIds, from, to),
  ]);
  const schedule = schedules.get(only.counterId);
  if (!schedule) throw new NotFoundError('page');
  const input: PlacementInput = { steps: seq.steps, schedules, takenOn: takenIndex(seats), gapMinutes: seq.gap };
  const now = toTokyo(clock.now());
  const days = eachDate(from, to).map((date): ChoiceDay => {
    const plan = dayPlan(schedule, date);
    const windows = seq.steps.map((step) => bookingWindow(step, date, null, now));
    const notYet = windows.find((w) => !w.bookable && w.reason === 'not_yet');
    const bookable = plan.open && windows.every((w) => w.bookable);
    const starts: ChoiceStart[] = [];
    if (bookable)
      for (const s of serviceStarts(plan, schedule.slotMinutes, only.durationMinutes)) {
        if (!seq.steps.every((step) => bookingWindow(step, date, s.starts, now).bookable)) continue;
        const placed = placeSequence(input, date, s.starts);
        if (placed.ok)
          starts.push({
            start: s.starts,
            free: null,
            items: placed.items.map((i) => ({ serviceId: i.serviceId, starts: i.starts, ends: i.ends })),
          });
      }
    return {
      date,
      open: plan.open,
      closedReason: plan.closedReason,
      note: plan.note,
      bookable,
      opensOn: notYet && !notYet.bookable && notYet.reason === 'not_yet' ? notYet.opensOn : null,
      starts,
    };
  });
  return { ...base, days };
}

/** The offices' catalogue as the entry page lists it: each office's life events are those whose services are all its own. */
export async function officeChoices(db: Db) {
  const [offices, lifeEvents] = await Promise.all([repo.listOffices(db), repo.listLifeEvents(db)]);
  return offices.map((office) => {
    const own = new Set(office.counters.flatMap((c) => c.services.map((s) => s.id)));
    return {
      office,
      lifeEvents: lifeEvents.filter((e) => e.serviceIds.length > 0 && e.serviceIds.every((id) => own.has(id))),
    };
  });
}

/** A life event with its services in the event's order (an unknown event, or one of no office, is not found). */
export async function lifeEventChoice(db: Db, lifeEventId: string) {
  const event = await repo.findLifeEvent(db, lifeEventId);
  if (!event) throw new NotFoundError('page');
  const found = await repo.findServices(db, event.serviceIds);
  const services = event.serviceIds.flatMap((id) => found.get(id) ?? []);
  const office = services[0]?.office;
  if (!office) throw new NotFoundError('page');
  return { event, services, office };
}
