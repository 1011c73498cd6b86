/**
 * The whole catalogue in memory, for the public read side (grid, availability JSON, search): wards,
 * facilities with hours, rooms with equipment, band schemes and closures. A few thousand rows for the city,
 * loaded in six queries and kept by the read model until a catalogue table changes
 * (platform/read-model/read-cache.ts). Its objects are frozen: a page that tried to change one would
 * change it for every later visitor, so it fails at once instead.
 */
import type { Db } from '../../db/database.ts';
import { groupBy } from '../../lib/collections.ts';
import type { ReadCache, UsedValues } from '../../platform/read-model/read-cache.ts';
import { type ClosureSpan, toClosureSpan } from './calendar.ts';
import * as repo from './facility.repository.ts';
import type { WardSummary } from './facility.service.ts';
import { type Band, type Facility, type Room, toBand, toFacility, toRoom, toWard, type Ward } from './facility.ts';

export interface Catalogue {
  /** In display order. */
  wards: readonly Ward[];
  wardsById: ReadonlyMap<string, Ward>;
  facilities: ReadonlyMap<string, Facility>;
  rooms: ReadonlyMap<string, Room>;
  /** Each facility's rooms in display order. */
  roomsByFacility: ReadonlyMap<string, readonly Room[]>;
  bandSchemes: ReadonlyMap<string, readonly Band[]>;
  /** Every closure notice, past and future, by facility. */
  closures: ReadonlyMap<string, readonly ClosureSpan[]>;
}

const NAME = 'facility-catalogue';

/** The catalogue, from memory when nothing changed; `used` records it for a cached response. */
export function readCatalogue(db: Db, readCache: ReadCache, used?: UsedValues): Promise<Catalogue> {
  return readCache.catalogue(NAME, () => loadCatalogue(db), used);
}

export async function loadCatalogue(db: Db): Promise<Catalogue> {
  const [wardRows, facilityRows, hours, roomRows, equipment, bandRows, closureRows] = await Promise.all([
    db.selectFrom('wards').selectAll().orderBy('sort_order').execute(),
    repo.listFacilityRows(db, {}),
    repo.listAllHours(db),
    db.selectFrom('rooms').selectAll().orderBy('facility_id').orderBy('sort_order').execute(),
    db.selectFrom('room_equipment').selectAll().execute(),
    db.selectFrom('bands').selectAll().orderBy('scheme_id').orderBy('sort_order').execute(),
    db.selectFrom('closures').selectAll().execute(),
  ]);
  const wards = wardRows.map((w) => Object.freeze(toWard(w)));
  const hoursByFacility = groupBy(hours, (h) => h.facility_id);
  const facilities = new Map(facilityRows.map((r) => [r.id, Object.freeze(toFacility(r, hoursByFacility.get(r.id) ?? []))]));
  const equipmentByRoom = groupBy(equipment, (e) => e.room_id);
  const rooms = roomRows.map((r) =>
    Object.freeze(
      toRoom(
        r,
        (equipmentByRoom.get(r.id) ?? []).map((e) => e.code),
      ),
    ),
  );
  const bandSchemes = new Map<string, Band[]>();
  for (const row of bandRows) {
    const list = bandSchemes.get(row.scheme_id) ?? [];
    list.push(Object.freeze(toBand(row)));
    bandSchemes.set(row.scheme_id, list);
  }
  const closures = new Map<string, ClosureSpan[]>();
  for (const r of closureRows) {
    const list = closures.get(r.facility_id) ?? [];
    list.push(Object.freeze(toClosureSpan(r)));
    closures.set(r.facility_id, list);
  }
  return {
    wards,
    wardsById: new Map(wards.map((w) => [w.id, w])),
    facilities,
    rooms: new Map(rooms.map((r) => [r.id, r])),
    roomsByFacility: groupBy(rooms, (r) => r.facilityId),
    bandSchemes,
    closures,
  };
}

/** The wards in display order with how many facilities each has (the home page's list). */
export function wardSummaries(catalogue: Catalogue): WardSummary[] {
  const counts = new Map<string, number>();
  for (const f of catalogue.facilities.values()) counts.set(f.wardId, (counts.get(f.wardId) ?? 0) + 1);
  return catalogue.wards.map((w) => ({ ...w, facilityCount: counts.get(w.id) ?? 0 }));
}
