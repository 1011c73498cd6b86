/**
 * Change marks: the months whose insights figures changed (read by features/insights/insights-store.ts).
 * Every write that can change them calls one of these inside its own transaction; in the kernel so that
 * any feature can mark without importing the insights feature.
 */
import type { Trx } from '../../db/database.ts';
import { newId } from '../../lib/ids.ts';
import { addMonths, type LocalDate, monthOf, type YearMonth } from '../../lib/time.ts';

/**
 * Marks the months of these dates (or months) changed: a new row per month, never an update of a shared
 * one, so concurrent writers never wait for each other here, and a build that is counting can tell a mark
 * that committed after it looked (it did not take it) from one it saw.
 */
export async function markMonthsChanged(trx: Trx, datesOrMonths: readonly string[]): Promise<void> {
  const months = [...new Set(datesOrMonths.map((d) => d.slice(0, 7)))];
  if (months.length === 0) return;
  await trx
    .insertInto('insights_dirty')
    .values(months.map((month) => ({ id: newId('mark'), month })))
    .execute();
}

/** Marks every month from one date to another changed (a closure). */
export async function markRangeChanged(trx: Trx, from: LocalDate, to: LocalDate): Promise<void> {
  const months: YearMonth[] = [];
  for (let m = monthOf(from); m <= monthOf(to); m = addMonths(m, 1)) months.push(m);
  await markMonthsChanged(trx, months);
}

/** Marks every built month changed: the catalogue (opening hours, rooms, band times) shapes every month's cells. */
export async function markAllMonthsChanged(trx: Trx): Promise<void> {
  const built = await trx.selectFrom('insights_months').select('month').execute();
  await markMonthsChanged(
    trx,
    built.map((b) => b.month),
  );
}
