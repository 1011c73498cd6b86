/** The counter's household pages and counter account deletion, through the real app, on both databases. */
import { beforeAll, expect, it } from 'vitest';
import { PageClient } from '../../../test/browser.ts';
import { countRows, describeEachDialect, testApp } from '../../../test/db.ts';
import { makeFacility, makeStaff, makeUser, TEST_PASSWORD } from '../../../test/factories.ts';
import { makeAssociation } from '../../platform/household/household-fixtures.test-helpers.ts';

describeEachDialect('staff household pages', (ctx) => {
  let app: ReturnType<typeof testApp>;
  let ward: PageClient;
  let wardId: string;
  let association: { id: string; han: string[] };
  const db = () => ctx().db.kysely;

  const login = async (email: string | null) => {
    const client = new PageClient(app);
    await client.post('/login', { login: email ?? '', password: TEST_PASSWORD });
    await client.get('/staff');
    return client;
  };

  beforeAll(async () => {
    app = testApp(ctx());
    const officer = await makeStaff(db(), 'ward', { wardId: 'kokurakita' });
    wardId = officer.id;
    ward = await login(officer.email);
    association = await makeAssociation(db(), { name: '窓口町自治会', han: ['5班'] });
  });

  it('registers a paper household at the counter with no email, then adds and removes people and moves it out', async () => {
    const { html: home } = await ward.get('/staff');
    expect(home).toContain('href="/staff/households"');
    const { html: form } = await ward.get('/staff/households/new?ward=kokurakita');
    expect(form).toContain('窓口町自治会 5班');
    const bad = await ward.post('/staff/households', { wardId: 'kokurakita', addressLine: '', name: '', nameKana: '' });
    expect(bad.res.status).toBe(422);
    for (const field of ['addressLine', 'name', 'nameKana']) expect(bad.html).toContain(`href="#${field}"`);
    const created = await ward.post('/staff/households', {
      wardId: 'kokurakita',
      addressLine: '窓口町1-2-3',
      hanId: association.han[0] ?? '',
      name: '木村 ハル',
      nameKana: 'キムラ ハル',
      phone: '093-111-2222',
    });
    expect(created.res.status).toBe(303);
    const path = created.res.headers.get('location')?.split('?')[0] ?? '';
    const id = path.split('/').pop() ?? '';
    const { html } = await ward.get(`${path}?notice=created`);
    expect(html).toContain('木村 ハル（キムラ ハル）');
    expect(html).toContain('お知らせは紙（回覧板・郵送）で届きます');
    expect(html).toContain('窓口町自治会');

    const unknown = await ward.post(`${path}/people`, { name: '木村 ナツ', nameKana: 'キムラ ナツ', userNumber: '99999999' });
    expect(unknown.res.status).toBe(422);
    expect(unknown.html).toContain('この利用者番号の方は見つかりません');
    expect((await ward.post(`${path}/people`, { name: '木村 ナツ', nameKana: 'キムラ ナツ' })).res.status).toBe(303);
    const people = await db().selectFrom('household_people').selectAll().where('household_id', '=', id).orderBy('created_at').execute();
    expect(people).toHaveLength(2);
    expect((await ward.post(`${path}/people/${people[1]?.id}/remove`, {})).res.status).toBe(303);

    const found = await ward.get('/staff/households?q=窓口町1-2');
    expect(found.html).toContain(`href="/staff/households/${id}"`);
    expect((await ward.post(`${path}/move-out`, { on: '2026-11-20', reason: '市外へ' })).res.status).toBe(303);
    const row = await db().selectFrom('households').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'moved_out', moved_out_on: '2026-11-20', han_id: null, channel: 'counter' });
    const actions = await db().selectFrom('audit_log').select(['action', 'actor_id', 'after_json']).where('target_id', '=', id).execute();
    expect(actions.map((a) => a.action).sort()).toEqual([
      'household.move_out',
      'household.person_add',
      'household.person_remove',
      'household.register',
    ]);
    expect(actions.every((a) => a.actor_id === wardId && JSON.parse(a.after_json ?? '{}').channel === 'counter')).toBe(true);
  });

  it('refuses staff outside the ward, a centre clerk of another ward and staff of no ward, changing nothing', async () => {
    const { html } = await ward.get('/staff/households?q=窓口町');
    const id = /href="\/staff\/households\/(hh_[A-Za-z0-9]+)"/.exec(html)?.[1] ?? '';
    const tobata = await login((await makeStaff(db(), 'ward', { wardId: 'tobata' })).email);
    expect((await tobata.get(`/staff/households/${id}`)).res.status).toBe(403);
    const before = await countRows(ctx(), 'households');
    const refused = await tobata.post('/staff/households', { wardId: 'kokurakita', addressLine: '他区1-1', name: 'A', nameKana: 'エー' });
    expect(refused.res.status).toBe(403);
    // A centre clerk of another ward may not open this ward's household; staff of no ward see no list.
    const clerk = await login((await makeStaff(db(), 'clerk', { facilityId: await makeFacility(db(), { ward_id: 'tobata' }) })).email);
    expect((await clerk.get(`/staff/households/${id}`)).res.status).toBe(403);
    const department = await login((await makeStaff(db(), 'department_staff', { id: 'org_city_dept' })).email);
    const page = await department.get('/staff/households');
    expect(page.res.status).toBe(403);
    expect(page.html).toContain('区を担当する職員');
    expect(await countRows(ctx(), 'households')).toBe(before);
  });

  it('deletes a counter resident’s account with the reason, found by 利用者番号', async () => {
    const resident = await makeUser(db(), { email: null, name: '窓口 登録' });
    await db().updateTable('users').set({ password_hash: null }).where('id', '=', resident.id).execute();
    const { html } = await ward.get(`/staff/households?q=${resident.number}`);
    expect(html).toContain(`href="/staff/residents/${resident.id}/delete"`);
    const bad = await ward.post(`/staff/residents/${resident.id}/delete`, { reason: '' });
    expect(bad.res.status).toBe(422);
    expect(bad.html).toContain('href="#reason"');
    expect(bad.html).toContain('href="#channel"');
    const done = await ward.post(`/staff/residents/${resident.id}/delete`, { reason: '本人から電話で申し出', channel: 'phone' });
    expect(done.res.status).toBe(303);
    const row = await db().selectFrom('users').selectAll().where('id', '=', resident.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ name: '退会した利用者', phone: '' });
    const withPassword = await makeUser(db());
    expect((await ward.post(`/staff/residents/${withPassword.id}/delete`, { reason: 'x', channel: 'counter' })).res.status).toBe(403);
  });
});
