/**
 * One-time codes that confirm an email address before a booking without an account: 6 digits, mailed
 * through the notify outbox, valid 10 minutes, 5 guesses, only the SHA-256 (salted with the row id)
 * stored. Requests are limited per address in the codes table itself (shared by every app process),
 * so no one can flood an inbox; a code is used by the booking's own transaction, so a refused booking
 * leaves it usable.
 */
import { timingSafeEqual } from 'node:crypto';
import type { Db } from '../../db/database.ts';
import { InvalidInputError } from '../../lib/errors.ts';
import type { Lang } from '../../lib/i18n.ts';
import { newId } from '../../lib/ids.ts';
import type { Clock } from '../../lib/time.ts';
import { randomDigits, sha256 } from '../../lib/tokens.ts';
import { notify } from '../../platform/notify/notify.ts';
import { emailCodeMail } from './appointment.mail.ts';
import * as repo from './appointment.repository.ts';

export const EMAIL_CODE_MINUTES = 10;
export const EMAIL_CODE_ATTEMPTS = 5;
export const EMAIL_CODES_PER_HOUR = 5;

/** Over the per-address budget: answered 429 with Retry-After. */
export class TooManyEmailCodesError extends Error {
  constructor(readonly retryAfterSeconds: number) {
    super('too many email codes');
    this.name = 'TooManyEmailCodesError';
  }
}

const codeHash = (id: string, code: string) => sha256(`${id}:${code}`);

export async function sendEmailCode(db: Db, clock: Clock, email: string, lang: Lang): Promise<{ expiresAt: string }> {
  const now = clock.now();
  const hourAgo = new Date(now.getTime() - 3_600_000).toISOString();
  if ((await repo.countEmailCodesSince(db, email, hourAgo)) >= EMAIL_CODES_PER_HOUR) throw new TooManyEmailCodesError(3600);
  const id = newId('aec');
  const code = randomDigits(6);
  const expiresAt = new Date(now.getTime() + EMAIL_CODE_MINUTES * 60_000).toISOString();
  await db.transaction().execute(async (trx) => {
    await repo.insertEmailCode(trx, { id, email, code_hash: codeHash(id, code), created_at: now.toISOString(), expires_at: expiresAt });
    await notify(trx, clock, {
      to: { address: email },
      kind: 'appointment.code',
      urgent: true,
      lang,
      template: (l) => emailCodeMail(l, code),
    });
  });
  return { expiresAt };
}

const wrong = () => new InvalidInputError([{ field: 'emailCode', key: 'errAppointmentEmailCodeWrong' }]);

/** The id of the address's live code if `code` is it; a wrong guess is counted (and refused). */
export async function checkEmailCode(db: Db, clock: Clock, email: string, code: string): Promise<string> {
  const live = await repo.findLiveEmailCode(db, email, clock.now().toISOString(), EMAIL_CODE_ATTEMPTS);
  if (!live) throw wrong();
  const given = Buffer.from(codeHash(live.id, code));
  const stored = Buffer.from(live.code_hash);
  if (given.length !== stored.length || !timingSafeEqual(given, stored)) {
    await db.transaction().execute((trx) => repo.countEmailCodeAttempt(trx, live.id));
    throw wrong();
  }
  return live.id;
}
