/** Queries for the facility catalogue. Functions take the Kysely handle (or a transaction) first. */
import type { Db } from '../../db/database.ts';
import type { LocalDate } from '../../lib/time.ts';

export async function listWardsWithCounts(db: Db) {
  return db
    .selectFrom('wards')
    .leftJoin('facilities', 'facilities.ward_id', 'wards.id')
    .select(['wards.id', 'wards.name', 'wards.name_kana', 'wards.name_en', 'wards.sort_order'])
    .select((eb) => eb.fn.count<string | number>('facilities.id').as('facility_count'))
    .groupBy(['wards.id', 'wards.name', 'wards.name_kana', 'wards.name_en', 'wards.sort_order'])
    .orderBy('wards.sort_order')
    .execute();
}

export async function findWard(db: Db, id: string) {
  return db.selectFrom('wards').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function listFacilityRows(db: Db, filter: { wardId?: string | undefined; kind?: string | undefined }) {
  let q = db.selectFrom('facilities').selectAll();
  if (filter.wardId) q = q.where('ward_id', '=', filter.wardId);
  if (filter.kind) q = q.where('kind', '=', filter.kind);
  // Lifelong-learning centres first (one per ward), then citizen centres by reading (五十音順).
  return q.orderBy('ward_id').orderBy('kind', 'desc').orderBy('name_kana').orderBy('id').execute();
}

export async function findFacilityRow(db: Db, id: string) {
  return db.selectFrom('facilities').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function listHours(db: Db, facilityIds: readonly string[]) {
  if (facilityIds.length === 0) return [];
  return db.selectFrom('facility_hours').selectAll().where('facility_id', 'in', facilityIds).execute();
}

export async function listAllHours(db: Db) {
  return db.selectFrom('facility_hours').selectAll().execute();
}

export async function listRoomRows(db: Db, facilityIds: readonly string[]) {
  if (facilityIds.length === 0) return [];
  return db.selectFrom('rooms').selectAll().where('facility_id', 'in', facilityIds).orderBy('facility_id').orderBy('sort_order').execute();
}

export async function findRoomRow(db: Db, id: string) {
  return db.selectFrom('rooms').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function listEquipment(db: Db, roomIds: readonly string[]) {
  if (roomIds.length === 0) return [];
  return db.selectFrom('room_equipment').selectAll().where('room_id', 'in', roomIds).execute();
}

export async function listBands(db: Db, schemeIds: readonly string[]) {
  if (schemeIds.length === 0) return [];
  return db
    .selectFrom('bands')
    .selectAll()
    .where('scheme_id', 'in', [...new Set(schemeIds)])
    .orderBy('scheme_id')
    .orderBy('sort_order')
    .execute();
}

export async function listClosures(db: Db, facilityIds: readonly string[], from: LocalDate, to: LocalDate) {
  if (facilityIds.length === 0) return [];
  return db
    .selectFrom('closures')
    .selectAll()
    .where('facility_id', 'in', facilityIds)
    .where('starts_on', '<=', to)
    .where('ends_on', '>=', from)
    .execute();
}

export async function listFacilityRowsByIds(db: Db, ids: readonly string[]) {
  if (ids.length === 0) return [];
  return db.selectFrom('facilities').selectAll().where('id', 'in', ids).execute();
}

export async function listRoomRowsByIds(db: Db, ids: readonly string[]) {
  if (ids.length === 0) return [];
  return db.selectFrom('rooms').selectAll().where('id', 'in', ids).execute();
}
