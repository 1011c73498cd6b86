/**
 * What the data-migration tests need before their own rows: a ward w1 with one centre f1 and one room r1,
 * written with the columns of the first catalogue migration, so a database stopped at any later
 * migration takes them.
 */
import type { Kysely } from 'kysely';

export async function insertCentreWithRoom(db: Kysely<any>, at: string): Promise<void> {
  await db.insertInto('wards').values({ id: 'w1', name: 'テスト区', name_kana: 'テストク', name_en: 'Test', sort_order: 1 }).execute();
  await db.insertInto('band_schemes').values({ id: 'standard', name: '標準' }).execute();
  await db
    .insertInto('facilities')
    .values({
      id: 'f1',
      ward_id: 'w1',
      kind: 'citizen_centre',
      name: '市民センター',
      name_kana: 'シミン',
      address: '市',
      phone: '093',
      created_at: at,
      updated_at: at,
    })
    .execute();
  await db
    .insertInto('rooms')
    .values({ id: 'r1', facility_id: 'f1', name: '会議室', room_type: 'meeting', capacity: 10, band_scheme_id: 'standard', sort_order: 1 })
    .execute();
}
