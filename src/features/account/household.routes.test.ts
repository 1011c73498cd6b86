/** The resident's household pages and account deletion through the real app, forms as a browser posts them. */
import { beforeAll, expect, it } from 'vitest';
import { PageClient } from '../../../test/browser.ts';
import { countRows, describeEachDialect, testApp } from '../../../test/db.ts';
import { makeGroup, makeUser, TEST_PASSWORD } from '../../../test/factories.ts';
import { makeAssociation, makePaperHousehold } from '../../platform/household/household-fixtures.test-helpers.ts';

describeEachDialect('household pages', (ctx) => {
  let app: ReturnType<typeof testApp>;
  let association: { id: string; han: string[] };
  const db = () => ctx().db.kysely;

  const loggedIn = async (kana: string) => {
    const user = await makeUser(db(), { name: '森 花', name_kana: kana });
    const client = new PageClient(app);
    await client.logIn(user.email ?? '', TEST_PASSWORD);
    return { user, client };
  };

  beforeAll(async () => {
    app = testApp(ctx());
    association = await makeAssociation(db(), { name: '森町自治会', han: ['3班'] });
  });

  it('refuses a bad address with an error summary and creates nothing', async () => {
    const { client } = await loggedIn('モリ ハナ');
    const { html: start } = await client.get('/account/household');
    expect(start).toContain('action="/account/household/start"');
    const before = await countRows(ctx(), 'households');
    const { res, html } = await client.post('/account/household/start', { wardId: '', addressLine: '  ', postcode: '12' });
    expect(res.status).toBe(422);
    expect(html).toContain('class="error-summary"');
    for (const field of ['wardId', 'addressLine', 'postcode']) expect(html).toContain(`href="#${field}"`);
    expect(html).toContain('区を選んでください。');
    const forged = await client.post('/account/household', { wardId: 'kokurakita', addressLine: '森町1-1', hanId: 'org_nope' });
    expect(forged.res.status).toBe(422);
    expect(forged.html).toContain('選んだ班が見つかりません');
    expect(await countRows(ctx(), 'households')).toBe(before);
  });

  it('offers the matching paper household by address and head count only, and joins it', async () => {
    const paper = await makePaperHousehold(db(), {
      address: '森町二丁目1番1号',
      people: [
        ['森 花', 'モリ ハナ'],
        ['森 大樹', 'モリ ダイキ'],
      ],
    });
    const { user, client } = await loggedIn('もり はな');
    const { res, html } = await client.post('/account/household/start', { wardId: 'kokurakita', addressLine: '森町2-1-1' });
    expect(res.status).toBe(200);
    expect(html).toContain('これは私の世帯です');
    expect(html).toContain('2人の世帯');
    expect(html).not.toContain('大樹');
    const joined = await client.post('/account/household/join', { wardId: 'kokurakita', addressLine: '森町2-1-1', householdId: paper.id });
    expect(joined.res.status).toBe(303);
    const { html: mine } = await client.get('/account/household?notice=joined');
    expect(mine).toContain('世帯に入りました。');
    expect(mine).toContain('森 大樹');
    expect(mine).not.toContain('この世帯にはメールアドレスのある人がいないため');
    const link = await db()
      .selectFrom('household_people')
      .select('user_id')
      .where('id', '=', paper.people[0] ?? '')
      .executeTakeFirstOrThrow();
    expect(link.user_id).toBe(user.id);
  });

  it('registers a new household with its 班, adds a person without an account, and moves out', async () => {
    const { user, client } = await loggedIn('アラタ');
    const { html } = await client.post('/account/household/start', { wardId: 'kokurakita', addressLine: '新町5-5' });
    expect(html).not.toContain('これは私の世帯です');
    expect(html).toContain('森町自治会 3班');
    const created = await client.post('/account/household', {
      wardId: 'kokurakita',
      addressLine: '新町5-5',
      hanId: association.han[0] ?? '',
    });
    expect(created.res.status).toBe(303);
    const bad = await client.post('/account/household/people', { name: '新 ひかり', nameKana: 'Hikari' });
    expect(bad.res.status).toBe(422);
    expect(bad.html).toContain('href="#nameKana"');
    const added = await client.post('/account/household/people', { name: '新 ひかり', nameKana: 'アラタ ヒカリ' });
    expect(added.res.status).toBe(303);
    const { html: page } = await client.get('/account/household');
    expect(page).toContain('森町自治会');
    expect(page).toContain('新 ひかり（アラタ ヒカリ） · アカウントなし（紙でお知らせ）');
    const future = await client.post('/account/household/move-out', { on: '2030-01-01' });
    expect(future.res.status).toBe(422);
    expect(future.html).toContain('今日以前の日付');
    expect((await client.post('/account/household/move-out', { on: '', reason: '市外へ転居' })).res.status).toBe(303);
    const row = await db().selectFrom('households').selectAll().where('address_line', '=', '新町5-5').executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'moved_out', moved_out_on: '2026-11-24', association_id: null, han_id: null, channel: 'web' });
    const audit = await db()
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'household.move_out')
      .where('target_id', '=', row.id)
      .executeTakeFirstOrThrow();
    expect(audit).toMatchObject({ actor_id: user.id, reason: '市外へ転居' });
    // Free to register where they live now.
    const { html: after } = await client.get('/account/household');
    expect(after).toContain('action="/account/household/start"');
  });

  it('refuses a form without the CSRF token', async () => {
    const { client } = await loggedIn('シーエスアール');
    const { res } = await client.post('/account/household/start', { wardId: 'kokurakita', addressLine: 'x' }, { csrf: false });
    expect(res.status).toBe(403);
  });

  it('deletes the account after the password again, and refuses a representative until they hand over', async () => {
    const { user, client } = await loggedIn('タイカイ');
    const { html: page } = await client.get('/account');
    expect(page).toContain('href="/account/delete"');
    expect(page).toContain('href="/account/household"');
    const wrong = await client.post('/account/delete', { password: 'not-it-at-all' });
    expect(wrong.res.status).toBe(422);
    expect(wrong.html).toContain('パスワードが違います。');
    const done = await client.post('/account/delete', { password: TEST_PASSWORD });
    expect(done.res.status).toBe(200);
    expect(done.html).toContain('退会しました');
    expect((await client.get('/account')).res.status).toBe(303);
    expect((await db().selectFrom('users').select('email').where('id', '=', user.id).executeTakeFirstOrThrow()).email).toBeNull();

    const rep = await loggedIn('ダイヒョウ');
    await makeGroup(db(), rep.user.id, { type: 'circle', name: '将棋の会' });
    const { html: refusal } = await rep.client.get('/account/delete');
    expect(refusal).toContain('団体「将棋の会」の代表者のため');
    expect(refusal).not.toContain('action="/account/delete"');
    expect((await rep.client.post('/account/delete', { password: TEST_PASSWORD })).res.status).toBe(403);
    expect(
      (await db().selectFrom('users').select('deleted_at').where('id', '=', rep.user.id).executeTakeFirstOrThrow()).deleted_at,
    ).toBeNull();
  });
});
