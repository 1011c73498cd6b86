/**
 * Sign-in and password-reset limits, counted in the database (auth_limits) so that N app processes on
 * one PostgreSQL share them: a limit kept in one process's memory would give an attacker N times the
 * guesses behind a load balancer, and start from zero at every restart.
 *
 * Why our own table rather than rate-limiter-flexible's stores: its RateLimiterPostgres wants a raw pg
 * Pool and RateLimiterSQLite a raw better-sqlite3 handle, which Kysely does not hand out (a second pool or
 * handle per process), each creates its own table at run time outside our migrations, and both count on
 * the wall clock instead of the app's Clock. One upsert through Kysely is portable, uses the app's
 * connection and is tested on both dialects.
 *
 * Budgets (fixed windows from the first attempt):
 * - login failures per account, however the account was named (email or 利用者番号; an unknown login is
 *   an account of its own, so the answers do not tell which exist) — stops guessing one password;
 * - login failures per client address — stops one address trying many accounts;
 * - reset requests per email address and per client address — stops mail floods;
 * - counter appointments (区役所窓口予約) per client address: one-time codes asked for, and bookings made
 *   without staff — one script cannot mail many addresses or take every seat of a morning from one
 *   address (the codes' own per-address limit and the open-appointments limit are the feature's). Kept
 *   apart from the reset budget so that booking does not use up a resident's password resets.
 * - 自治会 passcodes tried (features/association) per account and per client address — an 8-digit code
 *   cannot be found by trying many: every attempt counts, right or wrong, so racing requests cannot slip
 *   past a check made before the count.
 *
 * Its writes take a Db, not a Trx (an exception to db/database.ts's rule): each is one statement, atomic
 * by itself, and a count must stand whatever becomes of the attempt it counts, so it joins no transaction.
 */
import { sql } from 'kysely';
import type { Db } from '../db/database.ts';
import type { Clock } from '../lib/time.ts';
import { sha256 } from '../lib/tokens.ts';
import type { ScheduledJob } from '../platform/jobs/jobs.ts';

export interface AuthLimits {
  loginFailuresPerAccount: number;
  loginFailuresPerClient: number;
  loginWindowMinutes: number;
  resetRequestsPerAddress: number;
  resetRequestsPerClient: number;
  resetWindowMinutes: number;
  appointmentCodesPerClient: number;
  appointmentBookingsPerClient: number;
  appointmentWindowMinutes: number;
  passcodeTriesPerAccount: number;
  passcodeTriesPerClient: number;
  passcodeWindowMinutes: number;
}

export const DEFAULT_AUTH_LIMITS: AuthLimits = {
  loginFailuresPerAccount: 5,
  loginFailuresPerClient: 30,
  loginWindowMinutes: 15,
  resetRequestsPerAddress: 3,
  resetRequestsPerClient: 10,
  resetWindowMinutes: 60,
  appointmentCodesPerClient: 20,
  appointmentBookingsPerClient: 30,
  appointmentWindowMinutes: 60,
  passcodeTriesPerAccount: 10,
  passcodeTriesPerClient: 50,
  passcodeWindowMinutes: 60,
};

export interface AuthLimiter {
  /** Seconds to wait before `account` may try to log in from `ip` again, else 0. */
  loginWait(ip: string, account: string): Promise<number>;
  loginFailed(ip: string, account: string): Promise<void>;
  /** A successful login (or a completed password reset) clears the account's failures. */
  loginSucceeded(account: string): Promise<void>;
  /** Counts a request that sends mail to `address`; seconds to wait when over a budget, else 0. */
  mailRequest(ip: string, address: string): Promise<number>;
  /** Counts a counter appointment's one-time code asked for from `ip`; seconds to wait when over, else 0. */
  appointmentCodeRequest(ip: string): Promise<number>;
  /** Counts a counter appointment booked (or changed) from `ip` without staff; seconds to wait when over, else 0. */
  appointmentBooking(ip: string): Promise<number>;
  /** Counts a 自治会 passcode tried by `account` from `ip`; seconds to wait when over a budget, else 0. */
  passcodeTry(ip: string, account: string): Promise<number>;
}

interface Budget {
  name: string;
  points: number;
  windowMs: number;
}

export function createAuthLimiter(db: Db, clock: Clock, limits: Partial<AuthLimits> = {}): AuthLimiter {
  const l = { ...DEFAULT_AUTH_LIMITS, ...limits };
  const budget = (name: string, points: number, minutes: number): Budget => ({ name, points, windowMs: minutes * 60_000 });
  const perAccount = budget('login-account', l.loginFailuresPerAccount, l.loginWindowMinutes);
  const perClient = budget('login-client', l.loginFailuresPerClient, l.loginWindowMinutes);
  const resetPerAddress = budget('reset-address', l.resetRequestsPerAddress, l.resetWindowMinutes);
  const resetPerClient = budget('reset-client', l.resetRequestsPerClient, l.resetWindowMinutes);
  const codesPerClient = budget('appointment-code-client', l.appointmentCodesPerClient, l.appointmentWindowMinutes);
  const bookingsPerClient = budget('appointment-booking-client', l.appointmentBookingsPerClient, l.appointmentWindowMinutes);
  const passcodePerAccount = budget('passcode-account', l.passcodeTriesPerAccount, l.passcodeWindowMinutes);
  const passcodePerClient = budget('passcode-client', l.passcodeTriesPerClient, l.passcodeWindowMinutes);
  const keyOf = (b: Budget, subject: string) => sha256(`${b.name}\u0000${subject}`);

  const waitOf = (b: Budget, row: { points: number | string; window_ends_at: string } | undefined, now: Date, over: number) =>
    row && Number(row.points) >= b.points + over ? Math.max(1, Math.ceil((Date.parse(row.window_ends_at) - now.getTime()) / 1000)) : 0;

  /** Seconds until the budget lets `subject` in again (0: it may go on). */
  async function wait(b: Budget, subject: string): Promise<number> {
    const now = clock.now();
    const row = await db
      .selectFrom('auth_limits')
      .select(['points', 'window_ends_at'])
      .where('key', '=', keyOf(b, subject))
      .where('window_ends_at', '>', now.toISOString())
      .executeTakeFirst();
    return waitOf(b, row, now, 0);
  }

  /**
   * Adds one to the subject's count in one statement (an upsert, atomic on both dialects: concurrent
   * processes cannot both read the old count), starting a new window when the last one has ended.
   * Returns the seconds to wait if this attempt went over the budget.
   */
  async function consume(b: Budget, subject: string): Promise<number> {
    const now = clock.now();
    const nowIso = now.toISOString();
    const endsIso = new Date(now.getTime() + b.windowMs).toISOString();
    const ended = sql<boolean>`auth_limits.window_ends_at <= ${nowIso}`;
    const row = await db
      .insertInto('auth_limits')
      .values({ key: keyOf(b, subject), points: 1, window_ends_at: endsIso })
      .onConflict((oc) =>
        oc.column('key').doUpdateSet({
          points: sql<number>`case when ${ended} then 1 else auth_limits.points + 1 end`,
          window_ends_at: sql<string>`case when ${ended} then ${endsIso} else auth_limits.window_ends_at end`,
        }),
      )
      .returning(['points', 'window_ends_at'])
      .executeTakeFirstOrThrow();
    return waitOf(b, row, now, 1);
  }

  const clear = async (b: Budget, subject: string) => {
    await db.deleteFrom('auth_limits').where('key', '=', keyOf(b, subject)).execute();
  };

  return {
    async loginWait(ip, account) {
      const [a, c] = await Promise.all([wait(perAccount, account), wait(perClient, ip)]);
      return Math.max(a, c);
    },
    async loginFailed(ip, account) {
      await Promise.all([consume(perAccount, account), consume(perClient, ip)]);
    },
    async loginSucceeded(account) {
      await clear(perAccount, account);
    },
    async mailRequest(ip, address) {
      const [a, c] = await Promise.all([consume(resetPerAddress, address), consume(resetPerClient, ip)]);
      return Math.max(a, c);
    },
    appointmentCodeRequest: (ip) => consume(codesPerClient, ip),
    appointmentBooking: (ip) => consume(bookingsPerClient, ip),
    async passcodeTry(ip, account) {
      const [a, c] = await Promise.all([consume(passcodePerAccount, account), consume(passcodePerClient, ip)]);
      return Math.max(a, c);
    },
  };
}

/** Deletes counters whose window has ended (the hourly job): the table holds only live windows. */
export async function pruneAuthLimits(db: Db, clock: Clock): Promise<number> {
  const result = await db.deleteFrom('auth_limits').where('window_ends_at', '<=', clock.now().toISOString()).executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Hourly, from the start; quiet in the server's log (nothing anyone acts on). */
export const authLimitsJob: ScheduledJob = {
  name: 'auth-limits',
  firstRunAfterMinutes: 0,
  everyMinutes: 60,
  async run({ db, clock }) {
    return { summary: `auth limits: ${await pruneAuthLimits(db, clock)} ended window(s) forgotten`, changed: false, problems: [] };
  },
};
