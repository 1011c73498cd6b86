/**
 * The queue of the day at a ward office (整理券・呼出): what a ticket is, the order a counter calls its
 * waiting people in, and the small pure rules the services share (the 予約番号 as a kiosk types it, the
 * late rule, today's opening hours). No queries here: queue.repository.ts reads, queue*.service.ts decide.
 */
import type { Selectable } from 'kysely';
import type { QueueTicketTable } from '../../db/schema.ts';
import { isoWeekday, type LocalDate, type LocalTime, minutesOf } from '../../lib/time.ts';
import { dayPlan } from './appointment.slots.ts';

export const TICKET_STATUSES = ['waiting', 'called', 'serving', 'done', 'no_show', 'transferred'] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];
export const CHECK_IN_VIAS = ['kiosk', 'staff', 'self', 'phone'] as const;
export type CheckInVia = (typeof CHECK_IN_VIAS)[number];

/** "Your turn is near" goes out when this many people are ahead at the ticket's counter. */
export const NEAR_AHEAD = 3;
/** A resident may check in from their own phone from this long before their time. */
export const SELF_CHECK_IN_BEFORE_MINUTES = 15;

export interface Ticket {
  id: string;
  officeId: string;
  date: LocalDate;
  number: number;
  counterId: string;
  serviceId: string | null;
  appointmentId: string | null;
  position: number | null;
  kind: 'booked' | 'walk_in';
  status: TicketStatus;
  queuedAt: string;
  checkedInVia: CheckInVia;
  checkedInAt: string;
  desk: number | null;
  calledAt: string | null;
  servingAt: string | null;
  doneAt: string | null;
}

/** A queue_tickets row as the repository reads it (every column but near_notified, transferred_to and operator_id). */
export type TicketRow = Omit<Selectable<QueueTicketTable>, 'near_notified' | 'transferred_to' | 'operator_id'>;

export function toTicket(row: TicketRow): Ticket {
  return {
    id: row.id,
    officeId: row.office_id,
    date: row.date,
    number: Number(row.number),
    counterId: row.counter_id,
    serviceId: row.service_id,
    appointmentId: row.appointment_id,
    position: row.position === null ? null : Number(row.position),
    kind: row.kind === 'booked' ? 'booked' : 'walk_in',
    status: row.status as TicketStatus,
    queuedAt: row.queued_at,
    checkedInVia: row.checked_in_via as CheckInVia,
    checkedInAt: row.checked_in_at,
    desk: row.desk === null ? null : Number(row.desk),
    calledAt: row.called_at,
    servingAt: row.serving_at,
    doneAt: row.done_at,
  };
}

/**
 * The 予約番号 as typed at the kiosk: a QR scanner types it like a keyboard, a person may type it with
 * full-width digits (IME) or without its hyphens. Compared without hyphens, spaces and case.
 */
export function normaliseAppointmentNumber(raw: string): string {
  return raw
    .normalize('NFKC')
    .replace(/[^0-9A-Za-z]/g, '')
    .toUpperCase();
}

/** The instant of a Tokyo date and time, as the ISO text the tickets keep (Japan has no DST). */
export function tokyoInstant(date: LocalDate, time: LocalTime): string {
  return new Date(`${date}T${time}:00+09:00`).toISOString();
}

export const addMinutes = (iso: string, minutes: number): string => new Date(new Date(iso).getTime() + minutes * 60_000).toISOString();

/**
 * The late rule: on time (or early) a booked person queues at their appointment's time; later than the
 * counter's grace they queue at their check-in, as a walk-in does.
 */
export function queuedAtFor(itemStart: string, checkedInAt: string, lateGraceMinutes: number): { queuedAt: string; late: boolean } {
  const late = checkedInAt > addMinutes(itemStart, lateGraceMinutes);
  return { queuedAt: late ? checkedInAt : itemStart, late };
}

/** A waiting ticket with what the order needs: its item's start when it is a booking. */
export interface WaitingTicket {
  id: string;
  number: number;
  kind: 'booked' | 'walk_in';
  queuedAt: string;
  /** The booked item's start instant; null for a walk-in. */
  itemStart: string | null;
  /** "Your turn is near" already went out (or was not needed). */
  nearNotified?: boolean;
}

/**
 * The order a counter calls its waiting people in (one rule for the console and every estimate):
 * 1. booked people on time whose time has come (queued at their appointment's time), by queued_at;
 * 2. walk-ins and late arrivals (queued at their check-in), by queued_at;
 * 3. booked people who came early, before their time: called when nobody of 1 or 2 waits, or once
 *    their time comes (then they are in 1). Nobody waits behind someone whose appointment is later.
 * Ties go by number, the order the numbers were handed out.
 */
export function callOrder<T extends WaitingTicket>(tickets: readonly T[], now: string): T[] {
  const rank = (t: T) => {
    const onTime = t.kind === 'booked' && t.itemStart !== null && t.queuedAt === t.itemStart;
    if (!onTime) return 2;
    return t.queuedAt <= now ? 1 : 3;
  };
  return [...tickets].sort((a, b) => rank(a) - rank(b) || a.queuedAt.localeCompare(b.queuedAt) || a.number - b.number);
}

/** What today holds for a counter: its week's periods, and the dated exception if there is one. */
export interface CounterDayInput {
  date: LocalDate;
  desks: number;
  /** appointment_hours of the date's weekday. */
  periods: readonly { opens: LocalTime; closes: LocalTime }[];
  exception: { status: string; opens: LocalTime | null; closes: LocalTime | null; desks: number | null } | undefined;
}

/**
 * The counter's opening periods and desks on the date, by the one rule the slots and bookings use
 * (appointment.slots.ts dayPlan): closed on 土日祝 and 年末年始 unless the day says open (休日開庁); a
 * 'closed' day is closed; a 'desks' day keeps the week's hours with fewer desks.
 */
export function counterDay(input: CounterDayInput): { periods: { opens: LocalTime; closes: LocalTime }[]; desks: number } {
  const { exception } = input;
  const status = exception?.status;
  const known = status === 'closed' || status === 'open' || status === 'desks' ? status : undefined;
  const plan = dayPlan(
    {
      counterId: '',
      slotMinutes: 0, // not read by dayPlan
      desks: input.desks,
      week: new Map([[isoWeekday(input.date) % 7, input.periods]]),
      days: exception && known ? new Map([[input.date, { ...exception, status: known, note: '' }]]) : new Map(),
    },
    input.date,
  );
  return { periods: plan.periods, desks: plan.desks };
}

/** Whether a time of day falls inside one of the periods (a lunch break is the gap between two). */
export function isOpenAt(periods: readonly { opens: LocalTime; closes: LocalTime }[], time: LocalTime): boolean {
  const m = minutesOf(time);
  return periods.some((p) => minutesOf(p.opens) <= m && m < minutesOf(p.closes));
}

/** The median of a list of numbers (0 for none). */
export function median(values: readonly number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}
