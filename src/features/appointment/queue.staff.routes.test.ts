/**
 * The kiosk and the clerk's console as pages, on both databases: check-in by a number typed as a QR
 * reader types it, a walk-in number, refusals shown in the error summary with nothing changed, the
 * console calling, serving and marking done or no-show, and who may open either.
 */
import { beforeAll, expect, it } from 'vitest';
import { PageClient } from '../../../test/browser.ts';
import { countRows, describeEachDialect, testApp } from '../../../test/db.ts';
import { makeStaff, TEST_PASSWORD } from '../../../test/factories.ts';
import { makeAppointment, makeOfficeWithCounter } from './queue.test-helpers.ts';

describeEachDialect('the kiosk and the console pages', (ctx) => {
  let app: ReturnType<typeof testApp>;
  let o: Awaited<ReturnType<typeof makeOfficeWithCounter>>;
  let page: PageClient;

  beforeAll(async () => {
    app = testApp(ctx()); // 2026-11-24 10:00 in Tokyo, a Tuesday
    o = await makeOfficeWithCounter(ctx().db.kysely, { desks: 2 });
    page = new PageClient(app);
    const clerk = await makeStaff(ctx().db.kysely, 'counter_clerk', { id: o.officeId });
    await page.post('/login', { login: clerk.email ?? '', password: TEST_PASSWORD });
  });

  const csrfOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';

  /** A console action: 303 back to the console, which is then read as the browser would. */
  async function act(path: string) {
    const { res, html } = await page.post(path, {});
    if (res.status !== 303) return { res, html };
    return page.get(
      new URL(res.headers.get('location') ?? '', 'http://localhost').pathname +
        new URL(res.headers.get('location') ?? '', 'http://localhost').search,
    );
  }

  it('checks a booked person in by the number the QR reader types, and hands a walk-in a number', async () => {
    const { number } = await makeAppointment(ctx().db.kysely, o.officeId, [
      { serviceId: o.serviceId, counterId: o.counterId, starts: '10:00' },
    ]);
    const kiosk = await page.get(`/offices/${o.officeId}/kiosk`);
    expect(kiosk.res.status).toBe(200);
    expect(kiosk.html).toContain('name="number"');
    const typed = await page.post(`/offices/${o.officeId}/kiosk/check-in`, {
      _csrf: csrfOf(kiosk.html),
      number: ` ${number.toLowerCase()} `,
    });
    expect(typed.res.status).toBe(201);
    expect(typed.html).toMatch(/<p class="kiosk-number"[^>]*>1<\/p>/);
    const again = await page.post(`/offices/${o.officeId}/kiosk/check-in`, { _csrf: csrfOf(kiosk.html), number });
    expect(again.res.status).toBe(200); // the same ticket, not a second one
    const walkIn = await page.post(`/offices/${o.officeId}/kiosk/walk-in`, { _csrf: csrfOf(kiosk.html), serviceId: o.serviceId });
    expect(walkIn.res.status).toBe(201);
    expect(walkIn.html).toMatch(/<p class="kiosk-number"[^>]*>2<\/p>/);
    expect(walkIn.html).toContain('前に1人');
    expect(await countRows(ctx(), 'queue_tickets')).toBe(2);
  });

  it('refuses an unknown number or service in the error summary and issues nothing', async () => {
    const before = await countRows(ctx(), 'queue_tickets');
    const kiosk = await page.get(`/offices/${o.officeId}/kiosk`);
    const unknown = await page.post(`/offices/${o.officeId}/kiosk/check-in`, { _csrf: csrfOf(kiosk.html), number: '0000-0000' });
    expect(unknown.res.status).toBe(422);
    expect(unknown.html).toContain('error-summary');
    const service = await page.post(`/offices/${o.officeId}/kiosk/walk-in`, { _csrf: csrfOf(kiosk.html), serviceId: 'nope' });
    expect(service.res.status).toBe(422);
    expect(await countRows(ctx(), 'queue_tickets')).toBe(before);
  });

  it('calls the next person at a desk, serves and finishes them, then says nobody waits', async () => {
    const path = `/staff/counters/${o.counterId}/console?desk=2`;
    const consolePage = await page.get(path);
    expect(consolePage.res.status).toBe(200);
    expect(consolePage.html).toContain('待っている方（2人）');
    const called = await act(`/staff/counters/${o.counterId}/console/call-next?desk=2`);
    expect(called.res.status).toBe(200); // followed the 303 back to the console
    expect(called.html).toContain('1番を呼びました');
    expect(called.html).toMatch(/<p class="console-number">1 /);
    const ticket = await ctx()
      .db.kysely.selectFrom('queue_tickets')
      .select(['id', 'status', 'desk'])
      .where('number', '=', 1)
      .where('office_id', '=', o.officeId)
      .executeTakeFirstOrThrow();
    expect([ticket.status, Number(ticket.desk)]).toEqual(['called', 2]);
    await act(`/staff/counters/${o.counterId}/console/${ticket.id}/serving?desk=2`);
    const done = await act(`/staff/counters/${o.counterId}/console/${ticket.id}/done?desk=2`);
    expect(done.html).toContain('1番を完了にしました');
    await act(`/staff/counters/${o.counterId}/console/call-next?desk=2`);
    const second = await ctx()
      .db.kysely.selectFrom('queue_tickets')
      .select('id')
      .where('number', '=', 2)
      .where('office_id', '=', o.officeId)
      .executeTakeFirstOrThrow();
    const noShow = await act(`/staff/counters/${o.counterId}/console/${second.id}/no-show?desk=2`);
    expect(noShow.html).toContain('2番を更新しました');
    const empty = await act(`/staff/counters/${o.counterId}/console/call-next?desk=2`);
    expect(empty.res.status).toBe(409);
    expect(empty.html).toContain('error-summary');
    const statuses = await ctx()
      .db.kysely.selectFrom('queue_tickets')
      .select(['number', 'status'])
      .where('office_id', '=', o.officeId)
      .orderBy('number')
      .execute();
    expect(statuses.map((s) => [Number(s.number), s.status])).toEqual([
      [1, 'done'],
      [2, 'no_show'],
    ]);
  });

  it('links the office’s kiosk, screens and consoles from the staff home of its clerks only', async () => {
    const home = await page.get('/staff');
    expect(home.html).toContain(`href="/offices/${o.officeId}/kiosk"`);
    expect(home.html).toContain(`href="/staff/counters/${o.counterId}/console"`);
    expect(home.html).toContain('href="/staff/counters/insights"');
    const centre = new PageClient(app);
    const staff = await makeStaff(ctx().db.kysely, 'clerk', { facilityId: 'f_none' });
    await centre.post('/login', { login: staff.email ?? '', password: TEST_PASSWORD });
    const theirs = await centre.get('/staff');
    expect(theirs.res.status).toBe(200);
    expect(theirs.html).not.toContain('/kiosk');
  });

  it('opens neither page to a centre’s staff or another office’s clerk, nor without signing in', async () => {
    const other = await makeOfficeWithCounter(ctx().db.kysely);
    const stranger = new PageClient(app);
    const clerk = await makeStaff(ctx().db.kysely, 'counter_clerk', { id: other.officeId });
    await stranger.post('/login', { login: clerk.email ?? '', password: TEST_PASSWORD });
    expect((await stranger.get(`/offices/${o.officeId}/kiosk`)).res.status).toBe(403);
    expect((await stranger.get(`/staff/counters/${o.counterId}/console`)).res.status).toBe(403);
    const anonymous = await app.request(`/offices/${o.officeId}/kiosk`);
    expect(anonymous.status).toBe(303);
  });
});
