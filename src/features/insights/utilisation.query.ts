/**
 * Utilisation for staff, grouped as asked (facility, room, room type, ward, band, weekday, month, paid or
 * free), within what the staff member may see. A range is cut at month ends: whole months come from the
 * monthly aggregates (insights-store.ts), the rest (the ends of the range, the current month, a month
 * marked changed) is counted live by the same lean pass the aggregates are built with (cell-count.ts).
 * Either way the figures are per room, and grouping them is a sum.
 */
import { type Kysely, sql } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { type FieldIssue, ForbiddenError, InvalidInputError } from '../../lib/errors.ts';
import type { Lang } from '../../lib/i18n.ts';
import { addMonths, type Clock, daysBetween, type LocalDate, monthOf, monthRange, todayIn, type YearMonth } from '../../lib/time.ts';
import type { User } from '../account/account.ts';
import { roomTypeLabels } from '../facility/facility.ts';
import { type CountingCatalogue, countRoomCells, type InsightsScope, loadCountingCatalogue, type RoomCellCount } from './cell-count.ts';
import { monthsFromStore } from './insights-store.ts';

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

/** Narrows a question to the staff member's scope: a clerk sees their facility, a ward officer their ward. */
export function scopedQuery(staff: User, q: UtilisationQuery): UtilisationQuery {
  const issues: FieldIssue[] = [];
  if (q.to < q.from) issues.push({ field: 'to', key: 'errRangeReversed' });
  else if (daysBetween(q.from, q.to) + 1 > MAX_INSIGHT_DAYS) issues.push({ field: 'to', key: 'errRangeTooLongYears', params: { max: 10 } });
  if (issues.length > 0) throw new InvalidInputError(issues);
  if (staff.role === 'admin') return q;
  if (staff.role === 'ward') {
    if (q.wardId && q.wardId !== staff.staffWardId) throw new ForbiddenError('ward out of scope');
    return { ...q, wardId: staff.staffWardId ?? '-' };
  }
  if (staff.role === 'clerk') {
    if ((q.facilityId && q.facilityId !== staff.staffFacilityId) || q.wardId) throw new ForbiddenError('facility out of scope');
    return { ...q, facilityId: staff.staffFacilityId ?? '-' };
  }
  throw new ForbiddenError('staff only');
}

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
 * Per-room counts for a question, summed over its months, plus each month's total over the rooms in
 * scope (for the grouping by month). Only the dimensions asked for are read.
 */
async function roomCounts(
  db: Kysely<Database>,
  q: UtilisationQuery,
  catalogue: CountingCatalogue,
  dims: ReadonlySet<RoomCellCount['dim']>,
  byMonth: boolean,
  clock: Clock,
): Promise<{ rooms: RoomCellCount[]; months: Map<YearMonth, { open: number; booked: number }> }> {
  const parts = monthParts(q.from, q.to);
  const stored = await monthsFromStore(
    db,
    parts.filter((p) => p.whole).map((p) => p.month),
    todayIn(clock),
    clock.now(),
  );
  const rooms: RoomCellCount[] = [];
  const months = new Map<YearMonth, { open: number; booked: number }>();
  const addMonth = (month: YearMonth, open: number, booked: number) => {
    const m = months.get(month) ?? { open: 0, booked: 0 };
    m.open += open;
    m.booked += booked;
    months.set(month, m);
  };
  const fromStore = [...stored];
  if (fromStore.length > 0 && catalogue.rooms.length > 0) {
    // Joined to the rooms (and facilities) so the scope is a join, not a list of ids, and rooms no
    // longer in the catalogue drop out as they do from a live count.
    let base = db
      .selectFrom('insights_cells as c')
      .innerJoin('rooms as rm', 'rm.id', 'c.room_id')
      .innerJoin('facilities as f', 'f.id', 'rm.facility_id')
      .where('c.month', 'in', fromStore);
    if (q.wardId) base = base.where('f.ward_id', '=', q.wardId);
    if (q.facilityId) base = base.where('f.id', '=', q.facilityId);
    if (dims.size > 0) {
      const rows = await base
        .select([
          'c.room_id',
          'c.dim',
          'c.key',
          sql<string | number>`sum(c.open_cells)`.as('open'),
          sql<string | number>`sum(c.booked_cells)`.as('booked'),
        ])
        .where('c.dim', 'in', [...dims])
        .groupBy(['c.room_id', 'c.dim', 'c.key'])
        .execute();
      for (const r of rows)
        rooms.push({ roomId: r.room_id, dim: r.dim as RoomCellCount['dim'], key: r.key, open: Number(r.open), booked: Number(r.booked) });
    }
    if (byMonth) {
      const rows = await base
        .select(['c.month', sql<string | number>`sum(c.open_cells)`.as('open'), sql<string | number>`sum(c.booked_cells)`.as('booked')])
        .where('c.dim', '=', 'all')
        .groupBy('c.month')
        .execute();
      for (const r of rows) addMonth(r.month, Number(r.open), Number(r.booked));
    }
  }
  for (const part of parts) {
    if (part.whole && stored.has(part.month)) continue;
    for (const c of await countRoomCells(db, catalogue, part.from, part.to)) {
      if (dims.has(c.dim)) rooms.push(c);
      if (byMonth && c.dim === 'all') addMonth(part.month, c.open, c.booked);
    }
  }
  return { rooms, months };
}

/** Counts for each requested grouping, from one set of per-room counts. */
export async function utilisationBy(
  db: Kysely<Database>,
  q: UtilisationQuery,
  groupBys: readonly GroupBy[],
  clock: Clock,
): Promise<Map<GroupBy, UtilisationRow[]>> {
  const wants = new Set(groupBys);
  const catalogue = await loadCountingCatalogue(db, q);
  const dims = new Set<RoomCellCount['dim']>();
  if (groupBys.some((g) => g !== 'band' && g !== 'weekday' && g !== 'month')) dims.add('all');
  if (wants.has('band')) dims.add('band');
  if (wants.has('weekday')) dims.add('weekday');
  const [counts, wards] = await Promise.all([
    roomCounts(db, q, catalogue, dims, wants.has('month'), clock),
    db.selectFrom('wards').select(['id', 'name', 'name_en']).execute(),
  ]);
  const wardById = new Map(wards.map((w) => [w.id, w]));
  const roomById = new Map(catalogue.rooms.map((r) => [r.id, r]));

  const tallies = new Map<GroupBy, Map<string, UtilisationRow>>(groupBys.map((g) => [g, new Map()]));
  const add = (g: GroupBy, key: string, label: () => Record<Lang, string>, open: number, booked: number) => {
    const table = tallies.get(g) as Map<string, UtilisationRow>;
    let row = table.get(key);
    if (!row) {
      row = { key, label: label(), openCells: 0, bookedCells: 0, rate: null };
      table.set(key, row);
    }
    row.openCells += open;
    row.bookedCells += booked;
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

  for (const c of counts.rooms) {
    const room = roomById.get(c.roomId);
    const facility = room ? catalogue.facilities.get(room.facilityId) : undefined;
    if (!room || !facility) continue;
    if (c.dim === 'band') {
      if (wants.has('band')) add('band', c.key, () => bandLabel.get(c.key) ?? { ja: c.key, en: c.key }, c.open, c.booked);
      continue;
    }
    if (c.dim === 'weekday') {
      const wd = Number(c.key);
      if (wants.has('weekday')) add('weekday', c.key, () => ({ ja: WEEKDAYS_JA[wd] ?? '', en: WEEKDAYS_EN[wd] ?? '' }), c.open, c.booked);
      continue;
    }
    if (wants.has('facility'))
      add('facility', facility.id, () => ({ ja: facility.name, en: facility.nameEn ?? facility.name }), c.open, c.booked);
    if (wants.has('room'))
      add(
        'room',
        room.id,
        () => ({ ja: `${facility.name} ${room.name}`, en: `${facility.nameEn ?? facility.name} ${room.nameEn ?? room.name}` }),
        c.open,
        c.booked,
      );
    if (wants.has('roomType')) add('roomType', room.roomType, () => roomTypeLabels[room.roomType], c.open, c.booked);
    if (wants.has('ward')) {
      const ward = wardById.get(facility.wardId);
      add('ward', facility.wardId, () => ({ ja: ward?.name ?? facility.wardId, en: ward?.name_en ?? facility.wardId }), c.open, c.booked);
    }
    if (wants.has('paid')) {
      const paid = catalogue.paidRooms.has(room.id);
      add(
        'paid',
        paid ? 'paid' : 'free',
        () => (paid ? { ja: '有料の部屋', en: 'Paid rooms' } : { ja: '無料の部屋', en: 'Free rooms' }),
        c.open,
        c.booked,
      );
    }
  }
  for (const [m, c] of counts.months)
    add('month', m, () => ({ ja: `${Number(m.slice(0, 4))}年${Number(m.slice(5))}月`, en: m }), c.open, c.booked);

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

export async function utilisation(db: Kysely<Database>, q: UtilisationQuery, groupBy: GroupBy, clock: Clock): Promise<UtilisationRow[]> {
  return (await utilisationBy(db, q, [groupBy], clock)).get(groupBy) ?? [];
}
