/**
 * Scheduled jobs: work no request asks for (cancelling unpaid 仮予約, the lottery's draws, counting the
 * insights, forgetting ended sign-in windows). Each feature defines its jobs as ScheduledJobs; src/jobs.ts
 * lists them once, and both the server's timers and `npx tsunagu jobs run` (cron) loop over that list,
 * so a job added there runs in both. Each job runs on its own: one that throws is reported and the
 * others still run.
 *
 * Several app processes (WORKERS, or a second machine) each keep the timers, and two leases
 * (lease.ts) make that safe:
 * - `job:NAME` is held while the job runs, wherever it runs: a process's timer or `jobs run`. So a job
 *   never runs twice at the same moment; `jobs run` waits for a run in progress elsewhere to finish, a
 *   timer skips its tick. It is renewed while the job runs and expires if its holder dies.
 * - `job-tick:NAME` is a timer's claim on the job's current period (everyMinutes): the first process
 *   whose timer fires takes it, and every timer (its own too) finds it taken until it expires, so the
 *   job runs once per period across all processes, whoever's timer fires first. The claim ends a little
 *   before the period (a tenth, at most a minute) so that the claimant's own next tick, which may come a few
 *   milliseconds early against the claim, still finds it over. It is not released after the run (that
 *   would let the next process's timer run the job again at once); a process stopping cleanly releases
 *   its claims, so the next start runs at once as one process did; one that dies leaves them to expire.
 */
import type { FileStorageConfig } from '../../config.ts';
import type { Db } from '../../db/database.ts';
import { newId } from '../../lib/ids.ts';
import type { Logger } from '../../lib/logger.ts';
import type { Clock } from '../../lib/time.ts';
import { acquireLease, releaseLease } from './lease.ts';

export interface JobContext {
  db: Db;
  clock: Clock;
  /** Where uploaded files are kept: the retention job removes their bytes there too. */
  files: FileStorageConfig;
  /** Where links in the jobs' messages point (config.publicUrl), e.g. an appointment reminder's manage link. */
  publicUrl?: string;
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

export interface JobLocking {
  /** Names this process in the leases; unique per process by default. */
  holder?: string;
  /** How long a run's lease lasts without renewal (renewed every third of it): how soon a dead runner's job is free again. */
  runLeaseMs?: number;
  /** How often `runJobsOnce` asks again for a job that is running elsewhere. */
  pollMs?: number;
}

const DEFAULT_RUN_LEASE_MS = 5 * 60_000;
const DEFAULT_POLL_MS = 250;

/** A tick's claim: its period less a tenth, at most a minute (see the header). */
const periodClaimMs = (everyMinutes: number) => everyMinutes * 60_000 - Math.min((everyMinutes * 60_000) / 10, 60_000);

/**
 * Runs each job once, in order (`jobs run`); a job that throws is reported and does not stop the ones
 * after it. A job running in another process right now is waited for, then run here.
 */
export async function runJobsOnce(jobs: readonly ScheduledJob[], context: JobContext, locking: JobLocking = {}): Promise<JobRun[]> {
  const holder = locking.holder ?? newId('jobs');
  const runs: JobRun[] = [];
  for (const job of jobs) {
    for (;;) {
      const run = await runLeased(job, context, holder, locking.runLeaseMs ?? DEFAULT_RUN_LEASE_MS);
      if (run) {
        runs.push(run);
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, locking.pollMs ?? DEFAULT_POLL_MS));
    }
  }
  return runs;
}

/** The job under its run lease, renewed while it runs; undefined when another holder is running it. */
async function runLeased(job: ScheduledJob, context: JobContext, holder: string, leaseMs: number): Promise<JobRun | undefined> {
  const { db, clock } = context;
  const name = `job:${job.name}`;
  let taken: boolean;
  try {
    taken = await acquireLease(db, name, holder, clock.now(), leaseMs);
  } catch (error) {
    return { job: job.name, error };
  }
  if (!taken) return undefined;
  // A failed renewal is not the job's failure: at worst the lease runs out and another run may start.
  const renew = setInterval(() => void acquireLease(db, name, holder, clock.now(), leaseMs).catch(() => undefined), leaseMs / 3);
  renew.unref();
  try {
    return await runJob(job, context);
  } finally {
    clearInterval(renew);
    await releaseLease(db, name, holder).catch(() => undefined);
  }
}

async function runJob(job: ScheduledJob, context: JobContext): Promise<JobRun> {
  try {
    return { job: job.name, outcome: await job.run(context) };
  } catch (error) {
    return { job: job.name, error };
  }
}

/** What one timer tick did: ran the job, found this period's run claimed by a process, or the job running. */
export type TickResult = 'ran' | 'claimed' | 'running';

export interface JobScheduler {
  /** One tick of `job`'s timer: runs it unless another process has this period or it is running. */
  tick(job: ScheduledJob): Promise<TickResult>;
  /** Starts every job's timer (unref'd: they never keep the process alive). */
  start(): void;
  /** Stops the timers, waits for runs in progress and releases this process's claims on the periods. */
  stop(): Promise<void>;
}

export interface SchedulerOptions extends JobLocking {
  logger: Logger;
  /** Runs after a job that changed something, e.g. to send the mail it queued without waiting for the outbox's next round. */
  onChange?: () => void;
}

export function createJobScheduler(jobs: readonly ScheduledJob[], context: JobContext, options: SchedulerOptions): JobScheduler {
  const { logger, onChange } = options;
  const { db, clock } = context;
  const holder = options.holder ?? newId('jobs');
  const runLeaseMs = options.runLeaseMs ?? DEFAULT_RUN_LEASE_MS;
  const timers: NodeJS.Timeout[] = [];
  const inFlight = new Map<string, Promise<TickResult>>();
  let stopped = false;

  async function tickOnce(job: ScheduledJob): Promise<TickResult> {
    if (!(await acquireLease(db, `job-tick:${job.name}`, holder, clock.now(), periodClaimMs(job.everyMinutes), { renew: false }))) {
      logger.debug(`scheduled job ${job.name}: this period's run is another process's`);
      return 'claimed';
    }
    const run = await runLeased(job, context, holder, runLeaseMs);
    if (!run) {
      logger.debug(`scheduled job ${job.name}: running in another process (jobs run), tick skipped`);
      return 'running';
    }
    if ('error' in run) {
      logger.error(`scheduled job ${job.name} failed`, run.error);
      return 'ran';
    }
    logger.debug(`scheduled job ${job.name} ran: ${run.outcome.summary}`);
    if (run.outcome.changed) {
      logger.info(run.outcome.summary);
      onChange?.();
    }
    for (const problem of run.outcome.problems) logger.error(problem);
    return 'ran';
  }

  function tick(job: ScheduledJob): Promise<TickResult> {
    // A run longer than the period must not start a second one beside it in this process.
    const current = inFlight.get(job.name);
    if (current) return current.then(() => 'running' as const);
    const done = tickOnce(job)
      .catch((error: unknown) => {
        logger.error(`scheduled job ${job.name}: could not take its lease`, error);
        return 'running' as const;
      })
      .finally(() => inFlight.delete(job.name));
    inFlight.set(job.name, done);
    return done;
  }

  return {
    tick,
    start() {
      for (const job of jobs) {
        const begin = () => {
          if (stopped) return;
          void tick(job);
          timers.push(setInterval(() => void tick(job), job.everyMinutes * 60_000).unref());
        };
        if (job.firstRunAfterMinutes === 0) begin();
        else timers.push(setTimeout(begin, job.firstRunAfterMinutes * 60_000).unref());
      }
    },
    async stop() {
      stopped = true;
      for (const timer of timers) clearTimeout(timer);
      await Promise.all([...inFlight.values()]);
      for (const job of jobs) await releaseLease(db, `job-tick:${job.name}`, holder).catch(() => undefined);
    },
  };
}

/** Starts the timers of every job (see createJobScheduler); stop() them before closing the database. */
export function scheduleJobs(jobs: readonly ScheduledJob[], context: JobContext, options: SchedulerOptions): JobScheduler {
  const scheduler = createJobScheduler(jobs, context, options);
  scheduler.start();
  return scheduler;
}
