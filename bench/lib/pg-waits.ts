/**
 * What PostgreSQL's backends were doing during a bench step: pg_stat_activity sampled every 25 ms and
 * counted by state and wait event. It tells a queue inside PostgreSQL (lock waits, WAL writes) from one
 * in front of it (the app's connection pool, its event loop): if the server's connections sit idle while
 * its requests are slow, the time is spent in the app.
 */
import { sql } from 'kysely';
import type { DatabaseHandle } from '../../src/db/database.ts';

export interface WaitSampler {
  /** Stops sampling; rows of [what, share of backend-samples, mean backends doing it]. */
  stop(): Promise<{ samples: number; rows: [string, number, number][]; firstSeconds: [string, number, number][] }>;
}

const EVERY_MS = 25;
/** The rush is front-loaded: its first seconds are reported on their own too. */
const FIRST_MS = 5000;

export function sampleWaits(db: DatabaseHandle): WaitSampler {
  const counts = new Map<string, number>();
  const firstCounts = new Map<string, number>();
  const start = Date.now();
  let samples = 0;
  let firstSamples = 0;
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      const started = Date.now();
      const rows = await sql<{ what: string }>`
        select state || coalesce(' · ' || wait_event_type || ':' || wait_event, '') as what
        from pg_stat_activity
        where datname = current_database() and pid <> pg_backend_pid() and backend_type = 'client backend'
          and application_name <> 'tsunagu change listener'`
        .execute(db.kysely)
        .catch(() => ({ rows: [] as { what: string }[] }));
      samples += 1;
      const early = started - start < FIRST_MS;
      if (early) firstSamples += 1;
      for (const { what } of rows.rows) {
        const key = what ?? 'unknown';
        counts.set(key, (counts.get(key) ?? 0) + 1);
        if (early) firstCounts.set(key, (firstCounts.get(key) ?? 0) + 1);
      }
      await new Promise((r) => setTimeout(r, Math.max(0, EVERY_MS - (Date.now() - started))));
    }
  })();
  return {
    async stop() {
      stopped = true;
      await loop;
      const summary = (of: Map<string, number>, n: number) => {
        const total = [...of.values()].reduce((a, b) => a + b, 0) || 1;
        return [...of.entries()]
          .sort((a, b) => b[1] - a[1])
          .map(([what, k]): [string, number, number] => [what, k / total, k / Math.max(1, n)]);
      };
      return { samples, rows: summary(counts, samples), firstSeconds: summary(firstCounts, firstSamples) };
    },
  };
}
