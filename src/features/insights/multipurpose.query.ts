/**
 * 多目的利用: how many residents hold an approved 多目的利用者登録 or are waiting for a decision (city-wide:
 * a registration belongs to the person, not to a centre), and how many 多目的 bookings each month of the
 * range, within the staff member's scope. Counts of people under MIN_BOOKERS are not shown.
 */
import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import { type Clock, todayIn, type YearMonth } from '../../lib/time.ts';
import type { UsageCount } from './usage-count.ts';
import type { UtilisationQuery } from './utilisation.query.ts';
import { MIN_BOOKERS, suppress, usageByMonth, type WhoTable } from './who.query.ts';

export interface MultipurposeSummary {
  /** null when fewer than MIN_BOOKERS (not shown). */
  approved: number | null;
  pending: number | null;
  /** Bookings per month; null (not shown) when fewer than MIN_BOOKERS booked. */
  byMonth: { month: string; bookings: number | null }[];
}

const shown = (n: number) => (n < MIN_BOOKERS ? null : n);

export async function multipurposeSummary(
  db: Db,
  q: UtilisationQuery,
  clock: Clock,
  byMonth?: ReadonlyMap<YearMonth, readonly UsageCount[]>,
): Promise<MultipurposeSummary> {
  const today = todayIn(clock);
  const registrations = await db
    .selectFrom('users')
    .select(['multipurpose_status as status', sql<string | number>`count(*)`.as('n')])
    .where((eb) =>
      eb.or([
        eb.and([
          eb('multipurpose_status', '=', 'approved'),
          eb.or([eb('multipurpose_expires_on', 'is', null), eb('multipurpose_expires_on', '>=', today)]),
        ]),
        eb('multipurpose_status', '=', 'pending'),
      ]),
    )
    .groupBy('multipurpose_status')
    .execute();
  const count = (status: string) => Number(registrations.find((r) => r.status === status)?.n ?? 0);
  // The 多目的 row of each month's "who" counts: the same bookings, from the same aggregates.
  const months = [...(byMonth ?? (await usageByMonth(db, q, clock))).entries()].map(([month, counts]) => {
    const row = counts.find((c) => c.dim === 'category' && c.key === 'multipurpose');
    return { key: month, bookings: row?.bookings ?? 0, attendees: 0, bookers: row?.bookers ?? 0 };
  });
  return {
    approved: shown(count('approved')),
    pending: shown(count('pending')),
    // Months with few bookers are hidden like any small group (with a second one when only one is).
    byMonth: suppress(months.filter((m) => m.bookings > 0)).map((r) => ({ month: r.key, bookings: r.bookings })),
  };
}

/**
 * The 多目的 row of the "who" category table covers the same bookings: when it is hidden, every month is
 * hidden too, or the months would add up to it.
 */
export function consistentWithWho(summary: MultipurposeSummary, who: readonly WhoTable[]): MultipurposeSummary {
  const row = who.find((w) => w.dimension === 'category')?.rows.find((r) => r.key === 'multipurpose');
  if (!row?.suppressed) return summary;
  return { ...summary, byMonth: summary.byMonth.map((m) => ({ ...m, bookings: null })) };
}
