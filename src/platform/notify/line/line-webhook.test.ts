/**
 * POST /webhooks/line through the whole app: signatures refused, follow and unfollow, linking by a
 * one-time code (wrong, expired, reused, too many), redelivery, and the replies sent to the stand-in LINE.
 */
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { countRows, describeEachDialect, TEST_NOW, testApp } from '../../../../test/db.ts';
import { makeUser } from '../../../../test/factories.ts';
import { createBackgroundTasks } from '../../../lib/background.ts';
import { silentLogger } from '../../../lib/logger.ts';
import type { Clock } from '../../../lib/time.ts';
import { createLineAdapter } from './line-adapter.ts';
import { CODE_FAILURES_MAX, issueLinkCode, lineCleanupJob } from './line-link.service.ts';
import { type LineStandIn, lineUserId, startLineStandIn } from './line-stand-in.test-helpers.ts';
import { lineSignature } from './line-webhook.ts';

const SECRET = 'channel-secret-for-tests';

describeEachDialect('LINE webhook', (ctx) => {
  let line: LineStandIn;
  let app: ReturnType<typeof testApp>;
  let now = new Date(TEST_NOW);
  const clock: Clock = { now: () => new Date(now) };
  const background = createBackgroundTasks(silentLogger);
  let eventNo = 0;

  beforeAll(async () => {
    line = await startLineStandIn();
    app = testApp(ctx(), clock, {
      background,
      env: { LINE_CHANNEL_ACCESS_TOKEN: line.token, LINE_CHANNEL_SECRET: SECRET, LINE_API_BASE: line.url },
    });
  });
  afterAll(async () => {
    await line.close();
  });
  beforeEach(() => {
    now = new Date(TEST_NOW);
    line.replies.length = 0;
  });

  const post = (body: string, signature: string | undefined) =>
    app.request('/webhooks/line', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(signature === undefined ? {} : { 'x-line-signature': signature }) },
      body,
    });

  function event(type: string, who: number, extra: Record<string, unknown> = {}) {
    eventNo++;
    return {
      type,
      mode: 'active',
      timestamp: now.getTime(),
      webhookEventId: `01HEVENT${String(eventNo).padStart(10, '0')}`,
      deliveryContext: { isRedelivery: false },
      source: { type: 'user', userId: lineUserId(who) },
      replyToken: `reply-${eventNo}`,
      ...extra,
    };
  }
  const textEvent = (who: number, text: string) => event('message', who, { message: { type: 'text', id: `m${eventNo}`, text } });

  /** Sends events signed as LINE would, then waits for the replies that follow the response. */
  async function send(...events: unknown[]) {
    const body = JSON.stringify({ destination: 'Ubot', events });
    const res = await post(body, lineSignature(SECRET, body));
    await background.idle();
    return res;
  }
  const linkOf = (userId: string) => ctx().db.kysely.selectFrom('line_links').selectAll().where('user_id', '=', userId).executeTakeFirst();

  it('refuses a missing or wrong signature, or a tampered body, with 401 and changes nothing', async () => {
    const body = JSON.stringify({ events: [event('follow', 900)] });
    const before = await countRows(ctx(), 'line_followers');
    expect((await post(body, undefined)).status).toBe(401);
    expect((await post(body, lineSignature('another-secret', body))).status).toBe(401);
    expect((await post(body, 'not base64 at all!')).status).toBe(401);
    const tampered = body.replace(lineUserId(900), lineUserId(901));
    expect((await post(tampered, lineSignature(SECRET, body))).status).toBe(401);
    expect(await countRows(ctx(), 'line_followers')).toBe(before);
    expect(await countRows(ctx(), 'line_webhook_events')).toBe(0);
  });

  it('answers 200 to LINE’s empty verification request and 400 to a signed body that is not a webhook', async () => {
    expect((await send()).status).toBe(200);
    const junk = '{"nope":';
    expect((await post(junk, lineSignature(SECRET, junk))).status).toBe(400);
  });

  it('remembers a follower as followed, not linked, and greets them once even when LINE redelivers', async () => {
    const follow = event('follow', 1);
    expect((await send(follow)).status).toBe(200);
    const row = await ctx().db.kysely.selectFrom('line_followers').selectAll().where('line_user_id', '=', lineUserId(1)).executeTakeFirst();
    expect(row).toMatchObject({ unfollowed_at: null });
    expect(await countRows(ctx(), 'line_links')).toBe(0);
    expect(line.replies).toEqual([{ replyToken: follow.replyToken, texts: [expect.stringContaining('6けたの連携コード')] }]);
    expect((await send({ ...follow, deliveryContext: { isRedelivery: true } })).status).toBe(200);
    expect(line.replies).toHaveLength(1);

    // A week later the event id is forgotten by the hourly job; LINE stopped redelivering long before.
    const weekLater = { now: () => new Date(now.getTime() + 7 * 86_400_000 + 1) };
    await lineCleanupJob.run({ db: ctx().db.kysely, clock: weekLater, files: { storage: 'database' } });
    const ids = await ctx().db.kysely.selectFrom('line_webhook_events').select('webhook_event_id').execute();
    expect(ids.map((r) => r.webhook_event_id)).not.toContain(follow.webhookEventId);
  });

  it('links the account that asked for the code, once, and refuses the code after that', async () => {
    const user = await makeUser(ctx().db.kysely);
    const { code } = await issueLinkCode(ctx().db.kysely, clock, user.id);
    await send(event('follow', 2));
    // Full-width digits from a Japanese keyboard count as the same code.
    await send(
      textEvent(
        2,
        code.replace(/\d/g, (d) => String.fromCharCode(0xff10 + Number(d))),
      ),
    );
    expect(await linkOf(user.id)).toMatchObject({ line_user_id: lineUserId(2) });
    expect(line.replies.at(-1)?.texts[0]).toContain('LINE連携が完了しました');

    await send(textEvent(3, code)); // the same code from another LINE account
    expect(line.replies.at(-1)?.texts[0]).toContain('見つかりません');
    expect(await linkOf(user.id)).toMatchObject({ line_user_id: lineUserId(2) });
    expect(
      await ctx().db.kysely.selectFrom('line_links').selectAll().where('line_user_id', '=', lineUserId(3)).executeTakeFirst(),
    ).toBeUndefined();
  });

  it('refuses a wrong code and an expired one, and stops listening after too many wrong codes', async () => {
    const user = await makeUser(ctx().db.kysely);
    const { code } = await issueLinkCode(ctx().db.kysely, clock, user.id);
    const wrong = code === '000000' ? '111111' : '000000';
    await send(textEvent(4, wrong));
    expect(line.replies.at(-1)?.texts[0]).toContain('見つかりません');
    now = new Date(now.getTime() + 31 * 60_000);
    await send(textEvent(4, code));
    expect(line.replies.at(-1)?.texts[0]).toContain('有効期限');
    expect(await linkOf(user.id)).toBeUndefined();

    for (let i = 0; i < CODE_FAILURES_MAX; i++) await send(textEvent(5, wrong));
    now = new Date(now.getTime() + 10 * 60_000);
    const fresh = await issueLinkCode(ctx().db.kysely, clock, user.id);
    await send(textEvent(5, fresh.code)); // right, but after too many wrong ones
    expect(line.replies.at(-1)?.texts[0]).toContain('しばらく受け付けません');
    expect(await linkOf(user.id)).toBeUndefined();
    now = new Date(now.getTime() + 21 * 60_000);
    await send(textEvent(5, fresh.code)); // the 30 minutes of wrong codes have ended; the code's have not
    expect(await linkOf(user.id)).toMatchObject({ line_user_id: lineUserId(5) });
  });

  it('answers in the linked person’s language, and in Japanese then English to a LINE user linked to no one', async () => {
    await send(event('follow', 8));
    const greeting = line.replies.at(-1)?.texts ?? [];
    expect(greeting).toHaveLength(1);
    expect(greeting[0]).toMatch(/^友だち追加ありがとうございます。.*\n\nThank you for adding us\./s);

    const user = await makeUser(ctx().db.kysely);
    await ctx().db.kysely.updateTable('users').set({ language: 'en' }).where('id', '=', user.id).execute();
    const { code } = await issueLinkCode(ctx().db.kysely, clock, user.id);
    await send(textEvent(8, code));
    expect(line.replies.at(-1)?.texts).toEqual([
      'LINE is linked. Booking confirmations and notices will come here. You can unlink on your account page.',
    ]);
    await send(textEvent(8, code)); // used already: the answer is for the English-speaking person now linked
    expect(line.replies.at(-1)?.texts[0]).toMatch(/^That link code was not found\./);
    expect(line.replies.at(-1)?.texts[0]).not.toMatch(/見つかりません/);
  });

  it('ignores ordinary messages and group events, answering 200', async () => {
    const before = line.replies.length;
    const res = await send(textEvent(6, 'こんにちは'), { ...event('message', 6), source: { type: 'group', groupId: 'C1' } });
    expect(res.status).toBe(200);
    expect(line.replies).toHaveLength(before);
  });

  it('unlinks at once on unfollow: nothing more is sent to that LINE account', async () => {
    const user = await makeUser(ctx().db.kysely);
    const { code } = await issueLinkCode(ctx().db.kysely, clock, user.id);
    await send(textEvent(7, code));
    expect(await linkOf(user.id)).toBeDefined();
    await send(event('unfollow', 7, { replyToken: undefined }));
    expect(await linkOf(user.id)).toBeUndefined();
    const follower = await ctx()
      .db.kysely.selectFrom('line_followers')
      .selectAll()
      .where('line_user_id', '=', lineUserId(7))
      .executeTakeFirst();
    expect(follower?.unfollowed_at).not.toBeNull();

    const adapter = createLineAdapter(
      { channelAccessToken: line.token, channelSecret: SECRET, apiBase: line.url, friendUrl: undefined },
      { db: ctx().db.kysely, clock },
    );
    const sent = line.requests.length;
    const [o] = await adapter.deliver(
      [{ deliveryId: 'd1', messageId: 'm1', address: lineUserId(7), subject: 's', text: 't', lang: 'ja', urgent: false }],
      'b1',
    );
    expect(o).toMatchObject({ ok: false, error: 'unlinked', permanent: true });
    expect(line.requests.length).toBe(sent);
  });
});

describeEachDialect('LINE webhook when LINE is not configured', (ctx) => {
  it('does not exist', async () => {
    const res = await testApp(ctx()).request('/webhooks/line', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"events":[]}',
    });
    expect(res.status).toBe(404);
  });
});
