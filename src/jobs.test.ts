/** The scheduled jobs: one list, each job run on its own, on SQLite and PostgreSQL. */
import { expect, it } from 'vitest';
import { describeEachDialect } from '../test/db.ts';
import { SCHEDULED_JOBS } from './jobs.ts';
import { fixedClock } from './lib/time.ts';
import { runJobsOnce, type ScheduledJob } from './platform/jobs/jobs.ts';

const clock = fixedClock('2026-11-24T03:00:00Z');

describeEachDialect('runJobsOnce', (ctx) => {
  it('runs every job even when one before it throws, and says which failed', async () => {
    const ran: string[] = [];
    const job = (name: string, fails = false): ScheduledJob => ({
      name,
      firstRunAfterMinutes: 0,
      everyMinutes: 60,
      async run() {
        ran.push(name);
        if (fails) throw new Error(`${name} broke`);
        return { summary: `${name} done`, changed: false, problems: [] };
      },
    });
    // The jobs never touch the database here; runJobsOnce takes each one's lease there.
    const runs = await runJobsOnce([job('a'), job('b', true), job('c')], { db: ctx().db.kysely, clock, files: { storage: 'database' } });
    expect(ran).toEqual(['a', 'b', 'c']);
    expect(runs.map((r) => ('error' in r ? `${r.job}: ${String(r.error)}` : r.outcome.summary))).toEqual([
      'a done',
      'b: Error: b broke',
      'c done',
    ]);
  });
});

describeEachDialect('the registry', (ctx) => {
  it('holds every scheduled job once, and each runs on an empty city', async () => {
    expect(SCHEDULED_JOBS.map((j) => j.name)).toEqual([
      'provisional-overdue',
      'lottery',
      'auth-limits',
      'insights',
      'file-retention',
      'line-cleanup',
      'appointment-reminders',
    ]);
    const runs = await runJobsOnce(SCHEDULED_JOBS, { db: ctx().db.kysely, clock, files: { storage: 'database' } });
    expect(runs.filter((r) => 'error' in r)).toEqual([]);
    expect(runs.map((r) => ('outcome' in r ? r.outcome.summary : ''))).toEqual([
      'cancelled 0 unpaid provisional booking(s)',
      expect.stringMatching(/^lottery: seeded .*; drawn none; 0 unconfirmed win\(s\) lapsed$/),
      'auth limits: 0 ended window(s) forgotten',
      'insights: 0 month(s) counted',
      'files: 0 past their retention removed',
      'LINE: 0 old webhook event id(s) and ended link code(s) removed',
      'reminded 0 counter appointment(s) of tomorrow',
    ]);
  });
});
