/**
 * Account rules: registration, login, sessions, API tokens, password reset and the request for
 * 多目的利用者登録 (groups: group.service.ts). Secrets (session cookies, API tokens, reset links) are random and stored only hashed.
 */
import type { Kysely } from 'kysely';
import { isUniqueViolation } from '../../db/errors.ts';
import type { Database } from '../../db/schema.ts';
import { InvalidInputError, NotFoundError } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';
import { enqueueMail } from '../../lib/mail.ts';
import type { Clock } from '../../lib/time.ts';
import { randomDigits, randomToken, sha256 } from '../../lib/tokens.ts';
import * as repo from './account.repository.ts';
import { type Residency, toUser, type User } from './account.ts';
import { dummyHash, hashPassword, verifyPassword } from './password.ts';

type Executor = Kysely<Database>;

export const SESSION_DAYS = 14;
const RESET_MINUTES = 60;

export interface NewResident {
  name: string;
  nameKana: string;
  phone: string;
  email: string | null;
  residency: Residency;
  birthYear?: number | undefined;
  password: string | null;
}

/** Creates a resident with a fresh 利用者番号. A taken email is a field error, not a crash. */
export async function registerResident(db: Executor, clock: Clock, input: NewResident): Promise<User> {
  const now = clock.now().toISOString();
  const passwordHash = input.password === null ? null : await hashPassword(input.password);
  for (let attempt = 0; attempt < 5; attempt++) {
    const row = {
      id: newId('usr'),
      number: randomDigits(8),
      email: input.email,
      name: input.name,
      name_kana: input.nameKana,
      phone: input.phone,
      residency: input.residency,
      birth_year: input.birthYear ?? null,
      password_hash: passwordHash,
      multipurpose_requested_at: null,
      created_at: now,
      updated_at: now,
    };
    try {
      await repo.insertUser(db, row);
      const saved = await repo.findUserById(db, row.id);
      if (!saved) throw new Error('user vanished after insert');
      return toUser(saved);
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      if (input.email && (await repo.findUserByEmail(db, input.email))) {
        throw new InvalidInputError([{ field: 'email', key: 'errEmailTaken' }]);
      }
      // Otherwise the random 利用者番号 collided: try another.
    }
  }
  throw new Error('could not allocate a user number');
}

/** The user for an email or 利用者番号 and password, or undefined. Takes the same time either way. */
export async function authenticate(db: Executor, login: string, password: string): Promise<User | undefined> {
  const row = /^\d{8}$/.test(login) ? await repo.findUserByNumber(db, login) : await repo.findUserByEmail(db, login);
  const ok = await verifyPassword(password, row?.password_hash ?? (await dummyHash()));
  return row && ok ? toUser(row) : undefined;
}

export interface SessionTicket {
  token: string;
  csrf: string;
}

export async function createSession(db: Executor, clock: Clock, userId: string): Promise<SessionTicket> {
  const token = randomToken();
  const csrf = randomToken();
  const now = clock.now();
  await repo.insertSession(db, {
    id: sha256(token),
    user_id: userId,
    csrf_token: csrf,
    created_at: now.toISOString(),
    expires_at: new Date(now.getTime() + SESSION_DAYS * 86_400_000).toISOString(),
  });
  return { token, csrf };
}

export async function endSession(db: Executor, token: string): Promise<void> {
  await repo.deleteSession(db, sha256(token));
}

export async function sessionUser(db: Executor, clock: Clock, token: string): Promise<{ user: User; csrf: string } | undefined> {
  const session = await repo.findSession(db, sha256(token));
  if (!session) return undefined;
  if (session.expires_at <= clock.now().toISOString()) {
    await repo.deleteSession(db, session.id);
    return undefined;
  }
  const user = await repo.findUserById(db, session.user_id);
  return user ? { user: toUser(user), csrf: session.csrf_token } : undefined;
}

export async function issueApiToken(db: Executor, clock: Clock, userId: string, name: string): Promise<string> {
  const token = randomToken('tsu_');
  await repo.insertApiToken(db, {
    id: newId('tok'),
    user_id: userId,
    token_hash: sha256(token),
    name,
    created_at: clock.now().toISOString(),
  });
  return token;
}

export async function bearerUser(db: Executor, clock: Clock, token: string): Promise<User | undefined> {
  const row = await repo.findLiveApiToken(db, sha256(token));
  if (!row) return undefined;
  const user = await repo.findUserById(db, row.user_id);
  if (!user) return undefined;
  // "Last used" is shown to the day on the account page; writing it on every request would add a
  // durable (fsynced) write to each API call. Refresh it at most every ten minutes.
  const now = clock.now();
  if (!row.last_used_at || now.getTime() - Date.parse(row.last_used_at) > 10 * 60_000) {
    await repo.touchApiToken(db, row.id, now.toISOString());
  }
  return toUser(user);
}

export async function listApiTokens(db: Executor, userId: string) {
  return repo.listApiTokens(db, userId);
}

export async function revokeApiToken(db: Executor, clock: Clock, userId: string, tokenId: string): Promise<void> {
  if (!(await repo.revokeApiToken(db, userId, tokenId, clock.now().toISOString()))) throw new NotFoundError('page');
}

/**
 * Starts a password reset. Says nothing about whether the email is registered (the page answers the same
 * either way); when it is, a one-hour link is mailed.
 */
export async function requestPasswordReset(db: Executor, clock: Clock, email: string, publicUrl: string): Promise<void> {
  const user = await repo.findUserByEmail(db, email);
  if (!user) return;
  const token = randomToken();
  const now = clock.now();
  await db.transaction().execute(async (trx) => {
    await repo.insertPasswordReset(trx, {
      token_hash: sha256(token),
      user_id: user.id,
      created_at: now.toISOString(),
      expires_at: new Date(now.getTime() + RESET_MINUTES * 60_000).toISOString(),
    });
    await enqueueMail(
      trx,
      {
        to: email,
        subject: '【つなぐ】パスワードの再設定',
        text: [
          `${user.name} 様`,
          '',
          'パスワード再設定のお申し込みを受け付けました。次のリンクから60分以内に新しいパスワードを設定してください。',
          `${publicUrl}/password/reset?token=${token}`,
          '',
          'お心当たりがない場合は、このメールを破棄してください。パスワードは変わりません。',
        ].join('\n'),
      },
      now,
    );
  });
}

/** Sets a new password from a reset link; ends every session of the account. False if the link is bad or used. */
export async function resetPassword(db: Executor, clock: Clock, token: string, password: string): Promise<boolean> {
  const hash = sha256(token);
  const reset = await repo.findPasswordReset(db, hash);
  const now = clock.now().toISOString();
  if (!reset || reset.used_at !== null || reset.expires_at <= now) return false;
  const passwordHash = await hashPassword(password);
  return db.transaction().execute(async (trx) => {
    if (!(await repo.consumePasswordReset(trx, hash, now))) return false;
    await repo.updateUser(trx, reset.user_id, { password_hash: passwordHash, updated_at: now });
    await repo.deleteSessionsOfUser(trx, reset.user_id);
    // A reset after a suspected compromise must also cut off API tokens made with the old password.
    await trx
      .updateTable('api_tokens')
      .set({ revoked_at: now })
      .where('user_id', '=', reset.user_id)
      .where('revoked_at', 'is', null)
      .execute();
    return true;
  });
}

/** Applies for 多目的利用者登録; staff approve it in the back office. */
export async function requestMultipurpose(db: Executor, clock: Clock, userId: string): Promise<void> {
  const now = clock.now().toISOString();
  await db
    .updateTable('users')
    .set({ multipurpose_status: 'pending', multipurpose_requested_at: now, updated_at: now })
    .where('id', '=', userId)
    .where('multipurpose_status', 'in', ['none', 'rejected'])
    .execute();
}

export async function getUser(db: Executor, id: string): Promise<User> {
  const row = await repo.findUserById(db, id);
  if (!row) throw new NotFoundError('page');
  return toUser(row);
}
