/** Counting the insights of ended months, as a job of the registry in src/jobs.ts. */
import { todayIn } from '../../lib/time.ts';
import type { ScheduledJob } from '../../platform/jobs/jobs.ts';
import { buildStaleMonths } from './insights-store.ts';

/**
 * Ended months whose figures changed are counted again here rather than on a staff member's click. Not
 * at start (a restart under load serves requests first), and at most two years of months a run, so
 * catching up after the migration spreads over a few hours.
 */
export const insightsJob: ScheduledJob = {
  name: 'insights',
  firstRunAfterMinutes: 5,
  everyMinutes: 60,
  async run({ db, clock }) {
    const built = await buildStaleMonths(db, todayIn(clock), clock.now(), { limit: 24 });
    return { summary: `insights: ${built} month(s) counted`, changed: built > 0, problems: [] };
  },
};
