/**
 * npm run bench — speed, scale and contention, each figure beside a baseline measured in the same run.
 * Server and load generator are separate processes on loopback (autocannon drives the real server).
 * A run of every section writes bench/results/latest.{json,md}; a run of some (BENCH_ONLY) writes
 * bench/results/<sections>-latest.{json,md}, so it never replaces the last full run. BENCH_QUICK=1
 * shortens every run.
 *
 * Sections: read side (availability JSON, month grid HTML, search) at 1/10/50 clients against a bare Hono
 * route; page weight; booking creation at 1/10/50/200 clients on SQLite and PostgreSQL against raw inserts;
 * contention (50 cells × 50 clients); 10× history growth; server memory; the 09:00 rush (bench/rush.ts);
 * counter appointments (bench/appointments.ts: races, a month of slots, bookings, the call screen).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { sql } from 'kysely';
import { insertReservation } from '../src/features/booking/booking.repository.ts';
import { insightsFigures } from '../src/features/insights/insights.service.ts';
import { buildStaleMonths } from '../src/features/insights/insights-store.ts';
import type { GroupBy } from '../src/features/insights/utilisation.query.ts';
import { newId } from '../src/lib/ids.ts';
import { addDays, addMonths, isoWeekday, monthRange, systemClock, todayIn } from '../src/lib/time.ts';
import { startPgCluster } from '../test/pg-cluster.ts';
import { type AppointmentsOutcome, benchAppointments } from './appointments.ts';
import { freeCells, makeTokens, type Prepared, preparePostgres, prepareSqlite } from './lib/databases.ts';
import { bookingFeeder, type LoadResult, load, table } from './lib/load.ts';
import { type Running, sampleRss, startBaseline, startServer } from './lib/processes.ts';
import { benchLottery } from './lottery.ts';
import { benchRush } from './rush.ts';
import { benchStaleness } from './staleness.ts';
import { benchStart } from './start.ts';

const quick = process.env.BENCH_QUICK === '1';
// BENCH_ONLY=read,growth,booking,lottery,rush,staleness,appointments runs some (default: these); start (bench/start.ts) only if named.
const only = new Set((process.env.BENCH_ONLY ?? 'read,growth,booking,lottery,rush,staleness,appointments').split(','));
const want = (section: string) => only.has(section);
const seconds = quick ? 2 : 5;
const clock = systemClock;
const today = todayIn(clock);
const dir = mkdtempSync(join(tmpdir(), 'tsunagu-bench-'));
const report: Record<string, unknown> = { date: new Date().toISOString(), node: process.version, quick };
const md: string[] = [
  `# Benchmarks\n\n${new Date().toISOString()} · Node ${process.version} · 2-core machine · ${quick ? 'quick run' : 'full run'}\n`,
];
const log = (line: string) => process.stdout.write(`${line}\n`);

function nextSaturday(): string {
  let d = addDays(today, 7);
  while (isoWeekday(d) !== 6) d = addDays(d, 1);
  return d;
}

async function readSide(prepared: Prepared) {
  log('\n== read side (SQLite, 1× demo history)');
  const server = await startServer({ DATABASE_URL: prepared.url });
  const baseline = await startBaseline();
  const month = addDays(today, 14).slice(0, 7);
  const targets: [string, string][] = [
    // A first-come room (r1, the hall, goes to the lottery), as in the runs before the lottery existed.
    ['availability JSON (1 room, 1 month)', `/api/v1/rooms/kokurakita-llc-r2/availability?from=${month}-01&to=${month}-28`],
    ['month grid HTML (8 rooms)', `/facilities/kokurakita-llc/availability?month=${month}`],
  ];
  const rows: (string | number)[][] = [];
  const results: (LoadResult & { ratio: number })[] = [];
  let rss = 0;
  for (const connections of [1, 10, 50]) {
    const base = await load('baseline: bare Hono route', `${baseline.url}/`, { connections, duration: seconds });
    rows.push([base.name, connections, base.rps, base.p50, base.p99, '1.00']);
    results.push({ ...base, ratio: 1 });
    for (const [name, path] of targets) {
      const running = load(name, `${server.url}${path}`, { connections, duration: seconds });
      rss = Math.max(rss, await sampleRss(server, running));
      const r = await running;
      const ratio = r.rps / base.rps;
      results.push({ ...r, ratio });
      rows.push([name, connections, r.rps, r.p50, r.p99, ratio.toFixed(2)]);
      if (r.non2xx > 0 || r.errors > 0) log(`  !! ${name}: ${r.non2xx} non-2xx, ${r.errors} errors`);
    }
  }
  // As a browser asks at 50 clients: gzip accepted, and a page it already holds revalidated (304).
  const gridPath = targets[1]?.[1] ?? '';
  const etag = (await fetch(`${server.url}${gridPath}`)).headers.get('etag') ?? '';
  for (const [name, headers] of [
    ['month grid HTML (8 rooms), gzip accepted', { 'accept-encoding': 'gzip' }],
    ['month grid HTML (8 rooms), revalidated: 304', { 'if-none-match': etag }],
  ] as const) {
    const base = results.find((r) => r.connections === 50 && r.name.startsWith('baseline'));
    const r = await load(name, `${server.url}${gridPath}`, { connections: 50, duration: seconds, headers: { ...headers } });
    const ratio = base ? r.rps / base.rps : 0;
    results.push({ ...r, ratio });
    rows.push([name, 50, r.rps, r.p50, r.p99, ratio.toFixed(2)]);
  }
  const saturday = nextSaturday();
  const search = await load('search: one date + band, whole city', `${server.url}/api/v1/search?date=${saturday}&band=afternoon`, {
    connections: 1,
    duration: seconds,
  });
  const searchWard = await load(
    'search: 20 people, Saturday afternoon, 小倉北区',
    `${server.url}/api/v1/search?date=${saturday}&band=afternoon&ward=kokurakita&minCapacity=20`,
    { connections: 1, duration: seconds },
  );
  rows.push([search.name, 1, search.rps, search.p50, search.p99, '']);
  rows.push([searchWard.name, 1, searchWard.rps, searchWard.p50, searchWard.p99, '']);
  const t = table(['case', 'clients', 'req/s', 'p50 ms', 'p99 ms', '÷ baseline req/s'], rows);
  log(t);
  log(`server RSS under load: max ${rss.toFixed(0)} MiB`);
  md.push(`## Read side (SQLite, 1× history)\n\n${t}\n\nServer RSS under load: max ${rss.toFixed(0)} MiB (target ≤ 200).\n`);
  report.readSide = { results, search, searchWard, rssMiB: rss };
  const json50 = results.find((r) => r.connections === 50 && r.name.startsWith('availability'));
  const grid50 = results.find((r) => r.connections === 50 && r.name === 'month grid HTML (8 rooms)');
  report.targets = {
    ...(report.targets as object),
    'availability JSON ≥ 3000 req/s at 50 clients': json50 ? json50.rps >= 3000 : false,
    'availability JSON ≥ 50% of baseline at 50 clients': json50 ? json50.ratio >= 0.5 : false,
    'month grid HTML ≥ 1000 req/s at 50 clients': grid50 ? grid50.rps >= 1000 : false,
    'month grid HTML p99 ≤ 100 ms at 50 clients': grid50 ? grid50.p99 <= 100 : false,
    'search p50 ≤ 10 ms': search.p50 <= 10,
    'RSS ≤ 200 MiB': rss <= 200,
  };

  // Page weight of the main resident pages, compressed as a browser receives them.
  log('\n== page weight');
  const token = (await makeTokens(prepared.db, 1))[0] ?? '';
  const pages: [string, string][] = [
    ['home', '/'],
    ['ward list', '/wards/yahatanishi'],
    ['facility', '/facilities/kokurakita-llc'],
    ['month grid (8 rooms)', `/facilities/kokurakita-llc/availability?month=${month}`],
    ['search results', `/search?date=${saturday}&band=afternoon&ward=kokurakita&minCapacity=20`],
    ['register', '/register'],
    ['login', '/login'],
    ['stylesheet', '/assets/app.css'],
  ];
  const weights: (string | number)[][] = [];
  let heaviest = 0;
  for (const [name, path] of pages) {
    const res = await fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
    const body = Buffer.from(await res.arrayBuffer());
    const gz = gzipSync(body).length;
    const scripts = (body.toString('utf8').match(/<script/g) ?? []).length;
    heaviest = Math.max(heaviest, gz);
    weights.push([name, body.length, gz, scripts]);
  }
  const w = table(['page', 'HTML bytes', 'gzip bytes', '<script> tags'], weights);
  log(w);
  md.push(
    `## Page weight\n\n${w}\n\nNo page needs JavaScript. Target ≤ 60 KB compressed each: heaviest ${(heaviest / 1024).toFixed(1)} KB.\n`,
  );
  report.pageWeight = weights;
  report.targets = { ...(report.targets as object), 'pages ≤ 60 KB compressed': heaviest <= 60 * 1024 };
  await server.stop();
  await baseline.stop();
}

async function rawInsertRate(prepared: Prepared, cells: { roomId: string; date: string; band: string }[], n: number): Promise<number> {
  const start = process.hrtime.bigint();
  const now = new Date().toISOString();
  for (const cell of cells.slice(0, n)) {
    const id = newId('rsv');
    await prepared.db.kysely.transaction().execute((trx) =>
      insertReservation(
        trx,
        {
          id,
          number: id,
          room_id: cell.roomId,
          date: cell.date,
          status: 'confirmed',
          category: 'general',
          purpose: 'raw',
          attendees: 1,
          channel: 'api',
          created_at: now,
          user_id: null,
          group_id: null,
          operator_id: null,
          fee_detail: null,
          idempotency_key: null,
          cancelled_at: null,
          updated_at: null,
        },
        [cell.band],
      ),
    );
  }
  return n / (Number(process.hrtime.bigint() - start) / 1e9);
}

async function booking(label: string, prepared: Prepared) {
  log(`\n== booking creation (${label})`);
  const tokens = await makeTokens(prepared.db, 200);
  const cells = await freeCells(prepared.db, clock, 30);
  const rawN = quick ? 200 : 1000;
  const baseline = await rawInsertRate(prepared, cells.splice(0, rawN), rawN);
  const server = await startServer({ DATABASE_URL: prepared.url });
  const rows: (string | number)[][] = [
    ['baseline: raw insert, one transaction each (no HTTP, no checks)', 1, Math.round(baseline), '', '', '1.00'],
  ];
  const results: LoadResult[] = [];
  const feeder = bookingFeeder(cells, tokens);
  for (const connections of [1, 10, 50, 200]) {
    const amount = quick ? Math.max(100, connections * 4) : Math.max(400, connections * 10);
    const r = await load(`bookings on distinct cells`, `${server.url}/api/v1/reservations`, {
      connections,
      amount,
      requests: feeder.requests,
    });
    results.push(r);
    rows.push([r.name, connections, r.rps, r.p50, r.p99, (r.rps / baseline).toFixed(2)]);
    if (r.non2xx > 0 || r.errors > 0) log(`  !! ${r.non2xx} non-2xx, ${r.errors} errors at ${connections} clients`);
  }
  const t = table(['case', 'clients', 'bookings/s', 'p50 ms', 'p99 ms', '÷ raw insert'], rows);
  log(t);
  md.push(`## Booking creation (${label})\n\n${t}\n`);
  report[`booking_${label}`] = { baselinePerSecond: baseline, results };
  if (label === 'SQLite') {
    const at50 = results.find((r) => r.connections === 50);
    report.targets = {
      ...(report.targets as object),
      'SQLite ≥ 1000 bookings/s at 50 clients': (at50?.rps ?? 0) >= 1000,
      'SQLite booking p99 ≤ 100 ms at 50 clients': (at50?.p99 ?? Number.POSITIVE_INFINITY) <= 100,
    };
  }
  await contention(label, prepared, server, tokens, cells.slice(feeder.used() + 10));
  await server.stop();
}

async function contention(
  label: string,
  prepared: Prepared,
  server: Running,
  tokens: string[],
  cells: { roomId: string; date: string; band: string }[],
) {
  const targets = cells.slice(0, 50);
  let ok = 0;
  let conflict = 0;
  let other = 0;
  const started = Date.now();
  for (const cell of targets) {
    const responses = await Promise.all(
      tokens.slice(0, 50).map((token) =>
        fetch(`${server.url}/api/v1/reservations`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify({
            roomId: cell.roomId,
            date: cell.date,
            bands: [cell.band],
            purpose: '競合',
            attendees: 1,
            category: 'general',
          }),
        }).then((r) => r.status),
      ),
    );
    for (const s of responses) {
      if (s === 201) ok++;
      else if (s === 409) conflict++;
      else other++;
    }
  }
  // Verify in the database: each contested cell is held by exactly one reservation.
  let overlaps = 0;
  for (const cell of targets) {
    const held = await prepared.db.kysely
      .selectFrom('reservation_cells')
      .select('reservation_id')
      .where('room_id', '=', cell.roomId)
      .where('date', '=', cell.date)
      .where('band', '=', cell.band)
      .execute();
    if (held.length !== 1) overlaps++;
  }
  const orphans = await sql<{ n: string | number }>`
    select count(*) as n from reservations r
    where r.status in ('confirmed','provisional') and not exists (select 1 from reservation_cells c where c.reservation_id = r.id)`.execute(
    prepared.db.kysely,
  );
  const line = `contention (${label}): 50 cells × 50 clients → ${ok} × 201, ${conflict} × 409, ${other} other; cells not held by exactly one reservation: ${overlaps}; live reservations without cells: ${Number(orphans.rows[0]?.n)}; ${Date.now() - started} ms`;
  log(line);
  md.push(`**Contention (${label}).** ${line.replace(/^contention \([^)]+\): /, '')}\n`);
  report[`contention_${label}`] = { ok, conflict, other, overlaps, orphans: Number(orphans.rows[0]?.n) };
  report.targets = {
    ...(report.targets as object),
    [`contention ${label}: exactly 50 successes, rest 409, no overlaps`]: ok === 50 && conflict === 2450 && other === 0 && overlaps === 0,
  };
}

/**
 * Insights at scale, in-process on the 1× and 10× databases: everything the staff page asks for one
 * question (utilisation by its grouping and by room, who uses the rooms, 多目的, Sunday opening), for the
 * whole city. The first question of a range builds its ended months (cold); the hourly job then keeps
 * them, and every later question reads them (warm: the median of the repeats).
 */
async function insightsAtScale(one: Prepared, ten: Prepared) {
  log('\n== insights: the staff page queries, whole city (in-process)');
  const timeMs = async (run: () => Promise<unknown>) => {
    const start = process.hrtime.bigint();
    await run();
    return Number(process.hrtime.bigint() - start) / 1e6;
  };
  const medianMs = async (run: () => Promise<unknown>, times: number) => {
    const ms: number[] = [];
    for (let i = 0; i < times; i++) ms.push(await timeMs(run));
    return ms.sort((a, b) => a - b)[Math.floor(ms.length / 2)] ?? 0;
  };
  const current = today.slice(0, 7);
  const lastDay = monthRange(addMonths(current, -1)).to;
  const ranges: [string, { from: string; to: string }, GroupBy][] = [
    ['last month (the default page)', monthRange(addMonths(current, -1)), 'facility'],
    ['the last 12 months', { from: `${addMonths(current, -12)}-01`, to: lastDay }, 'facility'],
    ['the last 365 days (month ends live)', { from: addDays(today, -365), to: addDays(today, -1) }, 'weekday'],
    ['ten years by month (the trend)', { from: `${addMonths(current, -120)}-01`, to: lastDay }, 'month'],
    ['ten years by weekday', { from: `${addMonths(current, -120)}-01`, to: lastDay }, 'weekday'],
  ];
  const jobs: string[] = [];
  for (const [label, p] of [
    ['1×', one],
    ['10×', ten],
  ] as const) {
    const cold = await timeMs(() => insightsFigures(p.db.kysely, ranges[0]?.[1] as { from: string; to: string }, 'facility', clock));
    const start = process.hrtime.bigint();
    const built = await buildStaleMonths(p.db.kysely, today, clock.now());
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    jobs.push(
      `${label}: first question of last month ${cold.toFixed(0)} ms (builds it); the job built ${built} more month(s) in ${(ms / 1000).toFixed(1)} s (${(ms / Math.max(built, 1)).toFixed(0)} ms a month)`,
    );
  }
  const rows: (string | number)[][] = [];
  let worst10x = 0;
  let defaultPage10x = 0;
  for (const [name, q, groupBy] of ranges) {
    const page = (p: Prepared) => () => insightsFigures(p.db.kysely, q, groupBy, clock);
    const t1 = await medianMs(page(one), quick ? 3 : 5);
    const t10 = await medianMs(page(ten), quick ? 3 : 5);
    worst10x = Math.max(worst10x, t10);
    if (name.startsWith('last month')) defaultPage10x = t10;
    rows.push([name, t1.toFixed(0), t10.toFixed(0), (t10 / Math.max(t1, 0.01)).toFixed(2)]);
  }
  const t = table(['insights page, whole city (warm)', 'median ms 1×', 'median ms 10×', 'ratio'], rows);
  log(t);
  for (const j of jobs) log(j);
  md.push(`## Insights at scale (SQLite, whole city)\n\n${t}\n\n${jobs.map((j) => `- ${j}`).join('\n')}\n`);
  report.insights = { rows, jobs };
  report.targets = {
    ...(report.targets as object),
    'insights page (last month) over the 10× history < 200 ms': defaultPage10x < 200,
    'every insights page above over the 10× history < 200 ms (warm)': worst10x < 200,
  };
}

async function growth(one: Prepared) {
  log('\n== scale growth (SQLite, 1× vs 10× history)');
  const ten = await prepareSqlite(join(dir, 'ten.db'), clock, 3650);
  const count = async (p: Prepared) =>
    Number((await sql<{ n: string | number }>`select count(*) as n from reservations`.execute(p.db.kysely)).rows[0]?.n);
  const month = addDays(today, 14).slice(0, 7);
  const saturday = nextSaturday();
  const rows: (string | number)[][] = [];
  const measured: Record<string, { one: LoadResult; ten: LoadResult; rss: number }> = {};
  for (const [name, path] of [
    ['availability JSON', `/api/v1/rooms/kokurakita-llc-r2/availability?from=${month}-01&to=${month}-28`],
    ['search, whole city', `/api/v1/search?date=${saturday}&band=afternoon`],
  ] as const) {
    const s1 = await startServer({ DATABASE_URL: one.url });
    const r1 = await load(name, `${s1.url}${path}`, { connections: 10, duration: seconds });
    await s1.stop();
    const s10 = await startServer({ DATABASE_URL: ten.url });
    const run = load(name, `${s10.url}${path}`, { connections: 10, duration: seconds });
    const rss = await sampleRss(s10, run);
    const r10 = await run;
    await s10.stop();
    measured[name] = { one: r1, ten: r10, rss };
    rows.push([name, r1.p50, r10.p50, (r10.p50 / Math.max(r1.p50, 0.01)).toFixed(2), r1.rps, r10.rps, rss.toFixed(0)]);
  }
  const t = table(['case (10 clients)', 'p50 ms 1×', 'p50 ms 10×', 'ratio', 'req/s 1×', 'req/s 10×', 'RSS MiB 10×'], rows);
  const sizes = `reservations: 1× ${await count(one)}, 10× ${await count(ten)}; database size: 1× ${(await one.sizeMiB()).toFixed(0)} MiB, 10× ${(await ten.sizeMiB()).toFixed(0)} MiB`;
  log(t);
  log(sizes);
  md.push(`## Scale growth (SQLite)\n\n${t}\n\n${sizes}\n`);
  report.growth = { measured, sizes };
  await insightsAtScale(one, ten);
  report.targets = {
    ...(report.targets as object),
    '10× latency within 1.3× of 1×': Object.values(measured).every((m) => m.ten.p50 <= 1.3 * Math.max(m.one.p50, 1)),
  };
  await ten.db.close();
}

function lottery() {
  log('\n== lottery draw (in-process, pure function)');
  const b = benchLottery(quick);
  const t = table(['case', 'entries', 'cells', 'median ms', '÷ baseline'], b.rows);
  const heap = `heap kept by the results per entry at 25k / 50k / 100k entries: ${b.heapBytesPerEntry.map((x) => x.toFixed(0)).join(' / ')} bytes (flat: memory grows with the input only)`;
  log(t);
  log(heap);
  md.push(`## Lottery draw\n\n${t}\n\n${heap}\n`);
  report.lottery = b;
  report.targets = { ...(report.targets as object), 'lottery draw of 100,000 entries over 20,000 cells < 2 s': b.drawMs < 2000 };
}

async function rush(label: string, prepare: (seedClock: typeof clock) => Promise<Prepared>, workers = 1) {
  const r = await benchRush(label, prepare, quick, log, workers);
  md.push(r.markdown);
  Object.assign(report, { [`rush_${label}`]: r.json, targets: { ...(report.targets as object), ...r.targets } });
}

function appointments(label: string, r: AppointmentsOutcome) {
  md.push(r.markdown);
  Object.assign(report, { [`appointments_${label}`]: r.json, targets: { ...(report.targets as object), ...r.targets } });
}

try {
  if (want('lottery')) lottery();
  if (want('read') || want('growth') || want('booking') || want('start')) {
    const seedStart = Date.now();
    const sqlite = await prepareSqlite(join(dir, 'one.db'), clock, 365);
    log(`SQLite demo city prepared in ${((Date.now() - seedStart) / 1000).toFixed(1)} s`);
    if (want('read')) await readSide(sqlite);
    if (want('growth')) await growth(sqlite);
    if (want('booking')) await booking('SQLite', sqlite);
    if (want('start')) report.start = await benchStart(sqlite, clock, quick, log, md);
    await sqlite.db.close();
  }
  if (want('rush')) await rush('SQLite', (seedClock) => prepareSqlite(join(dir, 'rush.db'), seedClock, 365));
  if (want('appointments')) {
    const prepared = await prepareSqlite(join(dir, 'appointments.db'), clock, 30);
    appointments('SQLite', await benchAppointments('SQLite', prepared, clock, quick, log, { secondProcess: true }));
    await prepared.db.close();
  }

  if (want('booking') || want('rush') || want('staleness') || want('appointments')) {
    const cluster = startPgCluster({ durable: true });
    try {
      if (want('booking')) {
        const pgPrepared = await preparePostgres(cluster.url, 'bench', clock, 365);
        await booking('PostgreSQL', pgPrepared);
        await pgPrepared.db.close();
      }
      if (want('rush')) {
        await rush('PostgreSQL', (seedClock) => preparePostgres(cluster.url, 'rush', seedClock, 365));
        await rush('PostgreSQL, 2 workers', (seedClock) => preparePostgres(cluster.url, 'rush2', seedClock, 365), 2);
      }
      if (want('staleness')) {
        const pgPrepared = await preparePostgres(cluster.url, 'staleness', clock, 365);
        const r = await benchStaleness(pgPrepared, clock, quick, log);
        md.push(r.markdown);
        Object.assign(report, { staleness: r.json, targets: { ...(report.targets as object), ...r.targets } });
        await pgPrepared.db.close();
      }
      if (want('appointments')) {
        const prepared = await preparePostgres(cluster.url, 'appointments', clock, 30);
        const r = await benchAppointments('PostgreSQL', prepared, clock, quick, log, { secondProcess: true });
        appointments('PostgreSQL', r);
        await prepared.db.close();
      }
    } finally {
      cluster.stop();
    }
  }

  const targets = (report.targets ?? {}) as Record<string, boolean>;
  const t = table(
    ['target', 'met'],
    Object.entries(targets).map(([k, v]) => [k, v ? 'yes' : '**no**']),
  );
  log(`\n${t}`);
  md.push(Object.keys(targets).length > 0 ? `## Targets\n\n${t}\n` : ''); // none in BENCH_ONLY=start
  mkdirSync('bench/results', { recursive: true });
  const name = process.env.BENCH_ONLY ? `bench/results/${[...only].join('-')}-latest` : 'bench/results/latest';
  writeFileSync(`${name}.json`, `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(`${name}.md`, `${md.join('\n')}\n`);
  log(`\nwritten: ${name}.json, ${name}.md`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
