/**
 * Who uses the centres: the share of bookings and of attendees by the booker's age band (from the birth
 * year given at registration, for statistics only), by booker type, by usage category and by channel.
 * Aggregated in the database (one grouped query per dimension, through the room → facility join, so the
 * scope is a join and not a list of ids).
 *
 * Privacy: only aggregates leave this module, and a group with fewer than MIN_BOOKERS distinct bookers is
 * suppressed. When exactly one group would be suppressed, the next smallest is suppressed too, so the
 * hidden figure cannot be recovered by subtracting the others from the total.
 */
import { type Kysely, sql } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { Lang } from '../../lib/i18n.ts';
import { GROUP_TYPES, groupTypeLabels } from '../account/account.ts';
import { CATEGORIES, CHANNELS, categoryLabels } from '../booking/booking.ts';
import type { UtilisationQuery } from './utilisation.query.ts';

export const MIN_BOOKERS = 5;
export const WHO_DIMENSIONS = ['age', 'bookerType', 'category', 'channel'] as const;
export type WhoDimension = (typeof WHO_DIMENSIONS)[number];

export interface WhoRow {
  key: string;
  label: Record<Lang, string>;
  /** null when suppressed. */
  bookings: number | null;
  attendees: number | null;
  suppressed: boolean;
}

export interface WhoTable {
  dimension: WhoDimension;
  rows: WhoRow[];
  totalBookings: number;
  totalAttendees: number;
}

const AGE_BANDS: Record<string, Record<Lang, string>> = {
  u30: { ja: '29歳以下', en: '29 and under' },
  '30s': { ja: '30代', en: '30s' },
  '40s': { ja: '40代', en: '40s' },
  '50s': { ja: '50代', en: '50s' },
  '60s': { ja: '60代', en: '60s' },
  '70plus': { ja: '70歳以上', en: '70 and over' },
  unknown: { ja: '不明（窓口・電話の記録など）', en: 'Unknown (counter and phone records)' },
};
const CHANNEL_LABELS: Record<string, Record<Lang, string>> = {
  web: { ja: 'インターネット', en: 'Web' },
  api: { ja: 'インターネット（連携アプリ）', en: 'Web (API)' },
  counter: { ja: '窓口', en: 'Counter' },
  phone: { ja: '電話', en: 'Phone' },
};

function labelOf(dimension: WhoDimension, key: string): Record<Lang, string> {
  if (dimension === 'age') return AGE_BANDS[key] ?? { ja: key, en: key };
  if (dimension === 'channel') return CHANNEL_LABELS[key] ?? { ja: key, en: key };
  if (dimension === 'category')
    return (CATEGORIES as readonly string[]).includes(key) ? categoryLabels[key as (typeof CATEGORIES)[number]] : { ja: key, en: key };
  if (key === 'individual') return { ja: '個人', en: 'Individual' };
  if (key === 'unknown') return { ja: '不明', en: 'Unknown' };
  return (GROUP_TYPES as readonly string[]).includes(key) ? groupTypeLabels[key as (typeof GROUP_TYPES)[number]] : { ja: key, en: key };
}

/** The display order of each dimension's keys. */
const ORDER: Record<WhoDimension, readonly string[]> = {
  age: Object.keys(AGE_BANDS),
  bookerType: ['individual', ...GROUP_TYPES, 'unknown'],
  category: CATEGORIES,
  channel: [...CHANNELS],
};

export function suppress(
  rows: { key: string; bookings: number; attendees: number; bookers: number }[],
): { key: string; bookings: number | null; attendees: number | null; suppressed: boolean }[] {
  const small = new Set(rows.filter((r) => r.bookers < MIN_BOOKERS).map((r) => r.key));
  if (small.size === 1 && rows.length > 1) {
    const next = rows.filter((r) => !small.has(r.key)).sort((a, b) => a.bookers - b.bookers || a.bookings - b.bookings)[0];
    if (next) small.add(next.key);
  }
  return rows.map((r) =>
    small.has(r.key)
      ? { key: r.key, bookings: null, attendees: null, suppressed: true }
      : { key: r.key, bookings: r.bookings, attendees: r.attendees, suppressed: false },
  );
}

export async function whoUses(db: Kysely<Database>, q: UtilisationQuery): Promise<WhoTable[]> {
  // A literal, not a parameter: PostgreSQL groups by the expression only if select and group by match.
  const year = sql.lit(Number(q.to.slice(0, 4)));
  const keyOf: Record<WhoDimension, ReturnType<typeof sql<string>>> = {
    age: sql<string>`case when u.birth_year is null then 'unknown'
      when ${year} - u.birth_year < 30 then 'u30' when ${year} - u.birth_year < 40 then '30s'
      when ${year} - u.birth_year < 50 then '40s' when ${year} - u.birth_year < 60 then '50s'
      when ${year} - u.birth_year < 70 then '60s' else '70plus' end`,
    bookerType: sql<string>`case when r.group_id is not null then coalesce(g.type, 'unknown') when r.user_id is not null then 'individual' else 'unknown' end`,
    category: sql<string>`r.category`,
    channel: sql<string>`r.channel`,
  };
  const booker = sql<string>`case when r.group_id is not null then 'g:' || r.group_id when r.user_id is not null then 'u:' || r.user_id else 'r:' || r.id end`;
  const tables: WhoTable[] = [];
  for (const dimension of WHO_DIMENSIONS) {
    const key = keyOf[dimension];
    let query = db
      .selectFrom('reservations as r')
      .innerJoin('rooms as rm', 'rm.id', 'r.room_id')
      .innerJoin('facilities as f', 'f.id', 'rm.facility_id')
      .leftJoin('users as u', 'u.id', 'r.user_id')
      .leftJoin('groups as g', 'g.id', 'r.group_id')
      .select([
        key.as('key'),
        sql<string | number>`count(*)`.as('bookings'),
        sql<string | number>`coalesce(sum(r.attendees), 0)`.as('attendees'),
        sql<string | number>`count(distinct ${booker})`.as('bookers'),
      ])
      .where('r.date', '>=', q.from)
      .where('r.date', '<=', q.to)
      // Every booking but the cancelled ones (as utilisation counts them, a lottery win included). Written
      // as <> so the planner reads by date (reservations_date_status), not every confirmed booking ever.
      .where('r.status', '<>', 'cancelled')
      .groupBy(key);
    if (q.wardId) query = query.where('f.ward_id', '=', q.wardId);
    if (q.facilityId) query = query.where('f.id', '=', q.facilityId);
    const raw = (await query.execute()).map((r) => ({
      key: String(r.key),
      bookings: Number(r.bookings),
      attendees: Number(r.attendees),
      bookers: Number(r.bookers),
    }));
    const order = ORDER[dimension];
    raw.sort((a, b) => order.indexOf(a.key) - order.indexOf(b.key));
    tables.push({
      dimension,
      rows: suppress(raw).map((r) => ({ ...r, label: labelOf(dimension, r.key) })),
      totalBookings: raw.reduce((a, r) => a + r.bookings, 0),
      totalAttendees: raw.reduce((a, r) => a + r.attendees, 0),
    });
  }
  return tables;
}
