/**
 * The rush (#16): 09:00 on a first-come day, when the lottery halls' month after next opens first-come.
 * The real server runs as its own process with its wall clock set to a few seconds before 09:00 on that
 * day (bench/lib/fake-clock.mjs), on a demo city seeded as it stood the evening before. Virtual residents,
 * already signed in, arrive over the window, front-loaded as a rush is (arrival = window × u², so half
 * come in its first quarter); each one, in order and without pauses: the home page, the month grid of the
 * centre, the booking form for their cell, the confirmation (POST), the booking (POST, 303 on success),
 * and the reservation page the 303 leads to. Residents go for their own cell whatever the grid shows, so
 * every cell is contested by about residents ÷ cells people: the worst case for the write path. Clerks at
 * the centres work meanwhile: desk day views, and proxy bookings (代理予約) for phone callers who want the
 * same popular cells. This is the page path residents use (session cookie, CSRF token read from each
 * form), not the JSON API.
 *
 * Checked: exactly one success per cell (whichever path won it), each cell held by exactly one
 * reservation in the database, and no status other than 200/201/303/304/409; before 09:00 the same
 * confirmation is refused (422), which shows the clock took effect.
 */
import { seededRandom } from '../src/lib/random.ts';
import { type Clock, fixedClock, systemClock } from '../src/lib/time.ts';
import { DEFAULT_LOTTERY_RULES, tokyoInstant } from '../src/platform/lottery-calendar/lottery-calendar.ts';
import { loadLotteryRules } from '../src/platform/lottery-calendar/lottery-rules.ts';
import type { Prepared } from './lib/databases.ts';
import { table } from './lib/load.ts';
import { hiddenFields, PageBrowser, percentile, Recorder } from './lib/page-client.ts';
import { sampleWaits } from './lib/pg-waits.ts';
import { type Running, sampleRss, startServer } from './lib/processes.ts';
import { makeClerks, makeResidents, nextRush, type PopularCell, popularCells, type RushMoment, type SignedIn } from './lib/rush-setup.ts';

export interface RushPlan {
  residents: number;
  windowSeconds: number;
  cells: number;
  /** Staff requests: three fifths desk day views, the rest proxy bookings of two requests each. */
  staffRequests: number;
}

export const rushPlan = (quick: boolean): RushPlan =>
  quick
    ? { residents: 100, windowSeconds: 10, cells: 8, staffRequests: 20 }
    : { residents: 500, windowSeconds: 60, cells: 40, staffRequests: 100 };

/** How long before its 09:00 the server starts: time to become healthy, warm up and be probed. */
const LEAD_MS = 25_000;

const STEPS = {
  home: 'home page',
  grid: 'month grid (centre, 1 month)',
  form: 'booking form',
  confirm: 'confirmation (POST)',
  book: 'booking (POST)',
  reservation: 'reservation page',
  day: 'staff: desk day view',
  proxyForm: 'staff: proxy booking form',
  proxyBook: 'staff: proxy booking (POST)',
};
const WON = [STEPS.book, STEPS.proxyBook];

const sleepUntil = (at: number) => new Promise<void>((r) => setTimeout(r, Math.max(0, at - Date.now())));

const useDetails = (band: string, purpose: string): [string, string][] => [
  ['bands', band],
  ['purpose', purpose],
  ['attendees', '20'],
  ['category', 'general'],
];

/** One resident's visit; returns the time from opening the booking form to the booking's answer. */
async function resident(b: PageBrowser, cell: PopularCell, month: string): Promise<number | undefined> {
  await b.get(STEPS.home, '/');
  await b.get(STEPS.grid, `/facilities/${cell.facilityId}/availability?month=${month}`);
  const started = performance.now();
  const form = await b.get(STEPS.form, `/book?room=${cell.roomId}&date=${cell.date}&band=${cell.band}`);
  if (form.status !== 200) return undefined;
  const confirm = await b.post(STEPS.confirm, '/book/confirm', [
    ...hiddenFields(form.html, '/book/confirm'),
    ...useDetails(cell.band, '定例会'),
  ]);
  if (confirm.status !== 200) return performance.now() - started;
  const done = await b.post(STEPS.book, '/book', hiddenFields(confirm.html, '/book'));
  const ms = performance.now() - started;
  if (done.status === 303 && done.location) await b.get(STEPS.reservation, done.location);
  return ms;
}

async function proxyBooking(b: PageBrowser, cell: PopularCell, caller: SignedIn) {
  const form = await b.get(
    STEPS.proxyForm,
    `/staff/book?room=${cell.roomId}&date=${cell.date}&band=${cell.band}&resident=${caller.userId}`,
  );
  if (form.status !== 200) return;
  await b.post(STEPS.proxyBook, '/staff/book', [
    ...hiddenFields(form.html, '/staff/book'),
    ['channel', 'phone'],
    ...useDetails(cell.band, '電話予約'),
  ]);
}

/** Cells not held by exactly one reservation after the rush (0 when the database decided every race). */
async function wronglyHeld(prepared: Prepared, cells: PopularCell[]): Promise<number> {
  let wrong = 0;
  for (const cell of cells) {
    const held = await prepared.db.kysely
      .selectFrom('reservation_cells')
      .select('reservation_id')
      .where('room_id', '=', cell.roomId)
      .where('date', '=', cell.date)
      .where('band', '=', cell.band)
      .execute();
    if (held.length !== 1) wrong++;
  }
  return wrong;
}

interface RushSetup {
  prepared: Prepared;
  moment: RushMoment;
  cells: PopularCell[];
  residents: SignedIn[];
  /** The resident who asks before 09:00. */
  probe: SignedIn;
  /** Phone callers the clerks book for (no session: they never sign in). */
  callers: SignedIn[];
  clerks: Map<string, SignedIn>;
}

/** The demo city as it stood the evening before, and everyone signed in by the morning. */
async function prepareRush(plan: RushPlan, prepare: (seedClock: Clock) => Promise<Prepared>): Promise<RushSetup> {
  const moment = nextRush(systemClock, DEFAULT_LOTTERY_RULES);
  const prepared = await prepare(fixedClock(tokyoInstant(moment.eve, '20:00:00').toISOString()));
  const rules = await loadLotteryRules(prepared.db.kysely);
  if (rules.firstComeDay !== DEFAULT_LOTTERY_RULES.firstComeDay || rules.monthsAhead !== DEFAULT_LOTTERY_RULES.monthsAhead)
    throw new Error('the demo city has its own first-come day: the rush date would be wrong');
  const morning = new Date(moment.opening.getTime() - 30 * 60_000);
  const cells = await popularCells(prepared.db, moment, plan.cells);
  const residents = await makeResidents(prepared.db, plan.residents + 1, morning);
  const probe = residents.pop() as SignedIn;
  const callers = await makeResidents(prepared.db, Math.floor(plan.staffRequests / 5), morning, false);
  const clerks = await makeClerks(prepared.db, [...new Set(cells.map((c) => c.facilityId))], morning);
  return { prepared, moment, cells, residents, probe, callers, clerks };
}

/** Before 09:00: a few page views (people wait with the grid open), then the probe's confirmation. */
async function beforeOpening(url: string, setup: RushSetup, realOpening: number): Promise<{ status: number; held: boolean }> {
  const early = new PageBrowser(url, setup.probe.cookie, new Recorder());
  const first = setup.cells[0] as PopularCell;
  for (let i = 0; i < 5; i++) await early.get('warm-up', `/facilities/${first.facilityId}/availability?month=${setup.moment.month}`);
  await sleepUntil(realOpening - 2000);
  const form = await early.get(STEPS.form, `/book?room=${first.roomId}&date=${first.date}&band=${first.band}`);
  const probed = await early.post(STEPS.confirm, '/book/confirm', [
    ...hiddenFields(form.html, '/book/confirm'),
    ...useDetails(first.band, '早すぎ'),
  ]);
  // Still the lottery's: the form comes back (422) saying first-come opens at 09:00.
  return { status: probed.status, held: probed.status === 422 && probed.html.includes('09:00') };
}

interface RushRun {
  rec: Recorder;
  /** Per resident who reached the form: booking form to the last answer. */
  bookingMs: number[];
  rssMiB: number;
  wallSeconds: number;
  dayViews: number;
}

/** 09:00: residents and clerks arrive over the window, each doing their steps in order. */
async function rushHour(server: Running, setup: RushSetup, plan: RushPlan, realOpening: number): Promise<RushRun> {
  const { cells, moment, callers, clerks } = setup;
  const rec = new Recorder();
  const rnd = seededRandom(20261221);
  const windowMs = plan.windowSeconds * 1000;
  const bookingMs: number[] = [];
  const runs: Promise<unknown>[] = setup.residents.map(async (r, i) => {
    await sleepUntil(realOpening + windowMs * rnd.next() ** 2);
    const ms = await resident(new PageBrowser(server.url, r.cookie, rec), cells[i % cells.length] as PopularCell, moment.month);
    if (ms !== undefined) bookingMs.push(ms);
  });
  const dayViews = plan.staffRequests - 2 * callers.length;
  for (let j = 0; j < dayViews + callers.length; j++) {
    const cell = cells[j % cells.length] as PopularCell;
    const clerk = new PageBrowser(server.url, clerks.get(cell.facilityId)?.cookie ?? '', rec);
    // Callers ring at 09:00 as residents click (front-loaded); the desk's own work is spread evenly.
    const at = realOpening + windowMs * (j < dayViews ? rnd.next() : rnd.next() ** 2);
    runs.push(
      (async () => {
        await sleepUntil(at);
        // The desk's day: today's, or the day of a popular cell a caller asks about.
        if (j < dayViews) await clerk.get(STEPS.day, `/staff/facilities/${cell.facilityId}?date=${j % 2 === 0 ? moment.day : cell.date}`);
        else await proxyBooking(clerk, cell, callers[j - dayViews] as SignedIn);
      })(),
    );
  }
  const started = Date.now();
  const rssMiB = await sampleRss(server, Promise.all(runs));
  return { rec, bookingMs, rssMiB, wallSeconds: (Date.now() - started) / 1000, dayViews };
}

export interface RushOutcome {
  markdown: string;
  json: Record<string, unknown>;
  targets: Record<string, boolean>;
}

function summarise(
  label: string,
  plan: RushPlan,
  setup: RushSetup,
  run: RushRun,
  probe: { status: number; held: boolean },
  wrong: number,
): RushOutcome {
  const { rec, bookingMs } = run;
  const successes = rec.count('303', WON);
  const conflicts = rec.count('409');
  const unexpected = [...rec.unexpected()].map(([status, count]) => ({ status, count, sample: rec.samples.get(status) ?? '' }));
  const steps = [...Object.values(STEPS)]
    .filter((s) => rec.steps.has(s))
    .map((step) => {
      const ms = rec.steps.get(step)?.ms ?? [];
      const statuses = Object.fromEntries(rec.steps.get(step)?.statuses ?? []);
      return { step, requests: ms.length, p50: percentile(ms, 50), p99: percentile(ms, 99), max: percentile(ms, 100), statuses };
    });
  const journey = {
    requests: bookingMs.length,
    p50: percentile(bookingMs, 50),
    p99: percentile(bookingMs, 99),
    max: percentile(bookingMs, 100),
  };
  const rows = steps.map((s) => [
    s.step,
    s.requests,
    s.p50,
    s.p99,
    s.max,
    Object.entries(s.statuses)
      .map(([k, n]) => `${n} × ${k}`)
      .join(', '),
  ]);
  rows.push(['resident: booking form to answer (3 requests)', journey.requests, journey.p50, journey.p99, journey.max, '']);
  const t = table(['step', 'requests', 'p50 ms', 'p99 ms', 'max ms', 'statuses'], rows);
  const figure = (s: string, p: number) => percentile(rec.steps.get(s)?.ms ?? [], p);
  const fig = {
    gridP50: figure(STEPS.grid, 50),
    gridP99: figure(STEPS.grid, 99),
    bookingP50: figure(STEPS.book, 50),
    bookingP99: figure(STEPS.book, 99),
  };
  const others = unexpected.length === 0 ? 'none' : unexpected.map((u) => `${u.count} × ${u.status} (e.g. ${u.sample})`).join('; ');
  const n = setup.cells.length;
  const summary = [
    `successes ${successes} (residents ${rec.count('303', [STEPS.book])}, clerks ${rec.count('303', [STEPS.proxyBook])}) for ${n} cells; cells not held by exactly one reservation: ${wrong}`,
    `409s ${conflicts}; any other status: ${others}`,
    `grid p50 ${fig.gridP50} ms, p99 ${fig.gridP99} ms; booking (POST) p50 ${fig.bookingP50} ms, p99 ${fig.bookingP99} ms`,
    `server RSS max ${run.rssMiB.toFixed(0)} MiB; all done ${run.wallSeconds.toFixed(1)} s after 09:00; before 09:00 the confirmation answered ${probe.status}${probe.held ? ' (not open yet), as it should' : ', expected 422'}`,
  ];
  const markdown = [
    `## Rush: 09:00 on a first-come day (${label})\n`,
    `Server clock at 09:00 on ${setup.moment.day} (month ${setup.moment.month} of the lottery halls opens); ${plan.residents} signed-in residents within ${plan.windowSeconds} s (front-loaded: half in the first quarter), ${n} popular cells (weekend cells of ${setup.clerks.size} halls), ${plan.staffRequests} staff requests (${run.dayViews} desk day views, ${setup.callers.length} proxy bookings of 2 requests) in the same window; page path (session cookie, CSRF token from each form).\n`,
    t,
    '',
    ...summary.map((s) => `- ${s}`),
    '',
  ].join('\n');
  const ok = successes === n && wrong === 0 && unexpected.length === 0 && probe.held;
  return {
    markdown,
    json: {
      plan,
      moment: setup.moment,
      ...fig,
      successes,
      conflicts,
      wronglyHeld: wrong,
      unexpected,
      rssMiB: run.rssMiB,
      wallSeconds: run.wallSeconds,
      probeStatus: probe.status,
      steps,
      journey,
      summary,
    },
    targets: {
      [`rush ${label}: exactly ${n} successes, each cell held once, no status but 200/201/303/304/409, refused before 09:00`]: ok,
      [`rush ${label}: booking p99 ≤ 300 ms`]: fig.bookingP99 <= 300,
      [`rush ${label}: grid p99 ≤ 200 ms`]: fig.gridP99 <= 200,
    },
  };
}

/** The whole scenario on one database: prepare, start the server just before 09:00, rush, verify, report. */
export async function benchRush(
  label: string,
  prepare: (seedClock: Clock) => Promise<Prepared>,
  quick: boolean,
  log: (line: string) => void,
  workers = 1,
): Promise<RushOutcome> {
  log(`\n== rush: 09:00 on a first-come day (${label})`);
  const plan = rushPlan(quick);
  const seedStart = Date.now();
  const setup = await prepareRush(plan, prepare);
  log(`demo city on ${setup.moment.eve} and ${plan.residents} residents prepared in ${((Date.now() - seedStart) / 1000).toFixed(1)} s`);
  // The server's clock reads 09:00 on the first-come day at realOpening.
  const realOpening = Date.now() + LEAD_MS;
  const offset = String(setup.moment.opening.getTime() - realOpening);
  const server = await startServer({ DATABASE_URL: setup.prepared.url, BENCH_CLOCK_OFFSET_MS: offset, WORKERS: String(workers) }, [
    '--import',
    './bench/lib/fake-clock.mjs',
  ]);
  try {
    if (Date.now() > realOpening - 5000) throw new Error(`the server took over ${(LEAD_MS - 5000) / 1000} s to start: raise LEAD_MS`);
    const probe = await beforeOpening(server.url, setup, realOpening);
    await sleepUntil(realOpening);
    const waits = setup.prepared.db.dialect === 'postgres' ? sampleWaits(setup.prepared.db) : undefined;
    const run = await rushHour(server, setup, plan, realOpening);
    const sampled = await waits?.stop();
    const outcome = summarise(label, plan, setup, run, probe, await wronglyHeld(setup.prepared, setup.cells));
    log(outcome.markdown);
    if (sampled) {
      const waitsTable = (rows: [string, number, number][]) =>
        table(
          ['server connections: state · wait event', 'share of samples', 'mean connections'],
          rows.slice(0, 6).map(([what, share, mean]) => [what, `${(share * 100).toFixed(1)}%`, mean.toFixed(2)]),
        );
      const text = `\n\nPostgreSQL's view of the rush (pg_stat_activity every 25 ms, ${sampled.samples} samples), the whole window:\n\n${waitsTable(sampled.rows)}\n\nIts first 5 s:\n\n${waitsTable(sampled.firstSeconds)}`;
      log(text);
      outcome.markdown += text;
      outcome.json.pgWaits = { whole: sampled.rows, firstSeconds: sampled.firstSeconds };
    }
    for (const u of outcome.json.unexpected as { status: string; count: number; sample: string }[])
      log(`  !! ${u.count} × ${u.status}: ${u.sample}`);
    return outcome;
  } finally {
    await server.stop();
    await setup.prepared.db.close();
  }
}
