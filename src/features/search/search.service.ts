/**
 * Cross-facility search: "a room for 20 people, Saturday afternoon, in 小倉北区" → the free cells that
 * match, across every facility. Static filters (ward, capacity, type, equipment) run in SQL; the calendar
 * and occupancy are then decided by the same grid builder the facility page uses, so the two never disagree.
 */
import type { Db } from '../../db/database.ts';
import { groupBy } from '../../lib/collections.ts';
import { InvalidInputError } from '../../lib/errors.ts';
import type { Clock, LocalDate } from '../../lib/time.ts';
import { buildGrids, rangeIssues } from '../availability/availability.service.ts';
import * as facilityRepo from '../facility/facility.repository.ts';
import type { Facility, Room } from '../facility/facility.ts';
import { toEquipmentList, toFacility, toRoom } from '../facility/facility.ts';

export const MAX_SEARCH_DAYS = 31;
// One collator for all comparisons: String.localeCompare with a locale builds one per call.
const collator = new Intl.Collator('ja');
export const DEFAULT_SEARCH_LIMIT = 200;

export interface SearchQuery {
  from: LocalDate;
  to: LocalDate;
  bands?: readonly string[] | undefined;
  wardId?: string | undefined;
  minCapacity?: number | undefined;
  roomType?: string | undefined;
  equipment?: readonly string[] | undefined;
  limit?: number | undefined;
}

export interface SearchHit {
  date: LocalDate;
  band: string;
  label: string;
  labelEn: string;
  start: string;
  end: string;
  facility: Facility;
  room: Room;
}

export interface SearchResult {
  hits: SearchHit[];
  total: number;
  truncated: boolean;
}

export async function searchFreeCells(db: Db, clock: Clock, query: SearchQuery): Promise<SearchResult> {
  const issues = rangeIssues(query.from, query.to, MAX_SEARCH_DAYS);
  if (query.wardId && !(await facilityRepo.findWard(db, query.wardId))) issues.push({ field: 'ward', key: 'errUnknownWard' });
  if (issues.length > 0) throw new InvalidInputError(issues);
  const roomRows = await facilityRepo.searchRoomRows(db, query);
  if (roomRows.length === 0) return { hits: [], total: 0, truncated: false };

  const facilityIds = [...new Set(roomRows.map((r) => r.facility_id))];
  const [facilityRows, hours, wards] = await Promise.all([
    facilityRepo.listFacilityRowsByIds(db, facilityIds),
    facilityRepo.listHours(db, facilityIds),
    facilityRepo.listWardsWithCounts(db),
  ]);
  const hoursByFacility = groupBy(hours, (h) => h.facility_id);
  const facilities = new Map(facilityRows.map((f) => [f.id, toFacility(f, hoursByFacility.get(f.id) ?? [])]));
  // Equipment is only shown, never decided here (the SQL filtered on it): load it for the page of results.
  const rooms = roomRows.map((r) => toRoom(r, []));

  const grids = await buildGrids(db, clock, facilities, rooms, query.from, query.to);
  const wanted = query.bands && query.bands.length > 0 ? new Set(query.bands) : undefined;
  const hits: SearchHit[] = [];
  for (const { room, days } of grids) {
    const facility = facilities.get(room.facilityId);
    if (!facility) continue;
    for (const day of days) {
      for (const cell of day.cells) {
        if (cell.state !== 'free' || (wanted && !wanted.has(cell.band))) continue;
        hits.push({
          date: day.date,
          band: cell.band,
          label: cell.label,
          labelEn: cell.labelEn,
          start: cell.start,
          end: cell.end,
          facility,
          room,
        });
      }
    }
  }

  // Rank rooms once (ward, facility reading, room name) so sorting the hits compares numbers, not
  // Japanese strings: a city-wide search has a thousand hits and collation is the costly part.
  const wardOrder = new Map(wards.map((w) => [w.id, Number(w.sort_order)]));
  const ranked = [...rooms].sort((a, b) => {
    const fa = facilities.get(a.facilityId);
    const fb = facilities.get(b.facilityId);
    return (
      (wardOrder.get(fa?.wardId ?? '') ?? 0) - (wardOrder.get(fb?.wardId ?? '') ?? 0) ||
      collator.compare(fa?.nameKana ?? '', fb?.nameKana ?? '') ||
      collator.compare(a.name, b.name) ||
      (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
    );
  });
  const roomRank = new Map(ranked.map((room, i) => [room.id, i]));
  hits.sort(
    (a, b) =>
      (a.date < b.date ? -1 : a.date > b.date ? 1 : 0) ||
      (a.start < b.start ? -1 : a.start > b.start ? 1 : 0) ||
      (roomRank.get(a.room.id) ?? 0) - (roomRank.get(b.room.id) ?? 0),
  );
  const limit = query.limit ?? DEFAULT_SEARCH_LIMIT;
  const page = hits.slice(0, limit);
  const shown = [...new Set(page.map((h) => h.room))];
  const equipment = groupBy(
    await facilityRepo.listEquipment(
      db,
      shown.map((r) => r.id),
    ),
    (e) => e.room_id,
  );
  for (const room of shown) room.equipment = toEquipmentList((equipment.get(room.id) ?? []).map((e) => e.code));
  return { hits: page, total: hits.length, truncated: hits.length > limit };
}
