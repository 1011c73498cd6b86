/** Read side of the catalogue: wards, facilities with hours, rooms with equipment and band schemes. */
import type { Db } from '../../db/database.ts';
import { groupBy } from '../../lib/collections.ts';
import { NotFoundError } from '../../lib/errors.ts';
import * as repo from './facility.repository.ts';
import { type Band, type Facility, type Room, toBand, toFacility, toRoom, toWard, type Ward } from './facility.ts';

export interface WardSummary extends Ward {
  facilityCount: number;
}

export async function listWards(db: Db): Promise<WardSummary[]> {
  const rows = await repo.listWardsWithCounts(db);
  return rows.map((r) => ({ ...toWard(r), facilityCount: Number(r.facility_count) }));
}

export async function getWard(db: Db, id: string): Promise<Ward> {
  const row = await repo.findWard(db, id);
  if (!row) throw new NotFoundError('ward');
  return toWard(row);
}

export async function listFacilities(db: Db, filter: { wardId?: string | undefined; kind?: string | undefined } = {}): Promise<Facility[]> {
  const rows = await repo.listFacilityRows(db, filter);
  const hours =
    filter.wardId || filter.kind
      ? await repo.listHours(
          db,
          rows.map((r) => r.id),
        )
      : await repo.listAllHours(db);
  const byFacility = groupBy(hours, (h) => h.facility_id);
  return rows.map((r) => toFacility(r, byFacility.get(r.id) ?? []));
}

/** Facilities with their opening hours, by id (unknown ids are left out). */
export async function loadFacilitiesByIds(db: Db, ids: readonly string[]): Promise<Map<string, Facility>> {
  if (ids.length === 0) return new Map();
  const [rows, hours] = await Promise.all([repo.listFacilityRowsByIds(db, ids), repo.listHours(db, ids)]);
  const byFacility = groupBy(hours, (h) => h.facility_id);
  return new Map(rows.map((r) => [r.id, toFacility(r, byFacility.get(r.id) ?? [])]));
}

export async function loadRooms(db: Db, facilityIds: readonly string[]): Promise<Room[]> {
  const rows = await repo.listRoomRows(db, facilityIds);
  const equipment = groupBy(
    await repo.listEquipment(
      db,
      rows.map((r) => r.id),
    ),
    (e) => e.room_id,
  );
  return rows.map((r) =>
    toRoom(
      r,
      (equipment.get(r.id) ?? []).map((e) => e.code),
    ),
  );
}

/** Band schemes by id, each with its bands in display order. */
export async function loadBandSchemes(db: Db, schemeIds: readonly string[]): Promise<Map<string, Band[]>> {
  const rows = await repo.listBands(db, schemeIds);
  const out = new Map<string, Band[]>();
  for (const row of rows) {
    const list = out.get(row.scheme_id) ?? [];
    list.push(toBand(row));
    out.set(row.scheme_id, list);
  }
  return out;
}

export interface FacilityDetail {
  facility: Facility;
  ward: Ward;
  rooms: readonly Room[];
  bandSchemes: ReadonlyMap<string, readonly Band[]>;
}

export async function getFacilityDetail(db: Db, id: string): Promise<FacilityDetail> {
  const row = await repo.findFacilityRow(db, id);
  if (!row) throw new NotFoundError('facility');
  const [hours, rooms, ward] = await Promise.all([repo.listHours(db, [id]), loadRooms(db, [id]), repo.findWard(db, row.ward_id)]);
  if (!ward) throw new NotFoundError('ward');
  const bandSchemes = await loadBandSchemes(
    db,
    rooms.map((r) => r.bandSchemeId),
  );
  return { facility: toFacility(row, hours), ward: toWard(ward), rooms, bandSchemes };
}
