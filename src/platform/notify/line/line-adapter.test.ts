/**
 * The LINE adapter against the stand-in LINE server: what goes over the wire, batching, the retry key
 * rule across a failed batch's retry, Retry-After, final failures and the unlink check — on both
 * databases, since the unlink check reads line_links.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { describeEachDialect, TEST_NOW, testClock } from '../../../../test/db.ts';
import { loadConfig } from '../../../config.ts';
import type { Db } from '../../../db/database.ts';
import type { ChannelDelivery } from '../channel.ts';
import { createLineAdapter, DEFAULT_RETRY_AFTER_5XX_MS, type LineAdapter } from './line-adapter.ts';
import { parseRetryAfter } from './line-client.ts';
import { unlinkLine } from './line-link.service.ts';
import { type LineStandIn, lineUserId, startLineStandIn } from './line-stand-in.test-helpers.ts';

const STAMP = '2026-11-01T00:00:00.000Z';

/** People n ≥ from and < to, each with an account and a LINE link (bulk: 10,000 of them are needed). */
async function linkPeople(db: Db, from: number, to: number) {
  for (let start = from; start < to; start += 400) {
    const ns = Array.from({ length: Math.min(400, to - start) }, (_, i) => start + i);
    await db
      .insertInto('users')
      .values(
        ns.map((n) => ({
          id: `usr_line${n}`,
          number: String(20_000_000 + n),
          email: null,
          name: '利用者',
          name_kana: 'リヨウシャ',
          phone: '093',
          residency: 'resident',
          created_at: STAMP,
          updated_at: STAMP,
        })),
      )
      .execute();
    await db
      .insertInto('line_links')
      .values(ns.map((n) => ({ user_id: `usr_line${n}`, line_user_id: lineUserId(n), linked_at: STAMP })))
      .execute();
  }
}

function delivery(n: number, text = '本文です。', subject = 'お知らせ'): ChannelDelivery {
  return {
    deliveryId: `dlv_${String(n).padStart(6, '0')}`,
    messageId: `msg_${n}`,
    address: lineUserId(n),
    subject,
    text,
    lang: 'ja',
    urgent: false,
  };
}

const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);

describeEachDialect('LINE adapter', (ctx) => {
  let line: LineStandIn;
  let adapter: LineAdapter;

  beforeAll(async () => {
    await linkPeople(ctx().db.kysely, 0, 10_000);
  });
  beforeEach(async () => {
    line = await startLineStandIn();
    const config = loadConfig({ LINE_CHANNEL_ACCESS_TOKEN: line.token, LINE_CHANNEL_SECRET: 'secret', LINE_API_BASE: line.url }).line;
    if (!config) throw new Error('LINE config expected');
    adapter = createLineAdapter(config, { db: ctx().db.kysely, clock: testClock() });
  });
  afterEach(async () => {
    await line.close();
  });

  it('pushes a text for one person with the bearer token, a JSON text message (subject first) and a UUID retry key', async () => {
    const outcomes = await adapter.deliver([delivery(1, '12月5日 午前 会議室A')], 'batch_push');
    expect(outcomes).toEqual([{ deliveryId: 'dlv_000001', ok: true }]);
    const [push] = line.sends('/v2/bot/message/push');
    expect(push?.headers.authorization).toBe(`Bearer ${line.token}`);
    expect(push?.headers['content-type']).toMatch(/^application\/json/);
    expect(push?.headers['x-line-retry-key']).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(push?.body).toEqual({ to: lineUserId(1), messages: [{ type: 'text', text: 'お知らせ\n\n12月5日 午前 会議室A' }] });
    expect(line.delivered.get(lineUserId(1))).toEqual(['お知らせ\n\n12月5日 午前 会議室A']);
  });

  it('sends the same text to 10,000 linked people as 20 multicasts of at most 500, each person once', async () => {
    for (let b = 0; b < 20; b++) {
      const outcomes = await adapter.deliver(
        range(b * 500, (b + 1) * 500).map((n) => delivery(n)),
        `batch_${b}`,
      );
      expect(outcomes.every((o) => o.ok)).toBe(true);
    }
    const multicasts = line.sends('/v2/bot/message/multicast');
    expect(multicasts).toHaveLength(20);
    expect(line.sends('/v2/bot/message/push')).toHaveLength(0);
    for (const m of multicasts) expect((m.body as { to: string[] }).to.length).toBeLessThanOrEqual(500);
    expect(line.delivered.size).toBe(10_000);
    expect([...line.delivered.values()].every((texts) => texts.length === 1)).toBe(true);
  });

  it('splits one call of more than 500 deliveries of one text into multicasts of 500', async () => {
    await adapter.deliver(
      range(0, 1200).map((n) => delivery(n)),
      'batch_big',
    );
    expect(line.sends('/v2/bot/message/multicast').map((m) => (m.body as { to: string[] }).to.length)).toEqual([500, 500, 200]);
  });

  it('survives a 500 in the middle: the retry reuses the retry keys and sends nobody twice', async () => {
    // The 8th multicast is accepted by LINE but answered 500 (the worst case); the 9th fails outright.
    line.script = (_req, nth) => (nth === 8 ? { status: 500, accept: true } : nth === 9 ? { status: 503 } : undefined);
    const failed: { batchKey: string; deliveries: ChannelDelivery[] }[] = [];
    for (let b = 0; b < 20; b++) {
      const deliveries = range(b * 500, (b + 1) * 500).map((n) => delivery(n, '防災訓練のお知らせ'));
      const outcomes = await adapter.deliver(deliveries, `batch_${b}`);
      const notOk = outcomes.filter((o) => !o.ok);
      if (notOk.length > 0) {
        expect(notOk).toHaveLength(500);
        expect(notOk[0]).toMatchObject({ ok: false, retryAfterMs: DEFAULT_RETRY_AFTER_5XX_MS });
        expect(notOk[0]).not.toHaveProperty('permanent');
        failed.push({ batchKey: `batch_${b}`, deliveries });
      }
    }
    expect(failed.map((f) => f.batchKey)).toEqual(['batch_7', 'batch_8']);
    const firstKeys = line.sends('/v2/bot/message/multicast').map((m) => m.headers['x-line-retry-key']);

    line.script = undefined;
    for (const f of failed) expect((await adapter.deliver(f.deliveries, f.batchKey)).every((o) => o.ok)).toBe(true);

    const retries = line.sends('/v2/bot/message/multicast').slice(20);
    expect(retries.map((r) => r.headers['x-line-retry-key'])).toEqual([firstKeys[7], firstKeys[8]]);
    expect(retries.map((r) => r.status)).toEqual([409, 200]); // the accepted one is not sent again
    expect(line.delivered.size).toBe(10_000);
    expect([...line.delivered.values()].every((texts) => texts.length === 1)).toBe(true);
  });

  it('keys requests by what they carry: a retry holding only the failed text reuses that text’s key', async () => {
    line.script = (req) => ((req.body as { messages: { text: string }[] }).messages[0]?.text.includes('B') ? { status: 500 } : undefined);
    const a = range(0, 3).map((n) => delivery(n, 'A'));
    const b = range(3, 6).map((n) => delivery(n, 'B'));
    const outcomes = await adapter.deliver([...a, ...b], 'batch_ab');
    expect(outcomes.filter((o) => o.ok)).toHaveLength(3);
    line.script = undefined;
    expect((await adapter.deliver(b, 'batch_ab')).every((o) => o.ok)).toBe(true);
    const [first, second, retry] = line.sends('/v2/bot/message/multicast');
    expect(retry?.headers['x-line-retry-key']).toBe(second?.headers['x-line-retry-key']);
    expect(retry?.headers['x-line-retry-key']).not.toBe(first?.headers['x-line-retry-key']);
    expect(range(0, 6).map((n) => line.delivered.get(lineUserId(n))?.length)).toEqual([1, 1, 1, 1, 1, 1]);
  });

  it('answers a 429 with its Retry-After (seconds or an HTTP date) and stops the rest of the batch', async () => {
    line.script = () => ({ status: 429, headers: { 'retry-after': '120' }, body: { message: 'Too Many Requests' } });
    const outcomes = await adapter.deliver([delivery(1, 'A'), delivery(2, 'A'), delivery(3, 'B')], 'batch_429');
    expect(outcomes.map((o) => (o.ok ? 0 : o.retryAfterMs))).toEqual([120_000, 120_000, 120_000]);
    expect(outcomes.every((o) => !o.ok && !o.permanent && o.error.includes('429'))).toBe(true);
    expect(line.requests).toHaveLength(1); // the push of B was not tried
    expect(parseRetryAfter('Tue, 24 Nov 2026 01:01:30 GMT', new Date(TEST_NOW))).toBe(90_000);
    expect(parseRetryAfter('soon', new Date(TEST_NOW))).toBeUndefined();
  });

  it('fails for good on another 4xx, with LINE’s message, and on a used-up monthly quota', async () => {
    line.script = () => ({
      status: 400,
      body: { message: 'The request body has 1 error(s)', details: [{ property: 'to', message: 'invalid' }] },
    });
    const [bad] = await adapter.deliver([delivery(1)], 'batch_400');
    expect(bad).toMatchObject({ ok: false, permanent: true, error: 'LINE 400: The request body has 1 error(s) (to: invalid)' });
    line.script = () => ({ status: 429, body: { message: 'You have reached your monthly limit.' } });
    const [monthly] = await adapter.deliver([delivery(2)], 'batch_monthly');
    expect(monthly).toMatchObject({ ok: false, permanent: true });
  });

  it('does not send to someone who unlinked, and fails their delivery for good as unlinked', async () => {
    await unlinkLine(ctx().db.kysely, 'usr_line5');
    const outcomes = await adapter.deliver(
      range(4, 7).map((n) => delivery(n)),
      'batch_unlink',
    );
    expect(outcomes[1]).toEqual({ deliveryId: 'dlv_000005', ok: false, error: 'unlinked', permanent: true });
    const [m] = line.sends('/v2/bot/message/multicast');
    expect((m?.body as { to?: string[] } | undefined)?.to).toEqual([lineUserId(4), lineUserId(6)]);
    expect(line.delivered.has(lineUserId(5))).toBe(false);
    const [alone] = await adapter.deliver([delivery(5)], 'batch_unlink_alone');
    expect(alone).toMatchObject({ ok: false, error: 'unlinked' });
    expect(line.requests).toHaveLength(1); // nothing at all was sent for the unlinked person alone
  });

  it('sends a text to one person as a push and the same person’s second copy by push too', async () => {
    await adapter.deliver(
      [delivery(10, 'A'), delivery(11, 'A'), { ...delivery(10, 'A'), deliveryId: 'dlv_x' }, delivery(12, 'B')],
      'b_mix',
    );
    expect(line.sends('/v2/bot/message/multicast').map((m) => (m.body as { to: string[] }).to)).toEqual([[lineUserId(10), lineUserId(11)]]);
    expect(line.sends('/v2/bot/message/push').map((m) => (m.body as { to: string }).to)).toEqual([lineUserId(10), lineUserId(12)]);
  });

  it('refuses an address that is no LINE user id without asking LINE', async () => {
    const [o] = await adapter.deliver([{ ...delivery(1), address: 'someone@example.com' }], 'b_addr');
    expect(o).toMatchObject({ ok: false, permanent: true });
    expect(line.requests).toHaveLength(0);
  });

  it('tells whether a sending fits this month’s quota, and warns when the quota cannot be read', async () => {
    line.quota = { type: 'limited', value: 1000 };
    line.totalUsage = 990;
    expect(await adapter.checkSendingFits(10)).toMatchObject({ fits: true, quota: { limit: 1000, used: 990, remaining: 10 } });
    expect(await adapter.checkSendingFits(11)).toMatchObject({ fits: false, warning: 'exceeds' });
    line.quota = { type: 'none' };
    expect(await adapter.checkSendingFits(1_000_000)).toMatchObject({ fits: true, quota: { limit: null, remaining: null } });
    line.quotaStatus = 500;
    expect(await adapter.checkSendingFits(1)).toMatchObject({ fits: undefined, warning: 'unreadable' });
  });
});

describe('LINE adapter without an answer', () => {
  let line: LineStandIn;
  beforeAll(async () => {
    line = await startLineStandIn();
  });
  afterAll(async () => {
    await line.close();
  });

  it('counts an unreachable LINE as a failure to retry, and a wrong token as final', async () => {
    const db = undefined as unknown as Db; // never read: linkedAmong is given
    const linkedAmong = async (ids: readonly string[]) => new Set(ids);
    const down = createLineAdapter(
      { channelAccessToken: 't', channelSecret: 's', apiBase: 'http://127.0.0.1:1', friendUrl: undefined },
      { db, clock: testClock(), linkedAmong },
    );
    const outcomes = await down.deliver([delivery(1, 'A'), delivery(2, 'B')], 'b_down');
    expect(outcomes.every((o) => !o.ok && !o.permanent && o.error.includes('unreachable'))).toBe(true);
    const wrongToken = createLineAdapter(
      { channelAccessToken: 'wrong', channelSecret: 's', apiBase: line.url, friendUrl: undefined },
      { db, clock: testClock(), linkedAmong },
    );
    const [o] = await wrongToken.deliver([delivery(1)], 'b_token');
    expect(o).toMatchObject({ ok: false, permanent: true });
    expect(o?.ok === false && o.error).toContain('LINE 401');
  });
});
