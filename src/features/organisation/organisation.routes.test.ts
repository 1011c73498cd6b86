import { beforeAll, expect, it } from 'vitest';
import { PageClient } from '../../../test/browser.ts';
import { countRows, describeEachDialect, testApp } from '../../../test/db.ts';
import { makeFacility, makeGroup, makeStaff, makeUser, TEST_PASSWORD } from '../../../test/factories.ts';
import { makeRegistry } from './registry-fixtures.test-helpers.ts';

describeEachDialect('registry and 校区 pages', (ctx) => {
  let app: ReturnType<typeof testApp>;
  let ids: Awaited<ReturnType<typeof makeRegistry>>;
  let admin: PageClient;
  let ward: PageClient;
  let otherWard: PageClient;
  let officer: { id: string; number: string; email: string | null };
  let groupId: string;

  const login = async (email: string | null) => {
    const c = new PageClient(app);
    await c.post('/login', { login: email ?? '', password: TEST_PASSWORD });
    await c.get('/staff/organisations');
    return c;
  };
  const audit = (action: string) => ctx().db.kysely.selectFrom('audit_log').selectAll().where('action', '=', action).execute();

  beforeAll(async () => {
    const db = ctx().db.kysely;
    app = testApp(ctx());
    ids = await makeRegistry(db);
    admin = await login((await makeStaff(db, 'admin')).email);
    ward = await login((await makeStaff(db, 'ward', { wardId: 'kokurakita' })).email);
    otherWard = await login((await makeStaff(db, 'ward', { wardId: 'moji' })).email);
    officer = await makeUser(db, { name: '会長 一郎' });
    groupId = await makeGroup(db, officer.id, { name: '中央町内会（自主登録）', type: 'community' });
  });

  it('sends a visitor who is not logged in to the login page from every registry page, changing nothing', async () => {
    const visitor = new PageClient(app);
    const before = await countRows(ctx(), 'organisations');
    for (const path of [
      '/staff/organisations',
      `/staff/organisations/${ids.association}`,
      '/staff/districts/import',
      `/organisations/${ids.association}/link`,
    ]) {
      const { res } = await visitor.get(path);
      expect(res.status, path).toBe(303);
      expect(res.headers.get('location'), path).toMatch(/^\/login\?next=/);
    }
    expect(await countRows(ctx(), 'organisations')).toBe(before);
  });

  it('finds a 校区 on the public page without JavaScript, in Japanese and English', async () => {
    const visitor = new PageClient(app);
    const { res, html } = await visitor.get(`/districts?address=${encodeURIComponent('〒802-0001 小倉北区中央１丁目2-3')}`);
    expect(res.status).toBe(200);
    expect(html).toContain('中央小学校区');
    expect(html).toContain('中央校区まちづくり協議会');
    expect(html).toContain('<label class="field__label" for="address">住所');
    const en = await visitor.get(`/districts?lang=en&address=${encodeURIComponent('小倉北区中央1-2-3')}`);
    expect(en.html).toContain('Find your school district');
    const empty = await visitor.get('/districts?address=');
    expect(empty.res.status).toBe(422);
    expect(empty.html).toContain('error-summary');
    expect(empty.html).toContain('href="#address"');
  });

  it('shows a ward officer their ward’s tree, refuses another ward’s entry and a clerk the registry', async () => {
    const { res, html } = await ward.get('/staff/organisations');
    expect(res.status).toBe(200);
    expect(html).toContain('中央町内会 1班');
    expect(html).not.toContain('地域振興課');
    expect((await otherWard.get(`/staff/organisations/${ids.association}`)).res.status).toBe(403);
    // A centre's clerk in that very ward: one facility is narrower than the ward's registry.
    const facilityId = await makeFacility(ctx().db.kysely, { ward_id: 'kokurakita' });
    const clerk = await login((await makeStaff(ctx().db.kysely, 'clerk', { facilityId })).email);
    expect((await clerk.get('/staff/organisations')).res.status).toBe(403);
  });

  it('adds an entry under its parent, audited; a broken parent rule or 法人番号 changes nothing (422)', async () => {
    const before = await countRows(ctx(), 'organisations');
    const wrong = await ward.post('/staff/organisations', { parentId: ids.council, kind: 'han', name: '迷子の班' });
    expect(wrong.res.status).toBe(422);
    expect(wrong.html).toContain('その団体の下には置けません');
    const npo = await admin.post('/staff/organisations', { kind: 'npo', name: 'NPO法人テスト', corporateNumber: '7000012050003' });
    expect(npo.res.status).toBe(422);
    expect(npo.html).toContain('確認用の数字が合いません');
    expect(await countRows(ctx(), 'organisations')).toBe(before);
    const city = await ward.post('/staff/organisations', { kind: 'city_department', name: '越権課' });
    expect(city.res.status).toBe(403);

    const ok = await ward.post('/staff/organisations', { parentId: ids.association, kind: 'han', name: '中央町内会 2班', wardId: '' });
    expect(ok.res.status).toBe(303);
    const han = await ctx()
      .db.kysely.selectFrom('organisations')
      .selectAll()
      .where('name', '=', '中央町内会 2班')
      .executeTakeFirstOrThrow();
    expect(han).toMatchObject({ parent_id: ids.association, ward_id: 'kokurakita', kind: 'han', official: 1 });
    expect((await audit('organisation.create')).map((a) => a.target_id)).toContain(han.id);
    expect(
      (await admin.post('/staff/organisations', { kind: 'npo', name: 'NPO法人テスト', corporateNumber: '７０００-０１２０-５０００２' }))
        .res.status,
    ).toBe(303);
  });

  it('registers officers with terms, lists them, and ends a term (the row stays)', async () => {
    const bad = await ward.post(`/staff/organisations/${ids.association}/officers`, { number: officer.number, role: 'han_leader' });
    expect(bad.res.status).toBe(422);
    expect(bad.html).toContain('班長は班にだけ');
    const ok = await ward.post(`/staff/organisations/${ids.association}/officers`, {
      number: officer.number,
      role: 'president',
      termStartsOn: '2026-04-01',
      termEndsOn: '2028-03-31',
    });
    expect(ok.res.status).toBe(303);
    const page = await ward.get(`/staff/organisations/${ids.association}`);
    expect(page.html).toContain('会長');
    expect(page.html).toContain('2026-04-01 〜 2028-03-31');
    const treasurer = await makeUser(ctx().db.kysely, { name: '会計 次郎' });
    await ward.post(`/staff/organisations/${ids.association}/officers`, {
      number: treasurer.number,
      role: 'treasurer',
      termStartsOn: '2024-04-01',
    });
    expect(
      (await ward.post(`/staff/organisations/${ids.association}/officers/end`, { userId: treasurer.id, endsOn: '2026-03-31' })).res.status,
    ).toBe(303);
    expect((await ward.get(`/staff/organisations/${ids.association}`)).html).toContain('（任期終了）');
    expect((await audit('organisation.officer.end_term')).length).toBe(1);
  });

  it('links a resident’s own 町内会 only by staff of the ward or an officer who represents it', async () => {
    const stranger = new PageClient(app);
    await stranger.logIn((await makeUser(ctx().db.kysely)).email ?? '', TEST_PASSWORD);
    expect((await stranger.post(`/organisations/${ids.association}/link`, { groupId })).res.status).toBe(403);
    expect((await otherWard.post(`/staff/organisations/${ids.association}/link`, { groupId })).res.status).toBe(403);

    const self = new PageClient(app);
    await self.logIn(officer.email ?? '', TEST_PASSWORD);
    expect((await self.get(`/organisations/${ids.association}/link`)).html).toContain('中央町内会（自主登録）');
    const linked = await self.post(`/organisations/${ids.association}/link`, { groupId });
    expect(linked.res.status).toBe(303);
    const row = await ctx()
      .db.kysely.selectFrom('organisations')
      .select(['registry_id', 'kind', 'official'])
      .where('id', '=', groupId)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ registry_id: ids.association, kind: 'circle', official: 0 });
    expect((await audit('organisation.link'))[0]).toMatchObject({ actor_id: officer.id, target_id: groupId });

    const second = await makeGroup(ctx().db.kysely, officer.id, { name: '別の町内会', type: 'community' });
    const taken = await ward.post(`/staff/organisations/${ids.association}/link`, { groupId: second });
    expect(taken.res.status).toBe(422);
    expect((await ward.get(`/staff/organisations/${ids.association}?q=${encodeURIComponent('自主登録')}`)).html).toContain(
      '（紐付け済み）',
    );
    expect((await ward.post(`/staff/organisations/${ids.association}/unlink`, { groupId })).res.status).toBe(303);
    expect((await audit('organisation.unlink')).length).toBe(1);
  });

  it('imports the 校区 table by upload (admins), listing bad rows as 行 N and writing nothing', async () => {
    const upload = async (client: PageClient, csv: string, dryRun = false) => {
      const body = new FormData();
      body.append('_csrf', client.csrf);
      body.append('file', new File([csv], 'kouku.csv', { type: 'text/csv' }));
      if (dryRun) body.append('dryRun', '1');
      const res = await app.request('http://localhost/staff/districts/import', {
        method: 'POST',
        body,
        headers: { cookie: client.cookieHeader, origin: 'http://localhost' },
      });
      return { res, html: await res.text() };
    };
    await admin.get('/staff/districts/import');
    const before = await countRows(ctx(), 'district_areas');
    const bad = await upload(
      admin,
      '区,校区,校区よみ,町丁目\n小倉北区,足原小学校区,あしはら,足原一丁目\n小倉区,足原小学校区,,足原二丁目\n',
    );
    expect(bad.res.status).toBe(422);
    expect(bad.html).toContain('行 3: 区「小倉区」は登録されていません');
    expect(await countRows(ctx(), 'district_areas')).toBe(before);
    const good = await upload(admin, '区,校区,校区よみ,町丁目\n小倉北区,足原小学校区,あしはら,足原一丁目\n');
    expect(good.res.status).toBe(200);
    expect(good.html).toContain('町丁目 追加1件');
    expect(await countRows(ctx(), 'district_areas')).toBe(before + 1);
    expect((await upload(admin, '')).res.status).toBe(400);
    await ward.get('/staff/organisations');
    expect((await upload(ward, '区,校区,校区よみ,町丁目\n')).res.status).toBe(403);
  });
});
