/**
 * Joining by passcode, on both databases: at once or after approval, a wrong or revoked code, the guess
 * budget, a household already in an association, no household yet, and a join raced by one household
 * (counted once). What the resident reads is checked on the page; what changed, in the rows.
 */
import { beforeAll, expect, it } from 'vitest';
import { PageClient } from '../../../test/browser.ts';
import { describeEachDialect, testApp } from '../../../test/db.ts';
import { makeUser, TEST_PASSWORD } from '../../../test/factories.ts';
import { addAccountToHousehold, makeAssociationWorld, makeResidentWithHousehold } from './association-fixtures.test-helpers.ts';

describeEachDialect('joining an association by passcode', (ctx) => {
  let app: ReturnType<typeof testApp>;
  let w: Awaited<ReturnType<typeof makeAssociationWorld>>;
  let president: PageClient;
  let n = 0;
  const db = () => ctx().db.kysely;
  const client = async (email: string | null) => {
    const c = new PageClient(app);
    await c.logIn(email ?? '', TEST_PASSWORD);
    return c;
  };
  const household = (id: string) => db().selectFrom('households').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const resident = async (o: { associationId?: string } = {}) => {
    n += 1;
    const r = await makeResidentWithHousehold(db(), { address: `中央一丁目${n}番${n + 10}号`, ...o });
    return { ...r, page: await client(r.user.email) };
  };
  /** A new passcode made by the 会長 through the page (the clock is frozen: found as the one not seen before). */
  const makeCode = async (hanId = '') => {
    const before = (await db().selectFrom('association_passcodes').select('id').execute()).map((p) => p.id);
    expect((await president.post(`/associations/${w.association}/passcodes`, { hanId })).res.status).toBe(303);
    const rows = await db().selectFrom('association_passcodes').selectAll().execute();
    const made = rows.filter((p) => !before.includes(p.id));
    expect(made).toHaveLength(1);
    return made[0] as (typeof rows)[number];
  };
  const setApproval = async (on: boolean) =>
    expect((await president.post(`/associations/${w.association}/settings`, { requiresApproval: on ? 'yes' : 'no' })).res.status).toBe(303);

  beforeAll(async () => {
    app = testApp(ctx());
    w = await makeAssociationWorld(db());
    president = await client(w.president.email);
  });

  it('sends a visitor to the login page, back to the join page with the code of the QR', async () => {
    const { res } = await new PageClient(app).get('/associations/join?code=12345678');
    expect(res.status).toBe(303);
    expect(decodeURIComponent(res.headers.get('location') ?? '')).toContain('/associations/join?code=12345678');
  });

  it('joins at once without approval: the household gets the association and the passcode’s 班, audited', async () => {
    const code = await makeCode(w.han2);
    const r = await resident();
    const prefilled = await r.page.get(`/associations/join?code=${code.code}`);
    expect(prefilled.html).toContain(`value="${code.code}"`);
    // As an elderly resident may type it: full-width digits with a space.
    const typed = `${code.code.slice(0, 4)} ${code.code.slice(4)}`.replace(/\d/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0));
    const { res, html } = await r.page.post('/associations/join', { code: typed });
    expect(res.status).toBe(200);
    expect(html).toContain('中央町内会の中央町内会 2班に入会しました');
    expect(await household(r.householdId)).toMatchObject({ association_id: w.association, han_id: w.han2 });
    const audits = await db().selectFrom('audit_log').selectAll().where('action', '=', 'association.join').execute();
    expect(audits.map((a) => [a.actor_id, a.target_id])).toEqual([[r.user.id, r.householdId]]);
    const again = await r.page.post('/associations/join', { code: code.code });
    expect(again.res.status).toBe(409);
    expect(again.html).toContain('すでに中央町内会の会員です');
  });

  it('refuses a malformed, wrong or revoked code with a plain message, changing nothing (422)', async () => {
    const r = await resident();
    const empty = await r.page.post('/associations/join', { code: '12ab' });
    expect(empty.res.status).toBe(422);
    expect(empty.html).toContain('8けたの数字');
    expect(empty.html).toContain('href="#code"');
    const revoked = await makeCode();
    await president.post(`/associations/${w.association}/passcodes/${revoked.id}/revoke`, {});
    const gone = await r.page.post('/associations/join', { code: revoked.code });
    expect(gone.res.status).toBe(422);
    expect(gone.html).toContain('もう使えません');
    const wrong = await r.page.post('/associations/join', { code: revoked.code === '00000000' ? '00000001' : '00000000' });
    expect(wrong.res.status).toBe(422);
    expect(wrong.html).toContain('見つかりません');
    const en = await r.page.post('/associations/join?lang=en', { code: '1' });
    expect(en.html).toContain('Enter the passcode as 8 digits.');
    expect((await household(r.householdId)).association_id).toBeNull();
  });

  it('sends a resident without a household to register one first, and leaves a household of another association as it is', async () => {
    const code = await makeCode();
    const lonely = await client((await makeUser(db(), { name: '世帯 なし' })).email);
    const none = await lonely.post('/associations/join', { code: code.code });
    expect(none.res.status).toBe(409);
    expect(none.html).toContain('先にあなたの世帯（住所）を登録してください');
    expect(none.html).toContain('href="/account/household"');

    const elsewhere = await resident({ associationId: w.other.id });
    const { res, html } = await elsewhere.page.post('/associations/join', { code: code.code });
    expect(res.status).toBe(409);
    expect(html).toContain('すでに日明町内会の会員です');
    expect((await household(elsewhere.householdId)).association_id).toBe(w.other.id);

    const moji = await makeResidentWithHousehold(db(), { address: '門司1-1-1', wardId: 'moji', wardName: '門司区' });
    const far = await (await client(moji.user.email)).post('/associations/join', { code: code.code });
    expect(far.res.status).toBe(409);
    expect(far.html).toContain('別の区の自治会です');
    expect((await household(moji.householdId)).association_id).toBeNull();
  });

  it('stops guessing after 10 tries of an account in an hour, even with the right code (429)', async () => {
    const code = await makeCode();
    const r = await resident();
    for (let i = 0; i < 10; i++) {
      const wrong = String((Number(code.code) + 1 + i) % 100_000_000).padStart(8, '0');
      expect((await r.page.post('/associations/join', { code: wrong })).res.status).toBe(422);
    }
    const { res, html } = await r.page.post('/associations/join', { code: code.code });
    expect(res.status).toBe(429);
    expect(html).toContain('しばらく入れられません');
    expect((await household(r.householdId)).association_id).toBeNull();
  });

  it('counts a household once when two of its people join at the same moment', async () => {
    const code = await makeCode(w.han);
    const r = await resident();
    const partner = await client((await addAccountToHousehold(db(), r.householdId, '住民 花')).email);
    const results = await Promise.all([r.page, partner, r.page, partner].map((c) => c.post('/associations/join', { code: code.code })));
    expect(results.map((x) => x.res.status).sort()).toEqual([200, 409, 409, 409]);
    const joins = await db()
      .selectFrom('audit_log')
      .select('id')
      .where('action', '=', 'association.join')
      .where('target_id', '=', r.householdId)
      .execute();
    expect(joins).toHaveLength(1);
    expect(await household(r.householdId)).toMatchObject({ association_id: w.association, han_id: w.han });
  });

  it('with approval on, waits for an officer: one request per household however it races; approve and decline are audited', async () => {
    await setApproval(true);
    const code = await makeCode(w.han);
    const r = await resident();
    const partner = await client((await addAccountToHousehold(db(), r.householdId, '住民 次')).email);
    const results = await Promise.all([r.page, partner, r.page].map((c) => c.post('/associations/join', { code: code.code })));
    expect(results.map((x) => x.res.status).sort()).toEqual([200, 409, 409]);
    expect(results.find((x) => x.res.status === 200)?.html).toContain('役員が承認すると入会になります');
    expect(results.find((x) => x.res.status === 409)?.html).toContain('役員の承認を待っています');
    expect((await household(r.householdId)).association_id).toBeNull();
    const pending = await db().selectFrom('association_join_requests').selectAll().where('household_id', '=', r.householdId).execute();
    expect(pending.map((p) => p.status)).toEqual(['pending']);

    // Another association's officer cannot decide it; the 会長 sees it with the address and approves.
    const other = await client(w.otherPresident.email);
    const request = pending[0]?.id as string;
    expect((await other.post(`/associations/${w.association}/requests/${request}/approve`, {})).res.status).toBe(403);
    const tools = await president.get(`/associations/${w.association}/manage`);
    expect(tools.html).toContain((await household(r.householdId)).address_line);
    // Two officers at once (the 会長 in two tabs): one decides, the other is told.
    const decided = await Promise.all(
      ['approve', 'approve'].map((a) => president.post(`/associations/${w.association}/requests/${request}/${a}`, {})),
    );
    expect(decided.map((d) => d.res.status).sort()).toEqual([303, 422]);
    expect(await household(r.householdId)).toMatchObject({ association_id: w.association, han_id: w.han });
    const twice = await president.post(`/associations/${w.association}/requests/${request}/decline`, {});
    expect(twice.res.status).toBe(422);
    expect(twice.html).toContain('すでに決めました');

    const declined = await resident();
    expect((await declined.page.post('/associations/join', { code: code.code })).res.status).toBe(200);
    const req2 = await db()
      .selectFrom('association_join_requests')
      .select('id')
      .where('household_id', '=', declined.householdId)
      .executeTakeFirstOrThrow();
    expect((await president.post(`/associations/${w.association}/requests/${req2.id}/decline`, {})).res.status).toBe(303);
    expect((await household(declined.householdId)).association_id).toBeNull();
    const actions = await db()
      .selectFrom('audit_log')
      .select(['action', 'actor_id'])
      .where('action', 'in', ['association.join.approve', 'association.join.decline'])
      .orderBy('at')
      .execute();
    expect(actions.map((a) => a.action).sort()).toEqual(['association.join.approve', 'association.join.decline']);
    expect(new Set(actions.map((a) => a.actor_id))).toEqual(new Set([w.president.id]));
    await setApproval(false);
  });
});
