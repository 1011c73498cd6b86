/**
 * Joining the queue of the day: a booked person checks in (at the kiosk by 予約番号 or QR, through staff,
 * or from their own phone through the secret link shortly before their time) and a walk-in takes a
 * number (整理券) for a service that allows it. Each gets a ticket with the next number of the office's
 * day, taken in the same transaction (queue.repository.ts takeNextNumber).
 *
 * One ticket per appointment item, one after the other: check-in makes the ticket of the first item;
 * when a counter marks it done, the next item's ticket is made at once at its counter
 * (queue.console.service.ts), queued at the item's own time, so a person who was kept longer at the
 * first counter is not pushed back at the second. Later items do not wait in a queue they cannot reach
 * yet, and each counter's figures (wait, service time) stay its own.
 *
 * Check-in is idempotent: an appointment already checked in answers its current ticket. The appointment's
 * status moves 'booked' → 'checked_in' by a conditional update, so two check-ins at once make one ticket.
 */
import { timingSafeEqual } from 'node:crypto';
import type { Db, Trx } from '../../db/database.ts';
import { ConflictError, InvalidInputError, NotFoundError } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';
import { type Clock, todayIn, toTokyo } from '../../lib/time.ts';
import { sha256 } from '../../lib/tokens.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import type { User } from '../../platform/authz/actor.ts';
import { requireCounterWork } from '../../platform/authz/policy.ts';
import {
  findAppointmentAnywhere,
  findAppointmentByNumber,
  findAppointmentOfDay,
  findCounter,
  findCounterDay,
  findLatestTicketOfAppointment,
  findOffice,
  findService,
  insertTicket,
  listItemsOfAppointment,
  listWaitingAtCounter,
  markAppointmentCheckedIn,
  markNearNotified,
  takeNextNumber,
} from './queue.repository.ts';
import {
  addMinutes,
  type CheckInVia,
  callOrder,
  counterDay,
  isOpenAt,
  NEAR_AHEAD,
  normaliseAppointmentNumber,
  queuedAtFor,
  SELF_CHECK_IN_BEFORE_MINUTES,
  type Ticket,
  tokyoInstant,
  toTicket,
} from './queue.ts';

/** A ticket as handed out: the number, how many are ahead at its counter, and whether it is new. */
export interface IssuedTicket {
  ticket: Ticket;
  ahead: number;
  created: boolean;
  /** A booked person checked in later than the counter's grace: they queue at their check-in. */
  late: boolean;
}

type AppointmentRow = NonNullable<Awaited<ReturnType<typeof findAppointmentByNumber>>>;

export async function requireOffice(db: Db, officeId: string) {
  const office = await findOffice(db, officeId);
  if (!office) throw new NotFoundError('organisation');
  return office;
}

/** People ahead of the ticket at its counter, in the order they will be called. */
export async function aheadOf(db: Db, now: string, ticket: Pick<Ticket, 'id' | 'counterId' | 'date' | 'status'>): Promise<number> {
  if (ticket.status !== 'waiting') return 0;
  const order = callOrder(await listWaitingAtCounter(db, ticket.counterId, ticket.date), now);
  const at = order.findIndex((t) => t.id === ticket.id);
  return at < 0 ? 0 : at;
}

export interface NewTicket {
  officeId: string;
  date: string;
  counterId: string;
  serviceId: string | null;
  appointmentId: string | null;
  position: number | null;
  kind: 'booked' | 'walk_in';
  queuedAt: string;
  via: CheckInVia;
  checkedInAt: string;
  operatorId: string | null;
}

/**
 * Takes the next number and inserts the ticket, in the caller's transaction. Someone who already has
 * no more than NEAR_AHEAD people ahead learns it from the ticket itself: no "near" message for them.
 */
export async function issueTicket(trx: Trx, input: NewTicket): Promise<{ ticket: Ticket; ahead: number }> {
  const number = await takeNextNumber(trx, input.officeId, input.date);
  const row = await insertTicket(trx, {
    id: newId('qtk'),
    office_id: input.officeId,
    date: input.date,
    number,
    counter_id: input.counterId,
    service_id: input.serviceId,
    appointment_id: input.appointmentId,
    position: input.position,
    kind: input.kind,
    status: 'waiting',
    queued_at: input.queuedAt,
    checked_in_via: input.via,
    checked_in_at: input.checkedInAt,
    operator_id: input.operatorId,
  });
  const ticket = toTicket(row);
  const ahead = await aheadOf(trx, input.checkedInAt, ticket);
  if (ahead <= NEAR_AHEAD) await markNearNotified(trx, ticket.id);
  return { ticket, ahead };
}

/** Check-in by 予約番号 at the kiosk or by staff (a kiosk is a browser signed in as the office's clerk). */
export async function checkInByNumber(
  db: Db,
  clock: Clock,
  actor: User | undefined,
  input: { officeId: string; number: string; via: Exclude<CheckInVia, 'self'> },
): Promise<IssuedTicket> {
  const staff = requireCounterWork(actor, input.officeId);
  await requireOffice(db, input.officeId);
  const bare = normaliseAppointmentNumber(input.number);
  const today = todayIn(clock);
  const appointment = await findAppointmentOfDay(db, input.officeId, today, bare);
  if (!appointment) {
    const elsewhere = bare === '' ? undefined : await findAppointmentAnywhere(db, bare);
    if (elsewhere && elsewhere.office_id !== input.officeId)
      throw new ConflictError('errQueueOtherOffice', { office: elsewhere.officeName });
    if (elsewhere && elsewhere.date !== today) throw new ConflictError('errQueueNotToday', { date: elsewhere.date });
    throw new InvalidInputError([{ field: 'number', key: 'errQueueNumberUnknown' }]);
  }
  return checkInAppointment(db, clock, appointment, { via: input.via, operatorId: staff.id });
}

function secretMatches(secret: string, stored: string): boolean {
  // The booking keeps SHA-256 of the link's secret; compare either of its usual encodings in constant time.
  const digest = Buffer.from(sha256(secret), 'base64url');
  for (const candidate of [Buffer.from(stored, 'base64url'), Buffer.from(stored, 'hex')])
    if (candidate.length === digest.length && timingSafeEqual(candidate, digest)) return true;
  return false;
}

/** When the first item's person may check in from their own phone: instants, ISO. */
export function selfCheckInWindow(first: { date: string; starts: string; late_grace_minutes: number | string }) {
  const start = tokyoInstant(first.date, first.starts);
  return { from: addMinutes(start, -SELF_CHECK_IN_BEFORE_MINUTES), until: addMinutes(start, Number(first.late_grace_minutes)) };
}

/**
 * Check-in from the resident's own phone through the secret link of their confirmation: from
 * SELF_CHECK_IN_BEFORE_MINUTES before their time until the end of the counter's grace, so that a phone
 * at home cannot hold a place in the queue all morning. A wrong number or secret is "not found".
 */
export async function checkInSelf(db: Db, clock: Clock, input: { number: string; secret: string }): Promise<IssuedTicket> {
  const appointment = await findAppointmentByNumber(db, input.number);
  if (!appointment || !secretMatches(input.secret, appointment.secret_hash)) throw new NotFoundError('page');
  const today = todayIn(clock);
  if (appointment.status === 'booked') {
    if (appointment.date !== today) throw new ConflictError('errQueueNotToday', { date: appointment.date });
    const first = (await listItemsOfAppointment(db, appointment.id))[0];
    if (first) {
      const window = selfCheckInWindow(first);
      const now = clock.now().toISOString();
      if (now < window.from || now > window.until)
        throw new ConflictError('errQueueSelfWindow', { until: toTokyo(new Date(window.until)).time });
    }
  }
  return checkInAppointment(db, clock, appointment, { via: 'self', operatorId: null });
}

/** The appointment's latest ticket with the people ahead of it, if it has one. */
export async function currentTicket(db: Db, clock: Clock, appointmentId: string): Promise<IssuedTicket | undefined> {
  const row = await findLatestTicketOfAppointment(db, appointmentId);
  if (!row) return undefined;
  const ticket = toTicket(row);
  return { ticket, ahead: await aheadOf(db, clock.now().toISOString(), ticket), created: false, late: false };
}

function refuseByStatus(appointment: Pick<AppointmentRow, 'status'>): never {
  if (appointment.status === 'cancelled') throw new ConflictError('errQueueCancelled');
  throw new ConflictError('errQueueFinished');
}

async function checkInAppointment(
  db: Db,
  clock: Clock,
  appointment: AppointmentRow,
  who: { via: CheckInVia; operatorId: string | null },
): Promise<IssuedTicket> {
  if (appointment.status === 'checked_in') {
    const current = await currentTicket(db, clock, appointment.id);
    if (current) return current;
  }
  if (appointment.status !== 'booked') refuseByStatus(appointment);
  if (appointment.date !== todayIn(clock)) throw new ConflictError('errQueueNotToday', { date: appointment.date });
  const items = await listItemsOfAppointment(db, appointment.id);
  const first = items[0];
  if (!first) throw new ConflictError('errQueueFinished');
  const now = clock.now().toISOString();
  const { queuedAt, late } = queuedAtFor(tokyoInstant(first.date, first.starts), now, Number(first.late_grace_minutes));
  const issued = await db.transaction().execute(async (trx) => {
    // A phone-only booking is confirmed at the counter: staff (or the kiosk they keep) saw the person.
    const claimed = await markAppointmentCheckedIn(trx, appointment.id, who.via !== 'self');
    if (claimed === 0) return undefined;
    const made = await issueTicket(trx, {
      officeId: appointment.office_id,
      date: first.date,
      counterId: first.counter_id,
      serviceId: first.service_id,
      appointmentId: appointment.id,
      position: first.position,
      kind: 'booked',
      queuedAt,
      via: who.via,
      checkedInAt: now,
      operatorId: who.operatorId,
    });
    if (who.operatorId)
      await recordAudit(trx, clock.now(), {
        actorId: who.operatorId,
        action: 'queue.check_in',
        targetType: 'appointment',
        targetId: appointment.id,
        before: { status: 'booked' },
        after: { status: 'checked_in', ticket: made.ticket.number, via: who.via, late },
      });
    return made;
  });
  if (issued) return { ...issued, created: true, late };
  // Another check-in of the same appointment committed first: answer its ticket.
  const current = await currentTicket(db, clock, appointment.id);
  if (current) return current;
  const again = await findAppointmentByNumber(db, appointment.number);
  return refuseByStatus(again ?? appointment);
}

/** A walk-in number (整理券) from the kiosk or staff, for a service that allows walk-ins, in today's hours. */
export async function issueWalkIn(
  db: Db,
  clock: Clock,
  actor: User | undefined,
  input: { officeId: string; serviceId: string; via: Exclude<CheckInVia, 'self'> },
): Promise<IssuedTicket> {
  const staff = requireCounterWork(actor, input.officeId);
  await requireOffice(db, input.officeId);
  const service = await findService(db, input.serviceId);
  const counter = service && (await findCounter(db, service.counter_id));
  if (!service || !counter || counter.office_id !== input.officeId)
    throw new InvalidInputError([{ field: 'serviceId', key: 'errQueueServiceUnknown' }]);
  const today = todayIn(clock);
  const weekday = new Date(`${today}T00:00:00Z`).getUTCDay();
  const { periods, exception } = await findCounterDay(db, counter.id, today, weekday);
  const day = counterDay({ date: today, desks: Number(counter.desks), periods, exception });
  const open = service.walk_ins === 1 && service.active === 1 && counter.active === 1 && day.desks > 0;
  if (!open || !isOpenAt(day.periods, toTokyo(clock.now()).time)) throw new ConflictError('errQueueWalkInsClosed');
  const now = clock.now().toISOString();
  const issued = await db.transaction().execute(async (trx) => {
    const made = await issueTicket(trx, {
      officeId: input.officeId,
      date: today,
      counterId: counter.id,
      serviceId: service.id,
      appointmentId: null,
      position: null,
      kind: 'walk_in',
      queuedAt: now,
      via: input.via,
      checkedInAt: now,
      operatorId: staff.id,
    });
    await recordAudit(trx, clock.now(), {
      actorId: staff.id,
      action: 'queue.walk_in',
      targetType: 'queue_ticket',
      targetId: made.ticket.id,
      after: { number: made.ticket.number, counterId: counter.id, serviceId: service.id, via: input.via },
    });
    return made;
  });
  return { ...issued, created: true, late: false };
}
