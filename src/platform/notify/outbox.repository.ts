/** Reading the outbox: the deliveries that leave the platform (email, LINE), for admins and development. */
import type { Db } from '../../db/database.ts';

export const OUTBOX_STATUSES = ['queued', 'sending', 'sent', 'failed', 'skipped'] as const;
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];

/**
 * Email deliveries with their message, in the shape the old outbox table had (to_address, subject,
 * body_text, created_at, sent_at, attempts, last_error) plus status and channel: a query to select from.
 */
export function emailOutbox(db: Db) {
  return db.selectFrom((eb) =>
    eb
      .selectFrom('notify_deliveries as d')
      .innerJoin('notify_messages as m', 'm.id', 'd.message_id')
      .where('d.channel', '=', 'email')
      .select([
        'd.id',
        'd.message_id',
        'd.address as to_address',
        'm.subject',
        'm.body_text',
        'm.kind',
        'd.created_at',
        'd.sent_at',
        'd.attempts',
        'd.last_error',
        'd.status',
        'd.next_attempt_at',
      ])
      .as('outbox'),
  );
}

/** The admin view: email and LINE deliveries newest first, with why a failed one failed; no bodies (reset links). */
export async function listOutbox(db: Db, filter: { status?: OutboxStatus | undefined; limit: number }) {
  let q = db
    .selectFrom('notify_deliveries as d')
    .innerJoin('notify_messages as m', 'm.id', 'd.message_id')
    .leftJoin('users as u', 'u.id', 'm.user_id')
    .select([
      'd.id',
      'd.channel',
      'd.status',
      'd.attempts',
      'd.last_error',
      'd.created_at',
      'd.sent_at',
      'd.next_attempt_at',
      'd.address',
      'm.kind',
      'm.subject',
      'm.address as messageAddress',
      'u.number as userNumber',
    ])
    .where('d.channel', 'in', ['email', 'line']);
  if (filter.status) q = q.where('d.status', '=', filter.status);
  return q.orderBy('d.created_at', 'desc').orderBy('d.id').limit(filter.limit).execute();
}

/** How many deliveries of each status, for the filter's counts. */
export async function countOutbox(db: Db): Promise<Record<string, number>> {
  const rows = await db
    .selectFrom('notify_deliveries')
    .select(['status', (eb) => eb.fn.countAll().as('n')])
    .where('channel', 'in', ['email', 'line'])
    .groupBy('status')
    .execute();
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
}
