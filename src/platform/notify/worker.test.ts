/**
 * The notify worker against an in-test channel adapter, on both databases: batches of the adapter's
 * size, batch_id persisted before sending and kept on every retry, backoff honouring Retry-After, giving
 * up with the reason, a crashed worker's batch re-sent under the same key, quiet hours, the rate, LINE
 * absent or unlinked falling back to the next channel, and one worker at a time across processes.
 */
import { expect, it } from 'vitest';
import { describeEachDialect, TEST_NOW } from '../../../test/db.ts';
import { makeUser } from '../../../test/factories.ts';
import { deleteLinkOfUser, replaceLink } from './line/line.repository.ts';
import { movableClock, notifyAlone, queueLineSending, recordingAdapter, statusesOf, testWorker } from './notify.test-helpers.ts';

const text = (subject: string) => () => ({ subject, text: `${subject}の本文` });

describeEachDialect('the notify worker', (ctx) => {
  const db = () => ctx().db.kysely;
  const clean = async () => {
    await db().deleteFrom('notify_deliveries').execute();
    await db().deleteFrom('notify_messages').execute();
    await db().deleteFrom('line_links').execute();
    await db().deleteFrom('leases').execute();
  };

  it('sends a sending to 10,000 linked people in multicasts of 500, survives a 500 in the middle without sending anyone twice, and stops for who unlinked', async () => {
    await clean();
    const clock = movableClock(TEST_NOW);
    const ids = await queueLineSending(db(), 10_000, TEST_NOW);
    // Two people unlink after the sending was queued, before it goes out.
    await db()
      .transaction()
      .execute((trx) => deleteLinkOfUser(trx, 'usr_bulk000042'));
    await db()
      .transaction()
      .execute((trx) => deleteLinkOfUser(trx, 'usr_bulk009999'));
    let failedOnce = false;
    const line = recordingAdapter('line', 500, (batch, _key, call) => {
      if (call === 7 && !failedOnce) {
        failedOnce = true; // the provider answers 500 for the seventh multicast
        return batch.map((d) => ({ deliveryId: d.deliveryId, ok: false, error: 'HTTP 500', retryAfterMs: 5_000 }));
      }
      return batch.map((d) => ({ deliveryId: d.deliveryId, ok: true }));
    });
    const worker = testWorker(db(), clock, { adapters: { line } });
    const first = await worker.runOnce();
    expect(first.sent).toBe(10_000 - 2 - 500);
    expect(line.batches).toHaveLength(20);
    clock.advance(60_000); // past the backoff: the failed multicast goes again
    expect((await worker.runOnce()).sent).toBe(500);

    // Twenty multicasts (the first and last one short of who unlinked), then the retried seventh.
    expect(line.batches.map((b) => b.deliveries.length)).toEqual([499, ...Array(18).fill(500), 499, 500]);
    // The retried multicast is the seventh one again, under its key: LINE drops it if it already had it.
    expect(line.batches[20]?.key).toBe(line.batches[6]?.key);
    expect(line.batches[20]?.deliveries.map((d) => d.deliveryId)).toEqual(line.batches[6]?.deliveries.map((d) => d.deliveryId));
    const succeeded = line.batches.filter((_, i) => i !== 6).flatMap((b) => b.deliveries.map((d) => d.deliveryId));
    expect(new Set(succeeded).size).toBe(succeeded.length); // nobody twice
    expect(succeeded).toHaveLength(ids.length - 2);
    expect(succeeded).not.toContain('dlv_bulk000042');
    expect(line.batches.flatMap((b) => b.deliveries.map((d) => d.address))).not.toContain('Ubulk009999');
    expect(await statusesOf(db(), 'line')).toEqual({ sent: 9_998, skipped: 2 });
    // Who unlinked and has no email is reached on paper instead.
    expect(await statusesOf(db(), 'paper')).toEqual({ queued: 2 });
  }, 120_000);

  it('persists status sending and the batch_id before calling the adapter', async () => {
    await clean();
    const user = await makeUser(db(), { email: 'seen@example.com' });
    await notifyAlone(db(), movableClock(TEST_NOW), { to: user.id, kind: 'test.one', template: text('確認') });
    let seen: unknown;
    const email = recordingAdapter('email', 1, async (batch, key) => {
      seen = await db()
        .selectFrom('notify_deliveries')
        .select(['status', 'batch_id', 'attempts'])
        .where('id', '=', batch[0]?.deliveryId ?? '')
        .executeTakeFirst();
      expect(key).toMatch(/^batch_/);
      return [{ deliveryId: batch[0]?.deliveryId ?? '', ok: true }];
    });
    await testWorker(db(), movableClock(TEST_NOW), { adapters: { email } }).runOnce();
    expect(seen).toMatchObject({ status: 'sending', batch_id: email.batches[0]?.key });
    expect(Number((seen as { attempts: number }).attempts)).toBe(1);
  });

  it('retries with exponential backoff, never sooner than Retry-After, and gives up after N attempts with the reason', async () => {
    await clean();
    const clock = movableClock(TEST_NOW);
    const user = await makeUser(db(), { email: 'flaky@example.com' });
    await notifyAlone(db(), clock, { to: user.id, kind: 'test.retry', template: text('再送') });
    const email = recordingAdapter('email', 1, (batch) => [
      { deliveryId: batch[0]?.deliveryId ?? '', ok: false, error: '421 try later', retryAfterMs: 90_000 },
    ]);
    const worker = testWorker(db(), clock, { adapters: { email }, maxAttempts: 3 });
    await worker.runOnce();
    const row = () => db().selectFrom('notify_deliveries').selectAll().where('channel', '=', 'email').executeTakeFirstOrThrow();
    // 30 s of backoff after the first failure, but the server asked for 90 s.
    expect(new Date((await row()).next_attempt_at).getTime() - clock.now().getTime()).toBe(90_000);
    clock.advance(89_000);
    await worker.runOnce();
    expect(email.batches).toHaveLength(1); // not yet due
    clock.advance(1_000);
    await worker.runOnce();
    expect(email.batches).toHaveLength(2);
    clock.advance(120_000);
    await worker.runOnce();
    expect(email.batches).toHaveLength(3);
    expect(await row()).toMatchObject({ status: 'failed', last_error: '421 try later' });
    expect(Number((await row()).attempts)).toBe(3);
    // A failed retry is the same batch: one key for every attempt.
    expect(new Set(email.batches.map((b) => b.key)).size).toBe(1);
  });

  it('a worker that dies after claiming leaves its batch to the next one, which sends it again under the same key once the lease expires', async () => {
    await clean();
    const clock = movableClock(TEST_NOW);
    await queueLineSending(db(), 3, TEST_NOW, 'crash');
    const hung = recordingAdapter('line', 500, () => new Promise(() => {})); // the process is killed mid-request
    void testWorker(db(), clock, { adapters: { line: hung }, leaseMs: 60_000 }).runOnce();
    await waitUntil(async () => (await statusesOf(db(), 'line')).sending === 3);
    const next = recordingAdapter('line', 500);
    const other = testWorker(db(), clock, { adapters: { line: next }, leaseMs: 60_000 });
    expect((await other.runOnce()).leased).toBe(false); // the dead one's lease still holds
    clock.advance(60_001);
    expect(await other.runOnce()).toMatchObject({ leased: true, sent: 3 });
    expect(next.batches).toHaveLength(1);
    expect(next.batches[0]?.key).toBe(hung.batches[0]?.key);
    expect(await statusesOf(db(), 'line')).toEqual({ sent: 3 });
    // Attempts count the claim once: the re-send finishes the same attempt.
    const attempts = await db().selectFrom('notify_deliveries').select('attempts').where('channel', '=', 'line').execute();
    expect(attempts.map((a) => Number(a.attempts))).toEqual([1, 1, 1]);
  });

  it('holds back email at night until the morning unless the message is urgent', async () => {
    await clean();
    const clock = movableClock('2026-11-24T13:30:00Z'); // 22:30 in Tokyo
    const user = await makeUser(db(), { email: 'night@example.com' });
    await notifyAlone(db(), clock, { to: user.id, kind: 'test.news', template: text('お知らせ') });
    await notifyAlone(db(), clock, { to: user.id, kind: 'test.urgent', urgent: true, template: text('至急') });
    const email = recordingAdapter('email', 1);
    const settings = { quietHours: { from: '21:00', to: '08:00' }, perMinute: { email: 100, line: 100 } };
    const worker = testWorker(db(), clock, { adapters: { email }, settings });
    await worker.runOnce();
    expect(email.batches.map((b) => b.deliveries[0]?.subject)).toEqual(['至急']);
    clock.set('2026-11-24T22:59:00Z'); // 07:59
    await worker.runOnce();
    expect(email.batches).toHaveLength(1);
    clock.set('2026-11-24T23:00:00Z'); // 08:00
    await worker.runOnce();
    expect(email.batches.map((b) => b.deliveries[0]?.subject)).toEqual(['至急', 'お知らせ']);
  });

  it('spreads a sending over minutes at the channel rate', async () => {
    await clean();
    const clock = movableClock(TEST_NOW);
    for (let i = 0; i < 5; i++) {
      const user = await makeUser(db(), { email: `rate${i}@example.com` });
      await notifyAlone(db(), clock, { to: user.id, kind: 'test.rate', template: text(`通知${i}`) });
    }
    const email = recordingAdapter('email', 1);
    const worker = testWorker(db(), clock, { adapters: { email }, settings: { quietHours: null, perMinute: { email: 2, line: 1 } } });
    expect((await worker.runOnce()).sent).toBe(2);
    expect((await worker.runOnce()).sent).toBe(0);
    clock.advance(60_001);
    expect((await worker.runOnce()).sent).toBe(2);
    clock.advance(60_001);
    expect((await worker.runOnce()).sent).toBe(1);
  });

  it('without LINE configured, a LINE delivery is skipped and the person is reached by email, or on paper', async () => {
    await clean();
    const clock = movableClock(TEST_NOW);
    const withMail = await makeUser(db(), { email: 'both@example.com' });
    const lineOnly = await makeUser(db(), { email: null });
    await db()
      .transaction()
      .execute((trx) => replaceLink(trx, withMail.id, 'Uboth', TEST_NOW));
    await db()
      .transaction()
      .execute((trx) => replaceLink(trx, lineOnly.id, 'Uonly', TEST_NOW));
    // Someone with both chose LINE alone for booking messages.
    await db()
      .insertInto('notify_preferences')
      .values({ user_id: withMail.id, kind: 'booking', email: 0, line: 1, paper: 0, updated_at: TEST_NOW })
      .execute();
    await notifyAlone(db(), clock, { to: withMail.id, kind: 'booking.confirmed', template: text('予約') });
    await notifyAlone(db(), clock, { to: lineOnly.id, kind: 'booking.confirmed', template: text('予約') });
    const email = recordingAdapter('email', 1);
    await testWorker(db(), clock, { adapters: { email } }).runOnce();
    expect(await statusesOf(db(), 'line')).toEqual({ skipped: 2 });
    expect(email.batches.map((b) => b.deliveries[0]?.address)).toEqual(['both@example.com']);
    const paper = await db()
      .selectFrom('notify_deliveries as d')
      .innerJoin('notify_messages as m', 'm.id', 'd.message_id')
      .select(['m.user_id', 'd.status'])
      .where('d.channel', '=', 'paper')
      .execute();
    expect(paper).toEqual([{ user_id: lineOnly.id, status: 'queued' }]);
  });

  it('two workers in two processes racing: exactly one delivers, each message once', async () => {
    await clean();
    const clock = movableClock(TEST_NOW);
    await queueLineSending(db(), 1_200, TEST_NOW, 'race');
    const second = ctx().connectAgain();
    try {
      const a = recordingAdapter('line', 500, async (batch) => {
        await new Promise((resolve) => setTimeout(resolve, 5));
        return batch.map((d) => ({ deliveryId: d.deliveryId, ok: true }));
      });
      const b = recordingAdapter('line', 500);
      const results = await Promise.all([
        testWorker(db(), clock, { adapters: { line: a } }).runOnce(),
        testWorker(second.kysely, clock, { adapters: { line: b } }).runOnce(),
        testWorker(db(), clock, { adapters: { line: a } }).runOnce(),
        testWorker(second.kysely, clock, { adapters: { line: b } }).runOnce(),
      ]);
      const all = [...a.deliveredIds(), ...b.deliveredIds()];
      expect(all).toHaveLength(1_200);
      expect(new Set(all).size).toBe(1_200);
      expect(results.reduce((n, r) => n + r.sent, 0)).toBe(1_200);
      // Whoever held the lease sent everything it found; the others did nothing while it held it.
      expect(results.filter((r) => r.sent > 0)).toHaveLength(1);
      expect(await statusesOf(db(), 'line')).toEqual({ sent: 1_200 });
    } finally {
      await second.close();
    }
  }, 60_000);
});

async function waitUntil(check: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 500; i++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error('condition never held');
}
