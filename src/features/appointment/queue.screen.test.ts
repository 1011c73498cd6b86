/**
 * The public boards on both databases: the 混雑状況 page (no script, refreshes itself), the call screen
 * (numbers without JavaScript, a noscript refresh, its script), and the screen's SSE stream receiving a
 * call within 2 s — from the same app and from a second app process on the same database.
 */
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { api, tokenFor } from '../../../test/api.ts';
import { describeEachDialect, testApp } from '../../../test/db.ts';
import { makeStaff } from '../../../test/factories.ts';
import type { DatabaseHandle } from '../../db/database.ts';
import { fixedClock } from '../../lib/time.ts';
import type { ScreenBoard } from './queue.board.service.ts';
import { makeOfficeWithCounter } from './queue.test-helpers.ts';

const clock = fixedClock('2026-11-24T10:00:00+09:00');

/** Reads an SSE response's `board` events as they come. */
function boardEvents(res: Response) {
  const reader = (res.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  const boards: ScreenBoard[] = [];
  let done = false;
  void (async () => {
    while (!done) {
      const chunk = await reader.read().catch(() => ({ done: true, value: undefined }));
      if (chunk.done) break;
      buffer += decoder.decode(chunk.value, { stream: true });
      let end = buffer.indexOf('\n\n');
      while (end >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const data = block.split('\n').find((line) => line.startsWith('data: '));
        if (/^event: board$/m.test(block) && data) boards.push(JSON.parse(data.slice('data: '.length)) as ScreenBoard);
        end = buffer.indexOf('\n\n');
      }
    }
  })();
  return {
    boards,
    async close() {
      done = true;
      await reader.cancel();
    },
  };
}

describeEachDialect('the public boards and the call screen', (ctx) => {
  let second: DatabaseHandle;
  let appA: ReturnType<typeof testApp>;
  let appB: ReturnType<typeof testApp>;
  let office: Awaited<ReturnType<typeof makeOfficeWithCounter>>;
  let token: string;

  beforeAll(async () => {
    const db = ctx().db.kysely;
    second = ctx().connectAgain();
    appA = testApp(ctx(), clock);
    appB = testApp({ ...ctx(), db: second }, clock);
    office = await makeOfficeWithCounter(db, { desks: 2 });
    token = await tokenFor(ctx(), (await makeStaff(db, 'counter_clerk', { id: office.officeId })).id);
    await vi.waitFor(() => expect(ctx().db.changes.catchUp() && second.changes.catchUp()).toBe(true), { timeout: 5000 });
  });

  afterAll(async () => {
    await second.close();
  });

  const walkInAndCall = async (app: typeof appA, desk: number) => {
    await api(app, 'POST', `/api/v1/offices/${office.officeId}/walk-ins`, token, { serviceId: office.serviceId });
    const called = await api(app, 'POST', `/api/v1/counters/${office.counterId}/call-next`, token, { desk });
    expect(called.status).toBe(200);
    return called.json as unknown as { id: string; number: number };
  };

  it('shows the 混雑状況 page without script, refreshing every 30 seconds', async () => {
    await api(appA, 'POST', `/api/v1/offices/${office.officeId}/walk-ins`, token, { serviceId: office.serviceId });
    const res = await appA.request(`/offices/${office.officeId}/queue`);
    expect(res.status).toBe(200);
    expect(res.headers.get('refresh')).toBe('30');
    const html = await res.text();
    expect(html).toContain('混雑状況');
    expect(html).toContain('1人');
    expect(html).toContain('約8分'); // 1 waiting × 15 minutes ÷ 2 desks, rounded up
    expect(html).not.toContain('<script');
    expect((await appA.request('/offices/org_nowhere/queue')).status).toBe(404);
  });

  it('shows the called numbers on the screen without JavaScript, with a noscript refresh and its script', async () => {
    const called = await walkInAndCall(appA, 1);
    const res = await appA.request(`/offices/${office.officeId}/screen`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toMatch(/<noscript><meta http-equiv="refresh" content="10"\/?><\/noscript>/);
    expect(html).toContain('<script src="/assets/queue-screen.js" defer="">');
    expect(html).toContain(`<td class="queue-screen__number">${called.number}</td>`);
    expect(html).toContain('1番');
    expect(html).toContain('data-sound="0"');
    const script = await appA.request('/assets/queue-screen.js');
    expect(script.headers.get('content-type')).toContain('javascript');
    expect(await script.text()).toContain('EventSource');
  });

  it('streams a call to the screen of the same app within 2 seconds', async () => {
    const res = await appA.request(`/offices/${office.officeId}/screen/events`);
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const stream = boardEvents(res);
    try {
      await vi.waitFor(() => expect(stream.boards.length).toBeGreaterThan(0), { timeout: 2000, interval: 20 });
      const called = await walkInAndCall(appA, 2);
      await vi.waitFor(() => expect(stream.boards.at(-1)?.called[0]?.number).toBe(called.number), { timeout: 2000, interval: 20 });
      expect(stream.boards.at(-1)?.called[0]).toMatchObject({ desk: 2, counter: '市民課' });
    } finally {
      await stream.close();
    }
  });

  it('streams a call made on another app process (same database) within 2 seconds', async () => {
    const res = await appB.request(`/offices/${office.officeId}/screen/events`);
    const stream = boardEvents(res);
    try {
      await vi.waitFor(() => expect(stream.boards.length).toBeGreaterThan(0), { timeout: 2000, interval: 20 });
      // Free desk 1 on process A, then call there: B's screen must hear of it through the database.
      const busy = stream.boards.at(-1)?.called.find((n) => n.desk === 1);
      expect(busy).toBeDefined();
      const tickets = await ctx()
        .db.kysely.selectFrom('queue_tickets')
        .select('id')
        .where('office_id', '=', office.officeId)
        .where('status', '=', 'called')
        .where('desk', '=', 1)
        .execute();
      for (const t of tickets) await api(appA, 'POST', `/api/v1/queue-tickets/${t.id}/done`, token);
      const started = Date.now();
      const called = await walkInAndCall(appA, 1);
      await vi.waitFor(() => expect(stream.boards.at(-1)?.called[0]?.number).toBe(called.number), { timeout: 2000, interval: 20 });
      expect(Date.now() - started).toBeLessThan(2000);
    } finally {
      await stream.close();
    }
  });

  it('answers 404 for the screen of an unknown office, before any stream opens', async () => {
    expect((await appA.request('/offices/org_nowhere/screen')).status).toBe(404);
    expect((await appA.request('/offices/org_nowhere/screen/events')).status).toBe(404);
  });
});
