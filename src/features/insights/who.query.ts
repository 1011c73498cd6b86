/**
 * Who uses the centres: the share of bookings and of attendees by the booker's age band (from the birth
 * year given at registration, for statistics only), by booker type, by usage category and by channel.
 * Counted per month (usage-count.ts), from the monthly aggregates where they are fresh.
 *
 * Privacy: only aggregates leave this module, and a group with fewer than MIN_BOOKERS distinct bookers is
 * suppressed. When exactly one group would be suppressed, the next smallest is suppressed too, so the
 * hidden figure cannot be recovered by subtracting the others from the total.
 */
import type { Db } from '../../db/database.ts';
import type { Lang } from '../../lib/i18n.ts';
import type { Clock, YearMonth } from '../../lib/time.ts';
import { GROUP_TYPES, groupTypeLabels } from '../account/account.ts';
import { CATEGORIES, CHANNELS, categoryLabels } from '../booking/booking.ts';
import { countUsage, scopeKeyOf, type UsageCount, WHO_DIMENSIONS, type WhoDimension } from './usage-count.ts';
import { type PreparedQuestion, prepareQuestion, type UtilisationQuery } from './utilisation.query.ts';

export { WHO_DIMENSIONS, type WhoDimension };
export const MIN_BOOKERS = 5;

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

/**
 * Usage counts of each month of a question (the part of it inside the range): the months the prepared
 * question reads from the aggregates, the rest counted live.
 */
export async function usageByMonthFor(db: Db, prepared: PreparedQuestion): Promise<Map<YearMonth, UsageCount[]>> {
  const { q, parts } = prepared;
  const stored = prepared.stored.months;
  const out = new Map<YearMonth, UsageCount[]>(parts.map((p) => [p.month, []]));
  if (stored.size > 0) {
    const rows = await db
      .selectFrom('insights_usage')
      .select(['month', 'scope', 'dim', 'key', 'bookings', 'attendees', 'bookers'])
      .where('scope', '=', scopeKeyOf(q))
      .where('month', 'in', [...stored])
      .execute();
    for (const r of rows)
      out.get(r.month)?.push({
        scope: r.scope,
        dim: r.dim as WhoDimension,
        key: r.key,
        bookings: Number(r.bookings),
        attendees: Number(r.attendees),
        bookers: Number(r.bookers),
      });
  }
  for (const part of parts) {
    if (part.whole && stored.has(part.month)) continue;
    out.set(part.month, await countUsage(db, q, part.from, part.to));
  }
  return out;
}

/**
 * The "who" tables of a range from its months' counts. Bookings and attendees add up; distinct bookers
 * do not (one person books in many months), so a group's bookers over the range is taken as its largest
 * month: never more than the truth, so a group under MIN_BOOKERS is always hidden, and one that reaches
 * it only over several months is hidden too (the safe side).
 */
export function whoTables(byMonth: ReadonlyMap<YearMonth, readonly UsageCount[]>): WhoTable[] {
  return WHO_DIMENSIONS.map((dimension) => {
    const byKey = new Map<string, { key: string; bookings: number; attendees: number; bookers: number }>();
    for (const counts of byMonth.values())
      for (const c of counts) {
        if (c.dim !== dimension) continue;
        const row = byKey.get(c.key) ?? { key: c.key, bookings: 0, attendees: 0, bookers: 0 };
        row.bookings += c.bookings;
        row.attendees += c.attendees;
        row.bookers = Math.max(row.bookers, c.bookers);
        byKey.set(c.key, row);
      }
    const order = ORDER[dimension];
    const raw = [...byKey.values()].sort((a, b) => order.indexOf(a.key) - order.indexOf(b.key));
    return {
      dimension,
      rows: suppress(raw).map((r) => ({ ...r, label: labelOf(dimension, r.key) })),
      totalBookings: raw.reduce((a, r) => a + r.bookings, 0),
      totalAttendees: raw.reduce((a, r) => a + r.attendees, 0),
    };
  });
}

export async function usageByMonth(db: Db, q: UtilisationQuery, clock: Clock): Promise<Map<YearMonth, UsageCount[]>> {
  return usageByMonthFor(db, await prepareQuestion(db, q, clock));
}

export async function whoUses(db: Db, q: UtilisationQuery, clock: Clock): Promise<WhoTable[]> {
  return whoTables(await usageByMonth(db, q, clock));
}
