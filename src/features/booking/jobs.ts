/**
 * Scheduled work. cancelOverdueProvisional cancels provisional bookings (仮予約) whose fee was not paid by
 * the due date, frees their cells, mails the booker and audits each cancellation as the system. The
 * server runs it every hour; `npx tsunagu jobs run` runs it once (for cron); both through src/jobs.ts.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { type Clock, todayIn } from '../../lib/time.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import type { ScheduledJob } from '../../platform/jobs/jobs.ts';
import { clockAt, notify } from '../../platform/notify/notify.ts';
import { japaneseDate } from './booking.mail.ts';
import { cancelReservation } from './booking.repository.ts';

export async function cancelOverdueProvisional(db: Kysely<Database>, clock: Clock): Promise<number> {
  const today = todayIn(clock);
  const overdue = await db
    .selectFrom('reservations')
    .leftJoin('users', 'users.id', 'reservations.user_id')
    .innerJoin('rooms', 'rooms.id', 'reservations.room_id')
    .innerJoin('facilities', 'facilities.id', 'rooms.facility_id')
    .select([
      'reservations.id',
      'reservations.number',
      'reservations.date',
      'reservations.payment_due_on',
      'users.name as booker_name',
      'users.email as booker_email',
      'reservations.user_id',
      'facilities.id as facility_id',
      'facilities.name as facility_name',
      'facilities.phone as facility_phone',
      'rooms.name as room_name',
    ])
    .where('reservations.status', '=', 'provisional')
    .where('reservations.paid_at', 'is', null)
    .where('reservations.payment_due_on', '<', today)
    .limit(1000)
    .execute();
  let cancelled = 0;
  for (const r of overdue) {
    const now = clock.now();
    // One transaction per booking: a failure on one leaves the others done and itself untouched.
    const done = await db.transaction().execute(async (trx) => {
      // Only if it is still overdue now: a payment or an approval that came in meanwhile wins.
      if (!(await cancelReservation(trx, r.id, now.toISOString(), { statuses: ['provisional'], unpaidDueBefore: today }))) return false;
      await recordAudit(trx, now, {
        actorId: null,
        action: 'reservation.auto_cancel_unpaid',
        targetType: 'reservation',
        targetId: r.id,
        facilityId: r.facility_id,
        reason: `使用料の支払期限（${r.payment_due_on}）を過ぎたため`,
        before: { status: 'provisional' },
        after: { status: 'cancelled' },
      });
      if (r.user_id) {
        const text = `${r.booker_name ?? ''} 様\n\n使用料のお支払い期限（${japaneseDate(r.payment_due_on ?? r.date)}）を過ぎたため、次の仮予約を取り消しました。\n\n予約番号: ${r.number}\n施設: ${r.facility_name} ${r.room_name}\n利用日: ${japaneseDate(r.date)}\n\nお問い合わせ: ${r.facility_name}（${r.facility_phone}）`;
        await notify(trx, clockAt(now), {
          to: r.user_id,
          kind: 'payment.overdue_cancelled',
          facilityId: r.facility_id,
          template: () => ({ subject: `【つなぐ】仮予約を取り消しました（予約番号 ${r.number}）`, text }),
        });
      }
      return true;
    });
    if (done) cancelled++;
  }
  return cancelled;
}

/** Hourly, from the start: an unpaid 仮予約 frees its cells soon after its due date passes. */
export const overdueProvisionalJob: ScheduledJob = {
  name: 'provisional-overdue',
  firstRunAfterMinutes: 0,
  everyMinutes: 60,
  async run({ db, clock }) {
    const n = await cancelOverdueProvisional(db, clock);
    return { summary: `cancelled ${n} unpaid provisional booking(s)`, changed: n > 0, problems: [] };
  },
};
