/**
 * Scheduled work. cancelOverdueProvisional cancels provisional bookings (仮予約) whose fee was not paid by
 * the due date, frees their cells, mails the booker and audits each cancellation as the system. The
 * server runs it every hour; `npx tsunagu jobs run` runs it once (for cron); both through src/jobs.ts.
 */
import type { Db } from '../../db/database.ts';
import { type Clock, todayIn } from '../../lib/time.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import type { ScheduledJob } from '../../platform/jobs/jobs.ts';
import { clockAt, notify } from '../../platform/notify/notify.ts';
import { overdueCancelledMail } from './booking.mail.ts';
import { cancelReservation, listOverdueProvisional } from './booking.repository.ts';

export async function cancelOverdueProvisional(db: Db, clock: Clock): Promise<number> {
  const today = todayIn(clock);
  const overdue = await listOverdueProvisional(db, today, 1000);
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
        const mail = {
          bookerName: r.booker_name ?? '',
          number: r.number,
          date: r.date,
          dueOn: r.payment_due_on ?? r.date,
          facility: { name: r.facility_name, nameEn: r.facility_name_en, phone: r.facility_phone },
          room: { name: r.room_name, nameEn: r.room_name_en },
        };
        await notify(trx, clockAt(now), {
          to: r.user_id,
          kind: 'payment.overdue_cancelled',
          facilityId: r.facility_id,
          template: (lang) => overdueCancelledMail(lang, mail),
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
