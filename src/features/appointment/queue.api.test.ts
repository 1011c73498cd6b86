/**
 * The queue's JSON API on both databases: the public 混雑状況 (no personal data, the estimate), the staff
 * endpoints behind the policy, bad input as a 422 problem naming the field with nothing changed, and 50
 * concurrent check-ins and walk-ins over HTTP getting 1…50.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, tokenFor } from '../../../test/api.ts';
import { countRows, describeEachDialect, testApp } from '../../../test/db.ts';
import { makeStaff } from '../../../test/factories.ts';
import { listen } from '../../../test/server.ts';
import { fixedClock } from '../../lib/time.ts';
import { makeAppointment, makeOffice, makeOfficeWithCounter } from './queue.test-helpers.ts';

describeEachDialect('the queue API', (ctx) => {
  let app: ReturnType<typeof testApp>;
  let officeId: string;
  let counterId: string;
  let serviceId: string;
  let clerkToken: string;
  let strangerToken: string;

  beforeAll(async () => {
    const db = ctx().db.kysely;
    ({ officeId, counterId, serviceId } = await makeOfficeWithCounter(db, { desks: 2 }));
    clerkToken = await tokenFor(ctx(), (await makeStaff(db, 'counter_clerk', { id: officeId })).id);
    strangerToken = await tokenFor(ctx(), (await makeStaff(db, 'counter_clerk', { id: await makeOffice(db, '他区役所') })).id);
    app = testApp(ctx(), fixedClock('2026-11-24T10:00:00+09:00'));
  });

  it('checks in (201, then 200 with the same ticket), calls, serves and finishes over the API', async () => {
    const { number } = await makeAppointment(ctx().db.kysely, officeId, [{ serviceId, counterId, starts: '10:00' }], {
      number: 'API1-0001',
    });
    const first = await api(app, 'POST', `/api/v1/offices/${officeId}/check-ins`, clerkToken, { number: 'api10001', via: 'kiosk' });
    expect(first.status).toBe(201);
    expect(first.json).toMatchObject({ kind: 'booked', status: 'waiting', checkedInVia: 'kiosk', ahead: 0, late: false });
    const again = await api(app, 'POST', `/api/v1/offices/${officeId}/check-ins`, clerkToken, { number });
    expect(again.status).toBe(200);
    expect(again.json.id).toBe(first.json.id);

    const called = await api(app, 'POST', `/api/v1/counters/${counterId}/call-next`, clerkToken, { desk: 1 });
    expect(called.status).toBe(200);
    expect(called.json).toMatchObject({ id: first.json.id, status: 'called', desk: 1 });
    const serving = await api(app, 'POST', `/api/v1/queue-tickets/${first.json.id}/serving`, clerkToken);
    expect(serving.json.status).toBe('serving');
    const done = await api(app, 'POST', `/api/v1/queue-tickets/${first.json.id}/done`, clerkToken);
    expect(done.json).toMatchObject({ status: 'done', next: null });
    const twice = await api(app, 'POST', `/api/v1/queue-tickets/${first.json.id}/done`, clerkToken);
    expect(twice.status).toBe(409);
    expect(twice.json.type).toBe('urn:tsunagu:problem:queue-ticket-state');
  });

  it('hands out walk-ins, transfers and no-shows over the API', async () => {
    const walkIn = await api(app, 'POST', `/api/v1/offices/${officeId}/walk-ins`, clerkToken, { serviceId });
    expect(walkIn.status).toBe(201);
    expect(walkIn.json).toMatchObject({ kind: 'walk_in', checkedInVia: 'kiosk' });
    const called = await api(app, 'POST', `/api/v1/counters/${counterId}/call-next`, clerkToken, { desk: 2 });
    expect(called.json.id).toBe(walkIn.json.id);
    const noShow = await api(app, 'POST', `/api/v1/queue-tickets/${walkIn.json.id}/no-show`, clerkToken);
    expect(noShow.json.status).toBe('no_show');
    const transfer = await api(app, 'POST', `/api/v1/queue-tickets/${walkIn.json.id}/transfer`, clerkToken, { counterId: 'ctr_nowhere' });
    expect(transfer.status).toBe(422);
    expect(transfer.json.errors?.map((e) => e.field)).toEqual(['counterId']);
  });

  it('refuses staff endpoints without a token (401) and to another office’s clerk (403), changing nothing', async () => {
    const before = await countRows(ctx(), 'queue_tickets');
    expect((await api(app, 'POST', `/api/v1/offices/${officeId}/walk-ins`, undefined, { serviceId })).status).toBe(401);
    expect((await api(app, 'POST', `/api/v1/offices/${officeId}/walk-ins`, strangerToken, { serviceId })).status).toBe(403);
    expect((await api(app, 'POST', `/api/v1/counters/${counterId}/call-next`, strangerToken, { desk: 1 })).status).toBe(403);
    expect(await countRows(ctx(), 'queue_tickets')).toBe(before);
  });

  it('answers bad input with a 422 problem naming the field (an unknown field too), changing nothing', async () => {
    const before = await countRows(ctx(), 'queue_tickets');
    const cases: [string, unknown, string][] = [
      [`/api/v1/offices/${officeId}/check-ins`, { number: '' }, 'number'],
      [`/api/v1/offices/${officeId}/check-ins`, { number: 'AB' }, 'number'],
      [`/api/v1/offices/${officeId}/check-ins`, { number: 'NOPE-0000' }, 'number'],
      [`/api/v1/offices/${officeId}/check-ins`, { number: 'ABCD-1234', via: 'fax' }, 'via'],
      [`/api/v1/offices/${officeId}/check-ins`, { number: 'ABCD-1234', colour: 'red' }, 'colour'],
      [`/api/v1/offices/${officeId}/walk-ins`, { serviceId: 'svc_unknown' }, 'serviceId'],
      [`/api/v1/counters/${counterId}/call-next`, { desk: 'one' }, 'desk'],
      [`/api/v1/counters/${counterId}/call-next`, { desk: 7 }, 'desk'],
      ['/api/v1/self-check-ins', { number: 'ABCD-1234' }, 'secret'],
    ];
    for (const [path, body, field] of cases) {
      const res = await api(app, 'POST', path, clerkToken, body);
      expect(res.status, `${path} ${JSON.stringify(body)}`).toBe(422);
      expect(res.json.errors?.map((e) => e.field)).toContain(field);
    }
    const notJson = await api(app, 'POST', `/api/v1/offices/${officeId}/check-ins`, clerkToken, '{', {
      'content-type': 'application/json',
    });
    expect(notJson.status).toBe(422);
    expect(await countRows(ctx(), 'queue_tickets')).toBe(before);
  });

  it('shows the public 混雑状況 with waiting people and an estimate, and no personal data', async () => {
    const db = ctx().db.kysely;
    const office = await makeOfficeWithCounter(db, { desks: 2 });
    const token = await tokenFor(ctx(), (await makeStaff(db, 'counter_clerk', { id: office.officeId })).id);
    const empty = await api(app, 'GET', `/api/v1/offices/${office.officeId}/queue`);
    expect(empty.status).toBe(200);
    expect(empty.json).toMatchObject({
      officeId: office.officeId,
      waiting: 0,
      counters: [{ waiting: 0, openDesks: 2, estimatedWaitMinutes: 0 }],
    });
    for (let i = 0; i < 4; i++)
      await api(app, 'POST', `/api/v1/offices/${office.officeId}/walk-ins`, token, { serviceId: office.serviceId });
    const busy = await api(app, 'GET', `/api/v1/offices/${office.officeId}/queue`);
    // 4 waiting × 15 minutes (the service's duration, nobody done yet) ÷ 2 desks.
    expect(busy.json).toMatchObject({ waiting: 4, counters: [{ waiting: 4, serviceMinutes: 15, estimatedWaitMinutes: 30 }] });
    expect(JSON.stringify(busy.json)).not.toMatch(/窓口 花子|example\.com|number/);
    expect((await api(app, 'GET', '/api/v1/offices/org_nowhere/queue')).status).toBe(404);
  });

  it('estimates from the median service time of today’s finished tickets once there are some', async () => {
    const db = ctx().db.kysely;
    const office = await makeOfficeWithCounter(db, { desks: 1 });
    const token = await tokenFor(ctx(), (await makeStaff(db, 'counter_clerk', { id: office.officeId })).id);
    const clockAt = (time: string) => testApp(ctx(), fixedClock(`2026-11-24T${time}:00+09:00`));
    for (let i = 0; i < 3; i++)
      await api(clockAt('09:00'), 'POST', `/api/v1/offices/${office.officeId}/walk-ins`, token, { serviceId: office.serviceId });
    const called = await api(clockAt('09:00'), 'POST', `/api/v1/counters/${office.counterId}/call-next`, token, { desk: 1 });
    await api(clockAt('09:06'), 'POST', `/api/v1/queue-tickets/${called.json.id}/done`, token);
    const board = await api(clockAt('09:07'), 'GET', `/api/v1/offices/${office.officeId}/queue`);
    expect(board.json).toMatchObject({ counters: [{ waiting: 2, serviceMinutes: 6, estimatedWaitMinutes: 12 }] });
    // The next one called at 09:07: at 09:09 the desk has about 4 of its 6 minutes left before the last one waiting.
    await api(clockAt('09:07'), 'POST', `/api/v1/counters/${office.counterId}/call-next`, token, { desk: 1 });
    const busy = await api(clockAt('09:09'), 'GET', `/api/v1/offices/${office.officeId}/queue`);
    expect(busy.json).toMatchObject({ counters: [{ waiting: 1, serviceMinutes: 6, estimatedWaitMinutes: 10 }] });
  });

  describe('under concurrency', () => {
    let server: Awaited<ReturnType<typeof listen>>;
    afterAll(async () => {
      await server?.close();
    });
    it('gives 50 simultaneous check-ins and walk-ins over HTTP 50 distinct consecutive numbers', async () => {
      const db = ctx().db.kysely;
      const office = await makeOfficeWithCounter(db);
      const token = await tokenFor(ctx(), (await makeStaff(db, 'counter_clerk', { id: office.officeId })).id);
      const numbers: string[] = [];
      for (let i = 0; i < 25; i++) numbers.push((await makeAppointment(db, office.officeId, [{ ...office, starts: '10:30' }])).number);
      server = await listen(app);
      const post = (path: string, body: unknown) =>
        fetch(`${server.url}${path}`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
      const responses = await Promise.all([
        ...numbers.map((number) => post(`/api/v1/offices/${office.officeId}/check-ins`, { number })),
        ...numbers.map(() => post(`/api/v1/offices/${office.officeId}/walk-ins`, { serviceId: office.serviceId })),
      ]);
      expect(responses.map((r) => r.status)).toEqual(Array(50).fill(201));
      const tickets = (await Promise.all(responses.map((r) => r.json()))) as { number: number }[];
      expect(tickets.map((t) => t.number).sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    });
  });
});
