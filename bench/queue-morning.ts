/**
 * A morning at one ward office with the call screen open (#17): the office's appointments of today are
 * checked in one by one at the entrance and called to the counter's desks by a clerk (the staff JSON
 * endpoints, a counter clerk's token), at a steady pace, while call screens hold the SSE stream of
 * /offices/{id}/screen/events — one on the app process the clerk's requests go to and, when a second
 * process is given, one on that other process (the change reaches it through the database's change feed:
 * LISTEN/NOTIFY on PostgreSQL, polling of the change marks on SQLite). Measured per screen: from the
 * call's answer reaching the clerk to the number appearing on the screen.
 */
import type { LoadResult } from './lib/load.ts';
import { percentile } from './lib/page-client.ts';
import type { Running } from './lib/processes.ts';
import { openScreen, type Screen } from './lib/screen-client.ts';

export interface MorningPlan {
  people: number;
  /** Between one person's check-in and the next: a morning compressed, the screen's work unchanged. */
  paceMs: number;
}

/**
 * The screen lists the last SCREEN_NUMBERS (8) calls: at a pace much faster than 100 ms, 8 calls can
 * come between two board reads of a loaded machine and push a number off before it was ever shown,
 * which no real morning (a call every half minute or so) does.
 */
export const morningPlan = (quick: boolean): MorningPlan => (quick ? { people: 100, paceMs: 100 } : { people: 400, paceMs: 100 });

export interface MorningResult {
  screens: { name: string; shown: number; missing: number; p50: number; p99: number; max: number; events: number }[];
  /** The clerk's own requests: check-in and call-next answers. */
  checkIn: Pick<LoadResult, 'p50' | 'p99'>;
  call: Pick<LoadResult, 'p50' | 'p99'>;
  failures: string[];
  wallSeconds: number;
}

const sleepUntil = (at: number) => new Promise<void>((r) => setTimeout(r, Math.max(0, at - performance.now())));

async function post(url: string, token: string, path: string, body?: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(`${url}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, json: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

export async function queueMorning(
  servers: { name: string; server: Running }[],
  driver: Running,
  setup: { officeId: string; counterId: string; desks: number; numbers: string[]; clerkToken: string },
  plan: MorningPlan,
): Promise<MorningResult> {
  const screens: { name: string; screen: Screen }[] = [];
  for (const s of servers) screens.push({ name: s.name, screen: await openScreen(s.server.url, setup.officeId) });
  const calls: { number: number; at: number }[] = [];
  const checkInMs: number[] = [];
  const callMs: number[] = [];
  const failures: string[] = [];
  const atDesk = new Map<number, string>();
  const started = performance.now();
  for (const [i, number] of setup.numbers.slice(0, plan.people).entries()) {
    await sleepUntil(started + i * plan.paceMs);
    const t0 = performance.now();
    const checkIn = await post(driver.url, setup.clerkToken, `/api/v1/offices/${setup.officeId}/check-ins`, { number });
    checkInMs.push(performance.now() - t0);
    if (checkIn.status !== 201) failures.push(`check-in ${number}: ${checkIn.status} ${JSON.stringify(checkIn.json).slice(0, 120)}`);
    const desk = (i % setup.desks) + 1;
    const before = atDesk.get(desk);
    if (before) {
      const done = await post(driver.url, setup.clerkToken, `/api/v1/queue-tickets/${before}/done`);
      if (done.status !== 200) failures.push(`done ${before}: ${done.status}`);
    }
    const t1 = performance.now();
    const called = await post(driver.url, setup.clerkToken, `/api/v1/counters/${setup.counterId}/call-next`, { desk });
    const at = performance.now();
    callMs.push(at - t1);
    if (called.status !== 200) {
      failures.push(`call-next desk ${desk}: ${called.status} ${JSON.stringify(called.json).slice(0, 120)}`);
      continue;
    }
    atDesk.set(desk, String(called.json.id));
    calls.push({ number: Number(called.json.number), at });
  }
  // The last calls' events: give every screen time to show them (well past the 2 s target).
  await new Promise((r) => setTimeout(r, 3000));
  const wallSeconds = (performance.now() - started) / 1000;
  for (const s of screens) s.screen.close();
  return {
    screens: screens.map(({ name, screen }) => {
      // An event may arrive before the call's own answer does: that is no delay at all.
      const delays = calls.flatMap((c) => {
        const seen = screen.firstSeen.get(c.number);
        return seen === undefined ? [] : [Math.max(0, seen - c.at)];
      });
      return {
        name,
        shown: delays.length,
        missing: calls.length - delays.length,
        p50: percentile(delays, 50),
        p99: percentile(delays, 99),
        max: percentile(delays, 100),
        events: screen.events,
      };
    }),
    checkIn: { p50: percentile(checkInMs, 50), p99: percentile(checkInMs, 99) },
    call: { p50: percentile(callMs, 50), p99: percentile(callMs, 99) },
    failures,
    wallSeconds,
  };
}
