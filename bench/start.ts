/**
 * The production start (BENCH_ONLY=start; #16 item 5): (a) `tsx src/server.ts`, what `npm start` ran
 * until 2026-12-02, which transpiles every module as it loads, against (b) `node dist/server.js` after
 * `npm run build` (scripts/build.js), what it runs now. Both on the same prepared SQLite demo city, in
 * alternating order so that the shared machine's drift falls on both.
 *
 * Per start: time from the spawn to the first 200 of /healthz; the first request (the month grid of an
 * 8-room centre); resident memory 2 s after it, idle; then the most resident memory while autocannon
 * sends the same page for a while at 10 clients, with the server's CPU time per page (steadier than
 * req/s on a shared machine: it does not count the time spent waiting for a core). Memory is given for
 * every process of the start (tsx's CLI stays as the parent of the server, and esbuild's service runs
 * beside it while it transpiles) and for the serving process alone. Medians of the runs; the build is
 * timed alone, and (a) once more without tsx's transform cache, as on a machine's first start.
 */
import { spawnSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { addDays, type Clock, todayIn } from '../src/lib/time.ts';
import type { Prepared } from './lib/databases.ts';
import { load, table } from './lib/load.ts';
import { cpuMsOf, processTree, rssOfMiB, startCommand } from './lib/processes.ts';

interface StartRun {
  startMs: number;
  firstRequestMs: number;
  idleTreeMiB: number;
  idleServerMiB: number;
  processes: number;
  loadTreeMiB?: number;
  loadServerMiB?: number;
  rps?: number;
  p99?: number;
  cpuMsPerRequest?: number;
}

const VARIANTS = {
  tsx: { argv: ['node_modules/.bin/tsx', 'src/server.ts'], env: {} },
  tsxCold: { argv: ['node_modules/.bin/tsx', 'src/server.ts'], env: { TSX_DISABLE_CACHE: '1' } },
  dist: { argv: [process.execPath, 'dist/server.js'], env: {} },
} as const;

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] ?? 0) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const treeRss = (pid: number) => processTree(pid).reduce((sum, p) => sum + rssOfMiB(p), 0);

async function oneStart(variant: keyof typeof VARIANTS, url: string, path: string, loadSeconds: number): Promise<StartRun> {
  const { argv, env } = VARIANTS[variant];
  const server = await startCommand([...argv], { DATABASE_URL: url, ...env });
  const root = server.child.pid as number;
  try {
    // The process that answers (below tsx's CLI for (a)) says its pid.
    const servingPid = ((await (await fetch(`${server.url}/healthz`)).json()) as { pid: number }).pid;
    const first = process.hrtime.bigint();
    const res = await fetch(`${server.url}${path}`);
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`${variant}: ${path} answered ${res.status}`);
    const firstRequestMs = Number(process.hrtime.bigint() - first) / 1e6;
    await sleep(2000);
    const run: StartRun = {
      startMs: server.startMs,
      firstRequestMs,
      idleTreeMiB: treeRss(root),
      idleServerMiB: rssOfMiB(servingPid),
      processes: processTree(root).length,
    };
    if (loadSeconds === 0) return run;
    let tree = 0;
    let serving = 0;
    const cpuBefore = cpuMsOf(servingPid);
    const timer = setInterval(() => {
      tree = Math.max(tree, treeRss(root));
      serving = Math.max(serving, rssOfMiB(servingPid));
    }, 200);
    const r = await load('month grid', `${server.url}${path}`, { connections: 10, duration: loadSeconds }).finally(() =>
      clearInterval(timer),
    );
    if (r.non2xx > 0 || r.errors > 0) throw new Error(`${variant}: ${r.non2xx} non-2xx, ${r.errors} errors under load`);
    const cpuMsPerRequest = (cpuMsOf(servingPid) - cpuBefore) / Math.max(1, r.requests);
    return { ...run, loadTreeMiB: tree, loadServerMiB: serving, rps: r.rps, p99: r.p99, cpuMsPerRequest };
  } finally {
    const tree = processTree(root);
    await server.stop();
    // tsx passes SIGTERM on to the server and esbuild's service ends with its parent; make sure of both.
    await sleep(200);
    for (const pid of tree) if (rssOfMiB(pid) > 0) process.kill(pid, 'SIGKILL');
  }
}

function timeBuild(): number {
  const started = process.hrtime.bigint();
  const r = spawnSync(process.execPath, ['scripts/build.js'], { stdio: ['ignore', 'ignore', 'inherit'] });
  if (r.status !== 0) throw new Error(`npm run build failed (exit ${r.status})`);
  return Number(process.hrtime.bigint() - started) / 1e6;
}

/** Logs the figures, adds their section to `md` and returns them for the JSON report. */
export async function benchStart(
  prepared: Prepared,
  clock: Clock,
  quick: boolean,
  log: (line: string) => void,
  md: string[],
): Promise<Record<string, unknown>> {
  log('\n== production start: tsx src/server.ts against node dist/server.js (SQLite, 1× history)');
  const runs = quick ? 3 : 5;
  const loadSeconds = quick ? 5 : 10;
  const path = `/facilities/kokurakita-llc/availability?month=${addDays(todayIn(clock), 14).slice(0, 7)}`;
  const loadBefore = loadavg();
  const buildMs: number[] = [];
  for (let i = 0; i < runs; i++) buildMs.push(timeBuild());
  const results: Record<'tsx' | 'dist' | 'tsxCold', StartRun[]> = { tsx: [], dist: [], tsxCold: [] };
  for (let i = 0; i < runs; i++) {
    const order = i % 2 === 0 ? (['tsx', 'dist'] as const) : (['dist', 'tsx'] as const);
    for (const variant of order) results[variant].push(await oneStart(variant, prepared.url, path, loadSeconds));
    results.tsxCold.push(await oneStart('tsxCold', prepared.url, path, 0));
    log(`  run ${i + 1}/${runs}: tsx ${results.tsx[i]?.startMs.toFixed(0)} ms, dist ${results.dist[i]?.startMs.toFixed(0)} ms to /healthz`);
  }
  const loadAfter = loadavg();

  const m = (variant: keyof typeof results, key: keyof StartRun) => median(results[variant].map((r) => r[key] ?? 0));
  const figures: [string, keyof StartRun][] = [
    ['time to the first 200 of /healthz (ms)', 'startMs'],
    ['first request: the month grid (ms)', 'firstRequestMs'],
    ['processes', 'processes'],
    ['RSS idle after the first request, every process (MiB)', 'idleTreeMiB'],
    ['RSS idle after the first request, the serving process (MiB)', 'idleServerMiB'],
    [`RSS max under load (${loadSeconds} s, 10 clients, month grid), every process (MiB)`, 'loadTreeMiB'],
    ['RSS max under load, the serving process (MiB)', 'loadServerMiB'],
    ['month grid req/s at 10 clients', 'rps'],
    ['month grid p99 at 10 clients (ms)', 'p99'],
    // Less at the mercy of the shared machine than req/s: what each page costs the server, however long it waited.
    ['server CPU per month grid under load (ms)', 'cpuMsPerRequest'],
  ];
  const rows = figures.map(([name, key]) => {
    const a = m('tsx', key);
    const b = m('dist', key);
    const digits = key === 'cpuMsPerRequest' ? 1 : 0;
    return [name, a.toFixed(digits), b.toFixed(digits), a > 0 ? (b / a).toFixed(2) : ''];
  });
  const t = table([`median of ${runs} starts`, '(a) tsx src/server.ts', '(b) node dist/server.js', 'b ÷ a'], rows);
  const avg = (l: number[]) => l.map((x) => x.toFixed(2)).join(' / ');
  const build = median(buildMs);
  const notes = [
    `npm run build (esbuild, every file of src/ into dist/): median ${build.toFixed(0)} ms, so \`npm start\` reaches /healthz after about ${(build + m('dist', 'startMs')).toFixed(0)} ms (b ÷ a ${((build + m('dist', 'startMs')) / m('tsx', 'startMs')).toFixed(2)}), npm itself aside`,
    `(a) without tsx's transform cache (TSX_DISABLE_CACHE=1, a machine's first start): ${m('tsxCold', 'startMs').toFixed(0)} ms to /healthz, ${m('tsxCold', 'idleTreeMiB').toFixed(0)} MiB idle, every process`,
    `load average (1 / 5 / 15 min) before: ${avg(loadBefore)}, after: ${avg(loadAfter)}`,
  ];
  log(t);
  for (const n of notes) log(`  ${n}`);
  md.push(`## Start: tsx or a build (SQLite, 1× history)\n\n${t}\n\n${notes.map((n) => `- ${n}`).join('\n')}\n`);
  return { runs, loadSeconds, buildMs, results, loadBefore, loadAfter };
}
