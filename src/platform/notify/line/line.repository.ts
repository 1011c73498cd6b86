/**
 * Queries of the LINE tables (migration 2026-12-03-18-line). Writes take a Trx: the link service opens
 * the transaction, so a link and the code it used go together or not at all.
 */
import type { Db, Trx } from '../../../db/database.ts';

/** Stays well under either database's limit on bound parameters. */
const IN_CHUNK = 500;

/** Which of these LINE user ids are linked to someone right now. */
export async function linkedAmong(db: Db, lineUserIds: readonly string[]): Promise<Set<string>> {
  const linked = new Set<string>();
  const unique = [...new Set(lineUserIds)];
  for (let i = 0; i < unique.length; i += IN_CHUNK) {
    const rows = await db
      .selectFrom('line_links')
      .select('line_user_id')
      .where('line_user_id', 'in', unique.slice(i, i + IN_CHUNK))
      .execute();
    for (const r of rows) linked.add(r.line_user_id);
  }
  return linked;
}

export async function findLinkOfUser(db: Db, userId: string) {
  return db.selectFrom('line_links').select(['line_user_id', 'linked_at']).where('user_id', '=', userId).executeTakeFirst();
}

export async function countLinks(db: Db): Promise<number> {
  const row = await db
    .selectFrom('line_links')
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** The link of this person, and any other person's link to this LINE account, replaced by one row. */
export async function replaceLink(trx: Trx, userId: string, lineUserId: string, at: string): Promise<void> {
  await trx
    .deleteFrom('line_links')
    .where((eb) => eb.or([eb('user_id', '=', userId), eb('line_user_id', '=', lineUserId)]))
    .execute();
  await trx.insertInto('line_links').values({ user_id: userId, line_user_id: lineUserId, linked_at: at }).execute();
}

export async function deleteLinkOfUser(trx: Trx, userId: string): Promise<number> {
  const r = await trx.deleteFrom('line_links').where('user_id', '=', userId).executeTakeFirst();
  return Number(r.numDeletedRows);
}

export async function deleteLinkOfLineUser(trx: Trx, lineUserId: string): Promise<number> {
  const r = await trx.deleteFrom('line_links').where('line_user_id', '=', lineUserId).executeTakeFirst();
  return Number(r.numDeletedRows);
}

/** A live code with this hash held by someone else (the unique index would refuse it). */
export async function codeHashInUse(trx: Trx, codeHash: string): Promise<boolean> {
  const row = await trx.selectFrom('line_link_codes').select('user_id').where('code_hash', '=', codeHash).executeTakeFirst();
  return row !== undefined;
}

export async function replaceCode(trx: Trx, userId: string, codeHash: string, expiresAt: string, at: string): Promise<void> {
  await trx.deleteFrom('line_link_codes').where('user_id', '=', userId).execute();
  await trx.insertInto('line_link_codes').values({ user_id: userId, code_hash: codeHash, expires_at: expiresAt, created_at: at }).execute();
}

/**
 * The person whose unexpired code this is; the code is used up either way (an expired one is removed
 * too, so it is refused the same on every later try).
 */
export async function takeCode(trx: Trx, codeHash: string, now: string): Promise<{ userId: string } | { expired: true } | undefined> {
  const row = await trx
    .selectFrom('line_link_codes')
    .select(['user_id', 'expires_at'])
    .where('code_hash', '=', codeHash)
    .executeTakeFirst();
  if (!row) return undefined;
  await trx.deleteFrom('line_link_codes').where('code_hash', '=', codeHash).execute();
  return row.expires_at > now ? { userId: row.user_id } : { expired: true };
}

export async function deleteCodeOfUser(trx: Trx, userId: string): Promise<void> {
  await trx.deleteFrom('line_link_codes').where('user_id', '=', userId).execute();
}

export async function pendingCodeOf(db: Db, userId: string, now: string) {
  return db
    .selectFrom('line_link_codes')
    .select('expires_at')
    .where('user_id', '=', userId)
    .where('expires_at', '>', now)
    .executeTakeFirst();
}

/** The language (users.language) of the person a LINE user is linked to; undefined when not linked. */
export async function languageOfLineUser(db: Db | Trx, lineUserId: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('line_links')
    .innerJoin('users', 'users.id', 'line_links.user_id')
    .select('users.language')
    .where('line_links.line_user_id', '=', lineUserId)
    .executeTakeFirst();
  return row?.language;
}

export async function followerOf(db: Db | Trx, lineUserId: string) {
  return db.selectFrom('line_followers').selectAll().where('line_user_id', '=', lineUserId).executeTakeFirst();
}

/** Followed now (again): a LINE user who blocked and unblocked the account is a follower once more. */
export async function markFollowed(trx: Trx, lineUserId: string, at: string): Promise<void> {
  await trx
    .insertInto('line_followers')
    .values({ line_user_id: lineUserId, followed_at: at, unfollowed_at: null, code_failures: 0, code_failures_since: null })
    .onConflict((oc) => oc.column('line_user_id').doUpdateSet({ followed_at: at, unfollowed_at: null }))
    .execute();
}

export async function markUnfollowed(trx: Trx, lineUserId: string, at: string): Promise<void> {
  await trx.updateTable('line_followers').set({ unfollowed_at: at }).where('line_user_id', '=', lineUserId).execute();
}

/** Counts one wrong code from this sender, starting a new window when the old one has ended. */
export async function recordCodeFailure(trx: Trx, lineUserId: string, at: string, windowStartsAfter: string): Promise<void> {
  const f = await followerOf(trx, lineUserId);
  if (!f) {
    await trx
      .insertInto('line_followers')
      .values({ line_user_id: lineUserId, followed_at: at, unfollowed_at: null, code_failures: 1, code_failures_since: at })
      .execute();
    return;
  }
  const fresh = f.code_failures_since === null || f.code_failures_since <= windowStartsAfter;
  await trx
    .updateTable('line_followers')
    .set(fresh ? { code_failures: 1, code_failures_since: at } : { code_failures: f.code_failures + 1 })
    .where('line_user_id', '=', lineUserId)
    .execute();
}

/** True the first time this webhook event is seen; false for a redelivery (nothing is to be done). */
export async function claimWebhookEvent(trx: Trx, webhookEventId: string, at: string): Promise<boolean> {
  const r = await trx
    .insertInto('line_webhook_events')
    .values({ webhook_event_id: webhookEventId, received_at: at })
    .onConflict((oc) => oc.column('webhook_event_id').doNothing())
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0) > 0;
}

/** LINE redelivers for a limited time only: older event ids and ended codes need not be kept. */
export async function pruneLineRows(trx: Trx, eventsBefore: string, now: string): Promise<number> {
  const events = await trx.deleteFrom('line_webhook_events').where('received_at', '<', eventsBefore).executeTakeFirst();
  const codes = await trx.deleteFrom('line_link_codes').where('expires_at', '<=', now).executeTakeFirst();
  return Number(events.numDeletedRows) + Number(codes.numDeletedRows);
}
