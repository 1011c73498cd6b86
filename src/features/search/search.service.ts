/**
 * Cross-facility search: "a room for 20 people, Saturday afternoon, in 小倉北区" → the free cells that
 * match, across every facility. Static filters (ward, capacity, type, equipment) run in SQL; the calendar
 * and occupancy are then decided by the same grid builder the facility page uses, so the two never disagree.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { groupBy } from '../../lib/collections.ts';
import { InvalidInputError } from '../../lib/errors.ts';
import type { Clock, LocalDate } from '../../lib/time.ts';
import { buildGrids, rangeIssues } from '../availability/availability.service.ts';
import * as facilityRepo from '../facility/facility.repository.ts';
import type { Facility, Room } from '../facility/facility.ts';
import { toFacility, toRoom } from '../facility/facility.ts';

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

export async function searchFreeCells(db: Kysely<Database>, clock: Clock, query: SearchQuery): Promise<SearchResult> {
  const issues = rangeIssues(query.from, query.to, MAX_SEARCH_DAYS);
  if (query.wardId && !(await facilityRepo.findWard(db, query.wardId))) issues.push({ field: 'ward', key: 'errUnknownWard' });
  if (issues.length > 0) throw new InvalidInputError(issues);
  const roomRows = await facilityRepo.searchRoomRows(db, query);
  if (roomRows.length === 0) return { hits: [], total: 0, truncated: false };

  const facilityIds = [...new Set(roomRows.map((r) => r.facility_id))];
  const [facilityRows, hours, equipment, wards] = await Promise.all([
    facilityRepo.listFacilityRowsByIds(db, facilityIds),
    facilityRepo.listHours(db, facilityIds),
    facilityRepo.listEquipment(
      db,
      roomRows.map((r) => r.id),
    ),
    facilityRepo.listWardsWithCounts(db),
  ]);
  const hoursByFacility = groupBy(hours, (h) => h.facility_id);
  const facilities = new Map(facilityRows.map((f) => [f.id, toFacility(f, hoursByFacility.get(f.id) ?? [])]));
  const equipmentByRoom = groupBy(equipment, (e) => e.room_id);
  const rooms = roomRows.map((r) =>
    toRoom(
      r,
      (equipmentByRoom.get(r.id) ?? []).map((e) => e.code),
    ),
  );

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

  const wardOrder = new Map(wards.map((w) => [w.id, Number(w.sort_order)]));
  hits.sort(
    (a, b) =>
      a.date.localeCompare(b.date) ||
      a.start.localeCompare(b.start) ||
      (wardOrder.get(a.facility.wardId) ?? 0) - (wardOrder.get(b.facility.wardId) ?? 0) ||
      collator.compare(a.facility.nameKana, b.facility.nameKana) ||
      collator.compare(a.room.name, b.room.name) ||
      a.room.id.localeCompare(b.room.id),
  );
  const limit = query.limit ?? DEFAULT_SEARCH_LIMIT;
  return { hits: hits.slice(0, limit), total: hits.length, truncated: hits.length > limit };
}
