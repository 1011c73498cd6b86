/**
 * The jobs kernel across processes, on both databases: timers of several processes (each its own
 * connection and holder) run a job once per period whoever's timer fires first, a process that dies
 * leaves the next period to the others, `jobs run` never runs a job beside a run in progress elsewhere
 * (it waits), and a process stopping cleanly lets the next start run at once.
 */
import { afterAll, expect, it } from 'vitest';
import { describeEachDialect, TEST_NOW } from '../../../test/db.ts';
import type { DatabaseHandle } from '../../db/database.ts';
import { silentLogger } from '../../lib/logger.ts';
import { movableClock } from '../notify/notify.test-helpers.ts';
import { createJobScheduler, type JobContext, runJobsOnce, type ScheduledJob } from './jobs.ts';

const HOUR = 60 * 60_000;

/** A job that counts its runs, and at most how many ran at once; `gate` holds a run until it resolves. */
function countingJob(name: string, everyMinutes = 60) {
  const state = { runs: 0, running: 0, mostAtOnce: 0, gate: undefined as Promise<void> | undefined };
  const job: ScheduledJob = {
    name,
    firstRunAfterMinutes: 0,
    everyMinutes,
    async run() {
      state.runs++;
      state.running++;
      state.mostAtOnce = Math.max(state.mostAtOnce, state.running);
      await state.gate;
      state.running--;
      return { summary: `${name} done`, changed: false, problems: [] };
    },
  };
  return { job, state };
}

describeEachDialect('scheduled jobs in several processes', (ctx) => {
  const connections: DatabaseHandle[] = [];
  const processDb = () => {
    const db = ctx().connectAgain();
    connections.push(db);
    return db.kysely;
  };
  afterAll(async () => {
    await Promise.all(connections.map((db) => db.close()));
  });
  const clock = movableClock(TEST_NOW);
  const contextOf = (db: JobContext['db']): JobContext => ({ db, clock, files: { storage: 'database' } });
  const schedulerIn = (jobs: ScheduledJob[], holder: string) =>
    createJobScheduler(jobs, contextOf(processDb()), { logger: silentLogger, holder });

  it('run once per period across two processes whose timers fire together, and again the next period', async () => {
    const a = countingJob('a');
    const b = countingJob('b', 30);
    const one = schedulerIn([a.job, b.job], 'p1');
    const two = schedulerIn([a.job, b.job], 'p2');
    const tickBoth = () => Promise.all([one, two].flatMap((s) => [s.tick(a.job), s.tick(b.job)]));

    const first = await tickBoth();
    expect(first.filter((r) => r === 'ran')).toHaveLength(2);
    expect([a.state.runs, b.state.runs]).toEqual([1, 1]);

    clock.advance(30 * 60_000); // b's next period, not yet a's
    await tickBoth();
    expect([a.state.runs, b.state.runs]).toEqual([1, 2]);

    clock.advance(30 * 60_000);
    await tickBoth();
    expect([a.state.runs, b.state.runs]).toEqual([2, 3]);
    await Promise.all([one.stop(), two.stop()]);
  });

  it('leave the next period to the survivors when a process dies, and do not run again for a restarted one', async () => {
    const a = countingJob('dies');
    const dead = schedulerIn([a.job], 'dead');
    expect(await dead.tick(a.job)).toBe('ran'); // then the process is killed: no stop(), its claim stays
    const restarted = schedulerIn([a.job], 'restarted');
    const other = schedulerIn([a.job], 'other');
    expect(await restarted.tick(a.job)).toBe('claimed');
    clock.advance(HOUR);
    expect((await Promise.all([restarted.tick(a.job), other.tick(a.job)])).sort()).toEqual(['claimed', 'ran']);
    expect(a.state.runs).toBe(2);
    await Promise.all([restarted.stop(), other.stop()]);
  });

  it('`jobs run` waits for a run in progress in another process instead of running beside it', async () => {
    const a = countingJob('long');
    let open: () => void = () => undefined;
    a.state.gate = new Promise<void>((resolve) => {
      open = resolve;
    });
    const server = schedulerIn([a.job], 'server');
    const serverTick = server.tick(a.job);
    while (a.state.runs === 0) await new Promise((r) => setTimeout(r, 10));
    let cliDone = false;
    const cli = runJobsOnce([a.job], contextOf(processDb()), { pollMs: 20 }).then((runs) => {
      cliDone = true;
      return runs;
    });
    await new Promise((r) => setTimeout(r, 200));
    expect(cliDone).toBe(false);
    expect(a.state.runs).toBe(1);
    a.state.gate = undefined;
    open();
    expect(await serverTick).toBe('ran');
    expect((await cli).map((r) => ('outcome' in r ? r.outcome.summary : String(r.error)))).toEqual(['long done']);
    expect(a.state.runs).toBe(2);
    expect(a.state.mostAtOnce).toBe(1);
    await server.stop();
  });

  it('skip a tick while `jobs run` runs the job elsewhere, and never start a second run beside their own', async () => {
    const a = countingJob('busy');
    let open: () => void = () => undefined;
    a.state.gate = new Promise<void>((resolve) => {
      open = resolve;
    });
    const cli = runJobsOnce([a.job], contextOf(processDb()));
    while (a.state.runs === 0) await new Promise((r) => setTimeout(r, 10));
    const server = schedulerIn([a.job], 'server-2');
    expect(await server.tick(a.job)).toBe('running');
    a.state.gate = undefined;
    open();
    await cli;

    clock.advance(HOUR);
    a.state.gate = new Promise<void>((resolve) => {
      open = resolve;
    });
    const first = server.tick(a.job);
    clock.advance(HOUR); // the next tick comes while the first run still goes
    const second = server.tick(a.job);
    a.state.gate = undefined;
    open();
    expect([await first, await second]).toEqual(['ran', 'running']);
    expect(a.state.runs).toBe(2);
    expect(a.state.mostAtOnce).toBe(1);
    await server.stop();
  });

  it('release their claims when stopped cleanly, so the next start runs at once', async () => {
    const a = countingJob('restart');
    const before = schedulerIn([a.job], 'before');
    expect(await before.tick(a.job)).toBe('ran');
    await before.stop();
    const after = schedulerIn([a.job], 'after');
    expect(await after.tick(a.job)).toBe('ran');
    expect(a.state.runs).toBe(2);
    await after.stop();
  });
});
