/**
 * The insights aggregates of whole months (migration 2026-12-01-05-insights): how they are marked
 * changed, built and trusted.
 *
 * - Every write that can change a month's figures (a booking made or cancelled, a lottery win, a closure,
 *   a change of opening hours, rooms, bands or fees) calls one of the mark functions (insights-marks.ts)
 *   in its own transaction, so the mark commits with the change or not at all.
 * - A month is read from the aggregates only while it is built and unmarked. Otherwise a question counts
 *   it live, and months that have ended are rebuilt on the way (and by the hourly job), since they
 *   rarely change again; the current month changes with every booking and is counted live.
 * - A build takes the mark away before it counts, so a change committed while it counts marks the month
 *   again: a month can be rebuilt once too often, never trusted when stale.
 */
import type { Kysely } from 'kysely';
import { insertInBatches } from '../../db/batch.ts';
import type { Database } from '../../db/schema.ts';
import { addMonths, type LocalDate, monthOf, monthRange, type YearMonth } from '../../lib/time.ts';
import { countRoomCells, loadCountingCatalogue } from './cell-count.ts';
import { countUsage } from './usage-count.ts';

type Executor = Kysely<Database>;

/** Which of these months can be read from the aggregates: built and not changed since. */
export async function freshMonths(db: Executor, months: readonly YearMonth[]): Promise<Set<YearMonth>> {
  if (months.length === 0) return new Set();
  const [built, dirty] = await Promise.all([
    db.selectFrom('insights_months').select('month').where('month', 'in', months).execute(),
    db.selectFrom('insights_dirty').select('month').where('month', 'in', months).execute(),
  ]);
  const changed = new Set(dirty.map((d) => d.month));
  return new Set(built.map((b) => b.month).filter((m) => !changed.has(m)));
}

/** Counts one month for the whole city and stores it, replacing what was there. */
export async function buildMonth(db: Executor, month: YearMonth, now: Date): Promise<void> {
  // Take the mark first: whatever commits from here on marks the month again.
  await db.deleteFrom('insights_dirty').where('month', '=', month).execute();
  const { from, to } = monthRange(month);
  const catalogue = await loadCountingCatalogue(db, {});
  const [cells, usage] = await Promise.all([countRoomCells(db, catalogue, from, to), countUsage(db, {}, from, to, true)]);
  await db.transaction().execute(async (trx) => {
    // The month's row first: its lock makes two builds of one month take turns (PostgreSQL).
    await trx
      .insertInto('insights_months')
      .values({ month, built_at: now.toISOString() })
      .onConflict((oc) => oc.column('month').doUpdateSet({ built_at: (eb) => eb.ref('excluded.built_at') }))
      .execute();
    await trx.deleteFrom('insights_cells').where('month', '=', month).execute();
    await trx.deleteFrom('insights_usage').where('month', '=', month).execute();
    await insertInBatches(
      trx,
      'insights_cells',
      cells.map((c) => ({ month, dim: c.dim, room_id: c.roomId, key: c.key, open_cells: c.open, booked_cells: c.booked })),
    );
    await insertInBatches(
      trx,
      'insights_usage',
      usage.map((u) => ({
        month,
        scope: u.scope,
        dim: u.dim,
        key: u.key,
        bookings: u.bookings,
        attendees: u.attendees,
        bookers: u.bookers,
      })),
    );
  });
}

/**
 * The months of a question that will be read from the aggregates. Ended months that are stale are
 * rebuilt first; the current month and later ones are only used when already fresh.
 */
export async function monthsFromStore(db: Executor, months: readonly YearMonth[], today: LocalDate, now: Date): Promise<Set<YearMonth>> {
  const fresh = await freshMonths(db, months);
  const current = monthOf(today);
  for (const month of months) {
    if (fresh.has(month) || month >= current) continue;
    await buildMonth(db, month, now);
    fresh.add(month);
  }
  return fresh;
}

/**
 * The hourly job: builds the ended months (of the last `years` years, oldest first) that are stale or
 * were never built, at most `limit` of them per run. Returns how many were built.
 */
export async function buildStaleMonths(db: Executor, today: LocalDate, now: Date, options: { years?: number; limit?: number } = {}) {
  const current = monthOf(today);
  const months: YearMonth[] = [];
  for (let m = addMonths(current, -12 * (options.years ?? 10)); m < current; m = addMonths(m, 1)) months.push(m);
  const fresh = await freshMonths(db, months);
  const stale = months.filter((m) => !fresh.has(m)).slice(0, options.limit ?? 120);
  for (const month of stale) await buildMonth(db, month, now);
  return stale.length;
}
