/**
 * At the counter: recording payment (cash, with a receipt number) and what happened on the day (used or
 * no-show). Each action is scope-checked and audited with the state before and after.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { ConflictError, ForbiddenError } from '../../lib/errors.ts';
import type { Clock } from '../../lib/time.ts';
import type { User } from '../account/account.ts';
import { getReservationView } from '../booking/booking.service.ts';
import { recordAudit } from './audit.ts';
import { canActOnFacility } from './staff.policy.ts';

type Executor = Kysely<Database>;

async function inScope(db: Executor, clock: Clock, staff: User, reservationId: string) {
  const view = await getReservationView(db, clock, reservationId);
  if (!canActOnFacility(staff, view.facility)) throw new ForbiddenError('facility out of scope');
  return view;
}

export async function recordPayment(db: Executor, clock: Clock, staff: User, reservationId: string, receiptNumber: string): Promise<void> {
  const view = await inScope(db, clock, staff, reservationId);
  const now = clock.now();
  await db.transaction().execute(async (trx) => {
    const result = await trx
      .updateTable('reservations')
      .set({ paid_at: now.toISOString(), receipt_number: receiptNumber, status: 'confirmed', updated_at: now.toISOString() })
      .where('id', '=', reservationId)
      .where('paid_at', 'is', null)
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
  db: Executor,
  clock: Clock,
  staff: User,
  reservationId: string,
  outcome: 'used' | 'no_show',
): Promise<void> {
  const view = await inScope(db, clock, staff, reservationId);
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
export async function noShowCount(db: Executor, userId: string): Promise<number> {
  const row = await db
    .selectFrom('reservations')
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .where('user_id', '=', userId)
    .where('status', '=', 'no_show')
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** 仮予約 → 本予約: a clerk approves a provisional booking (payment can still follow at the counter). */
export async function approveProvisional(db: Executor, clock: Clock, staff: User, reservationId: string): Promise<void> {
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
