/**
 * Linking a person's account to their LINE account, and what the webhook's events do to it.
 *
 * A resident never types a LINE id (they cannot see it, and anyone could type someone else's). The
 * account page shows a one-time 6-digit code; the resident sends it from LINE to the official account;
 * the webhook's message event carries their LINE user id with it, and that pairs the two. The code lives
 * 30 minutes, is stored hashed, works once, and a new one replaces the old. Six digits are guessable, so
 * a LINE user who sends 5 wrong codes is not listened to for 30 minutes: a wrong code names no code to
 * count against, so the count is kept per sender.
 *
 * Unlinking — from the account page, or by blocking the official account (unfollow) — deletes the link
 * row, and the adapter reads that row before every sending: nothing more goes to that LINE account.
 */
import type { Db, Trx } from '../../../db/database.ts';
import { isUniqueViolation } from '../../../db/errors.ts';
import type { Lang } from '../../../lib/i18n.ts';
import type { Clock } from '../../../lib/time.ts';
import { randomDigits, sha256 } from '../../../lib/tokens.ts';
import type { ScheduledJob } from '../../jobs/jobs.ts';
import { asLang } from '../notify.ts';
import {
  claimWebhookEvent,
  codeHashInUse,
  deleteCodeOfUser,
  deleteLinkOfLineUser,
  deleteLinkOfUser,
  findLinkOfUser,
  followerOf,
  languageOfLineUser,
  markFollowed,
  markUnfollowed,
  pendingCodeOf,
  pruneLineRows,
  recordCodeFailure,
  replaceCode,
  replaceLink,
  takeCode,
} from './line.repository.ts';

export const CODE_DIGITS = 6;
export const CODE_TTL_MINUTES = 30;
export const CODE_FAILURES_MAX = 5;
export const CODE_FAILURE_WINDOW_MINUTES = 30;

/** Codes are hashed with a prefix of their own, so a code's hash matches no other hash we keep. */
const hashCode = (code: string) => sha256(`line-link:${code}`);

export interface LinkState {
  linkedAt: string | undefined;
  /** Until when the last code shown is valid, if it still is. */
  codeValidUntil: string | undefined;
}

export async function lineLinkState(db: Db, clock: Clock, userId: string): Promise<LinkState> {
  const [link, code] = await Promise.all([findLinkOfUser(db, userId), pendingCodeOf(db, userId, clock.now().toISOString())]);
  return { linkedAt: link?.linked_at, codeValidUntil: code?.expires_at };
}

/** A new code for this person (the previous one stops working); shown once, only its hash is kept. */
export async function issueLinkCode(db: Db, clock: Clock, userId: string): Promise<{ code: string; expiresAt: string }> {
  const now = clock.now();
  const expiresAt = new Date(now.getTime() + CODE_TTL_MINUTES * 60_000).toISOString();
  for (let attempt = 0; ; attempt++) {
    const code = randomDigits(CODE_DIGITS);
    try {
      const issued = await db.transaction().execute(async (trx) => {
        if (await codeHashInUse(trx, hashCode(code))) return false;
        await replaceCode(trx, userId, hashCode(code), expiresAt, now.toISOString());
        return true;
      });
      if (issued) return { code, expiresAt };
    } catch (error) {
      // Another person got the same code at the same moment: the unique index said so; draw again.
      if (!isUniqueViolation(error) || attempt >= 5) throw error;
    }
    if (attempt >= 5) throw new Error('could not draw an unused link code');
  }
}

/** True when there was a link to remove. The pending code goes too: unlinking means "stop", not "relink". */
export async function unlinkLine(db: Db, userId: string): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    await deleteCodeOfUser(trx, userId);
    return (await deleteLinkOfUser(trx, userId)) > 0;
  });
}

/** The parts of a webhook event we act on (line-webhook.ts checks the shape). */
export interface LineEvent {
  type: string;
  webhookEventId?: string | undefined;
  lineUserId: string;
  /** The text of a text message event. */
  text?: string | undefined;
}

/** What the webhook answers the LINE user with, by reply: a key of line.messages.ts. */
export type LineReply = 'lineReplyFollow' | 'lineReplyLinked' | 'lineReplyCodeUnknown' | 'lineReplyCodeExpired' | 'lineReplyTooManyCodes';

/**
 * The answer to a LINE user, and the language to write it in: that of the person the LINE user is linked
 * to (after the event, so a code that links answers in the new account's language); none when unlinked.
 */
export interface LineAnswerTo {
  reply: LineReply;
  lang: Lang | undefined;
}

/**
 * Applies one event, once: its webhookEventId is claimed in the same transaction, so a redelivered
 * event (or one that arrives twice) changes nothing and asks for no second reply.
 */
export async function applyLineEvent(db: Db, clock: Clock, event: LineEvent): Promise<LineAnswerTo | undefined> {
  return db.transaction().execute(async (trx) => {
    const reply = await applyInTransaction(trx, clock, event);
    if (reply === undefined) return undefined;
    const language = await languageOfLineUser(trx, event.lineUserId);
    return { reply, lang: language === undefined ? undefined : asLang(language) };
  });
}

async function applyInTransaction(trx: Trx, clock: Clock, event: LineEvent): Promise<LineReply | undefined> {
  const at = clock.now().toISOString();
  if (event.webhookEventId !== undefined && !(await claimWebhookEvent(trx, event.webhookEventId, at))) return undefined;
  switch (event.type) {
    case 'follow':
      await markFollowed(trx, event.lineUserId, at);
      return 'lineReplyFollow';
    case 'unfollow':
      await markUnfollowed(trx, event.lineUserId, at);
      await deleteLinkOfLineUser(trx, event.lineUserId);
      return undefined; // a LINE user who blocked us cannot be answered
    case 'message': {
      const code = codeIn(event.text);
      if (code === undefined) return undefined; // not a code: a person is talking, nothing for us to do
      const windowStart = new Date(clock.now().getTime() - CODE_FAILURE_WINDOW_MINUTES * 60_000).toISOString();
      const sender = await followerOf(trx, event.lineUserId);
      if (sender && sender.code_failures >= CODE_FAILURES_MAX && (sender.code_failures_since ?? '') > windowStart) {
        return 'lineReplyTooManyCodes';
      }
      const taken = await takeCode(trx, hashCode(code), at);
      if (taken === undefined) {
        await recordCodeFailure(trx, event.lineUserId, at, windowStart);
        return 'lineReplyCodeUnknown';
      }
      if ('expired' in taken) return 'lineReplyCodeExpired';
      if (!sender) await markFollowed(trx, event.lineUserId, at); // the follow event was missed
      await replaceLink(trx, taken.userId, event.lineUserId, at);
      return 'lineReplyLinked';
    }
    default:
      return undefined;
  }
}

/** Six digits, however typed: full-width digits from a Japanese keyboard, spaces or hyphens between. */
export function codeIn(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  const folded = text.normalize('NFKC').replace(/[\s\-‐－ー]/g, '');
  return new RegExp(`^\\d{${CODE_DIGITS}}$`).test(folded) ? folded : undefined;
}

/** LINE redelivers a failed webhook for at most a day or so; a week of event ids is plenty to recognise one. */
export const WEBHOOK_EVENT_DAYS = 7;

export const lineCleanupJob: ScheduledJob = {
  name: 'line-cleanup',
  firstRunAfterMinutes: 5,
  everyMinutes: 60,
  async run({ db, clock }) {
    const now = clock.now();
    const before = new Date(now.getTime() - WEBHOOK_EVENT_DAYS * 86_400_000).toISOString();
    const removed = await db.transaction().execute((trx) => pruneLineRows(trx, before, now.toISOString()));
    return { summary: `LINE: ${removed} old webhook event id(s) and ended link code(s) removed`, changed: false, problems: [] };
  },
};
