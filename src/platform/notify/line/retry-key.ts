/**
 * X-Line-Retry-Key values: LINE runs a request with a given key once and answers 409 to the same key
 * within 24 hours, so a retried request must carry the key of the first try. We keep no keys: each is a
 * name-based UUID (version 5, RFC 9562) of the batch's persisted id and what the request carries, so the
 * worker's retry of a batch — even after a crash — rebuilds exactly the same keys.
 *
 * What the request carries, not its position: a retry of a batch holds only the deliveries that failed,
 * so the requests are numbered differently; keyed by position, the retry's first request would reuse the
 * key of a request LINE already accepted and be dropped as a repeat (409) without being sent.
 */
import { createHash } from 'node:crypto';

/** Our namespace for these keys (a random UUID, fixed forever: changing it would resend). */
const NAMESPACE = Buffer.from('6f1c2a4e9b7d4c3a8e5f0d1b2c3a4e5f', 'hex');

export function uuidV5(name: string): string {
  const hash = createHash('sha1').update(NAMESPACE).update(name, 'utf8').digest();
  const b = hash.subarray(0, 16);
  b[6] = ((b[6] ?? 0) & 0x0f) | 0x50;
  b[8] = ((b[8] ?? 0) & 0x3f) | 0x80;
  const hex = b.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The key of a push of one delivery in a batch. */
export function pushRetryKey(batchKey: string, deliveryId: string): string {
  return uuidV5(`push\u0000${batchKey}\u0000${deliveryId}`);
}

/**
 * The key of a multicast of one text in a batch: the text's hash names it, and `part` numbers the
 * requests when more than 500 deliveries share the text (sorted by delivery id, so a whole retry splits
 * the same way).
 */
export function multicastRetryKey(batchKey: string, text: string, part: number): string {
  const textHash = createHash('sha256').update(text, 'utf8').digest('hex');
  return uuidV5(`multicast\u0000${batchKey}\u0000${textHash}\u0000${part}`);
}
