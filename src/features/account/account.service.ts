/**
 * Account rules: registration, login, sessions, API tokens, password reset and the request for
 * 多目的利用者登録 (groups: group.service.ts). Secrets (session cookies, API tokens, reset links) are random and stored only hashed.
 */
import type { Db } from '../../db/database.ts';
import { isUniqueViolation } from '../../db/errors.ts';
import { inTransaction } from '../../db/transaction.ts';
import type { AuthLimiter } from '../../http/rate-limit.ts';
import { InvalidInputError, NotFoundError } from '../../lib/errors.ts';
import type { Lang } from '../../lib/i18n.ts';
import { newId } from '../../lib/ids.ts';
import type { Clock } from '../../lib/time.ts';
import { randomDigits, randomToken, sha256 } from '../../lib/tokens.ts';
import { type Residency, toUser, type User } from '../../platform/authz/actor.ts';
import { actorById } from '../../platform/authz/assignments.ts';
import { asLang, notify } from '../../platform/notify/notify.ts';
import { passwordResetMail, registrationAttemptMail, welcomeMail } from './account.mail.ts';
import * as repo from './account.repository.ts';
import { dummyHash, hashPassword, verifyPassword } from './password.ts';

const RESET_MINUTES = 60;

export interface NewResident {
  name: string;
  nameKana: string;
  phone: string;
  email: string | null;
  residency: Residency;
  birthYear?: number | undefined;
  password: string | null;
  /** The language their messages are written in: the page's language when they register themselves. */
  language?: Lang | undefined;
}

function newUserRow(input: NewResident, passwordHash: string | null, now: string) {
  return {
    id: newId('usr'),
    number: randomDigits(8),
    email: input.email,
    name: input.name,
    name_kana: input.nameKana,
    phone: input.phone,
    residency: input.residency,
    birth_year: input.birthYear ?? null,
    language: input.language ?? 'ja',
    password_hash: passwordHash,
    multipurpose_requested_at: null,
    created_at: now,
    updated_at: now,
  };
}

/**
 * Creates a resident with a fresh 利用者番号 (staff at the counter, the CLI; a staff action's transaction
 * joined). A taken email is a field error.
 */
export async function registerResident(db: Db, clock: Clock, input: NewResident): Promise<User> {
  const now = clock.now().toISOString();
  const passwordHash = input.password === null ? null : await hashPassword(input.password);
  for (let attempt = 0; attempt < 5; attempt++) {
    const row = newUserRow(input, passwordHash, now);
    try {
      await inTransaction(db, (trx) => repo.insertUser(trx, row));
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

/**
 * Registration on the web. It answers the registrant the same whether or not the address is taken, so
 * the form cannot be used to learn who is registered: a new address gets its account and a welcome mail
 * with the 利用者番号; a taken one gets no second account, and its owner a mail saying someone tried (when
 * `mayNotifyOwner`, i.e. within the address's mail budget). Both cost one password hash and one write.
 */
export async function registerOnline(
  db: Db,
  clock: Clock,
  input: NewResident & { email: string; password: string },
  options: { publicUrl: string; mayNotifyOwner: boolean },
): Promise<void> {
  const now = clock.now();
  const passwordHash = await hashPassword(input.password);
  for (let attempt = 0; attempt < 5; attempt++) {
    const row = newUserRow(input, passwordHash, now.toISOString());
    try {
      await db.transaction().execute(async (trx) => {
        await repo.insertUser(trx, row);
        // Urgent: it carries the 利用者番号 they log in with, so it is not held back for the night.
        await notify(trx, clock, {
          to: row.id,
          kind: 'account.welcome',
          urgent: true,
          template: (lang) => welcomeMail(lang, input.name, row.number, options.publicUrl),
        });
      });
      return;
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      const owner = await repo.findUserByEmail(db, input.email);
      if (owner) {
        if (options.mayNotifyOwner) {
          // To the address, not the account: it answers whoever typed it, and never lands in an inbox.
          const template = (lang: Lang) => registrationAttemptMail(lang, owner.name, options.publicUrl);
          const about = { kind: 'account.registration_attempt', urgent: true, lang: asLang(owner.language) };
          await db.transaction().execute((trx) => notify(trx, clock, { to: { address: input.email }, ...about, template }));
        }
        return;
      }
      // Otherwise the random 利用者番号 collided: try another.
    }
  }
  throw new Error('could not allocate a user number');
}

/** The key a login's limits are counted under: the account however it was named, or the unknown name itself. */
export const accountLimitKey = (userId: string) => `user:${userId}`;

export type LoginOutcome = { ok: true; user: User } | { ok: false; waitSeconds: number };

/**
 * A login with an email or 利用者番号 and password, within the limits. The login is resolved to its account
 * first, so its failures count together whichever name was typed; an unknown login is limited the same
 * way under its own key, and takes the same time (a dummy hash), so neither the answer nor its timing
 * tells whether an account exists. waitSeconds > 0: refused without trying, come back later.
 */
export async function logInWithinLimits(db: Db, limiter: AuthLimiter, ip: string, login: string, password: string): Promise<LoginOutcome> {
  const row = /^\d{8}$/.test(login) ? await repo.findUserByNumber(db, login) : await repo.findUserByEmail(db, login);
  const key = row ? accountLimitKey(row.id) : `unknown:${login}`;
  const waitSeconds = await limiter.loginWait(ip, key);
  if (waitSeconds > 0) return { ok: false, waitSeconds };
  const matches = await verifyPassword(password, row?.password_hash ?? (await dummyHash()));
  if (!row || !matches) {
    await limiter.loginFailed(ip, key);
    return { ok: false, waitSeconds: 0 };
  }
  await limiter.loginSucceeded(key);
  // With the roles they hold: where the login lands depends on them.
  return { ok: true, user: (await actorById(db, row.id)) ?? toUser(row) };
}

export async function issueApiToken(db: Db, clock: Clock, userId: string, name: string): Promise<string> {
  const token = randomToken('tsu_');
  await db.transaction().execute((trx) =>
    repo.insertApiToken(trx, {
      id: newId('tok'),
      user_id: userId,
      token_hash: sha256(token),
      name,
      created_at: clock.now().toISOString(),
    }),
  );
  return token;
}

export async function listApiTokens(db: Db, userId: string) {
  return repo.listApiTokens(db, userId);
}

export async function revokeApiToken(db: Db, clock: Clock, userId: string, tokenId: string): Promise<void> {
  const revoked = await db.transaction().execute((trx) => repo.revokeApiToken(trx, userId, tokenId, clock.now().toISOString()));
  if (!revoked) throw new NotFoundError('page');
}

/**
 * Starts a password reset: when the email is registered, a one-hour link is mailed. Run after the
 * response (the page answers the same, at once, for every address), so neither the answer nor its
 * timing tells whether the address is registered.
 */
export async function requestPasswordReset(db: Db, clock: Clock, email: string, publicUrl: string): Promise<void> {
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
    // To the address (the link must never sit in an inbox someone else might read); urgent: a link of an hour.
    const link = `${publicUrl}/password/reset?token=${token}`;
    await notify(trx, clock, {
      to: { address: email },
      kind: 'account.password_reset',
      urgent: true,
      lang: asLang(user.language),
      template: (lang) => passwordResetMail(lang, user.name, link, RESET_MINUTES),
    });
  });
}

/**
 * Sets a new password from a reset link. Using one link closes every other open link of the account (an
 * older mail must not reset the password again), ends every session and revokes the API tokens. Answers
 * the account's id, or undefined if the link is bad, expired or used.
 */
export async function resetPassword(db: Db, clock: Clock, token: string, password: string): Promise<string | undefined> {
  const hash = sha256(token);
  const reset = await repo.findPasswordReset(db, hash);
  const now = clock.now().toISOString();
  if (!reset || reset.used_at !== null || reset.expires_at <= now) return undefined;
  const passwordHash = await hashPassword(password);
  return db.transaction().execute(async (trx) => {
    if (!(await repo.consumePasswordReset(trx, hash, now))) return undefined;
    await repo.closeOpenPasswordResets(trx, reset.user_id, now);
    await repo.updateUser(trx, reset.user_id, { password_hash: passwordHash, updated_at: now });
    await repo.deleteSessionsOfUser(trx, reset.user_id);
    // A reset after a suspected compromise must also cut off API tokens made with the old password.
    await trx
      .updateTable('api_tokens')
      .set({ revoked_at: now })
      .where('user_id', '=', reset.user_id)
      .where('revoked_at', 'is', null)
      .execute();
    return reset.user_id;
  });
}

/** Applies for 多目的利用者登録; staff approve it in the back office. */
export async function requestMultipurpose(db: Db, clock: Clock, userId: string): Promise<void> {
  const now = clock.now().toISOString();
  await db.transaction().execute((trx) => repo.markMultipurposeRequested(trx, userId, now));
}

export async function getUser(db: Db, id: string): Promise<User> {
  const user = await actorById(db, id);
  if (!user) throw new NotFoundError('page');
  return user;
}
