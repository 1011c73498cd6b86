/**
 * An association's page and its officers' joining tools, on both databases: what the public sees (never a
 * member's name or phone), what each officer sees, and who is refused the tools (403) — changing nothing.
 */
import { beforeAll, expect, it } from 'vitest';
import { PageClient } from '../../../test/browser.ts';
import { countRows, describeEachDialect, testApp } from '../../../test/db.ts';
import { makeUser, TEST_PASSWORD } from '../../../test/factories.ts';
import { makeMembership } from '../../platform/household/household-fixtures.test-helpers.ts';
import { makeAssociationWorld } from './association-fixtures.test-helpers.ts';

describeEachDialect('association page and joining tools', (ctx) => {
  let app: ReturnType<typeof testApp>;
  let w: Awaited<ReturnType<typeof makeAssociationWorld>>;
  const client = async (email: string | null) => {
    const c = new PageClient(app);
    await c.logIn(email ?? '', TEST_PASSWORD);
    return c;
  };
  const audit = (action: string) => ctx().db.kysely.selectFrom('audit_log').selectAll().where('action', '=', action).execute();
  const passcodes = () => ctx().db.kysely.selectFrom('association_passcodes').selectAll().orderBy('created_at').execute();

  beforeAll(async () => {
    app = testApp(ctx());
    w = await makeAssociationWorld(ctx().db.kysely);
  });

  it('shows the public part to anyone, in Japanese and English, without a member’s name or phone', async () => {
    const visitor = new PageClient(app);
    const { res, html } = await visitor.get(`/associations/${w.association}`);
    expect(res.status).toBe(200);
    for (const text of ['中央町内会', '中央小学校区', '小倉北区', '中央町内会 1班', '中央町内会 2班', '2世帯'])
      expect(html).toContain(text);
    for (const secret of ['山田', '093-111-2222', '佐藤', '会長 一郎', '中央一丁目1番1号']) expect(html).not.toContain(secret);
    // Found from the 校区 lookup.
    const lookup = await visitor.get(`/districts?address=${encodeURIComponent('小倉北区中央1-2-3')}`);
    expect(lookup.html).toContain(`href="/associations/${w.association}"`);
    const en = await visitor.get(`/associations/${w.association}?lang=en`);
    expect(en.html).toContain('Member households');
    expect(en.html).toContain('2 households');
    expect((await visitor.get('/associations/org_t_han')).res.status).toBe(404);
    expect((await visitor.get('/associations/nope')).res.status).toBe(404);
    const tools = await visitor.get(`/associations/${w.association}/manage`);
    expect(tools.res.status).toBe(303);
    expect(tools.res.headers.get('location')).toMatch(/^\/login\?next=/);
  });

  it('shows its 会長 the officers with terms and every 班’s households with names and phones', async () => {
    const president = await client(w.president.email);
    const { html } = await president.get(`/associations/${w.association}`);
    for (const text of [
      '役員と任期',
      '会長：会長 一郎',
      '山田 花子（093-111-2222）',
      '佐藤 三郎',
      '中央一丁目1番1号',
      '入会のあいことばと承認',
    ]) {
      expect(html).toContain(text);
    }
  });

  it('shows a 班長 only the households of their 班, and not the joining tools', async () => {
    const leader = await client(w.hanLeader.email);
    const { html } = await leader.get(`/associations/${w.association}`);
    expect(html).toContain('山田 花子');
    expect(html).not.toContain('佐藤 三郎');
    expect(html).not.toContain('入会のあいことばと承認');
    expect((await leader.get(`/associations/${w.association}/manage`)).res.status).toBe(403);
  });

  it('refuses a resident and another association’s officer the tools and the names (403), creating nothing', async () => {
    const resident = await client((await makeUser(ctx().db.kysely, { name: '一般 住民' })).email);
    const otherOfficer = await client(w.otherPresident.email);
    for (const c of [resident, otherOfficer]) {
      const page = await c.get(`/associations/${w.association}`);
      expect(page.html).not.toContain('山田');
      const tools = await c.get(`/associations/${w.association}/manage`);
      expect(tools.res.status).toBe(403);
      expect(tools.html).toContain('会長・副会長・役員だけ');
      expect((await c.post(`/associations/${w.association}/passcodes`, { hanId: '' })).res.status).toBe(403);
      expect((await c.post(`/associations/${w.association}/settings`, { requiresApproval: 'yes' })).res.status).toBe(403);
    }
    expect(await countRows(ctx(), 'association_passcodes')).toBe(0);
    expect(await countRows(ctx(), 'association_join_settings')).toBe(0);
  });

  it('treats an officer whose term has ended as anyone else', async () => {
    const past = await makeUser(ctx().db.kysely, { name: '前会長 五郎' });
    await makeMembership(ctx().db.kysely, w.association, past.id, 'vice_president', '2026-03-31');
    const c = await client(past.email);
    expect((await c.get(`/associations/${w.association}`)).html).not.toContain('山田');
    expect((await c.get(`/associations/${w.association}/manage`)).res.status).toBe(403);
  });

  it('lets the 会長 make a passcode for a 班, print it with a QR of the join URL, and revoke it — all audited', async () => {
    const president = await client(w.president.email);
    const wrongHan = await president.post(`/associations/${w.association}/passcodes`, { hanId: w.other.han[0] as string });
    expect(wrongHan.res.status).toBe(422);
    expect(wrongHan.html).toContain('この自治会の班を選んでください');
    expect(await countRows(ctx(), 'association_passcodes')).toBe(0);

    const made = await president.post(`/associations/${w.association}/passcodes`, { hanId: w.han });
    expect(made.res.status).toBe(303);
    const [code] = await passcodes();
    expect(code?.code).toMatch(/^\d{8}$/);
    expect(code?.han_id).toBe(w.han);
    expect((await audit('association.passcode.create')).map((a) => a.actor_id)).toEqual([w.president.id]);
    // The audit names the passcode, never the code itself.
    expect(JSON.stringify(await audit('association.passcode.create'))).not.toContain(code?.code as string);

    const tools = await president.get(`/associations/${w.association}/manage?done=created`);
    expect(tools.html).toContain('あいことばを作りました');
    const printed = `${code?.code.slice(0, 4)} ${code?.code.slice(4)}`;
    expect(tools.html).toContain(printed);
    const slip = await president.get(`/associations/${w.association}/passcodes/${code?.id}/print`);
    expect(slip.res.status).toBe(200);
    expect(slip.html).toContain(printed);
    expect(slip.html).toContain('<svg aria-hidden="true"');
    expect(slip.html).toContain(`/associations/join?code=${code?.code}`);
    expect(slip.html).toContain('中央町内会 中央町内会 1班');

    const other = await client(w.otherPresident.email);
    expect((await other.get(`/associations/${w.association}/passcodes/${code?.id}/print`)).res.status).toBe(403);
    expect((await other.post(`/associations/${w.association}/passcodes/${code?.id}/revoke`, {})).res.status).toBe(403);
    expect((await other.post(`/associations/${w.other.id}/passcodes/${code?.id}/revoke`, {})).res.status).toBe(404);

    expect((await president.post(`/associations/${w.association}/passcodes/${code?.id}/revoke`, {})).res.status).toBe(303);
    expect((await passcodes())[0]?.revoked_at).not.toBeNull();
    expect(await audit('association.passcode.revoke')).toHaveLength(1);
    expect((await president.get(`/associations/${w.association}/passcodes/${code?.id}/print`)).res.status).toBe(404);
  });

  it('saves whether joins need approval (audited); a bad value re-renders with a message (422)', async () => {
    const president = await client(w.president.email);
    const bad = await president.post(`/associations/${w.association}/settings`, { requiresApproval: 'maybe' });
    expect(bad.res.status).toBe(422);
    expect(bad.html).toContain('error-summary');
    expect(await countRows(ctx(), 'association_join_settings')).toBe(0);
    expect((await president.post(`/associations/${w.association}/settings`, { requiresApproval: 'yes' })).res.status).toBe(303);
    const tools = await president.get(`/associations/${w.association}/manage?done=saved`);
    expect(tools.html).toMatch(/value="yes"[^>]*checked/);
    const [entry] = await audit('association.join_settings.update');
    expect(JSON.parse(entry?.after_json ?? '{}')).toEqual({ requires_approval: true });
  });
});
