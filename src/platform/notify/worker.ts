/**
 * The notify worker: delivers queued email and LINE deliveries after commit (kick) and on a timer.
 *
 * One worker at a time across app processes: a run starts by taking the lease (platform/jobs/lease.ts) and renews it
 * before every batch. A batch is claimed per channel (the adapter's batchSize, within the channel's rate
 * per minute), and its status 'sending' and batch_id are committed *before* the adapter is called; the
 * outcome is recorded after. A worker that dies in between leaves 'sending' rows: the next lease holder
 * sends that batch again under the same batch_id, which LINE takes as the X-Line-Retry-Key and does not
 * deliver twice. SMTP has no such key, so email is at least once (the Message-ID is stable, see
 * email-adapter.ts). Failures are retried with exponential backoff, never sooner than the channel's
 * Retry-After, and given up after maxAttempts as 'failed' with the reason.
 *
 * Quiet hours hold back every non-urgent email and LINE delivery until they end. Web deliveries are the
 * inbox (nothing to send) and paper ones wait on a print list (print-list.ts).
 */
import type { Db } from '../../db/database.ts';
import { newId } from '../../lib/ids.ts';
import type { Logger } from '../../lib/logger.ts';
import type { Clock } from '../../lib/time.ts';
import { acquireLease, releaseLease } from '../jobs/lease.ts';
import type { ChannelAdapter, ChannelName, DeliveryOutcome } from './channel.ts';
import {
  claimedInLastMinute,
  loadForSending,
  markFinal,
  markRetry,
  markSending,
  markSent,
  nextBatch,
  openDeliveries,
  queueFallback,
} from './deliveries.repository.ts';
import { backoffMs, isQuiet, type QuietHours } from './quiet-hours.ts';

export interface NotifySettings {
  quietHours: QuietHours | null;
  /** Most deliveries claimed per channel and minute, so a city-wide sending is spread out. */
  perMinute: Readonly<Record<ChannelName, number>>;
}

export interface NotifyWorkerOptions {
  db: Db;
  clock: Clock;
  logger: Logger;
  settings: NotifySettings;
  /** Email: absent without SMTP_URL (mail then waits in the outbox). LINE: absent when not configured (skipped, next channel). */
  adapters: { email?: ChannelAdapter | undefined; line?: ChannelAdapter | undefined };
  maxAttempts?: number;
  /** Longer than the slowest adapter call: a holder that is still sending must not lose its lease. */
  leaseMs?: number;
  /** Names this worker in the lease; unique per process by default. */
  holder?: string;
}

export interface RunResult {
  /** False when another worker held the lease: nothing was done. */
  leased: boolean;
  sent: number;
  failed: number;
}

export interface NotifyWorker {
  /** True when email is really sent (SMTP configured). */
  readonly delivering: boolean;
  /** One run: while holding the lease, every due batch of every channel (within the rate). */
  runOnce(): Promise<RunResult>;
  /** Runs now (after the current run, if one is going); resolves with how many were sent. */
  flush(): Promise<number>;
  /** Asks for a run soon without waiting: call after the commit that queued a message. */
  kick(): void;
  /** Runs every `intervalMs`: retries, mornings after quiet hours, rate-limited rest. */
  start(intervalMs?: number): void;
  stop(): Promise<void>;
}

const LEASE_NAME = 'notify-worker';
const DEFAULT_MAX_ATTEMPTS = 10;
const DEFAULT_LEASE_MS = 120_000;

export function createNotifyWorker(options: NotifyWorkerOptions): NotifyWorker {
  const { db, clock, logger, settings } = options;
  const holder = options.holder ?? newId('worker');
  const maxAttempts = options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  const leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
  const adapters = [options.adapters.email, options.adapters.line].filter((a): a is ChannelAdapter => a !== undefined);

  async function skipUnconfiguredLine(): Promise<void> {
    if (options.adapters.line) return;
    const now = clock.now();
    for (const id of await openDeliveries(db, 'line')) {
      await markFinal(db, id, 'skipped', 'LINE is not configured');
      await queueFallback(db, id, now);
    }
  }

  async function recordOutcomes(
    adapter: ChannelAdapter,
    sentIds: readonly string[],
    attemptsOf: Map<string, number>,
    outcomes: DeliveryOutcome[],
  ) {
    const now = clock.now();
    const byId = new Map(outcomes.map((o) => [o.deliveryId, o]));
    const ok: string[] = [];
    let failed = 0;
    for (const id of sentIds) {
      const outcome = byId.get(id) ?? { deliveryId: id, ok: false as const, error: 'the channel gave no outcome for this delivery' };
      if (outcome.ok) {
        ok.push(id);
        continue;
      }
      const attempts = attemptsOf.get(id) ?? maxAttempts;
      if (outcome.permanent || attempts >= maxAttempts) {
        failed++;
        await markFinal(db, id, 'failed', outcome.error);
        if (adapter.channel === 'line') await queueFallback(db, id, now);
      } else {
        await markRetry(db, id, outcome.error, new Date(now.getTime() + backoffMs(attempts, outcome.retryAfterMs)));
      }
    }
    await markSent(db, ok, now);
    return { sent: ok.length, failed };
  }

  /** Sends batches of one channel until none is due, the rate is spent, or the lease is lost. */
  async function runChannel(adapter: ChannelAdapter, result: RunResult): Promise<boolean> {
    for (;;) {
      const now = clock.now();
      if (!(await acquireLease(db, LEASE_NAME, holder, now, leaseMs))) return false;
      const room = settings.perMinute[adapter.channel] - (await claimedInLastMinute(db, adapter.channel, now));
      if (room <= 0) return true;
      const batch = await nextBatch(db, adapter.channel, {
        now,
        quiet: isQuiet(settings.quietHours, now),
        limit: Math.min(adapter.batchSize, room),
      });
      if (!batch || batch.ids.length === 0) return true;
      await markSending(db, batch.ids, batch.batchId, now, batch.resumed);
      const loaded = await loadForSending(db, adapter.channel, batch.ids);
      const sendable = loaded.filter((l) => l.delivery.address !== '');
      for (const unaddressed of loaded.filter((l) => l.delivery.address === '')) {
        // An unlinked LINE account (or a mail with no address): nothing goes there any more.
        await markFinal(db, unaddressed.delivery.deliveryId, 'skipped', `no ${adapter.channel} address`);
        if (adapter.channel === 'line') await queueFallback(db, unaddressed.delivery.deliveryId, now);
      }
      if (sendable.length === 0) continue;
      let outcomes: DeliveryOutcome[];
      try {
        outcomes = await adapter.deliver(
          sendable.map((l) => l.delivery),
          batch.batchId,
        );
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        logger.warn(`${adapter.channel} batch ${batch.batchId} failed`, message);
        outcomes = sendable.map((l) => ({ deliveryId: l.delivery.deliveryId, ok: false, error: message }));
      }
      const attemptsOf = new Map(sendable.map((l) => [l.delivery.deliveryId, l.attempts]));
      const recorded = await recordOutcomes(
        adapter,
        sendable.map((l) => l.delivery.deliveryId),
        attemptsOf,
        outcomes,
      );
      result.sent += recorded.sent;
      result.failed += recorded.failed;
    }
  }

  async function runOnce(): Promise<RunResult> {
    const result: RunResult = { leased: false, sent: 0, failed: 0 };
    if (!(await acquireLease(db, LEASE_NAME, holder, clock.now(), leaseMs))) return result;
    result.leased = true;
    try {
      await skipUnconfiguredLine();
      for (const adapter of adapters) {
        if (!(await runChannel(adapter, result))) break; // lease lost: the new holder carries on
      }
    } finally {
      await releaseLease(db, LEASE_NAME, holder);
    }
    return result;
  }

  let running: Promise<number> | undefined;
  let again = false;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;

  // One run at a time in this process; a request during a run schedules one more after it, so a message
  // committed while a run was past its query is not left for the timer.
  function flush(): Promise<number> {
    if (stopped) return Promise.resolve(0);
    if (running) {
      again = true;
      return running.then(() => (running ? running : flush()));
    }
    running = runOnce()
      .then((r) => r.sent)
      .catch((error) => {
        logger.error('notify run failed', error);
        return 0;
      })
      .finally(() => {
        running = undefined;
        if (again) {
          again = false;
          void flush();
        }
      });
    return running;
  }

  return {
    delivering: options.adapters.email !== undefined,
    runOnce,
    flush,
    // Without any adapter there is nothing to send now; the timer still skips LINE deliveries to their fallback.
    kick: () => {
      if (adapters.length > 0 && !stopped) setImmediate(() => void flush());
    },
    start(intervalMs = 30_000) {
      if (timer) return;
      timer = setInterval(() => void flush(), intervalMs);
      timer.unref();
    },
    async stop() {
      stopped = true;
      if (timer) clearInterval(timer);
      timer = undefined;
      again = false;
      // A run may schedule one more as it ends: wait until none is going.
      while (running) await running;
    },
  };
}
