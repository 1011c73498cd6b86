/**
 * /account/line and /staff/line through the whole app: sign-in required, a code shown once and linking
 * through the webhook, unlinking with the form (CSRF), the quota for admins only, and LINE switched off.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { PageClient } from '../../../../test/browser.ts';
import { describeEachDialect, testApp, testClock } from '../../../../test/db.ts';
import { makeStaff, makeUser, TEST_PASSWORD } from '../../../../test/factories.ts';
import { createBackgroundTasks } from '../../../lib/background.ts';
import { silentLogger } from '../../../lib/logger.ts';
import { type LineStandIn, lineUserId, startLineStandIn } from './line-stand-in.test-helpers.ts';
import { lineSignature } from './line-webhook.ts';

const SECRET = 'routes-secret';

describeEachDialect('LINE pages', (ctx) => {
  let line: LineStandIn;
  let app: ReturnType<typeof testApp>;
  const background = createBackgroundTasks(silentLogger);

  const login = async (email: string | null) => {
    const c = new PageClient(app);
    await c.post('/login', { login: email ?? '', password: TEST_PASSWORD });
    return c;
  };
  const sendCode = async (who: number, text: string) => {
    const body = JSON.stringify({
      events: [
        {
          type: 'message',
          webhookEventId: `ev-${who}-${text}`,
          replyToken: 'r',
          source: { type: 'user', userId: lineUserId(who) },
          message: { type: 'text', text },
        },
      ],
    });
    const res = await app.request('/webhooks/line', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-line-signature': lineSignature(SECRET, body) },
      body,
    });
    await background.idle();
    return res;
  };

  beforeAll(async () => {
    line = await startLineStandIn();
    app = testApp(ctx(), testClock(), {
      background,
      env: {
        LINE_CHANNEL_ACCESS_TOKEN: line.token,
        LINE_CHANNEL_SECRET: SECRET,
        LINE_API_BASE: line.url,
        LINE_FRIEND_URL: 'https://lin.ee/tsunagu',
      },
    });
  });
  afterAll(async () => {
    await line.close();
  });

  it('sends a visitor who is not signed in to the login page', async () => {
    const res = await app.request('/account/line');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toContain('/login');
  });

  it('explains how to link, shows a 6-digit code once, links through LINE, and unlinks with the form', async () => {
    const user = await makeUser(ctx().db.kysely);
    const page = await login(user.email);
    const first = await page.get('/account/line');
    expect(first.res.status).toBe(200);
    expect(first.html).toContain('LINEとは連携していません');
    expect(first.html).toContain('友だちに追加');
    expect(first.html).toContain('href="https://lin.ee/tsunagu"');

    const shown = await page.post('/account/line/code', {});
    expect(shown.res.status).toBe(200);
    const code = /class="line-code">(\d{6})</.exec(shown.html)?.[1];
    expect(code).toMatch(/^\d{6}$/);
    expect(shown.html).toContain('2026-11-24 10:30まで有効です'); // 30 minutes after the frozen 10:00
    const again = await page.get('/account/line');
    expect(again.html).not.toContain(code);
    expect(again.html).toContain('2026-11-24 10:30まで有効です');

    expect((await sendCode(20, code ?? '')).status).toBe(200);
    const linked = await page.get('/account/line');
    expect(linked.html).toContain('LINEと連携しています（2026-11-24から）');

    const refused = await page.post('/account/line/unlink', {}, { csrf: false });
    expect(refused.res.status).toBe(403);
    expect(await ctx().db.kysely.selectFrom('line_links').selectAll().where('user_id', '=', user.id).executeTakeFirst()).toBeDefined();

    const unlinked = await page.post('/account/line/unlink', {});
    expect(unlinked.res.status).toBe(303);
    expect(unlinked.res.headers.get('location')).toBe('/account/line?done=unlinked');
    expect(await ctx().db.kysely.selectFrom('line_links').selectAll().where('user_id', '=', user.id).executeTakeFirst()).toBeUndefined();
    expect((await page.get('/account/line?done=unlinked')).html).toContain('LINEへのお知らせは届きません');
  });

  it('shows admins this month’s limit, use and remainder, and warns when the linked people do not fit', async () => {
    line.quota = { type: 'limited', value: 200 };
    line.totalUsage = 199;
    const ids = [await makeUser(ctx().db.kysely), await makeUser(ctx().db.kysely)];
    await ctx()
      .db.kysely.insertInto('line_links')
      .values(ids.map((u, i) => ({ user_id: u.id, line_user_id: lineUserId(100 + i), linked_at: '2026-11-01T00:00:00.000Z' })))
      .execute();
    const admin = await login((await makeStaff(ctx().db.kysely, 'admin')).email);
    const { res, html } = await admin.get('/staff/line');
    expect(res.status).toBe(200);
    expect(html).toContain('今月の上限');
    expect(html).toContain('200通');
    expect(html).toContain('199通');
    expect(html).toContain('1通');
    expect(html).toContain('今月の残り（1通）を超えます');
    expect(
      line.requests
        .filter((r) => r.path.startsWith('/v2/bot/message/quota'))
        .every((r) => r.headers.authorization === `Bearer ${line.token}`),
    ).toBe(true);

    line.quotaStatus = 503;
    const unread = await admin.get('/staff/line');
    expect(unread.res.status).toBe(200);
    expect(unread.html).toContain('LINEから通数を読み取れませんでした');
    line.quotaStatus = 200;

    const resident = await login((await makeUser(ctx().db.kysely)).email);
    expect((await resident.get('/staff/line')).res.status).toBe(403);
  });
});

describeEachDialect('LINE pages when LINE is not configured', (ctx) => {
  it('tells the resident that the city does not send by LINE, and offers no code', async () => {
    const app = testApp(ctx());
    const page = new PageClient(app);
    const user = await makeUser(ctx().db.kysely);
    await page.post('/login', { login: user.email ?? '', password: TEST_PASSWORD });
    const { res, html } = await page.get('/account/line');
    expect(res.status).toBe(200);
    expect(html).toContain('いまLINEでのお知らせを行っていません');
    expect(html).not.toContain('/account/line/code');
    expect((await page.post('/account/line/code', {})).res.status).toBe(303);
    expect(await ctx().db.kysely.selectFrom('line_link_codes').selectAll().execute()).toEqual([]);
  });
});
