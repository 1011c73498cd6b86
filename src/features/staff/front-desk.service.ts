/**
 * At the front desk: recording payment (cash, with a receipt number) and what happened on the day (used or
 * no-show). Each action is scope-checked and audited with the state before and after.
 */
import type { Db } from '../../db/database.ts';
import { ConflictError, ForbiddenError } from '../../lib/errors.ts';
import { type Clock, todayIn } from '../../lib/time.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import type { User } from '../../platform/authz/actor.ts';
import { canActOnFacility } from '../../platform/authz/policy.ts';
import { clockAt, notify } from '../../platform/notify/notify.ts';
import { getReservationView } from '../booking/booking.service.ts';
import { computeFee } from '../booking/fees.ts';
import { paymentStateOf } from '../booking/payment.ts';
import { bookingApprovedMail } from './staff.mail.ts';

async function inScope(db: Db, clock: Clock, staff: User, reservationId: string) {
  const view = await getReservationView(db, clock, reservationId);
  if (!canActOnFacility(staff, view.facility)) throw new ForbiddenError('facility out of scope');
  return view;
}

export async function recordPayment(db: Db, clock: Clock, staff: User, reservationId: string, receiptNumber: string): Promise<void> {
  const view = await inScope(db, clock, staff, reservationId);
  if (view.reservation.status === 'won') throw new ConflictError('errLotteryWinUnconfirmed');
  // A booking without a fee has nothing to collect: a 0円 receipt would only muddle the cash book.
  if (paymentStateOf(view.reservation) === 'none') throw new ConflictError('errNoFeeToPay');
  const now = clock.now();
  await db.transaction().execute(async (trx) => {
    const result = await trx
      .updateTable('reservations')
      .set({ paid_at: now.toISOString(), receipt_number: receiptNumber, status: 'confirmed', updated_at: now.toISOString() })
      .where('id', '=', reservationId)
      .where('paid_at', 'is', null)
      .where('fee', '>', 0) // not if a 減免 took the fee to 0 a moment ago
      .where('status', 'in', ['provisional', 'confirmed'])
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) !== 1) throw new ConflictError('errAlreadyPaid');
    await recordAudit(trx, now, {
      actorId: staff.id,
      action: 'reservation.payment',
      targetType: 'reservation',
      targetId: reservationId,
      facilityId: view.facility.id,
      before: { status: view.reservation.status, paid: false },
      after: { status: 'confirmed', paid: true, receiptNumber, amount: view.reservation.fee, method: 'cash' },
    });
  });
}

/** Marks a past or today's booking as used or no-show; repeated no-shows show on the resident's record. */
export async function recordAttendance(
  db: Db,
  clock: Clock,
  staff: User,
  reservationId: string,
  outcome: 'used' | 'no_show',
): Promise<void> {
  const view = await inScope(db, clock, staff, reservationId);
  if (view.reservation.date > todayIn(clock)) throw new ConflictError('errNotYet');
  const now = clock.now();
  await db.transaction().execute(async (trx) => {
    const result = await trx
      .updateTable('reservations')
      .set({ status: outcome, checked_in_at: outcome === 'used' ? now.toISOString() : null, updated_at: now.toISOString() })
      .where('id', '=', reservationId)
      .where('status', 'in', ['provisional', 'confirmed'])
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) !== 1) throw new ConflictError('errAlreadyRecorded');
    await recordAudit(trx, now, {
      actorId: staff.id,
      action: `reservation.${outcome}`,
      targetType: 'reservation',
      targetId: reservationId,
      facilityId: view.facility.id,
      before: { status: view.reservation.status },
      after: { status: outcome },
    });
  });
}

/** How often a resident did not come: shown to staff next to the caller's name. */
export async function noShowCount(db: Db, userId: string): Promise<number> {
  const row = await db
    .selectFrom('reservations')
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .where('user_id', '=', userId)
    .where('status', '=', 'no_show')
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** 仮予約 → 本予約: a clerk approves a provisional booking (payment can still follow at the front desk). */
export async function approveProvisional(db: Db, clock: Clock, staff: User, reservationId: string): Promise<void> {
  const view = await inScope(db, clock, staff, reservationId);
  const now = clock.now();
  await db.transaction().execute(async (trx) => {
    const result = await trx
      .updateTable('reservations')
      .set({ status: 'confirmed', payment_due_on: null, updated_at: now.toISOString() })
      .where('id', '=', reservationId)
      .where('status', '=', 'provisional')
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) !== 1) throw new ConflictError('errNotProvisional');
    const booker = view.reservation.userId
      ? await trx.selectFrom('users').select(['name', 'email']).where('id', '=', view.reservation.userId).executeTakeFirst()
      : undefined;
    if (booker && view.reservation.userId) {
      await notify(trx, clockAt(now), {
        to: view.reservation.userId,
        kind: 'approval.booking_confirmed',
        facilityId: view.facility.id,
        template: (lang) => bookingApprovedMail(lang, booker, view),
      });
    }
    await recordAudit(trx, now, {
      actorId: staff.id,
      action: 'reservation.approve',
      targetType: 'reservation',
      targetId: reservationId,
      facilityId: view.facility.id,
      before: { status: 'provisional' },
      after: { status: 'confirmed' },
    });
  });
}

/**
 * Applies (or removes, with 0) a 減免 on one reservation with a recorded reason. The fee is recomputed
 * from the stored gross amount with the same rounding as at booking (10円未満切り捨て).
 */
export async function setReduction(
  db: Db,
  clock: Clock,
  staff: User,
  reservationId: string,
  percent: number,
  reason: string,
): Promise<void> {
  const view = await inScope(db, clock, staff, reservationId);
  const r = view.reservation;
  if (r.status === 'cancelled') throw new ConflictError('errAlreadyCancelled');
  if (r.paidAt) throw new ConflictError('errAlreadyPaid');
  const gross = r.feeDetail?.gross ?? r.fee;
  const detail = {
    ...(r.feeDetail ?? { base: gross, multipliers: [], gross }),
    reductionPercent: percent,
    reductionReason: percent > 0 ? { ja: reason, en: reason } : null,
    total: computeFee({
      bandFees: [{ band: 'all', amount: gross }],
      multipliers: [],
      reduction: { percent, reason: { ja: reason, en: reason } },
    }).total,
  };
  const now = clock.now();
  await db.transaction().execute(async (trx) => {
    const updated = await trx
      .updateTable('reservations')
      .set({ fee: detail.total, fee_detail: JSON.stringify(detail), updated_at: now.toISOString() })
      .where('id', '=', reservationId)
      .where('paid_at', 'is', null)
      .where('status', '<>', 'cancelled')
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1) throw new ConflictError('errAlreadyPaid');
    await recordAudit(trx, now, {
      actorId: staff.id,
      action: percent > 0 ? 'reservation.reduction_apply' : 'reservation.reduction_remove',
      targetType: 'reservation',
      targetId: reservationId,
      facilityId: view.facility.id,
      reason,
      before: { fee: r.fee, reductionPercent: r.feeDetail?.reductionPercent ?? 0 },
      after: { fee: detail.total, reductionPercent: percent },
    });
  });
}
