/**
 * Who booked, counted per dimension (age band of the booker, booker type, usage category, channel) over a
 * date range: bookings, attendees and distinct bookers, for the scope asked or, when a month's aggregate
 * is built, for the city, every ward and every facility at once. One read of the range's bookings (by the
 * reservations(date, status) index); the grouping is done here so that one pass serves every scope.
 *
 * The age band is the booker's age in the year of the booking (from the birth year given at
 * registration, for statistics only), so a month's figures never change with the calendar.
 */
import type { Db } from '../../db/database.ts';
import type { LocalDate } from '../../lib/time.ts';
import { reservationsWithBooker } from '../booking/booking.repository.ts';
import type { InsightsScope } from './cell-count.ts';

export const WHO_DIMENSIONS = ['age', 'bookerType', 'category', 'channel'] as const;
export type WhoDimension = (typeof WHO_DIMENSIONS)[number];

export interface UsageCount {
  /** 'city', 'w:<ward id>' or 'f:<facility id>'. */
  scope: string;
  dim: WhoDimension;
  key: string;
  bookings: number;
  attendees: number;
  bookers: number;
}

/** The aggregate scope a question reads: its facility, else its ward, else the city. */
export function scopeKeyOf(scope: InsightsScope): string {
  if (scope.facilityId) return `f:${scope.facilityId}`;
  if (scope.wardId) return `w:${scope.wardId}`;
  return 'city';
}

export function ageBandOf(birthYear: number | null, bookingYear: number): string {
  if (birthYear === null) return 'unknown';
  const age = bookingYear - birthYear;
  if (age < 30) return 'u30';
  if (age < 40) return '30s';
  if (age < 50) return '40s';
  if (age < 60) return '50s';
  if (age < 70) return '60s';
  return '70plus';
}

/**
 * Counts the bookings (all but the cancelled ones, a lottery win included) of the range. `everyScope`
 * counts the city, each ward and each facility (a month's aggregate); otherwise only the scope asked.
 */
export async function countUsage(db: Db, scope: InsightsScope, from: LocalDate, to: LocalDate, everyScope = false): Promise<UsageCount[]> {
  let query = reservationsWithBooker(db)
    .leftJoin('organisations', 'organisations.id', 'reservations.group_id')
    .select([
      'reservations.id',
      'reservations.user_id',
      'reservations.group_id',
      'reservations.date',
      'reservations.category',
      'reservations.channel',
      'reservations.attendees',
      'facilities.id as facility_id',
      'facilities.ward_id',
      'users.birth_year',
      'reservations.booker_age_band',
      'organisations.type as group_type',
    ])
    .where('reservations.date', '>=', from)
    .where('reservations.date', '<=', to)
    // Written as <> so the planner reads by date (reservations_date_status), not every confirmed booking ever.
    .where('reservations.status', '<>', 'cancelled');
  if (!everyScope && scope.wardId) query = query.where('facilities.ward_id', '=', scope.wardId);
  if (!everyScope && scope.facilityId) query = query.where('facilities.id', '=', scope.facilityId);
  const rows = await query.execute();

  const tallies = new Map<
    string,
    { scope: string; dim: WhoDimension; key: string; bookings: number; attendees: number; bookers: Set<string> }
  >();
  const add = (scopeKey: string, dim: WhoDimension, key: string, booker: string, attendees: number) => {
    const id = `${scopeKey}\u0000${dim}\u0000${key}`;
    let t = tallies.get(id);
    if (!t) {
      t = { scope: scopeKey, dim, key, bookings: 0, attendees: 0, bookers: new Set() };
      tallies.set(id, t);
    }
    t.bookings++;
    t.attendees += attendees;
    t.bookers.add(booker);
  };
  const onlyScope = scopeKeyOf(scope);
  for (const r of rows) {
    // A group's booking is the group's; otherwise the person's; a record with neither counts as its own booker.
    const booker = r.group_id ? `g:${r.group_id}` : r.user_id ? `u:${r.user_id}` : `r:${r.id}`;
    const keys: Record<WhoDimension, string> = {
      // A deleted account has no birth year any more: its bookings keep the band frozen at deletion.
      age: r.booker_age_band ?? ageBandOf(r.birth_year ?? null, Number(r.date.slice(0, 4))),
      bookerType: r.group_id ? (r.group_type ?? 'unknown') : r.user_id ? 'individual' : 'unknown',
      category: r.category,
      channel: r.channel,
    };
    const scopes = everyScope ? ['city', `w:${r.ward_id}`, `f:${r.facility_id}`] : [onlyScope];
    for (const s of scopes) for (const dim of WHO_DIMENSIONS) add(s, dim, keys[dim], booker, Number(r.attendees));
  }
  return [...tallies.values()].map((t) => ({ ...t, bookers: t.bookers.size }));
}
