/**
 * How long a booking stays unseen by the other app process (`BENCH_ONLY=staleness`): PostgreSQL with
 * WORKERS=2, two keep-alive connections each held by a different worker (the primary hands a connection
 * to one worker for its life). For each trial both workers have the room's month in memory; a resident
 * books a free cell through worker A; then
 * - the booker asks both workers at once (own bookings are laid over memory): must be booked;
 * - an anonymous visitor asks worker A (same process: the commit barrier): must be booked;
 * - an anonymous visitor polls worker B every millisecond until it shows the cell booked: that wait is
 *   the stale window, reported as median and maximum against the stated bound of 1 s.
 */
import { Agent, request } from 'node:http';
import { issueApiToken } from '../src/features/account/account.service.ts';
import { addDays, type Clock, todayIn } from '../src/lib/time.ts';
import type { Prepared } from './lib/databases.ts';
import { table } from './lib/load.ts';
import { percentile } from './lib/page-client.ts';
import { startServer } from './lib/processes.ts';

const ROOM = 'kokurakita-llc-r2';
const BOUND_MS = 1000;

interface Answer {
  status: number;
  body: string;
}

/** One request on the agent's single kept-alive connection, i.e. always to the same worker. */
function call(agent: Agent, base: string, method: string, path: string, headers: Record<string, string> = {}, body?: string) {
  return new Promise<Answer>((resolve, reject) => {
    const req = request(`${base}${path}`, { agent, method, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        text += chunk;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

type Days = { days: { date: string; bands: { band: string; state: string }[] }[] };

function stateOf(answer: Answer, date: string, band: string): string | undefined {
  return (JSON.parse(answer.body) as Days).days.find((d) => d.date === date)?.bands.find((b) => b.band === band)?.state;
}

export async function benchStaleness(prepared: Prepared, clock: Clock, quick: boolean, log: (line: string) => void) {
  log('\n== stale window between two app processes (PostgreSQL, WORKERS=2)');
  const trials = quick ? 5 : 20;
  const server = await startServer({ DATABASE_URL: prepared.url, WORKERS: '2' });
  const agents: Agent[] = [];
  try {
    // Connections until two are held by different workers.
    const byPid = new Map<number, Agent>();
    for (let i = 0; i < 20 && byPid.size < 2; i++) {
      const agent = new Agent({ keepAlive: true, maxSockets: 1 });
      agents.push(agent);
      const { pid } = JSON.parse((await call(agent, server.url, 'GET', '/healthz')).body) as { pid: number };
      if (!byPid.has(pid)) byPid.set(pid, agent);
    }
    const [a, b] = [...byPid.values()];
    if (!a || !b) throw new Error('could not reach two workers');
    const user = await prepared.db.kysely
      .selectFrom('users')
      .select('id')
      .where('email', '=', 'hanako@example.com')
      .executeTakeFirstOrThrow();
    const token = await issueApiToken(prepared.db.kysely, clock, user.id, 'bench staleness');
    const auth = { authorization: `Bearer ${token}` };
    // Inside the booking window: from tomorrow to four weeks ahead.
    const today = todayIn(clock);
    const month = addDays(today, 14).slice(0, 7);
    const path = `/api/v1/rooms/${ROOM}/availability?from=${month}-01&to=${month}-28`;
    const free = (JSON.parse((await call(a, server.url, 'GET', path)).body) as Days).days
      .flatMap((d) => d.bands.filter((x) => x.state === 'free').map((x) => ({ date: d.date, band: x.band })))
      .filter((c) => c.date > today && c.date <= addDays(today, 28));
    const stale: number[] = [];
    let ownSeen = 0;
    let sameProcessSeen = 0;
    let done = 0;
    for (const cell of free.slice(0, trials)) {
      await Promise.all([call(a, server.url, 'GET', path), call(b, server.url, 'GET', path)]);
      const booked = await call(
        a,
        server.url,
        'POST',
        '/api/v1/reservations',
        { ...auth, 'content-type': 'application/json' },
        JSON.stringify({ roomId: ROOM, date: cell.date, bands: [cell.band], purpose: '鮮度の計測', attendees: 5, category: 'general' }),
      );
      if (booked.status !== 201) {
        log(`  booking ${cell.date} ${cell.band}: ${booked.status} ${booked.body.slice(0, 200)}`);
        continue;
      }
      const acked = performance.now();
      const [ownA, ownB, anonA] = await Promise.all([
        call(a, server.url, 'GET', path, auth),
        call(b, server.url, 'GET', path, auth),
        call(a, server.url, 'GET', path),
      ]);
      if (stateOf(ownA, cell.date, cell.band) === 'booked' && stateOf(ownB, cell.date, cell.band) === 'booked') ownSeen += 1;
      if (stateOf(anonA, cell.date, cell.band) === 'booked') sameProcessSeen += 1;
      for (;;) {
        if (stateOf(await call(b, server.url, 'GET', path), cell.date, cell.band) === 'booked') break;
        if (performance.now() - acked > 10_000) throw new Error('the other worker never showed the booking');
        await new Promise((r) => setTimeout(r, 1));
      }
      stale.push(performance.now() - acked);
      done += 1;
    }
    const median = percentile(stale, 50);
    const max = percentile(stale, 100);
    const rows = [
      ['bookings through worker A', done],
      ['booker saw it booked at once on both workers', `${ownSeen} of ${done}`],
      ['anonymous on worker A saw it booked at once', `${sameProcessSeen} of ${done}`],
      ['anonymous on worker B: stale window median ms (from the 201, incl. the poll)', median],
      ['anonymous on worker B: stale window max ms', max],
    ];
    const t = table(['measure', 'value'], rows);
    log(t);
    return {
      markdown: `## Stale window between processes (PostgreSQL, WORKERS=2)\n\n${t}\n`,
      json: { trials: done, ownSeen, sameProcessSeen, staleMs: stale, median, max },
      targets: {
        'the booker and the booking process see a booking at once (PostgreSQL, 2 workers)':
          ownSeen === done && sameProcessSeen === done && done > 0,
        [`another process shows a booking within ${BOUND_MS} ms`]: done > 0 && max <= BOUND_MS,
      },
    };
  } finally {
    for (const agent of agents) agent.destroy();
    await server.stop();
  }
}
