/**
 * Lottery months: the seed and rules a month is announced with, its schedule and phase as residents see
 * them, and the lock entries and withdrawals hold so the draw cannot interleave with them.
 */
import { randomBytes } from 'node:crypto';
import type { Db, Trx } from '../../db/database.ts';
import { inTransaction } from '../../db/transaction.ts';
import { ConflictError, InvalidInputError, NotFoundError } from '../../lib/errors.ts';
import { addMonths, type Clock, isYearMonth, monthOf, todayIn, type YearMonth } from '../../lib/time.ts';
import { seedHash } from './draw.ts';
import * as repo from './lottery.repository.ts';
import { loadLotteryRules, storedRules } from './lottery.rules.ts';
import { lotteryPhase, lotterySchedule, type MonthView } from './lottery.ts';

// ---------------------------------------------------------------------------------------------------
// Months and seeds

export type MonthRow = NonNullable<Awaited<ReturnType<typeof repo.findMonth>>>;

/**
 * The month's row, created on first use with a fresh 256-bit seed and the rules in force then. The seed's
 * SHA-256 is public from that moment, so the seed is fixed before entries close and cannot be chosen
 * after seeing them; the rules stay with the month, so its calendar cannot change under its entrants.
 */
export async function ensureMonth(db: Db, clock: Clock, month: YearMonth): Promise<MonthRow> {
  const existing = await repo.findMonth(db, month);
  if (existing) return existing;
  const seed = randomBytes(32).toString('hex');
  const rules = JSON.stringify(await loadLotteryRules(db));
  await inTransaction(db, (trx) =>
    repo.insertMonthIfMissing(trx, {
      month,
      seed,
      seed_hash: seedHash(seed),
      rules,
      pseudonym_salt: randomBytes(16).toString('hex'),
      created_at: clock.now().toISOString(),
    }),
  );
  const row = await repo.findMonth(db, month);
  if (!row) throw new Error(`lottery month ${month} vanished`);
  return row;
}

export function monthView(row: MonthRow, now: Date): MonthView {
  const rules = storedRules(row.rules);
  const schedule = lotterySchedule(row.month, rules);
  const drawn = row.status === 'drawn';
  return {
    month: row.month,
    rules,
    schedule,
    phase: lotteryPhase(schedule, now, drawn),
    seedHash: row.seed_hash,
    seed: drawn ? row.seed : null,
    drawnAt: row.drawn_at,
  };
}

/**
 * The months near now that residents can act on (the one taking entries and its neighbours), announced
 * once their entry window has opened. Only these are ever created from a request.
 */
export async function currentMonths(db: Db, clock: Clock, options: { fromThisMonth?: boolean } = {}): Promise<MonthView[]> {
  const current = await loadLotteryRules(db);
  const now = clock.now();
  const base = monthOf(todayIn(clock));
  // Staff also see the months already in use (this one and the next) to follow their lapses and bookings.
  const first = options.fromThisMonth ? 0 : current.monthsAhead - 1;
  const views: MonthView[] = [];
  for (let ahead = first; ahead <= current.monthsAhead + 1; ahead++) {
    const month = addMonths(base, ahead);
    const row = await repo.findMonth(db, month);
    if (row) views.push(monthView(row, now));
    else if (now >= lotterySchedule(month, current).entryOpensAt) views.push(monthView(await ensureMonth(db, clock, month), now));
  }
  return views;
}

/** A month for the public API: announced months only (404 otherwise), never created by a visitor. */
export async function getMonth(db: Db, clock: Clock, month: YearMonth): Promise<MonthView> {
  if (!isYearMonth(month)) throw new InvalidInputError([{ field: 'month', key: 'errMonthFormat' }]);
  const near = (await currentMonths(db, clock)).find((m) => m.month === month);
  if (near) return near;
  const row = await repo.findMonth(db, month);
  if (!row) throw new NotFoundError('page');
  return monthView(row, clock.now());
}

/**
 * Inside a transaction: holds the month while it is still open (a row lock on PostgreSQL; SQLite runs one
 * writer at a time), so an entry or a withdrawal and the draw cannot interleave at the closing second.
 */
export async function lockOpenMonth(trx: Trx, month: YearMonth): Promise<void> {
  if (!(await repo.holdOpenMonth(trx, month))) throw new ConflictError('errLotteryAlreadyDrawn');
}

/** How many entries each month has, for the back office (0 where none). */
export async function entryCountsOf(db: Db, months: readonly YearMonth[]): Promise<(month: YearMonth) => number> {
  const counts = await repo.countEntriesByMonth(db, months);
  return (month) => counts.get(month) ?? 0;
}
