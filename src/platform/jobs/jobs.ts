/**
 * Scheduled jobs: work no request asks for (cancelling unpaid 仮予約, the lottery's draws, counting the
 * insights, forgetting ended sign-in windows). Each feature defines its jobs as ScheduledJobs; src/jobs.ts
 * lists them once, and both the server's timers and `npx tsunagu jobs run` (cron) loop over that list,
 * so a job added there runs in both. Each job runs on its own: one that throws is reported and the
 * others still run.
 */
import type { Kysely } from 'kysely';
import type { FileStorageConfig } from '../../config.ts';
import type { Database } from '../../db/schema.ts';
import type { Logger } from '../../lib/logger.ts';
import type { Clock } from '../../lib/time.ts';

export interface JobContext {
  db: Kysely<Database>;
  clock: Clock;
  /** Where uploaded files are kept: the retention job removes their bytes there too. */
  files: FileStorageConfig;
}

export interface JobOutcome {
  /** One line for the operator: printed by `jobs run`; logged by the server when something changed. */
  summary: string;
  /** Something was done (rows changed, mail queued): the server logs it and sends the mail now. */
  changed: boolean;
  /** What a person must look at (a draw that failed, a month never drawn): errors, and exit code 1. */
  problems: string[];
}

export interface ScheduledJob {
  name: string;
  /** Minutes after the server starts before the first run (0: at start). */
  firstRunAfterMinutes: number;
  everyMinutes: number;
  run(context: JobContext): Promise<JobOutcome>;
}

export type JobRun = { job: string; outcome: JobOutcome } | { job: string; error: unknown };

/** Runs each job once, in order; a job that throws is reported and does not stop the ones after it. */
export async function runJobsOnce(jobs: readonly ScheduledJob[], context: JobContext): Promise<JobRun[]> {
  const runs: JobRun[] = [];
  for (const job of jobs) runs.push(await runJob(job, context));
  return runs;
}

async function runJob(job: ScheduledJob, context: JobContext): Promise<JobRun> {
  try {
    return { job: job.name, outcome: await job.run(context) };
  } catch (error) {
    return { job: job.name, error };
  }
}

/**
 * Starts every job's timer (unref'd: they never keep the process alive). onChange runs after a job that
 * changed something, e.g. to send the mail it queued without waiting for the outbox's next round.
 */
export function scheduleJobs(jobs: readonly ScheduledJob[], context: JobContext, options: { logger: Logger; onChange?: () => void }): void {
  const { logger, onChange } = options;
  for (const job of jobs) {
    const tick = async () => {
      const run = await runJob(job, context);
      if ('error' in run) {
        logger.error(`scheduled job ${job.name} failed`, run.error);
        return;
      }
      if (run.outcome.changed) {
        logger.info(run.outcome.summary);
        onChange?.();
      }
      for (const problem of run.outcome.problems) logger.error(problem);
    };
    const start = () => {
      void tick();
      setInterval(tick, job.everyMinutes * 60_000).unref();
    };
    if (job.firstRunAfterMinutes === 0) start();
    else setTimeout(start, job.firstRunAfterMinutes * 60_000).unref();
  }
}
