/**
 * Utilisation for staff, grouped as asked (facility, room, room type, ward, band, weekday, month, paid or
 * free), within what the staff member may see. A range is cut at month ends: whole months come from the
 * monthly aggregates (insights-store.ts), the rest (the ends of the range, the current month, a month
 * marked changed) is counted live by the same lean pass the aggregates are built with (cell-count.ts).
 * Rooms, bands, weekdays and months are counted separately, and every grouping is a sum of one of them.
 */
import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { Lang } from '../../lib/i18n.ts';
import { addMonths, type Clock, type LocalDate, monthOf, monthRange, todayIn, type YearMonth } from '../../lib/time.ts';
import { roomTypeLabels } from '../facility/facility.ts';
import { type CountingCatalogue, countRoomCells, type InsightsScope, loadCountingCatalogue } from './cell-count.ts';
import { firstRecordedDate, type StoredPeriods, storedPeriods } from './insights-store.ts';
import { scopeKeyOf } from './usage-count.ts';

export const GROUP_BYS = ['facility', 'room', 'roomType', 'ward', 'band', 'weekday', 'month', 'paid'] as const;
export type GroupBy = (typeof GROUP_BYS)[number];

/** The longest range one question may cover: ten years (leap days included), for trends. */
export const MAX_INSIGHT_DAYS = 3653;

export interface UtilisationQuery extends InsightsScope {
  from: LocalDate;
  to: LocalDate;
}

export interface UtilisationRow {
  key: string;
  label: Record<Lang, string>;
  openCells: number;
  bookedCells: number;
  /** booked ÷ open, or null when nothing was open. */
  rate: number | null;
}

/** One month of a range, or the part of it inside the range. */
export interface MonthPart {
  month: YearMonth;
  from: LocalDate;
  to: LocalDate;
  whole: boolean;
}

const WEEKDAYS_JA = ['', '月曜', '火曜', '水曜', '木曜', '金曜', '土曜', '日曜'];
const WEEKDAYS_EN = ['', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

/** The range cut at month ends. */
export function monthParts(from: LocalDate, to: LocalDate): MonthPart[] {
  const parts: MonthPart[] = [];
  for (let month = monthOf(from); month <= monthOf(to); month = addMonths(month, 1)) {
    const whole = monthRange(month);
    const part = { from: whole.from < from ? from : whole.from, to: whole.to > to ? to : whole.to };
    parts.push({ month, ...part, whole: part.from === whole.from && part.to === whole.to });
  }
  return parts;
}

/**
 * The months of a range that have records: from the month of the first booking on record (earlier, the
 * bookings were on paper, and the rooms would only look empty). Nothing when no booking is recorded yet.
 */
export async function recordedParts(db: Db, from: LocalDate, to: LocalDate): Promise<MonthPart[]> {
  const first = await firstRecordedDate(db);
  if (!first) return [];
  const start = `${monthOf(first)}-01`;
  if (to < start) return [];
  return monthParts(from < start ? start : from, to);
}

/**
 * A question with what all its figures need, worked out once: the catalogue in scope, its months from the
 * first record on, and which of them are read from the aggregates (a whole-city question rebuilds the
 * stale ended ones on the way; see insights-store.ts).
 */
export interface PreparedQuestion {
  q: UtilisationQuery;
  catalogue: CountingCatalogue;
  parts: MonthPart[];
  stored: StoredPeriods;
}

export async function prepareQuestion(db: Db, q: UtilisationQuery, clock: Clock): Promise<PreparedQuestion> {
  const [catalogue, parts] = await Promise.all([loadCountingCatalogue(db, q), recordedParts(db, q.from, q.to)]);
  const stored = await storedPeriods(
    db,
    parts.filter((p) => p.whole).map((p) => p.month),
    todayIn(clock),
    clock.now(),
    scopeKeyOf(q) === 'city',
  );
  return { q, catalogue, parts, stored };
}

interface Counts {
  open: number;
  booked: number;
}

/** A question's counts: per room (in total), per band, per weekday and per month. */
interface QuestionCounts {
  rooms: Map<string, Counts>;
  bands: Map<string, Counts>;
  weekdays: Map<string, Counts>;
  months: Map<YearMonth, Counts>;
}

const addTo = (map: Map<string, Counts>, key: string, open: number, booked: number) => {
  const c = map.get(key);
  if (c) {
    c.open += open;
    c.booked += booked;
  } else map.set(key, { open, booked });
};

/**
 * The counts of a question: whole months from the aggregates (the rooms from yearly roll-ups where a
 * whole year is asked), the rest counted live. Only what the groupings need is read.
 */
async function questionCounts(
  db: Db,
  prepared: PreparedQuestion,
  catalogue: CountingCatalogue,
  scopes: readonly string[],
  needs: { rooms: boolean; bands: boolean; weekdays: boolean; months: boolean },
): Promise<QuestionCounts> {
  const counts: QuestionCounts = { rooms: new Map(), bands: new Map(), weekdays: new Map(), months: new Map() };
  const { parts, stored } = prepared;
  const months = [...stored.months];
  if (months.length > 0 && catalogue.rooms.length > 0) {
    if (needs.rooms) {
      // Whole years from their roll-up, other months one by one.
      const periods = [...stored.years, ...months.filter((m) => !stored.years.has(m.slice(0, 4)))];
      let query = db
        .selectFrom('insights_room_cells')
        .select(['room_id', sql<string | number>`sum(open_cells)`.as('open'), sql<string | number>`sum(booked_cells)`.as('booked')])
        .where('period', 'in', periods)
        .groupBy('room_id');
      if (scopes.some((scope) => scope !== 'city')) query = query.where('facility_id', 'in', [...catalogue.facilities.keys()]);
      // Rooms no longer in the catalogue drop out below, as they do from a live count.
      for (const r of await query.execute()) addTo(counts.rooms, r.room_id, Number(r.open), Number(r.booked));
    }
    const dims = [...(needs.bands ? ['band'] : []), ...(needs.weekdays ? ['weekday'] : []), ...(needs.months ? ['all'] : [])];
    if (dims.length > 0) {
      const rows = await db
        .selectFrom('insights_cells')
        .select(['month', 'dim', 'key', 'open_cells', 'booked_cells'])
        .where('scope', 'in', scopes)
        .where('month', 'in', months)
        .where('dim', 'in', dims)
        .execute();
      for (const r of rows) {
        const map = r.dim === 'band' ? counts.bands : r.dim === 'weekday' ? counts.weekdays : counts.months;
        addTo(map, r.dim === 'all' ? r.month : r.key, Number(r.open_cells), Number(r.booked_cells));
      }
    }
  }
  for (const part of parts) {
    if (part.whole && stored.months.has(part.month)) continue;
    for (const c of await countRoomCells(db, catalogue, part.from, part.to)) {
      if (c.dim === 'band') addTo(counts.bands, c.key, c.open, c.booked);
      else if (c.dim === 'weekday') addTo(counts.weekdays, c.key, c.open, c.booked);
      else {
        addTo(counts.rooms, c.roomId, c.open, c.booked);
        addTo(counts.months, part.month, c.open, c.booked);
      }
    }
  }
  return counts;
}

/** Counts for each requested grouping, from one set of per-room counts. */
export async function utilisationFor(
  db: Db,
  prepared: PreparedQuestion,
  groupBys: readonly GroupBy[],
): Promise<Map<GroupBy, UtilisationRow[]>> {
  const wants = new Set(groupBys);
  const { q, catalogue } = prepared;
  const needs = {
    rooms: groupBys.some((g) => g !== 'band' && g !== 'weekday' && g !== 'month'),
    bands: wants.has('band'),
    weekdays: wants.has('weekday'),
    months: wants.has('month'),
  };
  const [counts, wards] = await Promise.all([
    questionCounts(db, prepared, catalogue, [scopeKeyOf(q)], needs),
    db.selectFrom('wards').select(['id', 'name', 'name_en']).execute(),
  ]);
  const wardById = new Map(wards.map((w) => [w.id, w]));
  const roomById = new Map(catalogue.rooms.map((r) => [r.id, r]));

  const tallies = new Map<GroupBy, Map<string, UtilisationRow>>(groupBys.map((g) => [g, new Map()]));
  const add = (g: GroupBy, key: string, label: () => Record<Lang, string>, c: Counts) => {
    const table = tallies.get(g) as Map<string, UtilisationRow>;
    let row = table.get(key);
    if (!row) {
      row = { key, label: label(), openCells: 0, bookedCells: 0, rate: null };
      table.set(key, row);
    }
    row.openCells += c.open;
    row.bookedCells += c.booked;
  };
  // Bands keep the order of the day, as first met in the rooms' schemes.
  const bandOrder: string[] = [];
  const bandLabel = new Map<string, Record<Lang, string>>();
  for (const room of catalogue.rooms)
    for (const band of catalogue.schemes.get(room.bandSchemeId) ?? [])
      if (!bandLabel.has(band.code)) {
        bandOrder.push(band.code);
        bandLabel.set(band.code, { ja: band.label, en: band.labelEn });
      }

  for (const [roomId, c] of counts.rooms) {
    const room = roomById.get(roomId);
    const facility = room ? catalogue.facilities.get(room.facilityId) : undefined;
    if (!room || !facility) continue;
    if (wants.has('facility')) add('facility', facility.id, () => ({ ja: facility.name, en: facility.nameEn ?? facility.name }), c);
    if (wants.has('room'))
      add(
        'room',
        room.id,
        () => ({ ja: `${facility.name} ${room.name}`, en: `${facility.nameEn ?? facility.name} ${room.nameEn ?? room.name}` }),
        c,
      );
    if (wants.has('roomType')) add('roomType', room.roomType, () => roomTypeLabels[room.roomType], c);
    if (wants.has('ward')) {
      const ward = wardById.get(facility.wardId);
      add('ward', facility.wardId, () => ({ ja: ward?.name ?? facility.wardId, en: ward?.name_en ?? facility.wardId }), c);
    }
    if (wants.has('paid')) {
      const paid = catalogue.paidRooms.has(room.id);
      add(
        'paid',
        paid ? 'paid' : 'free',
        () => (paid ? { ja: '有料の部屋', en: 'Paid rooms' } : { ja: '無料の部屋', en: 'Free rooms' }),
        c,
      );
    }
  }
  if (wants.has('band')) for (const [code, c] of counts.bands) add('band', code, () => bandLabel.get(code) ?? { ja: code, en: code }, c);
  if (wants.has('weekday'))
    for (const [wd, c] of counts.weekdays)
      add('weekday', wd, () => ({ ja: WEEKDAYS_JA[Number(wd)] ?? '', en: WEEKDAYS_EN[Number(wd)] ?? '' }), c);
  if (wants.has('month'))
    for (const [m, c] of counts.months) add('month', m, () => ({ ja: `${Number(m.slice(0, 4))}年${Number(m.slice(5))}月`, en: m }), c);

  const out = new Map<GroupBy, UtilisationRow[]>();
  for (const [g, table] of tallies) {
    // Only groups that had something open (a Sunday row only where some centre opens on Sundays).
    const rows = [...table.values()].filter((r) => r.openCells > 0).map((r) => ({ ...r, rate: r.bookedCells / r.openCells }));
    // Bands in the order of the day, the week from Monday, everything else by key (months in time
    // order), so pages and files are stable.
    if (g === 'weekday') rows.sort((a, b) => Number(a.key) - Number(b.key));
    else if (g === 'band') rows.sort((a, b) => bandOrder.indexOf(a.key) - bandOrder.indexOf(b.key));
    else rows.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    out.set(g, rows);
  }
  return out;
}

export async function utilisationBy(
  db: Db,
  q: UtilisationQuery,
  groupBys: readonly GroupBy[],
  clock: Clock,
): Promise<Map<GroupBy, UtilisationRow[]>> {
  return utilisationFor(db, await prepareQuestion(db, q, clock), groupBys);
}

export async function utilisation(db: Db, q: UtilisationQuery, groupBy: GroupBy, clock: Clock): Promise<UtilisationRow[]> {
  return (await utilisationBy(db, q, [groupBy], clock)).get(groupBy) ?? [];
}

export interface SundayOpening {
  /** Centres in scope that open on Sundays (by today's calendar). */
  facilities: number;
  /** Their utilisation by weekday: Sunday next to the other days at the same centres. */
  weekdays: UtilisationRow[];
}

/** 日曜開館: at the centres in scope that open on Sundays, how Sunday compares with the other days. */
export async function sundayOpeningFor(db: Db, prepared: PreparedQuestion): Promise<SundayOpening> {
  const scope = prepared.catalogue;
  const open = [...scope.facilities.values()].filter((f) => f.hours.some((h) => h.weekday === 7));
  if (open.length === 0) return { facilities: 0, weekdays: [] };
  const ids = new Set(open.map((f) => f.id));
  const catalogue: CountingCatalogue = {
    ...scope,
    facilities: new Map(open.map((f) => [f.id, f])),
    rooms: scope.rooms.filter((r) => ids.has(r.facilityId)),
  };
  const needs = { rooms: false, bands: false, weekdays: true, months: false };
  const counts = await questionCounts(
    db,
    prepared,
    catalogue,
    open.map((f) => `f:${f.id}`),
    needs,
  );
  const weekdays = [...counts.weekdays.entries()]
    .filter(([, c]) => c.open > 0)
    .sort(([a], [b]) => Number(a) - Number(b))
    .map(([wd, c]) => ({
      key: wd,
      label: { ja: WEEKDAYS_JA[Number(wd)] ?? '', en: WEEKDAYS_EN[Number(wd)] ?? '' },
      openCells: c.open,
      bookedCells: c.booked,
      rate: c.booked / c.open,
    }));
  return { facilities: open.length, weekdays };
}

export async function sundayOpening(db: Db, q: UtilisationQuery, clock: Clock): Promise<SundayOpening> {
  return sundayOpeningFor(db, await prepareQuestion(db, q, clock));
}
