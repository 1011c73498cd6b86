/**
 * Several app processes on one database (WORKERS=2, node:cluster), as real processes: `node --import tsx
 * src/server.ts`, the source as `npm run dev` runs it (test/start.test.ts runs the built start). Both
 * workers answer; a session made through one is valid on the other; the sign-in limit counts the failures
 * of both; of clients racing for cells through both, exactly one wins each, and both then show it; each scheduled job runs once at start, not once per process; a worker killed with SIGKILL is
 * replaced while the other keeps answering; SIGTERM to the primary drains every worker and exits 0.
 *
 * PostgreSQL only, by nature: SQLite has one writer, and WORKERS=2 on it is refused at start (the last
 * test, which runs without PostgreSQL too). Skipped, like every PostgreSQL test, when the run has no
 * PostgreSQL outside CI.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { freePort } from '../bench/lib/processes.ts';
import { createDb, type DatabaseHandle } from '../src/db/database.ts';
import { issueApiToken } from '../src/features/account/account.service.ts';
import { addDays, systemClock, todayIn } from '../src/lib/time.ts';
import { makeFacility, makeRoom, makeUser, TEST_PASSWORD } from './factories.ts';

const pgUrl = inject('pgUrl');

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** One HTTP request; through `agent` (one kept-alive connection: one worker) or on a fresh connection. */
function send(
  url: string,
  options: { method?: string; agent?: Agent; headers?: Record<string, string>; form?: Record<string, string>; body?: string } = {},
): Promise<Answer> {
  const body = options.form ? new URLSearchParams(options.form).toString() : options.body;
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: options.method ?? 'GET',
        agent: options.agent ?? false,
        headers: {
          ...(body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
          ...(options.agent ? {} : { connection: 'close' }),
          ...options.headers,
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          text += chunk;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const pidOf = async (base: string, agent?: Agent) => (JSON.parse((await send(`${base}/healthz`, { agent })).body) as { pid: number }).pid;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

function startServer(env: Record<string, string>, port: number) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', SEED: 'none', LOG_LEVEL: 'debug', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const lines: string[] = [];
  let partial = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => {
    const parts = (partial + chunk).split('\n');
    partial = parts.pop() ?? '';
    lines.push(...parts);
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, lines, exited };
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe.skipIf(pgUrl === '')('WORKERS=2 on PostgreSQL', () => {
  const name = `workers_${Date.now().toString(36)}`;
  let base = '';
  let server: ReturnType<typeof startServer>;
  let db: DatabaseHandle;
  const agents: Agent[] = [];

  /** The workers' pids, from their "listening" lines. */
  const listening = () => server.lines.flatMap((l) => /\[worker (\d+)\] tsunagu listening/.exec(l)?.[1] ?? []).map(Number);
  const count = (pattern: RegExp) => server.lines.filter((l) => pattern.test(l)).length;

  /** Two kept-alive connections that landed on different workers: [agent, its pid] each. */
  async function oneConnectionPerWorker(): Promise<[[Agent, number], [Agent, number]]> {
    const found = new Map<number, Agent>();
    // The kernel, not the primary, picks the worker of a new connection (SCHED_NONE): keep trying.
    for (let i = 0; i < 100 && found.size < 2; i++) {
      const agent = new Agent({ keepAlive: true, maxSockets: 1 });
      agents.push(agent);
      const pid = await pidOf(base, agent);
      if (!found.has(pid)) found.set(pid, agent);
    }
    const [a, b] = [...found.entries()];
    if (!a || !b) throw new Error('every connection landed on the same worker');
    return [
      [a[1], a[0]],
      [b[1], b[0]],
    ];
  }

  beforeAll(async () => {
    const admin = new pg.Client({ connectionString: pgUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const url = new URL(pgUrl);
    url.pathname = `/${name}`;
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    server = startServer({ WORKERS: '2', DATABASE_URL: url.toString() }, port);
    await until('two workers listening', () => listening().length === 2);
    db = createDb({ dialect: 'postgres', url: url.toString() });
  }, 60_000);

  afterAll(async () => {
    for (const agent of agents) agent.destroy();
    if (server?.child.exitCode === null) server.child.kill('SIGKILL');
    await db?.close();
    const admin = new pg.Client({ connectionString: pgUrl });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  });

  it('answers from both worker processes, and the primary serves nothing itself', async () => {
    const pids = new Set<number>();
    for (let i = 0; i < 100 && pids.size < 2; i++) pids.add(await pidOf(base));
    expect([...pids].sort()).toEqual(listening().sort());
    expect(pids.has(server.child.pid as number)).toBe(false);
  });

  it('accepts a session made through one worker on the other', async () => {
    const user = await makeUser(db.kysely);
    const [[one, onePid], [other, otherPid]] = await oneConnectionPerWorker();
    const login = await send(`${base}/login`, {
      method: 'POST',
      agent: one,
      form: { login: user.email as string, password: TEST_PASSWORD },
    });
    expect(login.status).toBe(303);
    const cookie = String(login.headers['set-cookie']).split(';')[0] as string;
    const page = await send(`${base}/my/reservations`, { agent: other, headers: { cookie } });
    expect(page.status).toBe(200);
    expect([await pidOf(base, one), await pidOf(base, other)]).toEqual([onePid, otherPid]);
  });

  it('counts sign-in failures made through both workers against one budget', async () => {
    const user = await makeUser(db.kysely);
    const [[one], [other]] = await oneConnectionPerWorker();
    const attempt = (agent: Agent, password: string) =>
      send(`${base}/login`, { method: 'POST', agent, form: { login: user.email as string, password } });
    // Five wrong passwords, three through one worker and two through the other: the account's budget.
    for (const agent of [one, other, one, other, one]) expect((await attempt(agent, 'wrong-password')).status).toBe(401);
    // Neither process alone has seen five; together they have, so even the right password must wait.
    expect((await attempt(other, TEST_PASSWORD)).status).toBe(429);
  });

  it('lets exactly one of 50 clients, racing through both workers, have each of 5 cells; both workers then show them taken', async () => {
    const facilityId = await makeFacility(db.kysely);
    const roomId = await makeRoom(db.kysely, facilityId, { capacity: 40 });
    const date = addDays(todayIn(systemClock), 7);
    const tokens = await Promise.all(
      Array.from({ length: 50 }, async () => issueApiToken(db.kysely, systemClock, (await makeUser(db.kysely)).id, 'race')),
    );
    const [[one], [other]] = await oneConnectionPerWorker();
    const bands = ['morning', 'afternoon', 'evening'];
    const cells = [0, 1, 2, 3, 4].map((i) => ({ date: addDays(date, Math.floor(i / 3)), band: bands[i % 3] as string }));
    const answers = await Promise.all(
      tokens.flatMap((token, i) =>
        cells.map((cell) =>
          send(`${base}/api/v1/reservations`, {
            method: 'POST',
            ...(i % 3 === 2 ? {} : { agent: i % 3 === 0 ? one : other }), // some on fresh connections too
            headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
            body: JSON.stringify({ roomId, date: cell.date, bands: [cell.band], purpose: '競争', attendees: 5, category: 'general' }),
          }),
        ),
      ),
    );
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(5);
    expect(statuses.filter((s) => s === 409)).toHaveLength(50 * 5 - 5);
    const held = await db.kysely.selectFrom('reservation_cells').select(['date', 'band']).where('room_id', '=', roomId).execute();
    expect(held).toHaveLength(5);
    // Each worker's read model shows the five taken (within the feed's delivery time).
    for (const agent of [one, other]) {
      await until('the five cells taken on this worker', async () => {
        const page = await send(`${base}/api/v1/rooms/${roomId}/availability?from=${date}&to=${addDays(date, 1)}`, { agent });
        const days = (JSON.parse(page.body) as { days: { bands: { state: string }[] }[] }).days;
        return days.flatMap((d) => d.bands).filter((b) => b.state === 'booked').length === 5;
      });
    }
  });

  const startJobs = ['provisional-overdue', 'lottery', 'auth-limits'];

  it('runs each job due at start once, not once per worker', async () => {
    for (const job of startJobs) {
      await until(`both workers' tick of ${job}`, () => count(new RegExp(`scheduled job ${job}(:| ran)`)) >= 2);
      expect(count(new RegExp(`scheduled job ${job} ran:`))).toBe(1);
      expect(count(new RegExp(`scheduled job ${job}: this period's run is another process's`))).toBe(1);
    }
  });

  it('replaces a worker killed with SIGKILL, answering all the while, and the new one does not run the jobs again', async () => {
    const [victim, survivor] = listening() as [number, number];
    process.kill(victim, 'SIGKILL');
    await until('the primary to see the death', () => count(new RegExp(`worker ${victim} killed by SIGKILL; starting another`)) === 1);
    const answered: number[] = [];
    const replacement = await until(
      'a new worker',
      async () => {
        answered.push((await send(`${base}/healthz`)).status);
        return listening().find((pid) => pid !== victim && pid !== survivor);
      },
      30_000,
    );
    expect(answered.every((status) => status === 200)).toBe(true);
    expect(alive(victim)).toBe(false);
    const pids = new Set<number>();
    for (let i = 0; i < 100 && pids.size < 2; i++) pids.add(await pidOf(base));
    expect([...pids].sort()).toEqual([survivor, replacement].sort());
    // The replacement's own start tick finds this period's runs already claimed.
    for (const job of startJobs) {
      await until(`the replacement's tick of ${job}`, () => count(new RegExp(`scheduled job ${job}(:| ran)`)) >= 3);
      expect(count(new RegExp(`scheduled job ${job} ran:`))).toBe(1);
    }
  }, 45_000);

  it('stops every worker on SIGTERM to the primary, each draining, and then exits 0', async () => {
    const workers = listening().filter(alive);
    expect(workers).toHaveLength(2);
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
    for (const pid of workers) {
      expect(count(new RegExp(`\\[worker ${pid}\\] SIGTERM: shutting down`))).toBe(1);
      expect(alive(pid)).toBe(false);
    }
  });
});

describe('WORKERS=2 on SQLite', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tsunagu-workers-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('is refused at start with a message saying to use PostgreSQL', async () => {
    const server = startServer({ WORKERS: '2', DATABASE_URL: `sqlite:${join(dir, 'one.db')}` }, await freePort());
    expect(await server.exited).toBe(1);
    expect(server.lines.join('\n')).toContain('WORKERS: 2 app processes need PostgreSQL (DATABASE_URL=postgres://…)');
  });
});
