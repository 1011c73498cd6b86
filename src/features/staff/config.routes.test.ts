import { beforeAll, expect, it } from 'vitest';
import { api, tokenFor } from '../../../test/api.ts';
import { PageClient } from '../../../test/browser.ts';
import { describeEachDialect, testApp } from '../../../test/db.ts';
import { makeFacility, makeRoom, makeRoomFees, makeStaff, makeUser, TEST_PASSWORD } from '../../../test/factories.ts';

describeEachDialect('admin configuration', (ctx) => {
  let app: ReturnType<typeof testApp>;
  let admin: PageClient;
  let clerk: PageClient;
  let facilityId: string;
  let roomId: string;
  let outsiderToken: string;

  const login = async (email: string) => {
    const c = new PageClient(app);
    await c.post('/login', { login: email, password: TEST_PASSWORD });
    await c.get('/staff');
    return c;
  };

  beforeAll(async () => {
    const db = ctx().db.kysely;
    app = testApp(ctx());
    facilityId = await makeFacility(db, { name: '設定テスト市民センター' });
    roomId = await makeRoom(db, facilityId, { capacity: 30 });
    await makeRoomFees(db, roomId, { morning: 1000, afternoon: 1000, evening: 1000 });
    admin = await login((await makeStaff(db, 'admin')).email ?? '');
    clerk = await login((await makeStaff(db, 'clerk', { facilityId })).email ?? '');
    outsiderToken = await tokenFor(ctx(), (await makeUser(db, { residency: 'non_resident' })).id);
  });

  const book = (date: string, band = 'morning') =>
    api(app, 'POST', '/api/v1/reservations', outsiderToken, {
      roomId,
      date,
      bands: [band],
      purpose: 'x',
      attendees: 5,
      category: 'general',
    });

  it('changes fee rates and the quota for the whole city, audited', async () => {
    expect((await book('2026-12-01')).json.fee).toBe(1500); // default 市外 ×1.5
    const { res } = await admin.post('/staff/config/settings', {
      commercial: '200',
      admission: '150',
      nonResident: '120',
      communityReduction: '100',
      npoReduction: '30',
      quota: '2',
    });
    expect(res.status).toBe(303);
    expect((await book('2026-12-02')).json.fee).toBe(1200);
    const overQuota = await book('2026-12-03');
    expect(overQuota.status).toBe(422); // 2 bands this month already
    expect(overQuota.json.errors?.[0]?.message).toContain('2コマまで');
    const audit = await ctx()
      .db.kysely.selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'config.settings')
      .executeTakeFirstOrThrow();
    expect(JSON.parse(audit.before_json ?? '{}')).toMatchObject({ nonResident: 150 });
    expect(JSON.parse(audit.after_json ?? '{}')).toMatchObject({ nonResident: 120, quota: 2 });
    await admin.post('/staff/config/settings', {
      commercial: '200',
      admission: '150',
      nonResident: '150',
      communityReduction: '100',
      npoReduction: '50',
      quota: '12',
    });
  });

  it('sets how many groups one person may represent (1–50), audited, and refuses anything else with the form', async () => {
    const db = ctx().db.kysely;
    expect((await admin.get('/staff/config')).html).toContain('name="maxGroupsRepresented"');
    for (const bad of ['0', '51', '2.5', 'x', '']) {
      const refused = await admin.post('/staff/config/groups', { maxGroupsRepresented: bad });
      expect(refused.res.status, bad).toBe(422);
      expect(refused.html).toContain('1から50までの数字');
      expect(refused.html).toContain('name="maxGroupsRepresented"');
    }
    expect(await db.selectFrom('settings').select('value').where('key', '=', 'max_groups_represented').executeTakeFirst()).toBeUndefined();
    expect((await clerk.post('/staff/config/groups', { maxGroupsRepresented: '9' })).res.status).toBe(403);
    expect((await admin.post('/staff/config/groups', { maxGroupsRepresented: '２' })).res.status).toBe(303);
    expect((await admin.get('/staff/config')).html).toMatch(
      /name="maxGroupsRepresented"[^>]*value="2"|value="2"[^>]*name="maxGroupsRepresented"/,
    );
    const audit = await db.selectFrom('audit_log').selectAll().where('action', '=', 'config.groups').executeTakeFirstOrThrow();
    expect(JSON.parse(audit.before_json ?? '{}')).toEqual({ maxGroupsRepresented: 5 });
    expect(JSON.parse(audit.after_json ?? '{}')).toEqual({ maxGroupsRepresented: 2 });
    // The cap now holds at two.
    const rep = new PageClient(app);
    await rep.logIn((await makeUser(db, { email: 'cap@example.com' })).email ?? '', TEST_PASSWORD);
    for (const name of ['一の会', '二の会'])
      expect((await rep.post('/groups', { name, type: 'circle', memberCount: '5' })).res.status).toBe(303);
    expect((await rep.post('/groups', { name: '三の会', type: 'circle', memberCount: '5' })).html).toContain('2団体まで');
  });

  it('sets a room’s fees, window, deadline and approval rule', async () => {
    const { res } = await admin.post(`/staff/config/rooms/${roomId}`, {
      capacity: '40',
      bookingWindowDays: '60',
      cancelDeadlineDays: '5',
      fee_morning: '800',
      fee_afternoon: '900',
      fee_evening: '900',
      requiresApproval: 'on',
    });
    expect(res.status).toBe(303);
    const far = await book('2027-01-14'); // within 60 days now
    expect(far.status).toBe(201);
    expect(far.json).toMatchObject({ status: 'provisional', fee: 1200, cancellableUntil: '2027-01-09' });
  });

  it('opens a centre on Sundays and moves a band’s times', async () => {
    expect(
      (
        await admin.post(`/staff/config/facilities/${facilityId}/calendar`, {
          flags: ['sunday'],
          sundayOpens: '10:00',
          sundayCloses: '16:00',
        })
      ).res.status,
    ).toBe(303);
    const sunday = await api(app, 'GET', `/api/v1/rooms/${roomId}/availability?from=2026-12-06&to=2026-12-06`);
    const cells = (sunday.json as { days: { bands: { band: string; state: string; reason?: string }[] }[] }).days[0]?.bands ?? [];
    expect(cells.map((c) => c.reason ?? c.state)).toEqual(['outside_hours', 'outside_hours', 'outside_hours']); // 10–16 fits no band
    await admin.post('/staff/config/bands/standard/afternoon', { start: '13:00', end: '16:00' });
    const again = await api(app, 'GET', `/api/v1/rooms/${roomId}/availability?from=2026-12-06&to=2026-12-06`);
    const afternoon = (again.json as { days: { bands: { band: string; state: string; end: string }[] }[] }).days[0]?.bands.find(
      (b) => b.band === 'afternoon',
    );
    expect(afternoon).toMatchObject({ end: '16:00', state: 'free' });
    await admin.post('/staff/config/bands/standard/afternoon', { start: '13:00', end: '17:00' });
  });

  it('is for admins only, and refuses impossible values', async () => {
    for (const path of ['/staff/config', `/staff/config/facilities/${facilityId}`])
      expect((await clerk.get(path)).res.status, path).toBe(403);
    expect(
      (
        await clerk.post('/staff/config/settings', {
          commercial: '1',
          admission: '1',
          nonResident: '1',
          communityReduction: '1',
          npoReduction: '1',
          quota: '1',
        })
      ).res.status,
    ).toBe(403);
    expect((await clerk.post(`/staff/config/rooms/${roomId}`, { capacity: '1' })).res.status).toBe(403);
    expect(
      (
        await admin.post('/staff/config/settings', {
          commercial: 'x',
          admission: '150',
          nonResident: '150',
          communityReduction: '300',
          npoReduction: '50',
          quota: '0',
        })
      ).res.status,
    ).toBe(422);
    expect((await admin.post('/staff/config/bands/standard/morning', { start: '12:00', end: '09:00' })).res.status).toBe(422);
    expect((await admin.get('/staff/config')).html).toContain('利用区分の時間');
    // The development outbox holds password-reset links: off unless DEV_OUTBOX=1, for admins too
    // (src/http/dev-outbox.test.ts covers when it is on).
    expect((await app.request('/dev/outbox')).status).toBe(404);
    expect((await clerk.get('/dev/outbox')).res.status).toBe(404);
    expect((await admin.get('/dev/outbox')).res.status).toBe(404);
    const actions = new Set((await ctx().db.kysely.selectFrom('audit_log').select('action').execute()).map((a) => a.action));
    for (const action of ['config.settings', 'config.room', 'config.band', 'config.facility_calendar'])
      expect(actions.has(action), action).toBe(true);
  });
});
