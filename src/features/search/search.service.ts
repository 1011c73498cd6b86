/**
 * Cross-facility search: "a room for 20 people, Saturday afternoon, in 小倉北区" → the free cells that
 * match, across every facility. Static filters (ward, capacity, type, equipment) run on the catalogue in
 * memory; the calendar and occupancy are then decided by the same grid builder the facility page uses (from
 * the read model), so the two never disagree.
 */
import { InvalidInputError } from '../../lib/errors.ts';
import type { LocalDate } from '../../lib/time.ts';
import { catalogueFor, type PublicReader, readGrids } from '../availability/availability.read-model.ts';
import { rangeIssues } from '../availability/availability.service.ts';
import type { Catalogue } from '../facility/catalogue.ts';
import type { Equipment, Facility, Room } from '../facility/facility.ts';

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

export async function searchFreeCells(reader: PublicReader, query: SearchQuery): Promise<SearchResult> {
  const issues = rangeIssues(query.from, query.to, MAX_SEARCH_DAYS);
  const catalogue = await catalogueFor(reader);
  if (query.wardId && !catalogue.wardsById.has(query.wardId)) issues.push({ field: 'ward', key: 'errUnknownWard' });
  if (issues.length > 0) throw new InvalidInputError(issues);
  const rooms = [...catalogue.rooms.values()].filter((room) => matchesStatic(catalogue, room, query));
  if (rooms.length === 0) return { hits: [], total: 0, truncated: false };

  const grids = await readGrids(reader, catalogue, rooms, query.from, query.to);
  const wanted = query.bands && query.bands.length > 0 ? new Set(query.bands) : undefined;
  const hits: SearchHit[] = [];
  for (const { room, days } of grids) {
    const facility = catalogue.facilities.get(room.facilityId);
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

  const roomRank = await reader.readCache.catalogue('search-room-rank', async () => rankRooms(catalogue), reader.used);
  hits.sort(
    (a, b) =>
      (a.date < b.date ? -1 : a.date > b.date ? 1 : 0) ||
      (a.start < b.start ? -1 : a.start > b.start ? 1 : 0) ||
      (roomRank.get(a.room.id) ?? 0) - (roomRank.get(b.room.id) ?? 0),
  );
  const limit = query.limit ?? DEFAULT_SEARCH_LIMIT;
  return { hits: hits.slice(0, limit), total: hits.length, truncated: hits.length > limit };
}

/** The static part of a search (ward, capacity, type, equipment), decided on the catalogue. */
function matchesStatic(catalogue: Catalogue, room: Room, query: SearchQuery): boolean {
  if (query.minCapacity !== undefined && room.capacity < query.minCapacity) return false;
  if (query.roomType && room.roomType !== query.roomType) return false;
  if (query.equipment?.some((code) => !room.equipment.includes(code as Equipment))) return false;
  return !query.wardId || catalogue.facilities.get(room.facilityId)?.wardId === query.wardId;
}

/**
 * Every room's place in the results (ward, facility reading, room name), computed once per catalogue so
 * sorting the hits compares numbers, not Japanese strings: collation is the costly part.
 */
function rankRooms(catalogue: Catalogue): Map<string, number> {
  const wardOrder = new Map(catalogue.wards.map((w, i) => [w.id, i]));
  const ranked = [...catalogue.rooms.values()].sort((a, b) => {
    const fa = catalogue.facilities.get(a.facilityId);
    const fb = catalogue.facilities.get(b.facilityId);
    return (
      (wardOrder.get(fa?.wardId ?? '') ?? 0) - (wardOrder.get(fb?.wardId ?? '') ?? 0) ||
      collator.compare(fa?.nameKana ?? '', fb?.nameKana ?? '') ||
      collator.compare(a.name, b.name) ||
      (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
    );
  });
  return new Map(ranked.map((room, i) => [room.id, i]));
}
