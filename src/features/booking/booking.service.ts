/**
 * Booking rules and the write path. prepareBooking checks everything a person can be told in advance
 * (window, past, capacity, category, quota, fee); bookReservation then inserts the reservation and its
 * cells in one transaction, where the database's primary key on (room, date, band) decides any race.
 * No SELECT-then-INSERT guards the cells: a lost race surfaces as a unique violation and becomes 409.
 */
import { uniqueViolationOn } from '../../db/errors.ts';
import { ConflictError, type FieldIssue, InvalidInputError, NotFoundError } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';
import { addDays, type Clock, daysBetween, monthOf, monthRange, todayIn, toTokyo } from '../../lib/time.ts';
import { randomDigits } from '../../lib/tokens.ts';
import type { User } from '../../platform/authz/actor.ts';
import { firstComeOpensAt } from '../../platform/lottery-calendar/lottery-calendar.ts';
import { findAddressee, messageFor, queueMessage } from '../../platform/notify/notify.ts';
import type { ReadCache } from '../../platform/read-model/read-cache.ts';
import { reductionTypeOf } from '../account/account.ts';
import { notifyRepresentative } from '../account/group.service.ts';
import { buildRoomDays, cellKey } from '../availability/availability.ts';
import type { Band } from '../facility/facility.ts';
import { bookingConfirmedMail, groupBookingChangeText } from './booking.mail.ts';
import * as repo from './booking.repository.ts';
import {
  type Category,
  type Channel,
  cancelDeadline,
  newBookingView,
  type PreparedBooking,
  type Reservation,
  type ReservationView,
  toReservation,
} from './booking.ts';
import { type BookingRules, loadBookingRules } from './booking-rules.ts';

export { cancelDeadline } from './booking.ts';
export {
  DEFAULT_MONTHLY_QUOTA,
  feeRates,
  MONTHLY_QUOTA_SETTING,
  monthlyQuota,
  RATE_SETTINGS,
} from './booking-rules.ts';

import type { Db, Trx } from '../../db/database.ts';
import { computeFee, type MultiplierKind, reductionFor } from './fees.ts';

export class CellTakenError extends ConflictError {
  constructor() {
    super('errCellTaken');
    this.name = 'CellTakenError';
  }
}

export interface BookingRequest {
  roomId: string;
  date: string;
  bands: string[];
  purpose: string;
  attendees: number;
  category: Category;
  groupId?: string | undefined;
  commercial: boolean;
  admission: boolean;
  channel: Channel;
  idempotencyKey?: string | undefined;
}

/** Rules staff may set aside for a resident at the counter, with a recorded reason. Never the cell itself. */
export interface RuleOverrides {
  quota?: boolean;
  window?: boolean;
}

/**
 * Checks a request against the rules and prices it. Reads the catalogue through loadBookingRules and,
 * at the same time, the cells taken on the date and the booker's bands used that month; a group
 * booking reads the membership first (the group's bands count then).
 */
export async function prepareBooking(
  db: Db,
  clock: Clock,
  user: User,
  req: BookingRequest,
  overrides: RuleOverrides = {},
  readCache?: ReadCache,
): Promise<PreparedBooking> {
  const month = monthOf(req.date);
  const { from, to } = monthRange(month);
  const [rules, takenBands, ownUsed] = await Promise.all([
    // The catalogue changes a few times a day: with the read model, from memory (a month's rules per room).
    readCache
      ? readCache.catalogue(`booking-rules:${req.roomId}:${month}`, () => loadBookingRules(db, req.roomId, [from, to]))
      : loadBookingRules(db, req.roomId, [req.date]),
    repo.listTakenBands(db, req.roomId, req.date),
    req.groupId ? undefined : repo.countLiveBands(db, { userId: user.id, groupId: null }, from, to),
  ]);
  const { facility, room } = rules;
  const opensAt = (nonResident: boolean) => {
    const lottery = rules.lotteryRules[month];
    return lottery ? firstComeOpensAt(month, lottery, nonResident) : undefined;
  };
  const residentsOpenAt = room.allocation === 'lottery' ? opensAt(false) : undefined;
  const [day] = buildRoomDays({
    roomId: room.id,
    rules: facility,
    bands: rules.bands,
    closures: rules.closures,
    occupied: new Set(takenBands.map((band) => cellKey(room.id, req.date, band))),
    from: req.date,
    to: req.date,
    now: toTokyo(clock.now()),
    ...(residentsOpenAt ? { heldForLottery: () => clock.now().getTime() < residentsOpenAt.getTime() } : {}),
  });
  if (!day) throw new NotFoundError('room');
  const issues: FieldIssue[] = [];

  // Bands: known to this room, consecutive in the scheme (午前+午後 yes, 午前+夜間 no), each cell open.
  const order = rules.bands.map((b) => b.code);
  const wanted = [...new Set(req.bands)];
  const indexes = wanted.map((code) => order.indexOf(code)).sort((a, b) => a - b);
  if (indexes.some((i) => i < 0)) issues.push({ field: 'bands', key: 'errInvalidBand' });
  else if (indexes.some((v, i) => i > 0 && v !== (indexes[i - 1] ?? 0) + 1)) issues.push({ field: 'bands', key: 'errBandsNotConsecutive' });
  const chosen = indexes.filter((i) => i >= 0).map((i) => rules.bands[i] as Band);
  let taken = false;
  const today = todayIn(clock);
  if (req.date < today) issues.push({ field: 'date', key: 'errCellPast' });
  // The grid already says whether a cell is still with the lottery (residents' opening time); the rules
  // are asked again only to say when it opens, or for a user from outside the city, who waits longer.
  const held = day.cells.some((c) => c.reason === 'lottery');
  const notYetOpen =
    !overrides.window && room.allocation === 'lottery' && (held || user.residency === 'non_resident')
      ? lotteryNotYetOpen(clock, opensAt(user.residency === 'non_resident'))
      : undefined;
  for (const band of req.date < today ? [] : chosen) {
    const cell = day.cells.find((c) => c.band === band.code);
    if (cell?.state === 'booked') taken = true;
    // A cell held for the lottery is answered below: a lottery entry or staff (window set aside) may name it.
    else if (cell?.state === 'closed' && cell.reason !== 'lottery')
      issues.push({ field: 'bands', key: cell.reason === 'past' ? 'errCellPast' : 'errCellClosed' });
  }
  // Covers cells still held for the lottery and, for users from outside the city, the days after.
  if (notYetOpen) issues.push(notYetOpen);

  // A lottery room's calendar replaces the rolling booking window.
  if (!overrides.window && room.allocation !== 'lottery' && req.date > today && daysBetween(today, req.date) > room.bookingWindowDays) {
    issues.push({
      field: 'date',
      key: 'errNotYetOpen',
      params: { date: addDays(req.date, -room.bookingWindowDays), days: room.bookingWindowDays },
    });
  }
  if (req.attendees > room.capacity) issues.push({ field: 'attendees', key: 'errOverCapacity', params: { capacity: room.capacity } });
  const multipurposeValid =
    user.multipurposeStatus === 'approved' && (user.multipurposeExpiresOn === null || req.date <= user.multipurposeExpiresOn);
  if (req.category === 'multipurpose' && !multipurposeValid) issues.push({ field: 'category', key: 'errMultipurposeNotApproved' });
  if (req.commercial && req.category !== 'multipurpose') issues.push({ field: 'commercial', key: 'errCommercialNeedsMultipurpose' });

  let group: Awaited<ReturnType<typeof repo.findMembership>>;
  if (req.groupId) {
    group = await repo.findMembership(db, req.groupId, user.id);
    if (!group) issues.push({ field: 'groupId', key: 'errGroupUnknown' });
  }

  const quota = rules.monthlyQuota;
  const used = ownUsed ?? (await repo.countLiveBands(db, { userId: user.id, groupId: group?.id ?? null }, from, to));
  if (!overrides.quota && used + chosen.length > quota) issues.push({ field: 'bands', key: 'errQuota', params: { quota, used } });

  if (issues.length > 0) throw new InvalidInputError(issues);
  if (taken) throw new CellTakenError();
  return priced(rules, user, req, chosen, group);
}

/** The fee of the chosen bands and what the confirmation shows with it. */
function priced(
  rules: BookingRules,
  user: User,
  req: BookingRequest,
  chosen: Band[],
  group: Awaited<ReturnType<typeof repo.findMembership>>,
): PreparedBooking {
  const multipliers: MultiplierKind[] = [];
  if (req.commercial) multipliers.push('commercial');
  if (req.admission) multipliers.push('admission');
  if (user.residency === 'non_resident') multipliers.push('nonResident');
  const { rates, room } = rules;
  // A group's type counts only once staff verified it (account.ts reductionTypeOf).
  const fee = computeFee({
    rates,
    bandFees: chosen.map((b) => ({ band: b.code, amount: rules.fees[b.code] ?? 0 })),
    multipliers,
    reduction: reductionFor(req.category, group ? reductionTypeOf(group) : null, rates),
  });
  const reductionAwaitsVerification =
    group !== undefined && fee.reductionPercent === 0 && reductionFor(req.category, group.type, rates) !== undefined;
  return {
    facility: rules.facility,
    room,
    bands: chosen,
    group: group ? { id: group.id, name: group.name, type: group.type } : undefined,
    fee,
    reductionAwaitsVerification,
    cancelUntil: cancelDeadline(req.date, room.cancelDeadlineDays),
  };
}

/**
 * For a room allocated by lottery: the issue to raise when the date's month has not opened first-come for
 * this user yet (residents at 09:00 on the opening day, users from outside the city some days later).
 */
function lotteryNotYetOpen(clock: Clock, opensAt: Date | undefined): FieldIssue | undefined {
  if (!opensAt || clock.now().getTime() >= opensAt.getTime()) return undefined;
  const opens = toTokyo(opensAt);
  return { field: 'date', key: 'errLotteryNotOpen', params: { date: opens.date, time: opens.time } };
}

/**
 * When a provisional (仮予約) booking with a fee must be paid at the counter: within 7 days of booking,
 * and at the latest 3 days before the use date — but never before today (a late booking gets today).
 */
export function paymentDueOn(today: string, date: string): string {
  const byBooking = addDays(today, 7);
  const byUse = addDays(date, -3);
  const due = byBooking < byUse ? byBooking : byUse;
  return due < today ? today : due;
}

export function reservationNumber(date: string): string {
  return `${date.slice(2, 4)}${date.slice(5, 7)}-${randomDigits(6)}`;
}

export interface BookingResult {
  reservation: Reservation;
  /** True when an earlier request with the same idempotency key already made this reservation. */
  replayed: boolean;
  /** The new reservation as its booker sees it (from what the booking knew); absent for a replay. */
  view?: ReservationView;
}

export interface BookingOptions {
  /** The staff member entering the booking for the resident (代理予約). */
  operatorId?: string;
  overrides?: RuleOverrides;
  /** The read model: the rules are read from its memory of the catalogue (the database decides the race). */
  readCache?: ReadCache;
  /** Runs inside the booking's transaction, e.g. to write the audit entry with it. */
  within?: (trx: Trx, reservation: { id: string; number: string; room_id: string; date: string; bands: string }) => Promise<void>;
}

/**
 * Books, or answers the earlier reservation of a retried request (same idempotency key). The earlier one
 * is looked up only when this attempt fails: a retry finds its cells taken (or its quota used) by its
 * original, or the key's unique index refuses the insert; the first request, the common one, pays nothing.
 */
export async function bookReservation(
  db: Db,
  clock: Clock,
  user: User,
  req: BookingRequest,
  options: BookingOptions = {},
): Promise<BookingResult> {
  try {
    return await insertBooking(db, clock, user, req, options);
  } catch (error) {
    if (req.idempotencyKey && (error instanceof CellTakenError || error instanceof InvalidInputError || error instanceof NotFoundError)) {
      const earlier = await repo.findByIdempotencyKey(db, user.id, req.idempotencyKey);
      if (earlier) return { reservation: toReservation(earlier), replayed: true };
    }
    throw error;
  }
}

/**
 * The write: everything read and rendered before (rules, the confirmation's addressee and text), so the
 * transaction holds only the inserts that must stand or fall together — the reservation, its cells and
 * the month's mark (repository), the confirmation and its deliveries.
 */
async function insertBooking(db: Db, clock: Clock, user: User, req: BookingRequest, options: BookingOptions): Promise<BookingResult> {
  const prepared = await prepareBooking(db, clock, user, req, options.overrides, options.readCache);
  const addressee = await findAddressee(db, user.id, 'booking.confirmed', prepared.facility.id);
  const bands = prepared.bands.map((b) => b.code);
  for (let attempt = 0; attempt < 5; attempt++) {
    const now = clock.now().toISOString();
    const row = {
      id: newId('rsv'),
      number: reservationNumber(req.date),
      room_id: req.roomId,
      date: req.date,
      status: prepared.room.requiresApproval ? 'provisional' : 'confirmed',
      category: req.category,
      purpose: req.purpose,
      attendees: req.attendees,
      channel: req.channel,
      created_at: now,
      user_id: user.id,
      group_id: prepared.group?.id ?? null,
      operator_id: options.operatorId ?? null,
      bands: bands.join(','),
      fee: prepared.fee.total,
      fee_detail: JSON.stringify(prepared.fee),
      commercial: req.commercial ? 1 : 0,
      admission: req.admission ? 1 : 0,
      idempotency_key: req.idempotencyKey ?? null,
      payment_due_on: prepared.room.requiresApproval && prepared.fee.total > 0 ? paymentDueOn(todayIn(clock), req.date) : null,
      cancelled_at: null,
      updated_at: now,
    };
    const confirmation =
      addressee &&
      messageFor(
        clock,
        {
          to: user.id,
          kind: 'booking.confirmed',
          facilityId: prepared.facility.id,
          template: (lang) => bookingConfirmedMail(lang, user, row, prepared),
        },
        addressee,
      );
    try {
      const saved = await db.transaction().execute(async (trx) => {
        const saved = await repo.insertReservation(trx, row, bands);
        if (confirmation) await queueMessage(trx, confirmation);
        // A member booking for the group: the representative hears of it (nothing when it is them).
        if (prepared.group) {
          const change = { number: row.number, date: row.date, facility: prepared.facility, room: prepared.room, bands: prepared.bands };
          await notifyRepresentative(trx, clock.now(), prepared.group.id, user.id, groupBookingChangeText('booked', change));
        }
        await options.within?.(trx, row);
        return saved;
      });
      const reservation = toReservation(saved);
      return { reservation, replayed: false, view: newBookingView(reservation, prepared, todayIn(clock)) };
    } catch (error) {
      const on = uniqueViolationOn(error);
      if (on === 'cell') throw new CellTakenError();
      if (on === 'idempotency' && req.idempotencyKey) {
        const earlier = await repo.findByIdempotencyKey(db, user.id, req.idempotencyKey);
        if (earlier) return { reservation: toReservation(earlier), replayed: true };
      }
      if (on === 'reservation_number') continue;
      throw error;
    }
  }
  throw new Error('could not allocate a reservation number');
}

// Reading and cancelling one's reservations: reservations.service.ts (re-exported for existing callers).
export {
  cancelMyReservation,
  getMyReservation,
  getReservationView,
  listMyReservations,
} from './reservations.service.ts';
