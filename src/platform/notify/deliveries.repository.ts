/**
 * The worker's queries over notify_deliveries: claim a batch, record outcomes, fall back to another channel.
 * Its writes take a Db, not a Trx (an exception to db/database.ts's rule): only the lease holder writes
 * here, each outcome is recorded as soon as the channel answers, between sends, and a batch left
 * 'sending' by a crash is claimed again; nothing here waits on the network inside a transaction.
 */
import type { Db } from '../../db/database.ts';
import { newId } from '../../lib/ids.ts';
import type { ChannelDelivery, ChannelName } from './channel.ts';
import { wardOfPerson } from './notify.ts';

export interface ClaimedRow {
  id: string;
  messageId: string;
  attempts: number;
}

/**
 * The next batch of a channel to send, in this order: a batch left 'sending' by a worker that died (the
 * same batch_id again, so LINE recognises it), a failed batch whose retry is due (its batch_id kept), then
 * fresh rows as a new batch. Only the lease holder calls this, so nobody else claims meanwhile.
 */
export async function nextBatch(
  db: Db,
  channel: ChannelName,
  opts: { now: Date; quiet: boolean; limit: number },
): Promise<
  { batchId: string; ids: string[] /** A crashed worker's batch: its attempt was counted already. */; resumed: boolean } | undefined
> {
  const now = opts.now.toISOString();
  const stale = await db
    .selectFrom('notify_deliveries')
    .select('batch_id')
    .where('channel', '=', channel)
    .where('status', '=', 'sending')
    .limit(1)
    .executeTakeFirst();
  if (stale?.batch_id) return { batchId: stale.batch_id, ids: await batchMembers(db, stale.batch_id, 'sending'), resumed: true };

  const due = () => {
    let q = db
      .selectFrom('notify_deliveries as d')
      .innerJoin('notify_messages as m', 'm.id', 'd.message_id')
      .where('d.channel', '=', channel)
      .where('d.status', '=', 'queued')
      .where('d.next_attempt_at', '<=', now);
    if (opts.quiet) q = q.where('m.urgent', '=', 1);
    return q;
  };
  const retry = await due()
    .select('d.batch_id')
    .where('d.batch_id', 'is not', null)
    .orderBy('d.next_attempt_at')
    .limit(1)
    .executeTakeFirst();
  if (retry?.batch_id) {
    const ids = await due().select('d.id').where('d.batch_id', '=', retry.batch_id).orderBy('d.id').execute();
    return { batchId: retry.batch_id, ids: ids.map((r) => r.id), resumed: false };
  }
  const fresh = await due()
    .select('d.id')
    .where('d.batch_id', 'is', null)
    .orderBy('d.next_attempt_at')
    .orderBy('d.created_at')
    .orderBy('d.id')
    .limit(opts.limit)
    .execute();
  if (fresh.length === 0) return undefined;
  return { batchId: newId('batch'), ids: fresh.map((r) => r.id), resumed: false };
}

async function batchMembers(db: Db, batchId: string, status: string): Promise<string[]> {
  const rows = await db
    .selectFrom('notify_deliveries')
    .select('id')
    .where('batch_id', '=', batchId)
    .where('status', '=', status)
    .orderBy('id')
    .execute();
  return rows.map((r) => r.id);
}

/** Persists the claim before anything is sent: status 'sending', the batch id, one more attempt. */
export async function markSending(db: Db, ids: readonly string[], batchId: string, now: Date, resumed: boolean): Promise<void> {
  if (ids.length === 0) return;
  // A batch resumed after a crash was already counted as an attempt when it was first claimed.
  await db
    .updateTable('notify_deliveries')
    .set((eb) => ({
      status: 'sending',
      batch_id: batchId,
      claimed_at: now.toISOString(),
      attempts: resumed ? eb.ref('attempts') : eb('attempts', '+', 1),
    }))
    .where('id', 'in', ids)
    .execute();
}

/** What the adapter needs, read when sending: the LINE address comes from the current link (line_links), so an unlink stops it. */
export async function loadForSending(db: Db, channel: ChannelName, ids: readonly string[]) {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('notify_deliveries as d')
    .innerJoin('notify_messages as m', 'm.id', 'd.message_id')
    .leftJoin('line_links as a', 'a.user_id', 'm.user_id')
    .select([
      'd.id',
      'd.message_id',
      'd.address',
      'd.attempts',
      'a.line_user_id as linked',
      'm.subject',
      'm.body_text',
      'm.qr_text',
      'm.lang',
      'm.urgent',
    ])
    .where('d.id', 'in', ids)
    .orderBy('d.id')
    .execute();
  return rows.map((r) => ({
    attempts: Number(r.attempts),
    delivery: {
      deliveryId: r.id,
      messageId: r.message_id,
      address: (channel === 'line' ? r.linked : r.address) ?? '',
      subject: r.subject,
      text: r.body_text,
      qr: r.qr_text ?? null,
      lang: r.lang === 'en' ? 'en' : 'ja',
      urgent: Number(r.urgent) === 1,
    } satisfies ChannelDelivery,
  }));
}

export async function markSent(db: Db, ids: readonly string[], now: Date): Promise<void> {
  if (ids.length === 0) return;
  await db
    .updateTable('notify_deliveries')
    .set({ status: 'sent', sent_at: now.toISOString(), last_error: null })
    .where('id', 'in', ids)
    .execute();
}

/** Back to the queue for a retry at `at`, keeping its batch_id so the retry is the same batch. */
export async function markRetry(db: Db, id: string, error: string, at: Date): Promise<void> {
  await db
    .updateTable('notify_deliveries')
    .set({ status: 'queued', next_attempt_at: at.toISOString(), last_error: error.slice(0, 500) })
    .where('id', '=', id)
    .execute();
}

export async function markFinal(db: Db, id: string, status: 'failed' | 'skipped', error: string): Promise<void> {
  await db
    .updateTable('notify_deliveries')
    .set({ status, last_error: error.slice(0, 500) })
    .where('id', '=', id)
    .execute();
}

/** Every LINE delivery still open, when LINE is not configured: each is skipped and falls back. */
export async function openDeliveries(db: Db, channel: ChannelName): Promise<string[]> {
  const rows = await db
    .selectFrom('notify_deliveries')
    .select('id')
    .where('channel', '=', channel)
    .where('status', 'in', ['queued', 'sending'])
    .execute();
  return rows.map((r) => r.id);
}

/**
 * A LINE delivery that cannot be made (not configured, unlinked, refused for good): the person's next
 * channel — email if they have an address and it was not already used, otherwise paper — so nobody is
 * left unreached. The unique (message, channel) index keeps a fallback from being queued twice.
 */
export async function queueFallback(db: Db, deliveryId: string, now: Date): Promise<void> {
  const row = await db
    .selectFrom('notify_deliveries as d')
    .innerJoin('notify_messages as m', 'm.id', 'd.message_id')
    .leftJoin('users as u', 'u.id', 'm.user_id')
    .select(['m.id as messageId', 'm.user_id', 'm.facility_id', 'u.email', 'u.deleted_at'])
    .where('d.id', '=', deliveryId)
    .executeTakeFirst();
  if (!row?.user_id || row.deleted_at) return;
  const existing = await db.selectFrom('notify_deliveries').select('channel').where('message_id', '=', row.messageId).execute();
  const has = new Set(existing.map((e) => e.channel));
  if (has.has('email') || has.has('paper')) return; // already reached on another outside channel
  const channel = row.email ? 'email' : 'paper';
  const at = now.toISOString();
  await db
    .insertInto('notify_deliveries')
    .values({
      id: newId('dlv'),
      message_id: row.messageId,
      channel,
      address: channel === 'email' ? row.email : null,
      status: 'queued',
      next_attempt_at: at,
      last_error: null,
      batch_id: null,
      claimed_at: null,
      sent_at: null,
      ward_id: channel === 'paper' ? await wardOfPerson(db, row.user_id, row.facility_id) : null,
      handed_over_by: null,
      handed_over_at: null,
      created_at: at,
    })
    .onConflict((oc) => oc.columns(['message_id', 'channel']).doNothing())
    .execute();
}

/** How many deliveries of the channel were claimed in the minute before `now` (the rate limit). */
export async function claimedInLastMinute(db: Db, channel: ChannelName, now: Date): Promise<number> {
  const since = new Date(now.getTime() - 60_000).toISOString();
  const row = await db
    .selectFrom('notify_deliveries')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('channel', '=', channel)
    .where('claimed_at', '>', since)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}
