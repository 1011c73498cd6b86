/**
 * Queries of the 校区 data: school districts, the 町丁目 → 校区 table, and the bodies of a 校区 (its
 * community council and the associations under it). Writes take a transaction.
 */
import type { Insertable } from 'kysely';
import type { Db, Trx } from '../../db/database.ts';
import type { DistrictAreaTable, SchoolDistrictTable } from '../../db/schema.ts';

export async function listWardNames(db: Db) {
  return db.selectFrom('wards').select(['id', 'name', 'name_en']).orderBy('sort_order').execute();
}

export async function listSchoolDistricts(db: Db, wardId?: string) {
  let query = db.selectFrom('school_districts').selectAll();
  if (wardId) query = query.where('ward_id', '=', wardId);
  return query.orderBy('ward_id').orderBy('sort_order').orderBy('name').execute();
}

export async function findSchoolDistrict(db: Db, id: string) {
  return db.selectFrom('school_districts').selectAll().where('id', '=', id).executeTakeFirst();
}

/** 町丁目 rows with the 校区 each belongs to: what both lookups answer with. */
function areasWithDistrict(db: Db) {
  return db
    .selectFrom('district_areas')
    .innerJoin('school_districts', 'school_districts.id', 'district_areas.school_district_id')
    .select([
      'district_areas.id',
      'district_areas.ward_id',
      'district_areas.town',
      'district_areas.town_key',
      'district_areas.postcode',
      'school_districts.id as district_id',
      'school_districts.name as district_name',
      'school_districts.name_kana as district_name_kana',
    ]);
}

/** 町丁目 whose folded key is one of the keys, optionally in one ward, with their 校区. */
export async function findAreasByTownKeys(db: Db, keys: readonly string[], wardId?: string) {
  if (keys.length === 0) return [];
  let query = areasWithDistrict(db).where('district_areas.town_key', 'in', keys);
  if (wardId) query = query.where('district_areas.ward_id', '=', wardId);
  return query.orderBy('district_areas.ward_id').orderBy('district_areas.town').execute();
}

export async function findAreasByPostcode(db: Db, postcode: string) {
  return areasWithDistrict(db).where('district_areas.postcode', '=', postcode).orderBy('district_areas.town').execute();
}

/** The registry's community council of a 校区, if one is registered. */
export async function findCouncilOfDistrict(db: Db, schoolDistrictId: string) {
  return db
    .selectFrom('organisations')
    .selectAll()
    .where('official', '=', 1)
    .where('kind', '=', 'community_council')
    .where('school_district_id', '=', schoolDistrictId)
    .orderBy('id')
    .executeTakeFirst();
}

export async function listSchoolDistrictsByKey(db: Db) {
  return db.selectFrom('school_districts').select(['id', 'ward_id', 'name', 'name_kana', 'sort_order']).execute();
}

export async function listAreasByKey(db: Db) {
  return db.selectFrom('district_areas').select(['id', 'ward_id', 'town_key', 'town', 'school_district_id', 'postcode']).execute();
}

export async function insertSchoolDistricts(trx: Trx, rows: Insertable<SchoolDistrictTable>[]) {
  if (rows.length > 0) await trx.insertInto('school_districts').values(rows).execute();
}

export async function updateSchoolDistrict(trx: Trx, id: string, values: { name_kana: string; sort_order: number }) {
  await trx.updateTable('school_districts').set(values).where('id', '=', id).execute();
}

export async function insertAreas(trx: Trx, rows: Insertable<DistrictAreaTable>[]) {
  if (rows.length > 0) await trx.insertInto('district_areas').values(rows).execute();
}

export async function updateArea(trx: Trx, id: string, values: { town: string; school_district_id: string; postcode: string | null }) {
  await trx.updateTable('district_areas').set(values).where('id', '=', id).execute();
}
