/**
 * In-process benchmarks of the read side on the full demo city (one year of history, three months
 * ahead): the facility month grid (HTML, 8 rooms), one room's month (JSON) and a cross-facility search.
 * Each figure is compared with a bare Hono route measured in the same run, so the ratio survives a noisy
 * machine. Prints a table and writes bench/results/read-side.json.
 *
 *   npm run bench            (SQLite, temp database)
 *   BENCH_ITERATIONS=500 npm run bench
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Hono } from 'hono';
import { createApp } from '../src/app.tsx';
import { loadConfig } from '../src/config.ts';
import { createDb } from '../src/db/database.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { seedDemoCity } from '../src/db/seed/demo-city.ts';
import { silentLogger } from '../src/lib/logger.ts';
import { addDays, fixedClock, isoWeekday, todayIn } from '../src/lib/time.ts';

const iterations = Number(process.env.BENCH_ITERATIONS ?? 300);
const clock = fixedClock('2026-11-24T01:00:00Z');
const today = todayIn(clock);

interface Result {
  name: string;
  medianMs: number;
  p99Ms: number;
  bytes: number;
  ratioToBaseline: number;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

async function measure(fetcher: (path: string) => Promise<Response>, path: string) {
  let bytes = 0;
  for (let i = 0; i < 20; i++) bytes = (await (await fetcher(path)).arrayBuffer()).byteLength; // warm-up
  const times: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const start = process.hrtime.bigint();
    const res = await fetcher(path);
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`${path}: HTTP ${res.status}`);
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  times.sort((a, b) => a - b);
  return { median: percentile(times, 50), p99: percentile(times, 99), bytes };
}

const dir = mkdtempSync(join(tmpdir(), 'tsunagu-bench-'));
const db = createDb({ dialect: 'sqlite', path: join(dir, 'bench.db') });
try {
  await migrateToLatest(db);
  const seedStart = Date.now();
  const summary = await seedDemoCity(db.kysely, { seed: 20261124, today });
  process.stdout.write(
    `demo city: ${summary.reservations} reservations, ${summary.occupiedCells} occupied cells (seeded in ${Date.now() - seedStart} ms)\n`,
  );

  const app = createApp({ config: loadConfig({ SEED: 'none' }), db: db.kysely, dialect: 'sqlite', clock, logger: silentLogger });
  const bare = new Hono();
  bare.get('/', (c) => c.text('ok'));

  let saturday = addDays(today, 7);
  while (isoWeekday(saturday) !== 6) saturday = addDays(saturday, 1);
  const month = addDays(today, 14).slice(0, 7);

  const baseline = await measure((p) => Promise.resolve(bare.request(p)), '/');
  const cases: [string, string][] = [
    ['facility month grid, 8 rooms (HTML)', `/facilities/kokurakita-llc/availability?month=${month}`],
    ['room month availability (JSON)', `/api/v1/rooms/kokurakita-llc-r1/availability?from=${month}-01&to=${month}-28`],
    ['search: one date and band, whole city (JSON)', `/api/v1/search?date=${saturday}&band=afternoon`],
    ['search: 20 people, Saturday afternoon, one ward (HTML)', `/search?date=${saturday}&band=afternoon&ward=kokurakita&minCapacity=20`],
  ];
  const results: Result[] = [
    { name: 'baseline: bare Hono route', medianMs: baseline.median, p99Ms: baseline.p99, bytes: baseline.bytes, ratioToBaseline: 1 },
  ];
  for (const [name, path] of cases) {
    const m = await measure((p) => Promise.resolve(app.request(p)), path);
    results.push({ name, medianMs: m.median, p99Ms: m.p99, bytes: m.bytes, ratioToBaseline: m.median / baseline.median });
  }

  const rows = results.map(
    (r) => `| ${r.name} | ${r.medianMs.toFixed(3)} | ${r.p99Ms.toFixed(3)} | ${r.bytes} | ${r.ratioToBaseline.toFixed(1)}× |`,
  );
  const table = ['| case (in-process, SQLite) | median ms | p99 ms | bytes | ÷ baseline |', '|---|---:|---:|---:|---:|', ...rows].join(
    '\n',
  );
  process.stdout.write(`\n${iterations} iterations each\n${table}\n`);
  mkdirSync('bench/results', { recursive: true });
  writeFileSync(
    'bench/results/read-side.json',
    `${JSON.stringify({ date: new Date().toISOString(), iterations, node: process.version, demo: summary, results }, null, 2)}\n`,
  );
  writeFileSync(
    'bench/results/read-side.md',
    `# Read-side benchmark\n\n${iterations} iterations each, ${new Date().toISOString()}\n\n${table}\n`,
  );
} finally {
  await db.close();
  rmSync(dir, { recursive: true, force: true });
}
