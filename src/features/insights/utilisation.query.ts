/**
 * Utilisation for staff, grouped as asked (facility, room, room type, ward, band, weekday, month, paid or
 * free), within what the staff member may see. One lean pass over the calendar: for every facility and
 * date the day's status is worked out once, every room's bands are counted open or not, and the booked
 * cells (one indexed read per room) are counted only where the cell was open. No cell objects are built,
 * so a year of the whole city is a few hundred thousand additions.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { type FieldIssue, ForbiddenError, InvalidInputError } from '../../lib/errors.ts';
import type { Lang } from '../../lib/i18n.ts';
import { daysBetween, eachDate, isoWeekday, type LocalDate, monthOf } from '../../lib/time.ts';
import type { User } from '../account/account.ts';
import { listOccupiedCells } from '../availability/availability.repository.ts';
import { loadClosureSpans } from '../availability/availability.service.ts';
import { bandWithinHours, type DayStatus, dayStatus } from '../facility/calendar.ts';
import * as facilityRepo from '../facility/facility.repository.ts';
import { listFacilities, loadBandSchemes, loadFacilitiesByIds } from '../facility/facility.service.ts';
import { roomTypeLabels, toRoom } from '../facility/facility.ts';

export const GROUP_BYS = ['facility', 'room', 'roomType', 'ward', 'band', 'weekday', 'month', 'paid'] as const;
export type GroupBy = (typeof GROUP_BYS)[number];

/** The longest range one question may cover: a year (a leap year included). */
export const MAX_INSIGHT_DAYS = 366;

export interface UtilisationQuery {
  from: LocalDate;
  to: LocalDate;
  wardId?: string | undefined;
  facilityId?: string | undefined;
}

export interface UtilisationRow {
  key: string;
  label: Record<Lang, string>;
  openCells: number;
  bookedCells: number;
  /** booked ÷ open, or null when nothing was open. */
  rate: number | null;
}

const WEEKDAYS_JA = ['', '月曜', '火曜', '水曜', '木曜', '金曜', '土曜', '日曜'];
const WEEKDAYS_EN = ['', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

/** Narrows a question to the staff member's scope: a clerk sees their facility, a ward officer their ward. */
export function scopedQuery(staff: User, q: UtilisationQuery): UtilisationQuery {
  const issues: FieldIssue[] = [];
  if (q.to < q.from) issues.push({ field: 'to', key: 'errRangeReversed' });
  else if (daysBetween(q.from, q.to) + 1 > MAX_INSIGHT_DAYS)
    issues.push({ field: 'to', key: 'errRangeTooLongDays', params: { max: MAX_INSIGHT_DAYS } });
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

/** Counts for each requested grouping, from one pass. */
export async function utilisationBy(
  db: Kysely<Database>,
  q: UtilisationQuery,
  groupBys: readonly GroupBy[],
): Promise<Map<GroupBy, UtilisationRow[]>> {
  const facilities = new Map(
    (q.facilityId ? [...(await loadFacilitiesByIds(db, [q.facilityId])).values()] : await listFacilities(db, { wardId: q.wardId }))
      .filter((f) => !q.wardId || f.wardId === q.wardId)
      .map((f) => [f.id, f]),
  );
  const facilityIds = [...facilities.keys()];
  const [roomRows, wards, closures] = await Promise.all([
    facilityRepo.listRoomRows(db, facilityIds),
    db.selectFrom('wards').select(['id', 'name', 'name_en']).execute(),
    loadClosureSpans(db, facilityIds, q.from, q.to),
  ]);
  const rooms = roomRows.map((r) => toRoom(r, []));
  const [schemes, occupiedRows, paidRows] = await Promise.all([
    loadBandSchemes(
      db,
      rooms.map((r) => r.bandSchemeId),
    ),
    listOccupiedCells(
      db,
      rooms.map((r) => r.id),
      q.from,
      q.to,
    ),
    rooms.length === 0 ? [] : db.selectFrom('room_fees').select('room_id').where('amount', '>', 0).distinct().execute(),
  ]);
  // Booked bands by room and date, as a small list per day: no key string per cell.
  const occupied = new Map<string, Map<LocalDate, string[]>>();
  for (const c of occupiedRows) {
    let byDate = occupied.get(c.room_id);
    if (!byDate) {
      byDate = new Map();
      occupied.set(c.room_id, byDate);
    }
    const list = byDate.get(c.date);
    if (list) list.push(c.band);
    else byDate.set(c.date, [c.band]);
  }
  const paid = new Set(paidRows.map((r) => r.room_id));
  const wardById = new Map(wards.map((w) => [w.id, w]));

  const tallies = new Map<GroupBy, Map<string, UtilisationRow>>(groupBys.map((g) => [g, new Map()]));
  /** The tally row of a group, made on first use. */
  const rowOf = (g: GroupBy, key: string, label: Record<Lang, string>): UtilisationRow => {
    const table = tallies.get(g) as Map<string, UtilisationRow>;
    let row = table.get(key);
    if (!row) {
      row = { key, label, openCells: 0, bookedCells: 0, rate: null };
      table.set(key, row);
    }
    return row;
  };
  const wants = (g: GroupBy) => tallies.has(g);

  // The dates once: their weekday and month rows are shared by every room.
  const dates = eachDate(q.from, q.to).map((date) => {
    const wd = isoWeekday(date);
    const m = monthOf(date);
    return {
      date,
      weekday: wants('weekday') ? rowOf('weekday', String(wd), { ja: WEEKDAYS_JA[wd] ?? '', en: WEEKDAYS_EN[wd] ?? '' }) : undefined,
      month: wants('month') ? rowOf('month', m, { ja: `${Number(m.slice(0, 4))}年${Number(m.slice(5))}月`, en: m }) : undefined,
    };
  });

  for (const facility of facilities.values()) {
    const spans = closures.get(facility.id) ?? [];
    const ward = wardById.get(facility.wardId);
    const facilityStatus = new Map<LocalDate, DayStatus>();
    for (const room of rooms) {
      if (room.facilityId !== facility.id) continue;
      const bands = schemes.get(room.bandSchemeId) ?? [];
      const bandRows = wants('band') ? bands.map((b) => rowOf('band', b.code, { ja: b.label, en: b.labelEn })) : [];
      // Rows that stay the same for every date of this room.
      const fixed: UtilisationRow[] = [];
      if (wants('facility')) fixed.push(rowOf('facility', facility.id, { ja: facility.name, en: facility.nameEn ?? facility.name }));
      if (wants('room'))
        fixed.push(
          rowOf('room', room.id, {
            ja: `${facility.name} ${room.name}`,
            en: `${facility.nameEn ?? facility.name} ${room.nameEn ?? room.name}`,
          }),
        );
      if (wants('roomType')) fixed.push(rowOf('roomType', room.roomType, roomTypeLabels[room.roomType]));
      if (wants('ward'))
        fixed.push(rowOf('ward', facility.wardId, { ja: ward?.name ?? facility.wardId, en: ward?.name_en ?? facility.wardId }));
      if (wants('paid'))
        fixed.push(
          paid.has(room.id)
            ? rowOf('paid', 'paid', { ja: '有料の部屋', en: 'Paid rooms' })
            : rowOf('paid', 'free', { ja: '無料の部屋', en: 'Free rooms' }),
        );
      const roomSpans = spans.some((s) => s.roomId === room.id);
      const booked = occupied.get(room.id);
      for (const d of dates) {
        // The facility's day once per date; again per room only when a closure names that room.
        let status = roomSpans ? undefined : facilityStatus.get(d.date);
        if (!status) {
          status = dayStatus(facility, d.date, spans, room.id);
          if (!roomSpans) facilityStatus.set(d.date, status);
        }
        if (!status.open) continue;
        const bookedBands = booked?.get(d.date);
        let open = 0;
        let taken = 0;
        for (let i = 0; i < bands.length; i++) {
          const band = bands[i] as (typeof bands)[number];
          if (!bandWithinHours(band, status.opens, status.closes)) continue;
          const isBooked = bookedBands?.includes(band.code) ? 1 : 0;
          open++;
          taken += isBooked;
          const bandRow = bandRows[i];
          if (bandRow) {
            bandRow.openCells++;
            bandRow.bookedCells += isBooked;
          }
        }
        if (open === 0) continue;
        for (const row of fixed) {
          row.openCells += open;
          row.bookedCells += taken;
        }
        if (d.weekday) {
          d.weekday.openCells += open;
          d.weekday.bookedCells += taken;
        }
        if (d.month) {
          d.month.openCells += open;
          d.month.bookedCells += taken;
        }
      }
    }
  }
  const out = new Map<GroupBy, UtilisationRow[]>();
  for (const [g, table] of tallies) {
    // Only groups that had something open (a Sunday row only where some centre opens on Sundays).
    const rows = [...table.values()].filter((r) => r.openCells > 0).map((r) => ({ ...r, rate: r.bookedCells / r.openCells }));
    // Bands in the order of the day (as first met), the week from Monday, everything else by key (months
    // in time order), so pages and files are stable.
    if (g === 'weekday') rows.sort((a, b) => Number(a.key) - Number(b.key));
    else if (g !== 'band') rows.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    out.set(g, rows);
  }
  return out;
}

export async function utilisation(db: Kysely<Database>, q: UtilisationQuery, groupBy: GroupBy): Promise<UtilisationRow[]> {
  return (await utilisationBy(db, q, [groupBy])).get(groupBy) ?? [];
}
