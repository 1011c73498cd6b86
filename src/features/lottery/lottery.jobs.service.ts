/**
 * The lottery's scheduled work: seeding the coming months, drawing those whose draw day has come, and the
 * lapse of wins nobody confirmed in time (run by lottery.jobs.ts from the job registry).
 */
import type { Db } from '../../db/database.ts';
import { ConflictError } from '../../lib/errors.ts';
import type { Lang } from '../../lib/i18n.ts';
import { addMonths, type Clock, monthOf, todayIn, type YearMonth } from '../../lib/time.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import { clockAt, notify } from '../../platform/notify/notify.ts';
import { cancelReservation } from '../booking/booking.repository.ts';
import * as drawRepo from './lottery.draw.repository.ts';
import { type DrawSummary, drawMonth } from './lottery.draw.service.ts';
import { winLapsedMail } from './lottery.mail.ts';
import { ensureMonth } from './lottery.months.service.ts';
import * as repo from './lottery.repository.ts';
import { loadLotteryRules, storedRules } from './lottery.rules.ts';
import { lotterySchedule } from './lottery.ts';

// ---------------------------------------------------------------------------------------------------
// Scheduled work

export interface LotteryJobReport {
  seeded: YearMonth[];
  drawn: DrawSummary[];
  lapsed: number;
  /** Months with entries whose first-come opening came before any draw ran. */
  missed: YearMonth[];
  /** Draws that failed this run (tried again at the next). */
  failed: { month: YearMonth; error: unknown }[];
}

/**
 * Hourly: make the seeds of months whose entries open within the next month (so their hash is public
 * well before), draw months whose draw day has come, and lapse wins nobody confirmed in time.
 */
export async function runLotteryJobs(db: Db, clock: Clock): Promise<LotteryJobReport> {
  const current = await loadLotteryRules(db);
  const now = clock.now();
  const base = monthOf(todayIn(clock));
  const report: LotteryJobReport = { seeded: [], drawn: [], lapsed: 0, missed: [], failed: [] };
  const anyLotteryRoom = await repo.hasLotteryRoom(db);
  for (let ahead = 0; ahead <= current.monthsAhead + 1; ahead++) {
    const month = addMonths(base, ahead);
    let row = await repo.findMonth(db, month);
    if (!row) {
      const schedule = lotterySchedule(month, current);
      const soon = now.getTime() >= schedule.entryOpensAt.getTime() - 31 * 86_400_000 && now < schedule.entryClosesAt;
      if (!anyLotteryRoom || !soon) continue;
      row = await ensureMonth(db, clock, month);
      report.seeded.push(month);
    }
    const schedule = lotterySchedule(month, storedRules(row.rules));
    if (row.status !== 'open' || now < schedule.drawAt) continue;
    if (now >= schedule.firstComeOpensAt) {
      // Past its first-come opening without a draw (the server was down from the draw day on): the draw
      // can no longer run fairly. Said loudly so the city can contact the entrants.
      if (await repo.hasEntries(db, month)) report.missed.push(month);
      continue;
    }
    try {
      report.drawn.push(await drawMonth(db, clock, month, null));
    } catch (error) {
      // Drawn meanwhile by an admin (a ConflictError) is fine; anything else is reported and retried at
      // the next run, and must not keep the other months or the lapses from running.
      if (!(error instanceof ConflictError)) report.failed.push({ month, error });
    }
  }
  report.lapsed = await lapseUnconfirmedWins(db, clock);
  return report;
}

/** Wins not confirmed by the deadline of their month are cancelled, freeing their cells for first-come. */
export async function lapseUnconfirmedWins(db: Db, clock: Clock): Promise<number> {
  const now = clock.now();
  // Only months whose confirmation deadline has passed (by the rules each was announced with).
  const drawn = await drawRepo.listDrawnMonths(db);
  const due = new Map(
    drawn.map((m) => [m.month, lotterySchedule(m.month, storedRules(m.rules))] as const).filter(([, s]) => now >= s.confirmClosesAt),
  );
  if (due.size === 0) return 0;
  let lapsed = 0;
  for (;;) {
    const batch = await drawRepo.listUnconfirmedWins(db, [...due.keys()], 1000);
    if (batch.length === 0) return lapsed;
    for (const r of batch) {
      const schedule = due.get(r.month);
      if (!schedule) continue;
      const done = await db.transaction().execute(async (trx) => {
        if (!(await cancelReservation(trx, r.id, now.toISOString(), { statuses: ['won'] }))) return false;
        await recordAudit(trx, now, {
          actorId: null,
          action: 'lottery.win_lapsed',
          targetType: 'reservation',
          targetId: r.id,
          reason: `確認期限（${schedule.lastConfirmDay}）を過ぎたため`,
          before: { status: 'won' },
          after: { status: 'cancelled' },
        });
        if (r.user_id) {
          const template = (lang: Lang) => winLapsedMail(lang, { name: r.name ?? '' }, r.number, r.date, schedule);
          await notify(trx, clockAt(now), { to: r.user_id, kind: 'lottery.win_lapsed', template });
        }
        return true;
      });
      if (done) lapsed++;
    }
  }
}
