/** The lottery's scheduled work (runLotteryJobs) as a job of the registry in src/jobs.ts. */
import type { ScheduledJob } from '../../platform/jobs/jobs.ts';
import { runLotteryJobs } from './lottery.jobs.service.ts';

/** Hourly, from the start: months get their seeds, are drawn on their draw day, and late wins lapse. */
export const lotteryJob: ScheduledJob = {
  name: 'lottery',
  firstRunAfterMinutes: 0,
  everyMinutes: 60,
  async run({ db, clock }) {
    const report = await runLotteryJobs(db, clock);
    const drawn = report.drawn.map((d) => `${d.month} (${d.entries} entries, ${d.won} won)`).join(', ') || 'none';
    return {
      summary: `lottery: seeded ${report.seeded.join(', ') || 'none'}; drawn ${drawn}; ${report.lapsed} unconfirmed win(s) lapsed`,
      changed: report.drawn.length > 0 || report.lapsed > 0,
      problems: [
        ...report.missed.map((month) => `lottery ${month}: never drawn and first-come has opened; contact its entrants`),
        ...report.failed.map((f) => `lottery ${f.month}: the draw failed, retried at the next run: ${String(f.error)}`),
      ],
    };
  },
};
