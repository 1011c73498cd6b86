/**
 * Child processes for benchmarks and the reliability harness: the real tsunagu server (so the load
 * generator never shares its event loop), a bare Hono baseline, and RSS sampling from /proc.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const address = s.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      s.close(() => resolve(port));
    });
  });
}

export interface Running {
  url: string;
  child: ChildProcess;
  /** Resident set size now, in MiB: the process and its children (WORKERS=N), together. */
  rssMiB(): number;
  stop(): Promise<void>;
  kill9(): Promise<void>;
}

async function waitForHealth(url: string, child: ChildProcess, timeoutMs = 120_000, pollMs = 100): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    try {
      const res = await fetch(`${url}/healthz`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, pollMs));
  }
  throw new Error(`server at ${url} did not become healthy`);
}

function wrap(child: ChildProcess, url: string): Running {
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    url,
    child,
    rssMiB: () => processTree(child.pid as number).reduce((sum, pid) => sum + rssOfMiB(pid), 0),
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
    async kill9() {
      if (child.exitCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}

let built = false;

/** dist/ as `npm start` builds it, once per bench run (about a second). */
export function buildOnce(): void {
  if (built) return;
  execFileSync(process.execPath, ['scripts/build.js'], { stdio: 'inherit' });
  built = true;
}

/**
 * Starts the server as `npm start` runs it, `node dist/server.js` (built once per run), against a prepared
 * database. `nodeArgs` come before the script: flags such as --cpu-prof, or a plain-JavaScript preload
 * (bench/lib/fake-clock.mjs).
 */
export async function startServer(env: Record<string, string>, nodeArgs: string[] = []): Promise<Running> {
  buildOnce();
  const port = await freePort();
  const child = spawn(process.execPath, [...nodeArgs, 'dist/server.js'], {
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', SEED: 'none', ...env },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  await waitForHealth(url, child);
  return wrap(child, url);
}

/**
 * Starts a server by any command line (`argv[0]` and its arguments, e.g. tsx's CLI or `node
 * dist/server.js`), as startServer does otherwise, and says how long it took from the spawn to the first
 * 200 of /healthz (polled every 25 ms).
 */
export async function startCommand(argv: string[], env: Record<string, string>): Promise<Running & { startMs: number }> {
  const port = await freePort();
  const started = process.hrtime.bigint();
  const [command, ...args] = argv as [string, ...string[]];
  const child = spawn(command, args, {
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', SEED: 'none', ...env },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  await waitForHealth(url, child, 120_000, 25);
  return { ...wrap(child, url), startMs: Number(process.hrtime.bigint() - started) / 1e6 };
}

/** `pid` and every process below it (a CLI that runs the server as its child, esbuild's service), from /proc. */
export function processTree(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // The fields after the command name, which is in parentheses and may hold spaces: state, ppid, …
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      // gone meanwhile
    }
  }
  const tree: number[] = [];
  for (let queue = [pid]; queue.length > 0; ) {
    const next = queue.shift() as number;
    tree.push(next);
    queue.push(...(children.get(next) ?? []));
  }
  return tree;
}

/** Resident set size of one process in MiB (0 once it is gone). */
export function rssOfMiB(pid: number): number {
  try {
    return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
  } catch {
    return 0;
  }
}

/** CPU time one process has used so far (user + system), in ms; Linux counts it in 1/100 s. */
export function cpuMsOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const [utime, stime] = stat
    .slice(stat.lastIndexOf(')') + 2)
    .split(' ')
    .slice(11, 13)
    .map(Number) as [number, number];
  return (utime + stime) * 10;
}

/** The server's largest resident set size while `during` runs, sampled every 200 ms. */
export async function sampleRss(server: Running, during: Promise<unknown>): Promise<number> {
  let max = server.rssMiB();
  const timer = setInterval(() => {
    max = Math.max(max, server.rssMiB());
  }, 200);
  try {
    await during;
  } finally {
    clearInterval(timer);
  }
  return Math.max(max, server.rssMiB());
}

/** A bare Hono route on @hono/node-server: the ceiling any real route is compared with. */
export async function startBaseline(): Promise<Running> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/lib/baseline-server.ts'], {
    env: { ...process.env, PORT: String(port) },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  await waitForHealth(url, child);
  return wrap(child, url);
}
