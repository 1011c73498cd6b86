import { beforeAll, expect, it } from 'vitest';
import { PageClient } from '../../../test/browser.ts';
import { countRows, describeEachDialect, testApp } from '../../../test/db.ts';
import { makeBooking, makeFacility, makeRoom, makeStaff, makeUser, TEST_PASSWORD } from '../../../test/factories.ts';
import { outbox } from '../../../test/outbox.ts';

describeEachDialect('back office: approvals, closures, staff cancellation, audit', (ctx) => {
  let app: ReturnType<typeof testApp>;
  let centreA: string;
  let centreB: string;
  let roomA: string;
  let clerkA: PageClient;
  let clerkB: PageClient;
  let admin: PageClient;
  let applicant: Awaited<ReturnType<typeof makeUser>>;
  let bookingId: string;

  const login = async (email: string) => {
    const client = new PageClient(app);
    await client.post('/login', { login: email, password: TEST_PASSWORD });
    await client.get('/staff');
    return client;
  };

  beforeAll(async () => {
    const db = ctx().db.kysely;
    app = testApp(ctx());
    centreA = await makeFacility(db, { name: '事務A市民センター' });
    centreB = await makeFacility(db, { name: '事務B市民センター' });
    roomA = await makeRoom(db, centreA, { name: '講座室' });
    applicant = await makeUser(db, { email: 'applicant@example.com', multipurpose_status: 'pending' });
    bookingId = await makeBooking(db, roomA, '2026-12-08', ['afternoon']);
    await db.updateTable('reservations').set({ user_id: applicant.id }).where('id', '=', bookingId).execute();
    clerkA = await login((await makeStaff(db, 'clerk', { facilityId: centreA })).email ?? '');
    clerkB = await login((await makeStaff(db, 'clerk', { facilityId: centreB })).email ?? '');
    admin = await login((await makeStaff(db, 'admin')).email ?? '');
  });

  it('approves a 多目的 application with an expiry date, mails the applicant and audits it', async () => {
    const list = await clerkA.get('/staff/approvals');
    expect(list.html).toContain(applicant.number);
    const { res } = await clerkA.post(`/staff/approvals/${applicant.id}`, { decision: 'approve', expiresOn: '2027-11-30' });
    expect(res.status).toBe(303);
    const user = await ctx().db.kysely.selectFrom('users').selectAll().where('id', '=', applicant.id).executeTakeFirstOrThrow();
    expect(user).toMatchObject({ multipurpose_status: 'approved', multipurpose_expires_on: '2027-11-30' });
    const mail = await outbox(ctx().db.kysely).selectAll().where('to_address', '=', 'applicant@example.com').execute();
    expect(mail.map((m) => m.subject)).toContain('【つなぐ】多目的利用者登録が承認されました');
    expect(await ctx().db.kysely.selectFrom('audit_log').select('action').where('target_id', '=', applicant.id).execute()).toEqual([
      { action: 'multipurpose.approve' },
    ]);
    // Deciding twice is refused.
    expect((await clerkA.post(`/staff/approvals/${applicant.id}`, { decision: 'reject', reason: 'x' })).res.status).toBe(409);
  });

  it('refuses an application only with a reason', async () => {
    const other = await makeUser(ctx().db.kysely, { multipurpose_status: 'pending' });
    expect((await clerkA.post(`/staff/approvals/${other.id}`, { decision: 'reject', reason: '' })).res.status).toBe(422);
    expect(
      (await clerkA.post(`/staff/approvals/${other.id}`, { decision: 'reject', reason: '営利目的の内容が確認できませんでした' })).res
        .status,
    ).toBe(303);
    const user = await ctx().db.kysely.selectFrom('users').selectAll().where('id', '=', other.id).executeTakeFirstOrThrow();
    expect(user).toMatchObject({ multipurpose_status: 'rejected', multipurpose_note: '営利目的の内容が確認できませんでした' });
    expect(await ctx().db.kysely.selectFrom('audit_log').select(['action', 'reason']).where('target_id', '=', other.id).execute()).toEqual([
      { action: 'multipurpose.reject', reason: '営利目的の内容が確認できませんでした' },
    ]);
  });

  it('closes a room, lists the affected booking without cancelling it, then cancels it with notice', async () => {
    const { res, html } = await clerkA.post(`/staff/facilities/${centreA}/closures`, {
      roomId: roomA,
      startsOn: '2026-12-07',
      endsOn: '2026-12-09',
      reason: 'maintenance',
      note: '空調工事',
    });
    expect(res.status).toBe(200);
    expect(html).toContain('1件の予約があります');
    const still = await ctx().db.kysely.selectFrom('reservations').select('status').where('id', '=', bookingId).executeTakeFirstOrThrow();
    expect(still.status).toBe('confirmed'); // nothing cancelled silently
    const grid = await app.request(`/api/v1/rooms/${roomA}/availability?from=2026-12-09&to=2026-12-09`);
    expect(JSON.stringify(await grid.json())).toContain('"reason":"closure"');

    const cancelled = await clerkA.post(`/staff/reservations/${bookingId}/cancel`, {
      reason: '臨時休館（設備点検・工事）: 空調工事',
      back: `/staff/facilities/${centreA}/closures`,
    });
    expect(cancelled.res.status).toBe(303);
    const row = await ctx().db.kysely.selectFrom('reservations').select('status').where('id', '=', bookingId).executeTakeFirstOrThrow();
    expect(row.status).toBe('cancelled');
    expect(await ctx().db.kysely.selectFrom('reservation_cells').select('band').where('reservation_id', '=', bookingId).execute()).toEqual(
      [],
    );
    const mail = await outbox(ctx().db.kysely)
      .select('body_text')
      .where('to_address', '=', 'applicant@example.com')
      .where('subject', 'like', '%取り消しました%')
      .executeTakeFirstOrThrow();
    expect(mail.body_text).toContain('空調工事');
    const actions = (await ctx().db.kysely.selectFrom('audit_log').select('action').execute()).map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(['closure.create', 'reservation.cancel_by_staff']));
  });

  it('refuses closures and cancellations outside the clerk’s facility, changing nothing', async () => {
    const before = await countRows(ctx(), 'closures');
    expect((await clerkB.get(`/staff/facilities/${centreA}/closures`)).res.status).toBe(403);
    expect(
      (await clerkB.post(`/staff/facilities/${centreA}/closures`, { startsOn: '2026-12-10', endsOn: '2026-12-10', reason: 'other' })).res
        .status,
    ).toBe(403);
    expect(await countRows(ctx(), 'closures')).toBe(before);
    const other = await makeBooking(ctx().db.kysely, roomA, '2026-12-15', ['morning']);
    expect((await clerkB.post(`/staff/reservations/${other}/cancel`, { reason: 'x' })).res.status).toBe(403);
    const row = await ctx().db.kysely.selectFrom('reservations').select('status').where('id', '=', other).executeTakeFirstOrThrow();
    expect(row.status).toBe('confirmed');
  });

  it('shows the audit log to admins only, filterable by action', async () => {
    expect((await clerkA.get('/staff/audit')).res.status).toBe(403);
    const all = await admin.get('/staff/audit');
    expect(all.res.status).toBe(200);
    expect(all.html).toContain('closure.create');
    const filtered = await admin.get('/staff/audit?action=multipurpose.approve');
    expect(filtered.html).toContain('multipurpose.approve');
    expect(filtered.html).not.toContain('closure.create</td>');
  });
});

describeEachDialect('back office: payment and attendance at the counter', (ctx) => {
  let app: ReturnType<typeof testApp>;
  let clerk: PageClient;
  let otherClerk: PageClient;
  let roomId: string;
  let resident: Awaited<ReturnType<typeof makeUser>>;

  beforeAll(async () => {
    const db = ctx().db.kysely;
    app = testApp(ctx());
    const centre = await makeFacility(db);
    const other = await makeFacility(db);
    roomId = await makeRoom(db, centre);
    resident = await makeUser(db, { name: '来館 梅子', name_kana: 'ライカン ウメコ' });
    for (const [client, facilityId] of [
      ['clerk', centre],
      ['other', other],
    ] as const) {
      const staff = await makeStaff(db, 'clerk', { facilityId });
      const c = new PageClient(app);
      await c.post('/login', { login: staff.email ?? '', password: TEST_PASSWORD });
      await c.get('/staff');
      if (client === 'clerk') clerk = c;
      else otherClerk = c;
    }
  });

  const booking = async (date: string, fee: number) => {
    const id = await makeBooking(ctx().db.kysely, roomId, date, ['morning']);
    await ctx().db.kysely.updateTable('reservations').set({ user_id: resident.id, fee }).where('id', '=', id).execute();
    return id;
  };

  it('records a cash payment with its receipt number once, audited; other centres cannot', async () => {
    const id = await booking('2026-12-04', 800);
    expect((await otherClerk.post(`/staff/reservations/${id}/payment`, { receiptNumber: 'R-0001' })).res.status).toBe(403);
    expect((await clerk.post(`/staff/reservations/${id}/payment`, { receiptNumber: '領収' })).res.status).toBe(422);
    expect((await clerk.post(`/staff/reservations/${id}/payment`, { receiptNumber: 'R-0001' })).res.status).toBe(303);
    expect((await clerk.post(`/staff/reservations/${id}/payment`, { receiptNumber: 'R-0002' })).res.status).toBe(409);
    const row = await ctx().db.kysely.selectFrom('reservations').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(row.receipt_number).toBe('R-0001');
    expect(row.paid_at).not.toBeNull();
    const audit = await ctx().db.kysely.selectFrom('audit_log').selectAll().where('target_id', '=', id).execute();
    expect(audit.map((a) => a.action)).toEqual(['reservation.payment']);
    expect(JSON.parse(audit[0]?.after_json ?? '{}')).toMatchObject({ receiptNumber: 'R-0001', amount: 800, method: 'cash' });
    const day = await clerk.get(
      `/staff/facilities/${(await ctx().db.kysely.selectFrom('rooms').select('facility_id').where('id', '=', roomId).executeTakeFirstOrThrow()).facility_id}?date=2026-12-04`,
    );
    expect(day.html).toContain('支払済み（領収番号 R-0001）');
  });

  it('marks used and no-show; no-shows show next to the caller when staff search', async () => {
    const used = await booking('2026-11-24', 0);
    const missed = await booking('2026-11-20', 0);
    expect((await clerk.post(`/staff/reservations/${used}/attendance`, { outcome: 'used' })).res.status).toBe(303);
    expect((await clerk.post(`/staff/reservations/${missed}/attendance`, { outcome: 'no_show' })).res.status).toBe(303);
    expect((await clerk.post(`/staff/reservations/${missed}/attendance`, { outcome: 'used' })).res.status).toBe(409);
    expect((await otherClerk.post(`/staff/reservations/${used}/attendance`, { outcome: 'no_show' })).res.status).toBe(403);
    const future = await booking('2026-12-20', 0);
    expect((await clerk.post(`/staff/reservations/${future}/attendance`, { outcome: 'no_show' })).res.status).toBe(409);
    const statuses = await ctx().db.kysely.selectFrom('reservations').select(['id', 'status']).where('id', 'in', [used, missed]).execute();
    expect(Object.fromEntries(statuses.map((s) => [s.id, s.status]))).toEqual({ [used]: 'used', [missed]: 'no_show' });
    const audited = await ctx()
      .db.kysely.selectFrom('audit_log')
      .select(['target_id', 'action'])
      .where('target_id', 'in', [used, missed])
      .execute();
    expect(Object.fromEntries(audited.map((a) => [a.target_id, a.action]))).toEqual({
      [used]: 'reservation.used',
      [missed]: 'reservation.no_show',
    });
    const search = await clerk.get(`/staff/book?room=${roomId}&date=2026-12-10&band=morning&q=${encodeURIComponent('らいかん')}`);
    expect(search.html).toContain('無断不使用 1回');
  });
});

describeEachDialect('back office: 減免, week view, staff accounts', (ctx) => {
  let app: ReturnType<typeof testApp>;
  let clerk: PageClient;
  let admin: PageClient;
  let facilityId: string;
  let roomId: string;

  beforeAll(async () => {
    const db = ctx().db.kysely;
    app = testApp(ctx());
    facilityId = await makeFacility(db);
    roomId = await makeRoom(db, facilityId, { name: '週表示の部屋' });
    const log = async (email: string) => {
      const c = new PageClient(app);
      await c.post('/login', { login: email, password: TEST_PASSWORD });
      await c.get('/staff');
      return c;
    };
    clerk = await log((await makeStaff(db, 'clerk', { facilityId })).email ?? '');
    admin = await log((await makeStaff(db, 'admin')).email ?? '');
  });

  it('applies and removes a 減免 with a reason, recomputing the fee with the same rounding; not once paid', async () => {
    const db = ctx().db.kysely;
    const id = await makeBooking(db, roomId, '2026-12-09', ['morning', 'afternoon']);
    const detail = { base: 1570, multipliers: [], gross: 1570, reductionPercent: 0, reductionReason: null, total: 1570 };
    await db
      .updateTable('reservations')
      .set({ fee: 1570, fee_detail: JSON.stringify(detail) })
      .where('id', '=', id)
      .execute();
    expect((await clerk.post(`/staff/reservations/${id}/reduction`, { percent: '30', reason: '' })).res.status).toBe(422);
    expect((await clerk.post(`/staff/reservations/${id}/reduction`, { percent: '30', reason: '福祉団体の行事' })).res.status).toBe(303);
    expect((await db.selectFrom('reservations').select('fee').where('id', '=', id).executeTakeFirstOrThrow()).fee).toBe(1090); // 1570 × 0.7 = 1099 → 1090
    expect((await clerk.post(`/staff/reservations/${id}/reduction`, { percent: '0', reason: '誤りのため取消' })).res.status).toBe(303);
    expect((await db.selectFrom('reservations').select('fee').where('id', '=', id).executeTakeFirstOrThrow()).fee).toBe(1570);
    const actions = (await db.selectFrom('audit_log').select('action').where('target_id', '=', id).orderBy('at').execute()).map(
      (a) => a.action,
    );
    expect(actions).toEqual(['reservation.reduction_apply', 'reservation.reduction_remove']);
    await clerk.post(`/staff/reservations/${id}/payment`, { receiptNumber: 'R-77' });
    expect((await clerk.post(`/staff/reservations/${id}/reduction`, { percent: '50', reason: 'x' })).res.status).toBe(409);
  });

  it('shows the week with the bookers’ names', async () => {
    const db = ctx().db.kysely;
    const user = await makeUser(db, { name: '週間 予約者' });
    const id = await makeBooking(db, roomId, '2026-12-11', ['evening']);
    await db.updateTable('reservations').set({ user_id: user.id }).where('id', '=', id).execute();
    const { res, html } = await clerk.get(`/staff/facilities/${facilityId}/week?date=2026-12-07`);
    expect(res.status).toBe(200);
    expect(html).toContain('週間 予約者');
    expect(html.match(/<tr>/g)?.length).toBeGreaterThanOrEqual(8); // header + 7 days
  });

  it('lets an admin create staff accounts from a page (audited); refuses clerks', async () => {
    expect((await clerk.get('/staff/config/staff')).res.status).toBe(403);
    const bad = await admin.post('/staff/config/staff', {
      name: '新人',
      email: 'new-clerk@city.example',
      password: 'new-clerk-pass-1',
      role: 'clerk',
      facilityId: 'nope',
    });
    expect(bad.res.status).toBe(422);
    expect(bad.html).toContain('施設が見つかりません');
    const ok = await admin.post('/staff/config/staff', {
      name: '新人',
      email: 'new-clerk@city.example',
      password: 'new-clerk-pass-1',
      role: 'clerk',
      facilityId,
    });
    expect(ok.res.status).toBe(303);
    const user = await ctx()
      .db.kysely.selectFrom('users')
      .selectAll()
      .where('email', '=', 'new-clerk@city.example')
      .executeTakeFirstOrThrow();
    const held = await ctx()
      .db.kysely.selectFrom('role_assignments')
      .select(['role', 'scope_kind', 'scope_id'])
      .where('user_id', '=', user.id)
      .execute();
    expect(held).toEqual([{ role: 'centre_staff', scope_kind: 'facility', scope_id: facilityId }]);
    const audit = await ctx().db.kysely.selectFrom('audit_log').select('action').where('target_id', '=', user.id).execute();
    expect(audit).toEqual([{ action: 'staff.create' }]);
    const fresh = new PageClient(app);
    const login = await fresh.post('/login', { login: 'new-clerk@city.example', password: 'new-clerk-pass-1' });
    expect(login.res.headers.get('location')).toBe('/staff');
  });
});
