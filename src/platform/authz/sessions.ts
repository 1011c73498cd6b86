/**
 * Who is asking, from what they sent: a session (cookie token, with its CSRF synchronizer token) or an
 * API bearer token, both stored only as their SHA-256. src/http/session.ts wires these into requests; the
 * account feature issues and revokes API tokens and ends sessions on a password reset.
 */
import type { Db, Trx } from '../../db/database.ts';
import type { Clock } from '../../lib/time.ts';
import { randomToken, sha256 } from '../../lib/tokens.ts';
import type { User } from './actor.ts';
import { actorById } from './assignments.ts';

export const SESSION_DAYS = 14;

export interface SessionTicket {
  token: string;
  csrf: string;
}

export async function createSession(trx: Trx, clock: Clock, userId: string): Promise<SessionTicket> {
  const token = randomToken();
  const csrf = randomToken();
  const now = clock.now();
  await trx
    .insertInto('sessions')
    .values({
      id: sha256(token),
      user_id: userId,
      csrf_token: csrf,
      created_at: now.toISOString(),
      expires_at: new Date(now.getTime() + SESSION_DAYS * 86_400_000).toISOString(),
    })
    .execute();
  return { token, csrf };
}

export async function endSession(trx: Trx, token: string): Promise<void> {
  await trx.deleteFrom('sessions').where('id', '=', sha256(token)).execute();
}

export async function sessionUser(db: Db, clock: Clock, token: string): Promise<{ user: User; csrf: string } | undefined> {
  const session = await db.selectFrom('sessions').selectAll().where('id', '=', sha256(token)).executeTakeFirst();
  if (!session) return undefined;
  if (session.expires_at <= clock.now().toISOString()) {
    await db.transaction().execute((trx) => trx.deleteFrom('sessions').where('id', '=', session.id).execute());
    return undefined;
  }
  // The person and every role they hold, in one query: the policies then answer without asking again.
  const user = await actorById(db, session.user_id);
  return user ? { user, csrf: session.csrf_token } : undefined;
}

export async function bearerUser(db: Db, clock: Clock, token: string): Promise<User | undefined> {
  const row = await db
    .selectFrom('api_tokens')
    .selectAll()
    .where('token_hash', '=', sha256(token))
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  if (!row) return undefined;
  const user = await actorById(db, row.user_id);
  if (!user) return undefined;
  // "Last used" is shown to the day on the account page; writing it on every request would add a
  // durable (fsynced) write to each API call. Refresh it at most every ten minutes.
  const now = clock.now();
  if (!row.last_used_at || now.getTime() - Date.parse(row.last_used_at) > 10 * 60_000) {
    await db
      .transaction()
      .execute((trx) => trx.updateTable('api_tokens').set({ last_used_at: now.toISOString() }).where('id', '=', row.id).execute());
  }
  return user;
}
