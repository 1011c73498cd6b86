/**
 * The staff's look-up and cancel for a caller, API and pages, on both databases: a clerk of the office
 * finds an appointment by 予約番号, phone or name (kana as typed) and cancels it — the seats freed, the
 * operator and reason in the audit log; a resident or another office's clerk is refused (403), another
 * office's appointment is not found through this office (404), and nothing changes.
 */
import { beforeAll, expect, it } from 'vitest';
import { api, tokenFor } from '../../../test/api.ts';
import { PageClient } from '../../../test/browser.ts';
import { describeEachDialect, testApp } from '../../../test/db.ts';
import { makeStaff, makeUser, TEST_PASSWORD } from '../../../test/factories.ts';
import { bookForCaller, seatsOfNumber } from './appointment.change.test-helpers.ts';
import { DAY, makeCounter, makeOffice, makeService } from './appointment.test-helpers.ts';

describeEachDialect('staff look-up and cancel of appointments', (ctx) => {
  let app: ReturnType<typeof testApp>;
  let officeId: string;
  let otherOfficeId: string;
  let clerk: { id: string; email: string | null };
  let clerkToken: string;
  let otherClerkToken: string;
  let residentToken: string;
  let serviceId: string;
  let otherServiceId: string;

  beforeAll(async () => {
    const db = ctx().db.kysely;
    app = testApp(ctx());
    officeId = await makeOffice(db, { name: '門司区役所' });
    otherOfficeId = await makeOffice(db, { name: '小倉南区役所' });
    serviceId = await makeService(db, await makeCounter(db, officeId, { desks: 3 }));
    otherServiceId = await makeService(db, await makeCounter(db, otherOfficeId, { desks: 3 }));
    clerk = await makeStaff(db, 'counter_clerk', { id: officeId });
    clerkToken = await tokenFor(ctx(), clerk.id);
    otherClerkToken = await tokenFor(ctx(), (await makeStaff(db, 'counter_clerk', { id: otherOfficeId })).id);
    residentToken = await tokenFor(ctx(), (await makeUser(db)).id);
  });

  const caller = (start: string, o: Record<string, unknown> = {}) =>
    bookForCaller(app, clerkToken, { serviceIds: [serviceId], date: DAY, start, ...o });

  it('finds by 予約番号 on any day, and by phone digits or name / フリガナ on the day', async () => {
    const a = await caller('09:00', { name: '門司 一郎', nameKana: 'モジ イチロウ', phone: '093-555-1234' });
    await caller('09:15', { name: '門司 二郎', nameKana: 'モジ ジロウ', phone: '093-555-9876' });
    const find = (q: string, date = DAY) =>
      api(app, 'GET', `/api/v1/offices/${officeId}/appointments?date=${date}&q=${encodeURIComponent(q)}`, clerkToken);
    const byNumber = await find(`${a.number.slice(0, 4)}-${a.number.slice(4)}`, '2026-12-25');
    expect(byNumber.status).toBe(200);
    expect((byNumber.json.appointments as { number: string }[]).map((x) => x.number)).toEqual([a.number]);
    const byPhone = await find('5551234');
    expect((byPhone.json.appointments as { number: string; phone: string }[]).map((x) => x.phone)).toEqual(['093-555-1234']);
    const byKana = await find('もじ');
    expect((byKana.json.appointments as { name: string }[]).map((x) => x.name)).toEqual(['門司 一郎', '門司 二郎']);
    expect((await find('いちろう')).json.appointments).toHaveLength(1);
    expect((await find('門司', '2026-12-02')).json.appointments).toEqual([]);
    const bad = await api(app, 'GET', `/api/v1/offices/${officeId}/appointments?date=2026-13-40`, clerkToken);
    expect(bad.status).toBe(422);
    expect(bad.json.errors?.[0]?.field).toBe('date');
  });

  it('cancels for a caller: seats freed, operator and reason audited; a second cancel is 409', async () => {
    const db = ctx().db.kysely;
    const booked = await caller('10:00');
    const path = `/api/v1/offices/${officeId}/appointments/${booked.number}/cancel`;
    const done = await api(app, 'POST', path, clerkToken, { reason: '電話で取り消しの申し出' });
    expect(done.status).toBe(200);
    expect(done.json).toMatchObject({ number: booked.number, status: 'cancelled' });
    expect(await seatsOfNumber(db, booked.number)).toEqual([]);
    const audit = await db
      .selectFrom('audit_log')
      .select(['actor_id', 'action', 'reason', 'target_type'])
      .where('action', '=', 'appointment.cancel_for_caller')
      .execute();
    expect(audit).toContainEqual({
      actor_id: clerk.id,
      action: 'appointment.cancel_for_caller',
      reason: '電話で取り消しの申し出',
      target_type: 'appointment',
    });
    const again = await api(app, 'POST', path, clerkToken, {});
    expect(again.status).toBe(409);
    expect(again.json.type).toBe('urn:tsunagu:problem:already-cancelled');
  });

  it('refuses a resident (403), another office’s clerk (403), no token (401); another office’s appointment is 404', async () => {
    const db = ctx().db.kysely;
    const booked = await caller('10:15');
    const path = `/api/v1/offices/${officeId}/appointments/${booked.number}`;
    expect((await api(app, 'GET', path, residentToken)).status).toBe(403);
    expect((await api(app, 'GET', path, otherClerkToken)).status).toBe(403);
    expect((await api(app, 'GET', path)).status).toBe(401);
    expect((await api(app, 'POST', `${path}/cancel`, residentToken, {})).status).toBe(403);
    expect((await api(app, 'POST', `${path}/cancel`, otherClerkToken, {})).status).toBe(403);
    expect((await api(app, 'GET', `/api/v1/offices/${officeId}/appointments?q=${booked.number}`, otherClerkToken)).status).toBe(403);
    // The other office's clerk, through their own office, does not reach this office's appointment.
    expect(
      (await api(app, 'POST', `/api/v1/offices/${otherOfficeId}/appointments/${booked.number}/cancel`, otherClerkToken, {})).status,
    ).toBe(404);
    const theirs = await bookForCaller(app, otherClerkToken, { serviceIds: [otherServiceId], date: DAY, start: '10:15' });
    expect((await api(app, 'POST', `/api/v1/offices/${officeId}/appointments/${theirs.number}/cancel`, clerkToken, {})).status).toBe(404);
    expect(await seatsOfNumber(db, booked.number)).toHaveLength(1);
    expect(await seatsOfNumber(db, theirs.number)).toHaveLength(1);
  });

  it('works as pages: staff home links it, the search finds, the cancel redirects back with a notice', async () => {
    const db = ctx().db.kysely;
    const booked = await caller('11:00', { name: '門司 三郎', nameKana: 'モジ サブロウ' });
    const page = new PageClient(app);
    await page.post('/login', { login: clerk.email ?? '', password: TEST_PASSWORD });
    const home = await page.get('/staff');
    expect(home.html).toContain(`href="/staff/offices/${officeId}/appointments"`);
    const list = await page.get(`/staff/offices/${officeId}/appointments?date=${DAY}&q=${encodeURIComponent('さぶろう')}`);
    expect(list.res.status).toBe(200);
    expect(list.html).toContain(`/staff/offices/${officeId}/appointments/${booked.number}`);
    const detail = await page.get(`/staff/offices/${officeId}/appointments/${booked.number}`);
    expect(detail.html).toContain('門司 三郎（モジ サブロウ）');
    expect(detail.html).toContain('電話（職員）');
    const cancelled = await page.post(`/staff/offices/${officeId}/appointments/${booked.number}/cancel`, { reason: '' });
    expect(cancelled.res.status).toBe(303);
    expect(cancelled.res.headers.get('location')).toBe(`/staff/offices/${officeId}/appointments/${booked.number}?cancelled=1`);
    const after = await page.get(`/staff/offices/${officeId}/appointments/${booked.number}?cancelled=1`);
    expect(after.html).toContain('予約を取り消しました');
    expect(after.html).not.toContain('この予約を取り消す');
    const audit = await db
      .selectFrom('audit_log')
      .select('reason')
      .where('target_type', '=', 'appointment')
      .where('actor_id', '=', clerk.id)
      .execute();
    expect(audit.map((a) => a.reason)).toContain('お申し出により職員が取り消し');
    const badDate = await page.get(`/staff/offices/${officeId}/appointments?date=2026-02-30`);
    expect(badDate.res.status).toBe(422);

    const resident = new PageClient(app);
    const person = await makeUser(db, { email: 'page-resident@example.jp' });
    await resident.post('/login', { login: person.email ?? '', password: TEST_PASSWORD });
    expect((await resident.get(`/staff/offices/${officeId}/appointments`)).res.status).toBe(403);
    const other = new PageClient(app);
    const otherClerk = await makeStaff(db, 'counter_clerk', { id: otherOfficeId });
    await other.post('/login', { login: otherClerk.email ?? '', password: TEST_PASSWORD });
    expect((await other.get(`/staff/offices/${officeId}/appointments/${booked.number}`)).res.status).toBe(403);
  });
});
