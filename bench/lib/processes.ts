/**
 * Child processes for benchmarks and the reliability harness: the real tsunagu server (so the load
 * generator never shares its event loop), alone or as a cluster of workers, a bare Hono baseline, and
 * RSS sampling and socket ownership from /proc.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { request } from 'node:http';
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

/** The pid of the process that answered /healthz, on a connection of its own (so a cluster's next worker). */
export function healthPid(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(`${url}/healthz`, { agent: false, headers: { connection: 'close' }, timeout: 5_000 }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        text += chunk;
      });
      res.on('end', () => {
        if (res.statusCode !== 200) reject(new Error(`/healthz answered ${res.statusCode}`));
        else resolve((JSON.parse(text) as { pid: number }).pid);
      });
    });
    req.on('timeout', () => req.destroy(new Error('/healthz timed out')));
    req.on('error', reject);
    req.end();
  });
}

/**
 * Starts the server with WORKERS=`count` (PostgreSQL) and waits until `count` different worker pids have
 * answered /healthz: the primary is healthy as soon as its first worker listens.
 */
export async function startWorkers(env: Record<string, string>, count: number): Promise<Running & { port: number; pids: number[] }> {
  const server = await startServer({ ...env, WORKERS: String(count) });
  const pids = new Set<number>();
  for (const deadline = Date.now() + 120_000; pids.size < count; ) {
    if (Date.now() > deadline) {
      await server.kill9();
      throw new Error(`only ${pids.size} of ${count} workers answered`);
    }
    pids.add(await healthPid(server.url));
    if (pids.size < count) await new Promise((r) => setTimeout(r, 50));
  }
  return { ...server, port: Number(new URL(server.url).port), pids: [...pids] };
}

/**
 * The client-side ports of the TCP connections that process `pid` holds on its listening `port` (from
 * /proc: its socket inodes, matched in /proc/net/tcp): which clients a cluster worker is serving.
 */
export function clientPortsOf(pid: number, port: number): Set<number> {
  const inodes = new Set<string>();
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    try {
      const link = readlinkSync(`/proc/${pid}/fd/${fd}`);
      if (link.startsWith('socket:[')) inodes.add(link.slice(8, -1));
    } catch {
      // closed meanwhile
    }
  }
  const ports = new Set<number>();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let lines: string[];
    try {
      lines = readFileSync(table, 'utf8').trim().split('\n').slice(1);
    } catch {
      continue;
    }
    for (const line of lines) {
      // sl local_address rem_address st tx:rx tr:when retrnsmt uid timeout inode …, addresses as HEX:PORT
      const fields = line.trim().split(/\s+/);
      const [local, remote, inode] = [fields[1], fields[2], fields[9]];
      if (!local || !remote || !inode || !inodes.has(inode)) continue;
      if (Number.parseInt(local.slice(local.lastIndexOf(':') + 1), 16) !== port) continue;
      ports.add(Number.parseInt(remote.slice(remote.lastIndexOf(':') + 1), 16));
    }
  }
  return ports;
}

/** Whether `pid` has died (gone, or a zombie its parent has not reaped yet). */
export function isDead(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
  } catch {
    return true;
  }
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
