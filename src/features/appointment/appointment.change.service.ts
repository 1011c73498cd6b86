/**
 * Changing an appointment's date and time by its 予約番号 and secret: every service moves together, in
 * the same order with the same gap between counters (placeSequence, as a booking places them), in ONE
 * transaction that deletes the old seats and items and inserts the new ones. The 予約番号 and the secret
 * stay. The seats' primary key decides a race: a lost seat rolls the whole move back (the old booking is
 * untouched) and is retried with a fresh read, a bounded number of times; when the sequence no longer
 * fits, 409 with the next start times at which it does (AppointmentFullError, as for a booking).
 *
 * Refused with a plain message: a cancelled, checked-in, done or past appointment (409), a new day outside
 * any of its services' booking window or a start not offered (422). The appointment's own seats do not
 * count as taken, so it may move by a slot onto part of its own time.
 */
import type { Selectable } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { AppointmentTable } from '../../db/schema-appointment.ts';
import { ConflictError, type FieldIssue, InvalidInputError } from '../../lib/errors.ts';
import { addDays, type Clock, type LocalDate, type LocalTime, todayIn, toTokyo } from '../../lib/time.ts';
import { AppointmentFullError, violationOf } from './appointment.booking.service.ts';
import {
  DEFAULT_GAP_MINUTES,
  nextFits,
  type PlacedItem,
  type PlacementInput,
  placementRows,
  placeSequence,
  type SequenceStep,
} from './appointment.booking.ts';
import { moveAppointment } from './appointment.change.repository.ts';
import * as repo from './appointment.repository.ts';
import {
  type AppointmentView,
  appointmentView,
  findWithSecret,
  hasStarted,
  placedItemViews,
  takenIndex,
  tellResident,
} from './appointment.service.ts';
import { bookingWindow } from './appointment.slots.ts';
import { toAppointment } from './appointment.ts';
import { appointmentChangedMail, manageUrlOf } from './appointment-notices.mail.ts';

/** Fresh reads after a lost race before the new time counts as full (as for a booking). */
const MAX_ATTEMPTS = 8;
/** The furthest ahead the change page looks for free times. */
const MAX_CHOICE_DAYS = 31;

type Row = Selectable<AppointmentTable>;

export interface ChangeRequest {
  date: LocalDate;
  starts: LocalTime;
}

export interface ChangeResult {
  view: AppointmentView;
  /** A retried change (same Idempotency-Key and body): answered as it is, nothing moved again. */
  replayed: boolean;
}

const invalid = (field: string, key: string, params?: Record<string, string | number>) =>
  new InvalidInputError([{ field, key, ...(params ? { params } : {}) }]);

/** Booked and its time still ahead: otherwise 409 with the plain reason. */
export function assertChangeable(row: Row, clock: Clock): void {
  if (row.status !== 'booked' || hasStarted(row, clock)) throw new ConflictError('errAppointmentNotChangeable');
}

/** The appointment's services in their order, with their counters, and the gap it was booked with. */
async function sequenceOf(db: Db, row: Row) {
  const items = await repo.listItems(db, row.id);
  const found = await repo.findServices(
    db,
    items.map((i) => i.service_id),
  );
  // A service taken off the catalogue since: it can no longer be booked, so not moved either.
  if (items.some((i) => !found.has(i.service_id))) throw new ConflictError('errAppointmentNotChangeable');
  const services = items.map((i) => found.get(i.service_id) as repo.ServiceWithCounter);
  const steps: SequenceStep[] = services.map(({ service }) => ({
    serviceId: service.id,
    counterId: service.counterId,
    durationMinutes: service.durationMinutes,
    bookFromDays: service.bookFromDays,
    bookUntilDays: service.bookUntilDays,
  }));
  const event = row.life_event_id ? await repo.findLifeEvent(db, row.life_event_id) : undefined;
  return { services, steps, gap: event?.gapMinutes ?? DEFAULT_GAP_MINUTES, counterIds: steps.map((s) => s.counterId) };
}
type Sequence = Awaited<ReturnType<typeof sequenceOf>>;

async function placementInput(db: Db, row: Row, seq: Sequence, from: LocalDate, to: LocalDate): Promise<PlacementInput> {
  const [schedules, seats] = await Promise.all([
    repo.loadSchedules(db, seq.counterIds, from, to),
    repo.listTakenSeats(db, seq.counterIds, from, to, row.id),
  ]);
  return { steps: seq.steps, schedules, takenOn: takenIndex(seats), gapMinutes: seq.gap };
}

/** The next first-start times at which the whole sequence fits, other than where it is now. */
async function alternatives(db: Db, clock: Clock, row: Row, seq: Sequence, from: { date: LocalDate; after: LocalTime | null }) {
  const input = await placementInput(db, row, seq, from.date, addDays(from.date, 14));
  return nextFits(input, from, toTokyo(clock.now()), { limit: 6 })
    .filter((f) => !(f.date === row.date && f.start === row.starts))
    .slice(0, 5);
}

/**
 * For the change page: every start, day by day, at which the whole sequence fits now and every service's
 * window is open (the appointment's own time left out), from today up to the furthest window.
 */
export async function changeChoices(db: Db, clock: Clock, row: Row): Promise<Map<LocalDate, LocalTime[]>> {
  const seq = await sequenceOf(db, row);
  const today = todayIn(clock);
  const days = Math.min(MAX_CHOICE_DAYS, Math.max(...seq.steps.map((s) => s.bookFromDays)) + 1);
  const input = await placementInput(db, row, seq, today, addDays(today, days));
  const fits = nextFits(input, { date: today, after: null }, toTokyo(clock.now()), { days, limit: 2000 });
  const out = new Map<LocalDate, LocalTime[]>();
  for (const f of fits) {
    if (f.date === row.date && f.start === row.starts) continue;
    out.set(f.date, [...(out.get(f.date) ?? []), f.start]);
  }
  return out;
}

function windowIssues(seq: Sequence, req: ChangeRequest, clock: Clock): FieldIssue[] {
  const now = toTokyo(clock.now());
  for (const [i, step] of seq.steps.entries()) {
    const window = bookingWindow(step, req.date, i === 0 ? req.starts : null, now);
    if (window.bookable) continue;
    return [
      window.reason === 'not_yet'
        ? { field: 'date', key: 'errAppointmentNotYetOpen', params: { date: window.opensOn, days: step.bookFromDays } }
        : { field: 'date', key: 'errAppointmentWindowClosed' },
    ];
  }
  return [];
}

/** The appointment as it will be after the move, for the message written in the move's transaction. */
function movedView(view: AppointmentView, seq: Sequence, placed: readonly PlacedItem[], req: ChangeRequest): AppointmentView {
  return {
    ...view,
    appointment: { ...view.appointment, date: req.date, starts: placed[0]?.starts ?? req.starts },
    items: placedItemViews(seq.services, placed),
  };
}

/** The same key again: the same change answered as it stands, another change refused. */
function replayOf(row: Row, req: ChangeRequest, key: string | undefined): boolean {
  if (!key || row.change_key !== key) return false;
  if (row.date === req.date && row.starts === req.starts) return true;
  throw invalid('Idempotency-Key', 'errAppointmentIdempotencyReused');
}

export async function changeAppointment(
  db: Db,
  clock: Clock,
  number: string,
  secret: string,
  req: ChangeRequest,
  options: { idempotencyKey?: string | undefined; publicUrl: string },
): Promise<ChangeResult> {
  const key = options.idempotencyKey;
  let row = await findWithSecret(db, number, secret);
  if (replayOf(row, req, key)) return { view: await appointmentView(db, toAppointment(row)), replayed: true };
  assertChangeable(row, clock);
  if (row.date === req.date && row.starts === req.starts) return { view: await appointmentView(db, toAppointment(row)), replayed: false };
  const seq = await sequenceOf(db, row);
  const issues = windowIssues(seq, req, clock);
  if (issues.length > 0) throw new InvalidInputError(issues);
  const manageUrl = manageUrlOf(options.publicUrl, row.number, secret);

  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const input = await placementInput(db, row, seq, req.date, req.date);
    const placement = placeSequence(input, req.date, req.starts);
    if (!placement.ok) {
      if (placement.reason === 'day_closed') throw invalid('date', 'errAppointmentDayClosed');
      if (placement.reason === 'start_not_offered') throw invalid('starts', 'errAppointmentStartNotOffered');
      throw new AppointmentFullError(await alternatives(db, clock, row, seq, { date: req.date, after: req.starts }));
    }
    const current = row;
    const { items, seats } = placementRows(current.id, placement.items);
    const after = movedView(await appointmentView(db, toAppointment(current)), seq, placement.items, req);
    try {
      const moved = await db.transaction().execute(async (trx) => {
        const at = clock.now().toISOString();
        const move = {
          id: current.id,
          from: { date: current.date, starts: current.starts },
          date: req.date,
          starts: after.appointment.starts,
        };
        if (!(await moveAppointment(trx, { ...move, changeKey: key ?? null, at }, items, seats))) return false;
        await tellResident(trx, clock, current, 'appointment.changed', (lang) => appointmentChangedMail(lang, after, manageUrl));
        return true;
      });
      if (moved) return { view: after, replayed: false };
      // Moved or cancelled meanwhile (another request of the same appointment): decide again on what it is now.
      row = await findWithSecret(db, number, secret);
      if (replayOf(row, req, key)) return { view: await appointmentView(db, toAppointment(row)), replayed: true };
      assertChangeable(row, clock);
      if (row.date === req.date && row.starts === req.starts)
        return { view: await appointmentView(db, toAppointment(row)), replayed: false };
    } catch (error) {
      const violation = violationOf(error);
      if (violation === 'seat' || violation === 'deadlock') continue;
      throw error;
    }
  }
  throw new AppointmentFullError(await alternatives(db, clock, row, seq, { date: req.date, after: req.starts }));
}

/**
 * The appointment as it would be at the new time (for the change page's confirmation), or undefined when
 * the sequence does not fit there now. Nothing is written.
 */
export async function changePreview(db: Db, row: Row, req: ChangeRequest): Promise<AppointmentView | undefined> {
  const seq = await sequenceOf(db, row);
  const placement = placeSequence(await placementInput(db, row, seq, req.date, req.date), req.date, req.starts);
  if (!placement.ok) return undefined;
  return movedView(await appointmentView(db, toAppointment(row)), seq, placement.items, req);
}
