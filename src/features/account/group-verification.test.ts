/**
 * A group's type gives a 減免 only once staff have verified it: through the pages (registration, booking,
 * the staff list and decision) and the API, on SQLite and PostgreSQL.
 */
import { beforeAll, expect, it } from 'vitest';
import { api, tokenFor } from '../../../test/api.ts';
import { PageClient } from '../../../test/browser.ts';
import { describeEachDialect, testApp } from '../../../test/db.ts';
import { makeFacility, makeRoom, makeRoomFees, makeStaff, makeUser, TEST_PASSWORD } from '../../../test/factories.ts';
import { outbox } from '../../../test/outbox.ts';

describeEachDialect('group verification', (ctx) => {
  let app: ReturnType<typeof testApp>;
  let roomId: string;
  let rep: Awaited<ReturnType<typeof makeUser>>;
  let repToken: string;
  let asRep: PageClient;
  let asAdmin: PageClient;
  let asClerk: PageClient;
  let asWard: PageClient;

  const booking = (groupId: string, date: string) => ({
    roomId,
    date,
    bands: ['morning'],
    purpose: '町内会の役員会',
    attendees: 12,
    category: 'community',
    groupId,
  });

  async function registerGroup(client: PageClient, type: string, name: string): Promise<string> {
    const created = await client.post('/groups', { name, type, memberCount: '40' });
    expect(created.res.status).toBe(303);
    return (created.res.headers.get('location') ?? '').split('?')[0]?.split('/').pop() ?? '';
  }

  beforeAll(async () => {
    const db = ctx().db.kysely;
    app = testApp(ctx());
    // This file's representative registers more groups than the default cap allows.
    await db.insertInto('settings').values({ key: 'max_groups_represented', value: '20' }).execute();
    const facilityId = await makeFacility(db, { name: '減免テスト市民センター' });
    roomId = await makeRoom(db, facilityId, { capacity: 30 });
    await makeRoomFees(db, roomId, { morning: 400, afternoon: 500, evening: 500 });
    rep = await makeUser(db, { email: 'rep@example.com', name: '戸畑 花子' });
    repToken = await tokenFor(ctx(), rep.id);
    asRep = new PageClient(app);
    await asRep.logIn('rep@example.com', TEST_PASSWORD);
    const admin = await makeStaff(db, 'admin');
    asAdmin = new PageClient(app);
    await asAdmin.logIn(admin.email ?? '', TEST_PASSWORD);
    const clerk = await makeStaff(db, 'clerk', { facilityId });
    asClerk = new PageClient(app);
    await asClerk.logIn(clerk.email ?? '', TEST_PASSWORD);
    const ward = await makeStaff(db, 'ward', { wardId: 'kokurakita' });
    asWard = new PageClient(app);
    await asWard.logIn(ward.email ?? '', TEST_PASSWORD);
  });

  it('books a self-declared 地域団体 at the ordinary fee, and the confirmation says why and what staff can do', async () => {
    const groupId = await registerGroup(asRep, 'community', '未確認町内会');
    const group = await asRep.get(`/groups/${groupId}`);
    expect(group.html).toContain('市の確認を待っています');
    const confirm = await asRep.post('/book/confirm', { ...booking(groupId, '2026-12-03'), bands: 'morning', attendees: '12' });
    expect(confirm.res.status).toBe(200);
    expect(confirm.html).toContain('400円');
    expect(confirm.html).toContain('まだ市の確認が済んでいないため、減免のない料金です');
    expect(confirm.html).toContain('窓口で職員が減免を適用できます');
    const made = await api(app, 'POST', '/api/v1/reservations', repToken, booking(groupId, '2026-12-04'));
    expect(made.status).toBe(201);
    expect(made.json).toMatchObject({ fee: 400, feeDetail: { reductionPercent: 0 } });
  });

  it('lets only city admins see and decide verifications (403 for clerks and ward officers)', async () => {
    const groupId = await registerGroup(asRep, 'community', '権限テスト町内会');
    for (const client of [asClerk, asWard]) {
      expect((await client.get('/staff/groups')).res.status).toBe(403);
      expect((await client.post(`/staff/groups/${groupId}`, { decision: 'verify' }, { csrf: true })).res.status).toBe(403);
    }
    const row = await ctx().db.kysely.selectFrom('organisations').selectAll().where('id', '=', groupId).executeTakeFirstOrThrow();
    expect(row.verification_status).toBe('pending');
  });

  it('verifies a group (audited, representative mailed); its bookings then get the reduction', async () => {
    const groupId = await registerGroup(asRep, 'community', '確認済み町内会');
    const list = await asAdmin.get('/staff/groups');
    expect(list.res.status).toBe(200);
    expect(list.html).toContain('確認済み町内会');
    expect(list.html).toContain('戸畑 花子');
    const done = await asAdmin.post(`/staff/groups/${groupId}`, { decision: 'verify' });
    expect(done.res.status).toBe(303);
    const db = ctx().db.kysely;
    const audit = await db.selectFrom('audit_log').selectAll().where('target_id', '=', groupId).execute();
    expect(audit.map((a) => a.action)).toEqual(['group.verify']);
    const mail = await outbox(db)
      .selectAll()
      .where('to_address', '=', 'rep@example.com')
      .where('body_text', 'like', '%確認済み町内会%')
      .execute();
    expect(mail.map((m) => m.subject)).toContain('【つなぐ】団体の確認が済みました');
    const made = await api(app, 'POST', '/api/v1/reservations', repToken, booking(groupId, '2026-12-05'));
    expect(made.status).toBe(201);
    expect(made.json).toMatchObject({ fee: 0, feeDetail: { reductionPercent: 100 } });
    // A second decision on the same group is refused: it is no longer waiting.
    expect((await asAdmin.post(`/staff/groups/${groupId}`, { decision: 'verify' })).res.status).toBe(409);
  });

  it('makes a verified group unverified again when its type changes (NPO too)', async () => {
    const groupId = await registerGroup(asRep, 'community', '種類変更町内会');
    await asAdmin.get('/staff/groups');
    expect((await asAdmin.post(`/staff/groups/${groupId}`, { decision: 'verify' })).res.status).toBe(303);
    const changed = await asRep.post(`/groups/${groupId}/details`, { name: '種類変更NPO', type: 'npo', memberCount: '40' });
    expect(changed.res.status).toBe(303);
    const row = await ctx().db.kysely.selectFrom('organisations').selectAll().where('id', '=', groupId).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ type: 'npo', verification_status: 'pending' });
    const made = await api(app, 'POST', '/api/v1/reservations', repToken, booking(groupId, '2026-12-07'));
    expect(made.json).toMatchObject({ fee: 400, feeDetail: { reductionPercent: 0 } });
    expect((await asAdmin.get('/staff/groups')).html).toContain('種類変更NPO');
  });

  it('refuses a verification with a reason the representative is told, and keeps the ordinary fee', async () => {
    const groupId = await registerGroup(asRep, 'npo', '理由テストNPO');
    await asAdmin.get('/staff/groups');
    const noReason = await asAdmin.post(`/staff/groups/${groupId}`, { decision: 'refuse', reason: '' });
    expect(noReason.res.status).toBe(422);
    const refused = await asAdmin.post(`/staff/groups/${groupId}`, { decision: 'refuse', reason: '法人の登記を確認できませんでした' });
    expect(refused.res.status).toBe(303);
    const db = ctx().db.kysely;
    const mail = await outbox(db).selectAll().where('body_text', 'like', '%法人の登記を確認できませんでした%').execute();
    expect(mail.map((m) => m.to_address)).toEqual(['rep@example.com']);
    const audit = await db.selectFrom('audit_log').selectAll().where('target_id', '=', groupId).execute();
    expect(audit.map((a) => [a.action, a.reason])).toEqual([['group.refuse', '法人の登記を確認できませんでした']]);
    const made = await api(app, 'POST', '/api/v1/reservations', repToken, booking(groupId, '2026-12-08'));
    expect(made.json).toMatchObject({ fee: 400 });
    expect((await asRep.get(`/groups/${groupId}`)).html).toContain('法人の登記を確認できませんでした');
  });

  it('gives a circle (no reduction for its type) nothing to verify', async () => {
    const groupId = await registerGroup(asRep, 'circle', '確認不要サークル');
    const row = await ctx().db.kysely.selectFrom('organisations').selectAll().where('id', '=', groupId).executeTakeFirstOrThrow();
    expect(row.verification_status).toBe('none');
    expect((await asAdmin.get('/staff/groups')).html).not.toContain('確認不要サークル');
  });
});
