/**
 * Test kit of the notify layer (imported by tests only): a clock that moves, an in-test channel adapter
 * that records every batch it is handed, and bulk queueing of deliveries for large sendings.
 */
import type { Db } from '../../db/database.ts';
import { silentLogger } from '../../lib/logger.ts';
import type { Clock } from '../../lib/time.ts';
import type { ChannelAdapter, ChannelDelivery, ChannelName, DeliveryOutcome } from './channel.ts';
import { type NotifyInput, notify } from './notify.ts';
import { createNotifyWorker, type NotifySettings, type NotifyWorkerOptions } from './worker.ts';

export interface MovableClock extends Clock {
  advance(ms: number): void;
  set(iso: string): void;
}

export function movableClock(iso: string): MovableClock {
  let at = new Date(iso).getTime();
  return {
    now: () => new Date(at),
    advance(ms) {
      at += ms;
    },
    set(next) {
      at = new Date(next).getTime();
    },
  };
}

export interface RecordedBatch {
  key: string;
  deliveries: ChannelDelivery[];
}

export type Behaviour = (batch: readonly ChannelDelivery[], key: string, call: number) => DeliveryOutcome[] | Promise<DeliveryOutcome[]>;

export interface RecordingAdapter extends ChannelAdapter {
  readonly batches: RecordedBatch[];
  /** Every delivery id handed over, once per time it was handed over. */
  deliveredIds(): string[];
}

export const allOk: Behaviour = (batch) => batch.map((d) => ({ deliveryId: d.deliveryId, ok: true }));

export function recordingAdapter(channel: ChannelName, batchSize: number, behaviour: Behaviour = allOk): RecordingAdapter {
  const batches: RecordedBatch[] = [];
  return {
    channel,
    batchSize,
    batches,
    deliveredIds: () => batches.flatMap((b) => b.deliveries.map((d) => d.deliveryId)),
    async deliver(batch, key) {
      batches.push({ key, deliveries: [...batch] });
      return behaviour(batch, key, batches.length);
    },
  };
}

export const OPEN_SETTINGS: NotifySettings = { quietHours: null, perMinute: { email: 100_000, line: 1_000_000 } };

/** notify() in a transaction of its own, for a test that queues a message and writes nothing with it. */
export function notifyAlone(db: Db, clock: Clock, input: NotifyInput): Promise<string | undefined> {
  return db.transaction().execute((trx) => notify(trx, clock, input));
}

export function testWorker(db: Db, clock: Clock, o: Partial<NotifyWorkerOptions> = {}) {
  return createNotifyWorker({ db, clock, logger: silentLogger, settings: OPEN_SETTINGS, adapters: {}, ...o });
}

/**
 * `count` people with a LINE link, each with one message queued on LINE only: inserted in bulk (the
 * rows notify() would write), so a sending to ten thousand takes seconds, not minutes.
 */
export async function queueLineSending(db: Db, count: number, when: string, prefix = 'bulk'): Promise<string[]> {
  const at = new Date(when).toISOString();
  // 利用者番号 unique across the sendings of one database: each prefix gets its own range.
  const numberBase = 30_000_000 + [...prefix].reduce((n, ch) => (n * 31 + ch.charCodeAt(0)) % 600, 0) * 20_000;
  const ids: string[] = [];
  for (let start = 0; start < count; start += 500) {
    const n = Math.min(500, count - start);
    const slice = Array.from({ length: n }, (_, i) => `${prefix}${String(start + i).padStart(6, '0')}`);
    await db
      .insertInto('users')
      .values(
        slice.map((k, i) => ({
          id: `usr_${k}`,
          number: String(numberBase + start + i),
          email: null,
          name: k,
          name_kana: 'テスト',
          phone: '093',
          residency: 'resident',
          birth_year: null,
          password_hash: null,
          created_at: at,
          updated_at: at,
        })),
      )
      .execute();
    await db
      .insertInto('line_links')
      .values(slice.map((k) => ({ user_id: `usr_${k}`, line_user_id: `U${k}`, linked_at: at })))
      .execute();
    await db
      .insertInto('notify_messages')
      .values(
        slice.map((k) => ({
          id: `msg_${k}`,
          user_id: `usr_${k}`,
          address: null,
          kind: 'news.area',
          subject: '地域のお知らせ',
          body_text: '本文',
          lang: 'ja',
          facility_id: null,
          created_at: at,
          read_at: null,
        })),
      )
      .execute();
    await db
      .insertInto('notify_deliveries')
      .values(
        slice.map((k) => ({
          id: `dlv_${k}`,
          message_id: `msg_${k}`,
          channel: 'line',
          address: null,
          status: 'queued',
          next_attempt_at: at,
          last_error: null,
          batch_id: null,
          claimed_at: null,
          sent_at: null,
          ward_id: null,
          handed_over_by: null,
          handed_over_at: null,
          created_at: at,
        })),
      )
      .execute();
    ids.push(...slice.map((k) => `dlv_${k}`));
  }
  return ids;
}

export async function statusesOf(db: Db, channel: string): Promise<Record<string, number>> {
  const rows = await db
    .selectFrom('notify_deliveries')
    .select(['status', (eb) => eb.fn.countAll().as('n')])
    .where('channel', '=', channel)
    .groupBy('status')
    .execute();
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
}
