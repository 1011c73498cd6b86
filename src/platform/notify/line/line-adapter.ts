/**
 * The LINE channel of the notify worker (ChannelAdapter, ../channel.ts). One call of deliver() sends one
 * batch the worker has persisted under batchKey:
 *
 * - each recipient is checked against line_links first: someone who unlinked (or blocked the account,
 *   which unlinks) since the message was queued gets nothing, and the delivery fails for good ('unlinked');
 * - deliveries with the same text go as multicasts of at most 500 recipients, a text for one recipient as
 *   a push; every request carries an X-Line-Retry-Key derived from batchKey (retry-key.ts), so when the
 *   worker retries the batch — after a 5xx, a timeout or a crash — LINE answers 409 to what it had already
 *   accepted and sends it to nobody a second time, and we count that 409 as sent;
 * - 429 stops the batch (the rest would be refused too) with LINE's Retry-After; a 5xx fails only its own
 *   request; no answer at all stops the batch, since LINE is unreachable; any other 4xx is final, with
 *   LINE's message as the reason.
 *
 * One case still sends twice: a multicast LINE accepted but answered 5xx to, whose recipients all but one
 * unlink before the retry — that one then gets a push under a new key. It needs a lost answer and
 * unlinks within minutes; multicasting even single recipients would close it, at the price of the push
 * API's per-message answer.
 */
import type { LineConfig } from '../../../config.ts';
import type { Db } from '../../../db/database.ts';
import type { Clock } from '../../../lib/time.ts';
import type { ChannelAdapter, ChannelDelivery, DeliveryOutcome } from '../channel.ts';
import { linkedAmong } from './line.repository.ts';
import { createLineClient, type LineAnswer, type LineClient, lineText, MULTICAST_MAX_TO } from './line-client.ts';
import { checkSendingFits, type SendingFit } from './line-quota.ts';
import { multicastRetryKey, pushRetryKey } from './retry-key.ts';

export interface LineAdapterDeps {
  db: Db;
  clock: Clock;
  /** Which of these LINE user ids are linked right now; by default read from line_links. */
  linkedAmong?: (lineUserIds: readonly string[]) => Promise<Set<string>>;
  fetch?: typeof fetch;
  timeoutMs?: number;
}

export interface LineAdapter extends ChannelAdapter {
  readonly channel: 'line';
  /** This month's limit and use, for a warning before a large sending (line-quota.ts). */
  checkSendingFits(count: number): Promise<SendingFit>;
  readonly client: LineClient;
}

/** When LINE gives no Retry-After: its rate limits are per second to per minute. */
export const DEFAULT_RETRY_AFTER_429_MS = 60_000;
export const DEFAULT_RETRY_AFTER_5XX_MS = 10_000;

/** A LINE user id as the webhook gives it: U and 32 hex digits. Anything else would fail a whole multicast. */
const LINE_USER_ID = /^U[0-9a-f]{32}$/;

interface Request {
  kind: 'push' | 'multicast';
  deliveries: ChannelDelivery[];
  text: string;
  retryKey: string;
}

export function createLineAdapter(config: LineConfig, deps: LineAdapterDeps): LineAdapter {
  const client = createLineClient({
    channelAccessToken: config.channelAccessToken,
    apiBase: config.apiBase,
    fetch: deps.fetch,
    timeoutMs: deps.timeoutMs,
    now: () => deps.clock.now(),
  });
  const stillLinked = deps.linkedAmong ?? ((ids: readonly string[]) => linkedAmong(deps.db, ids));

  return {
    channel: 'line',
    batchSize: MULTICAST_MAX_TO,
    client,
    checkSendingFits: (count) => checkSendingFits(client, count),
    async deliver(batch, batchKey) {
      const outcomes = new Map<string, DeliveryOutcome>();
      const fail = (d: ChannelDelivery, error: string, extra: { retryAfterMs?: number; permanent?: boolean } = {}) =>
        outcomes.set(d.deliveryId, { deliveryId: d.deliveryId, ok: false, error, ...extra });

      const linked = await stillLinked(batch.map((d) => d.address));
      const sendable: ChannelDelivery[] = [];
      for (const d of batch) {
        if (!LINE_USER_ID.test(d.address)) fail(d, 'not a LINE user id', { permanent: true });
        else if (!linked.has(d.address)) fail(d, 'unlinked', { permanent: true });
        else sendable.push(d);
      }

      const requests = plan(sendable, batchKey);
      for (const [i, request] of requests.entries()) {
        const messages = [{ type: 'text' as const, text: request.text }];
        const answer =
          request.kind === 'push'
            ? await client.push(request.deliveries[0]?.address ?? '', messages, request.retryKey)
            : await client.multicast(
                request.deliveries.map((d) => d.address),
                messages,
                request.retryKey,
              );
        const verdict = judge(answer);
        for (const d of request.deliveries) {
          if (verdict.ok) outcomes.set(d.deliveryId, { deliveryId: d.deliveryId, ok: true });
          else fail(d, verdict.error, verdict.extra);
        }
        if (!verdict.ok && verdict.stop) {
          // Everything not yet sent waits as long as this one: LINE is limiting us or unreachable.
          for (const rest of requests.slice(i + 1)) for (const d of rest.deliveries) fail(d, `not sent: ${verdict.error}`, verdict.extra);
          break;
        }
      }
      return batch.map((d) => outcomes.get(d.deliveryId) ?? { deliveryId: d.deliveryId, ok: false, error: 'not sent' });
    },
  };
}

/**
 * The requests for a batch. Grouped by the text LINE shows; within a text, by delivery id, so that the
 * same deliveries always fall into the same parts. A person with the same text twice in one batch gets
 * the second by push (a multicast names each recipient once).
 */
function plan(deliveries: readonly ChannelDelivery[], batchKey: string): Request[] {
  const byText = new Map<string, ChannelDelivery[]>();
  for (const d of deliveries) {
    const text = lineText(d.subject, d.text);
    const list = byText.get(text) ?? [];
    list.push(d);
    byText.set(text, list);
  }
  const requests: Request[] = [];
  for (const [text, list] of byText) {
    list.sort((a, b) => (a.deliveryId < b.deliveryId ? -1 : a.deliveryId > b.deliveryId ? 1 : 0));
    const seen = new Set<string>();
    const multi: ChannelDelivery[] = [];
    const single: ChannelDelivery[] = [];
    for (const d of list) {
      if (seen.has(d.address)) single.push(d);
      else {
        seen.add(d.address);
        multi.push(d);
      }
    }
    if (multi.length === 1) single.unshift(...multi.splice(0));
    for (let part = 0; part * MULTICAST_MAX_TO < multi.length; part++) {
      const deliveriesOfPart = multi.slice(part * MULTICAST_MAX_TO, (part + 1) * MULTICAST_MAX_TO);
      requests.push({ kind: 'multicast', deliveries: deliveriesOfPart, text, retryKey: multicastRetryKey(batchKey, text, part) });
    }
    for (const d of single) requests.push({ kind: 'push', deliveries: [d], text, retryKey: pushRetryKey(batchKey, d.deliveryId) });
  }
  return requests;
}

type Verdict = { ok: true } | { ok: false; error: string; extra: { retryAfterMs?: number; permanent?: boolean }; stop: boolean };

function judge(answer: LineAnswer): Verdict {
  const { status } = answer;
  if (status >= 200 && status < 300) return { ok: true };
  // Only ever sent with a retry key: 409 means LINE accepted this request before and did not run it again.
  if (status === 409) return { ok: true };
  // The month's quota is used up: retrying for weeks helps nobody; final, so the worker falls back.
  if (status === 429 && /monthly limit/i.test(answer.message))
    return { ok: false, error: answer.message, extra: { permanent: true }, stop: true };
  if (status === 429)
    return { ok: false, error: answer.message, extra: { retryAfterMs: answer.retryAfterMs ?? DEFAULT_RETRY_AFTER_429_MS }, stop: true };
  if (status >= 500)
    return { ok: false, error: answer.message, extra: { retryAfterMs: answer.retryAfterMs ?? DEFAULT_RETRY_AFTER_5XX_MS }, stop: false };
  if (status === 0) return { ok: false, error: answer.message, extra: {}, stop: true };
  return { ok: false, error: answer.message, extra: { permanent: true }, stop: false };
}
