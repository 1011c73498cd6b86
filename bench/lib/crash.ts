/**
 * The crash checks of `npm run reliability` and the checks they share: clients book distinct cells while
 * the app is killed with SIGKILL — the single process, ten times; or one of two cluster workers on
 * PostgreSQL, while the load goes on through the other — and afterwards every acknowledged booking must
 * be in the database with its cells and the booking tables consistent.
 */
import { Agent, request } from 'node:http';
import { type RawBuilder, sql } from 'kysely';
import type { DatabaseHandle } from '../../src/db/database.ts';
import { systemClock } from '../../src/lib/time.ts';
import { type FreeCell, freeCells, makeTokens, type Prepared } from './databases.ts';
import { clientPortsOf, healthPid, isDead, type Running, startServer, startWorkers } from './processes.ts';

export interface CheckResult {
  name: string;
  ok: boolean;
  detail: string;
}

/** The purpose every booking of the harness carries, so its checks can tell them from the demo city's. */
const PURPOSE = '信頼性';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const bookingBody = (cell: FreeCell) =>
  JSON.stringify({ roomId: cell.roomId, date: cell.date, bands: [cell.band], purpose: PURPOSE, attendees: 1, category: 'general' });

export function book(url: string, token: string, cell: FreeCell, signal?: AbortSignal) {
  return fetch(`${url}/api/v1/reservations`, {
    method: 'POST',
    signal,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: bookingBody(cell),
  });
}

/**
 * Consistency of the booking tables: no cell belongs to a missing or cancelled reservation (used and
 * no-show bookings keep theirs as history), live reservations hold exactly their bands' cells, no cell
 * is held twice, and no live booking of the harness is without cells.
 */
export async function consistency(db: DatabaseHandle): Promise<{ orphans: number; mismatched: number; doubled: number; empty: number }> {
  const count = async (query: RawBuilder<{ n: string | number }>) => Number((await query.execute(db.kysely)).rows[0]?.n);
  return {
    orphans: await count(sql`
      select count(*) as n from reservation_cells c where not exists (select 1 from reservations r where r.id = c.reservation_id and r.status <> 'cancelled')`),
    mismatched: await count(sql`
      select count(*) as n from reservations r
      where r.status in ('confirmed','provisional') and r.bands <> ''
        and (select count(*) from reservation_cells c where c.reservation_id = r.id) <> (length(r.bands) - length(replace(r.bands, ',', '')) + 1)`),
    // The primary key makes this 0 by construction; the check says so rather than assumes it.
    doubled: await count(sql`
      select count(*) as n from (select 1 from reservation_cells group by room_id, date, band having count(*) > 1) d`),
    empty: await count(sql`
      select count(*) as n from reservations r
      where r.status in ('confirmed','provisional') and r.purpose = ${PURPOSE}
        and not exists (select 1 from reservation_cells c where c.reservation_id = r.id)`),
  };
}

const consistent = (c: Awaited<ReturnType<typeof consistency>>) => c.orphans + c.mismatched + c.doubled + c.empty === 0;
const describeConsistency = (c: Awaited<ReturnType<typeof consistency>>) =>
  `orphan cells ${c.orphans}, reservations with wrong cells ${c.mismatched}, cells held twice ${c.doubled}, live bookings without cells ${c.empty}`;

/** Acknowledged bookings that are not in the database as live reservations, and those without exactly their cell. */
export async function lost(db: DatabaseHandle, acknowledged: Map<string, FreeCell>): Promise<{ missing: number; wrongCells: number }> {
  const ids = [...acknowledged.keys()];
  let missing = 0;
  let wrongCells = 0;
  for (let i = 0; i < ids.length; i += 500) {
    const part = ids.slice(i, i + 500);
    const found = await db.kysely
      .selectFrom('reservations')
      .select('id')
      .where('id', 'in', part)
      .where('status', 'in', ['confirmed', 'provisional'])
      .execute();
    missing += part.length - found.length;
    const cells = await db.kysely.selectFrom('reservation_cells').selectAll().where('reservation_id', 'in', part).execute();
    const held = new Map<string, string[]>();
    for (const c of cells) held.set(c.reservation_id, [...(held.get(c.reservation_id) ?? []), `${c.room_id}|${c.date}|${c.band}`]);
    for (const { id } of found) {
      const cell = acknowledged.get(id) as FreeCell;
      const mine = held.get(id) ?? [];
      if (mine.length !== 1 || mine[0] !== `${cell.roomId}|${cell.date}|${cell.band}`) wrongCells++;
    }
  }
  return { missing, wrongCells };
}

/** 50 clients book while the one server process is SIGKILLed at a random moment once bookings flow, ten times. */
export async function crash(label: string, prepared: Prepared): Promise<CheckResult> {
  const tokens = await makeTokens(prepared.db, 50);
  const cells = await freeCells(prepared.db, systemClock, 30);
  let next = 0;
  const acknowledged = new Map<string, FreeCell>();
  let server: Running | undefined;
  for (let round = 1; round <= 10; round++) {
    server = await startServer({ DATABASE_URL: prepared.url });
    const url = server.url;
    let stop = false;
    const workers = tokens.map(async (token) => {
      while (!stop) {
        const cell = cells[next++ % cells.length] as FreeCell;
        try {
          const res = await book(url, token, cell, AbortSignal.timeout(10_000));
          if (res.status >= 200 && res.status < 300) acknowledged.set(((await res.json()) as { id: string }).id, cell);
          else await res.arrayBuffer();
        } catch {
          return; // the server is gone
        }
      }
    });
    // Kill at a random moment once bookings are flowing: a fixed delay alone can pass before the first
    // answer on a busy machine (a cold process, a cold PostgreSQL pool), and the round proves nothing.
    const flowing = acknowledged.size + 3;
    for (let waited = 0; acknowledged.size < flowing && waited < 20_000; waited += 50) await sleep(50);
    await sleep(Math.random() * 1200);
    await server.kill9();
    stop = true;
    await Promise.all(workers);
  }
  const l = await lost(prepared.db, acknowledged);
  const c = await consistency(prepared.db);
  let integrity = 'n/a';
  if (prepared.db.dialect === 'sqlite')
    integrity = String(
      (await sql<{ integrity_check: string }>`pragma integrity_check`.execute(prepared.db.kysely)).rows[0]?.integrity_check,
    );
  return {
    name: `crash ×10 (${label})`,
    ok: acknowledged.size > 0 && l.missing === 0 && l.wrongCells === 0 && consistent(c) && (integrity === 'ok' || integrity === 'n/a'),
    detail: `${acknowledged.size} bookings acknowledged across 10 SIGKILLs, ${l.missing} missing, ${l.wrongCells} without their cell; ${describeConsistency(c)}; integrity_check ${integrity}`,
  };
}

type Answer = { status: number; body: string; port: number | undefined } | { error: string; port: number | undefined };

/**
 * One booking over `agent` (node:http, so the request's connection is known: its client port, which
 * says which worker was serving it), `close` asking the server to close the connection after it.
 */
function bookOn(agent: Agent, url: string, token: string, cell: FreeCell, close: boolean): Promise<Answer> {
  return new Promise((resolve) => {
    let port: number | undefined;
    const req = request(
      `${url}/api/v1/reservations`,
      {
        method: 'POST',
        agent,
        timeout: 10_000,
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${token}`,
          ...(close ? { connection: 'close' } : {}),
        },
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          body += chunk;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body, port }));
        res.on('close', () => {
          if (!res.complete) resolve({ error: 'connection closed mid-answer', port });
        });
      },
    );
    req.on('socket', (socket) => {
      if (socket.localPort) port = socket.localPort;
      else socket.once('connect', () => (port = socket.localPort));
    });
    req.on('timeout', () => req.destroy(new Error('timed out')));
    req.on('error', (error) => resolve({ error: (error as NodeJS.ErrnoException).code ?? error.message, port }));
    req.end(bookingBody(cell));
  });
}

interface Round {
  victim: number;
  /** Client ports of the connections the victim was serving when it was killed. */
  ports: Set<number>;
  killAt: number;
  deadMs?: number;
  firstAckMs?: number;
  replacementMs?: number;
  probes: number;
  /** When (ms after the kill) each /healthz probe that was never answered was sent. */
  hung: number[];
  /** Probes that failed otherwise (refused, reset): the port itself must stay up. */
  probeErrors: string[];
}

/**
 * WORKERS=`count` on PostgreSQL: 50 clients, each on a kept-alive connection of its own (reconnecting
 * every 25 bookings so the load spreads over the workers again after a restart), book distinct cells
 * while one worker — the one serving the most clients — is SIGKILLed at a random moment, `kills` times;
 * the load goes on through the other worker and the primary's replacement. Every answer must be 201 or
 * 409; a request may fail only if it was on a connection of the killed worker (in flight when it died:
 * never acknowledged, counted apart); every 201 must be in the database with its cell. Recovery is
 * timed by /healthz probes on fresh connections, and every probe must be answered: the workers accept
 * from the shared socket themselves (SCHED_NONE, src/lib/cluster.ts), so a dead one takes no connection.
 * Under node's default round-robin the primary handed one to the worker just killed, and lost it.
 */
export async function crashWorkers(label: string, prepared: Prepared, count = 2, kills = 3): Promise<CheckResult> {
  const tokens = await makeTokens(prepared.db, 50);
  const cells = await freeCells(prepared.db, systemClock, 30);
  const server = await startWorkers({ DATABASE_URL: prepared.url }, count);
  const acknowledged = new Map<string, FreeCell>();
  const statuses = new Map<number, number>();
  const unexpected: string[] = [];
  const failures: { port: number | undefined; cell: FreeCell; error: string }[] = [];
  const rounds: Round[] = [];
  let next = 0;
  let stop = false;
  // Off around each kill: a connection the primary is handing over at that instant belongs to no worker yet.
  let rotating = true;
  const clients = tokens.map(async (token) => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    for (let n = 1; !stop; n++) {
      const cell = cells[next++ % cells.length] as FreeCell;
      const started = Date.now();
      const answer = await bookOn(agent, server.url, token, cell, rotating && n % 25 === 0);
      if ('error' in answer) {
        failures.push({ port: answer.port, cell, error: answer.error });
        continue;
      }
      statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
      if (answer.status === 201) {
        acknowledged.set((JSON.parse(answer.body) as { id: string }).id, cell);
        const round = rounds.at(-1);
        if (round && started >= round.killAt && round.firstAckMs === undefined) round.firstAckMs = Date.now() - round.killAt;
      } else if (answer.status !== 409 && unexpected.length < 5) unexpected.push(`${answer.status} ${answer.body.slice(0, 200)}`);
    }
    agent.destroy();
  });

  let pids = server.pids;
  let recovered = true;
  try {
    for (let waited = 0; acknowledged.size < 20 && waited < 30_000; waited += 50) await sleep(50);
    for (let k = 1; k <= kills && recovered; k++) {
      rotating = false;
      await sleep(800 + Math.random() * 1500);
      const held = pids.map((pid) => ({ pid, ports: clientPortsOf(pid, server.port) })).sort((a, b) => b.ports.size - a.ports.size);
      const victim = held[0] as { pid: number; ports: Set<number> };
      const round: Round = { victim: victim.pid, ports: victim.ports, killAt: Date.now(), probes: 0, hung: [], probeErrors: [] };
      rounds.push(round);
      process.kill(victim.pid, 'SIGKILL');
      // Recovered when a worker that was not there before answers /healthz. A probe on a fresh connection
      // every 50 ms, each not waiting for the one before (so one that hangs does not delay the others),
      // and each may reach any worker: every one must be answered by a live worker.
      const deadline = round.killAt + 60_000;
      const death = (async () => {
        while (!isDead(victim.pid) && Date.now() < deadline) await sleep(5);
        round.deadMs = Date.now() - round.killAt;
      })();
      const probes: Promise<void>[] = [];
      let replacement: number | undefined;
      while (replacement === undefined && Date.now() < deadline) {
        const sent = Date.now() - round.killAt;
        probes.push(
          healthPid(server.url).then(
            (pid) => {
              round.probes++;
              if (replacement === undefined && !pids.includes(pid)) {
                replacement = pid;
                round.replacementMs = Date.now() - round.killAt;
              }
            },
            (error: Error) => {
              if (error.message.includes('timed out')) round.hung.push(sent);
              else round.probeErrors.push(`${sent} ms: ${(error as NodeJS.ErrnoException).code ?? error.message}`);
            },
          ),
        );
        await sleep(50);
      }
      await Promise.all([death, ...probes]);
      if (replacement === undefined) recovered = false;
      else pids = [...pids.filter((pid) => pid !== victim.pid), replacement];
      rotating = true;
      await sleep(1000);
    }
    await sleep(1000);
  } finally {
    stop = true;
    await Promise.all(clients);
  }
  // Afterwards every worker answers again.
  const serving = new Set<number>();
  for (let i = 0; i < 10 * count && serving.size < count; i++) serving.add(await healthPid(server.url));
  await server.stop();

  const victimPorts = new Set(rounds.flatMap((r) => [...r.ports]));
  const inFlight = failures.filter((f) => f.port !== undefined && victimPorts.has(f.port));
  const other = failures.filter((f) => !inFlight.includes(f));
  // A request in flight may have committed before its worker died: booked, never acknowledged.
  let committed = 0;
  for (const f of inFlight) {
    const row = await prepared.db.kysely
      .selectFrom('reservation_cells')
      .select('reservation_id')
      .where('room_id', '=', f.cell.roomId)
      .where('date', '=', f.cell.date)
      .where('band', '=', f.cell.band)
      .executeTakeFirst();
    if (row && !acknowledged.has(row.reservation_id)) committed++;
  }
  const l = await lost(prepared.db, acknowledged);
  const c = await consistency(prepared.db);
  const otherStatuses = [...statuses].filter(([s]) => s !== 201 && s !== 409).reduce((sum, [, n]) => sum + n, 0);
  const max = (values: (number | undefined)[]) => Math.max(...values.map((v) => v ?? Number.NaN));
  const byStatus = [...statuses]
    .sort((a, b) => a[0] - b[0])
    .map(([s, n]) => `${s}×${n}`)
    .join(' ');
  const otherErrors = [...new Set(other.map((f) => f.error))].join(', ');
  const hung = rounds.flatMap((r) => r.hung);
  const errors = rounds.flatMap((r) => r.probeErrors);
  return {
    name: `crash, 1 of ${count} workers killed ×${rounds.length} (${label})`,
    ok:
      recovered &&
      rounds.length === kills &&
      acknowledged.size > 0 &&
      l.missing === 0 &&
      l.wrongCells === 0 &&
      otherStatuses === 0 &&
      other.length === 0 &&
      rounds.every((r) => r.probeErrors.length === 0) &&
      hung.length === 0 &&
      serving.size === count &&
      consistent(c),
    detail:
      `${acknowledged.size} bookings acknowledged (201) while ${kills} times the worker serving the most clients (${rounds.map((r) => r.ports.size).join('/')} of 50) was SIGKILLed, ` +
      `${l.missing} missing, ${l.wrongCells} without their cell; answers ${byStatus}, other than 201/409: ${otherStatuses}${unexpected.length ? ` (${unexpected.join('; ')})` : ''}; ` +
      `failed in flight on the killed worker ${inFlight.length} (never acknowledged; ${committed} of them committed before it died), other failures ${other.length}${otherErrors ? ` (${otherErrors})` : ''}; ` +
      `recovery (worst of ${rounds.length}): victim dead in ${max(rounds.map((r) => r.deadMs))} ms, next 201 ${max(rounds.map((r) => r.firstAckMs))} ms after the kill (each: ${rounds.map((r) => r.firstAckMs ?? 'never').join('/')} ms), ` +
      `replacement serving after ${max(rounds.map((r) => r.replacementMs))} ms (each: ${rounds.map((r) => r.replacementMs ?? 'never').join('/')} ms), ` +
      `/healthz probes meanwhile ${rounds.reduce((s, r) => s + r.probes, 0)} answered, ${hung.length} never answered${hung.length ? ` (sent ${hung.join('/')} ms after the kill)` : ''}, ` +
      `${errors.length} refused or reset${errors.length ? ` (${errors.join('; ')})` : ''}; ${serving.size} workers serving afterwards; ` +
      describeConsistency(c),
  };
}
