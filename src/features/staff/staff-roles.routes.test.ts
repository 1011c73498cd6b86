/**
 * 職員と権限 (/staff/config/staff): an admin grants and revokes roles of every kind through plain forms,
 * audited; bad input re-renders with 422 and changes nothing; only admins may, and not their own admin
 * role. A person holding two assignments reaches both places after logging in.
 */
import { beforeAll, expect, it } from 'vitest';
import { PageClient } from '../../../test/browser.ts';
import { countRows, describeEachDialect, testApp } from '../../../test/db.ts';
import { makeFacility, makeStaff, makeUser, TEST_PASSWORD } from '../../../test/factories.ts';

describeEachDialect('staff roles page', (ctx) => {
  let app: ReturnType<typeof testApp>;
  let admin: PageClient;
  let adminId: string;
  let clerk: PageClient;
  let centreA: string;
  let centreB: string;
  let person: { id: string; number: string; email: string | null };

  const login = async (email: string) => {
    const c = new PageClient(app);
    await c.post('/login', { login: email, password: TEST_PASSWORD });
    await c.get('/account');
    return c;
  };
  const heldBy = (userId: string) =>
    ctx()
      .db.kysely.selectFrom('role_assignments')
      .select(['id', 'role', 'scope_kind', 'scope_id', 'granted_by'])
      .where('user_id', '=', userId)
      .orderBy('role')
      .orderBy('scope_id')
      .execute();

  beforeAll(async () => {
    const db = ctx().db.kysely;
    app = testApp(ctx());
    centreA = await makeFacility(db, { ward_id: 'kokurakita', name: '甲市民センター' });
    centreB = await makeFacility(db, { ward_id: 'moji', name: '乙市民センター' });
    await db
      .insertInto('organisations')
      .values([
        {
          id: 'org_office',
          name: '門司区役所',
          type: 'community',
          member_count: 0,
          representative_id: null,
          created_at: '2026-11-01T00:00:00Z',
          kind: 'ward_office',
          official: 1,
          ward_id: 'moji',
        },
        {
          id: 'org_section',
          name: '門司区コミュニティ支援課',
          type: 'community',
          member_count: 0,
          representative_id: null,
          created_at: '2026-11-01T00:00:00Z',
          kind: 'ward_section',
          official: 1,
          ward_id: 'moji',
          parent_id: 'org_office',
        },
      ])
      .execute();
    const a = await makeStaff(db, 'admin');
    adminId = a.id;
    admin = await login(a.email ?? '');
    clerk = await login((await makeStaff(db, 'clerk', { facilityId: centreA })).email ?? '');
    person = await makeUser(db, { name: '兼務 職員' });
  });

  it('grants roles of every kind to an existing account by 利用者番号 or email, audited, and lists them', async () => {
    const grants = [
      { who: person.number, role: 'centre_staff', scopeId: centreA },
      { who: person.email ?? '', role: 'clerk', scopeId: centreB }, // the old spelling still works
      { who: person.number, role: 'counter_clerk', scopeId: 'org_office' },
      { who: person.number, role: 'coordinator', scopeId: 'org_section' },
      { who: person.number, role: 'ward_officer', scopeId: 'moji' },
    ];
    for (const form of grants) {
      const { res } = await admin.post('/staff/config/staff/grant', form);
      expect(res.status, JSON.stringify(form)).toBe(303);
    }
    expect((await heldBy(person.id)).map((h) => [h.role, h.scope_kind, h.scope_id, h.granted_by])).toEqual(
      [
        ['centre_staff', 'facility', centreA, adminId],
        ['centre_staff', 'facility', centreB, adminId],
        ['coordinator', 'department', 'org_section', adminId],
        ['counter_clerk', 'ward_office', 'org_office', adminId],
        ['ward_officer', 'ward', 'moji', adminId],
      ].sort((x, y) => `${x[0]}${x[2]}`.localeCompare(`${y[0]}${y[2]}`)),
    );
    const audit = await ctx().db.kysely.selectFrom('audit_log').select('action').where('target_id', '=', person.id).execute();
    expect(audit).toHaveLength(5);
    expect(new Set(audit.map((a) => a.action))).toEqual(new Set(['staff.grant']));
    const { html } = await admin.get('/staff/config/staff');
    expect(html).toContain('兼務 職員');
    expect(html).toContain('門司区コミュニティ支援課');
    expect(html).toContain('乙市民センター');
  });

  it('lets a person with two centres reach both, and no third', async () => {
    const both = await login(person.email ?? '');
    const home = await both.get('/staff');
    expect(home.html).toContain('甲市民センター');
    expect(home.html).toContain('乙市民センター');
    expect((await both.get(`/staff/facilities/${centreB}?date=2026-11-24`)).res.status).toBe(200);
    const other = await makeFacility(ctx().db.kysely, { ward_id: 'yahatahigashi' });
    expect((await both.get(`/staff/facilities/${other}?date=2026-11-24`)).res.status).toBe(403);
  });

  it('re-renders bad input with 422 and a plain message, and changes nothing', async () => {
    const before = await Promise.all(['role_assignments', 'audit_log', 'users'].map((t) => countRows(ctx(), t)));
    const bad: [Record<string, string>, string][] = [
      [{ who: person.number, role: 'boss' }, '役割は'],
      [{ who: '99999999', role: 'admin' }, 'この利用者番号の方は見つかりません'],
      [{ who: person.number, role: 'counter_clerk', scopeId: 'org_section' }, '区役所が見つかりません'],
      [{ who: person.number, role: 'department_staff', scopeId: 'org_office' }, '課が見つかりません'],
      [{ who: person.number, role: 'ward_officer', scopeId: 'nowhere' }, '区の指定が正しくありません'],
      [{ who: person.number, role: 'centre_staff' }, '担当の指定が必要です'],
      [{ who: person.number, role: 'admin', scopeId: 'moji' }, '担当の区や施設は指定しません'],
      [{ who: person.number, role: 'ward_officer', scopeId: 'moji' }, 'すでに持っています'],
    ];
    for (const [form, message] of bad) {
      const { res, html } = await admin.post('/staff/config/staff/grant', form);
      expect(res.status, JSON.stringify(form)).toBe(422);
      expect(html, JSON.stringify(form)).toContain(message);
    }
    const create = await admin.post('/staff/config/staff', {
      name: '新人',
      email: 'new-counter@city.example',
      password: 'new-counter-pass-1',
      role: 'counter_clerk',
      scopeId: 'org_section',
    });
    expect(create.res.status).toBe(422);
    expect(create.html).toContain('区役所が見つかりません');
    expect(await Promise.all(['role_assignments', 'audit_log', 'users'].map((t) => countRows(ctx(), t)))).toEqual(before);
  });

  it('revokes an assignment (audited), but never the admin’s own admin role; non-admins may do neither', async () => {
    const [first] = await heldBy(person.id);
    expect((await clerk.get('/staff/config/staff')).res.status).toBe(403);
    expect((await clerk.post('/staff/config/staff/grant', { who: person.number, role: 'admin' })).res.status).toBe(403);
    expect((await clerk.post(`/staff/config/staff/assignments/${first?.id}/revoke`, {})).res.status).toBe(403);
    const { res } = await admin.post(`/staff/config/staff/assignments/${first?.id}/revoke`, {});
    expect(res.status).toBe(303);
    expect((await heldBy(person.id)).map((h) => h.id)).not.toContain(first?.id);
    const revokeAudit = await ctx()
      .db.kysely.selectFrom('audit_log')
      .select(['actor_id', 'before_json'])
      .where('action', '=', 'staff.revoke')
      .execute();
    expect(revokeAudit).toHaveLength(1);
    expect(revokeAudit[0]?.actor_id).toBe(adminId);

    const [own] = await heldBy(adminId);
    const page = await admin.get('/staff/config/staff');
    expect(page.html).not.toContain(`/staff/config/staff/assignments/${own?.id}/revoke`);
    const refused = await admin.post(`/staff/config/staff/assignments/${own?.id}/revoke`, {});
    expect(refused.res.status).toBe(403);
    expect(refused.html).toContain('自分自身の本庁（admin）の役割は外せません');
    expect(await heldBy(adminId)).toHaveLength(1);
  });

  it('sends a visitor who is not logged in to the login page, coming back here', async () => {
    const { res } = await new PageClient(app).get('/staff/config/staff');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/login?next=${encodeURIComponent('/staff/config/staff')}`);
  });
});
