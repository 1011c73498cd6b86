/**
 * The reminder the day before a counter appointment: 予約番号, each service's time, counter and place,
 * 持ち物 and a manage link, through the kernel's notify (a person with an account on the channels they
 * chose — inbox, email, LINE —; someone without one at the email address they booked with).
 *
 * Run every hour by the job registry (src/jobs.ts), it sends from REMINDER_FROM (Tokyo) on, so the
 * morning's run reminds everyone booked for tomorrow and a later run catches the bookings made since.
 * Exactly once per appointment however many runs or app processes: each is claimed by a conditional
 * update of reminded_at (still booked, on that day, not yet reminded) in the transaction that queues the
 * message, so a second claimant changes nothing and queues nothing; the job's lease keeps two runs
 * apart besides. A change to another day clears reminded_at, so the new day gets its own reminder.
 *
 * The booking's secret is stored only as a hash, so the reminder's link carries a secret of its own
 * (its hash kept beside the first; both open the manage page).
 */
import type { Db } from '../../db/database.ts';
import { addDays, type Clock, todayIn, toTokyo } from '../../lib/time.ts';
import { randomToken, sha256 } from '../../lib/tokens.ts';
import type { ScheduledJob } from '../../platform/jobs/jobs.ts';
import { clockAt } from '../../platform/notify/notify.ts';
import { claimReminder, listDueReminders } from './appointment.change.repository.ts';
import { pruneContactLocks } from './appointment.repository.ts';
import { appointmentView, tellResident } from './appointment.service.ts';
import { toAppointment } from './appointment.ts';
import { appointmentReminderMail, manageUrlOf } from './appointment-notices.mail.ts';

/** Reminders go out from this time of day (Tokyo) on: after the quiet hours, before people plan the evening. */
export const REMINDER_FROM = '09:00';
/** Appointments reminded per run; the next hour's run takes the rest. */
const BATCH = 2000;

export async function sendAppointmentReminders(db: Db, clock: Clock, publicUrl: string): Promise<number> {
  if (toTokyo(clock.now()).time < REMINDER_FROM) return 0;
  const tomorrow = addDays(todayIn(clock), 1);
  let sent = 0;
  for (const row of await listDueReminders(db, tomorrow, BATCH)) {
    const view = await appointmentView(db, toAppointment(row));
    const secret = randomToken();
    const manageUrl = manageUrlOf(publicUrl, row.number, secret);
    const now = clock.now();
    // One transaction per appointment: the claim and its message stand or fall together.
    const claimed = await db.transaction().execute(async (trx) => {
      if (!(await claimReminder(trx, row.id, tomorrow, now.toISOString(), sha256(secret)))) return false;
      // A phone-only booking is claimed too (nothing to send: staff call if they must), so it is not read again.
      return tellResident(trx, clockAt(now), row, 'appointment.reminder', (lang) => appointmentReminderMail(lang, view, manageUrl));
    });
    if (claimed) sent++;
  }
  return sent;
}

/** Hourly: tomorrow's appointments are reminded on the first run after REMINDER_FROM. */
export const appointmentReminderJob: ScheduledJob = {
  name: 'appointment-reminders',
  firstRunAfterMinutes: 1,
  everyMinutes: 60,
  async run({ db, clock, publicUrl }) {
    const n = await sendAppointmentReminders(db, clock, publicUrl ?? '');
    // The booking's contact locks matter only while a transaction runs; a day-old row is forgotten.
    const dayAgo = new Date(clock.now().getTime() - 86_400_000).toISOString();
    const forgotten = await db.transaction().execute((trx) => pruneContactLocks(trx, dayAgo));
    const pruned = forgotten > 0 ? `; ${forgotten} contact lock(s) forgotten` : '';
    return { summary: `reminded ${n} counter appointment(s) of tomorrow${pruned}`, changed: n > 0, problems: [] };
  },
};
