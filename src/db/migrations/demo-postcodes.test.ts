/**
 * 2026-12-02-09-demo-postcodes on a demo database seeded before postcodes had seven digits: the demo's
 * 〒802-050 becomes 〒802-0050, as a fresh seed writes it; a real city's facilities are left alone.
 */
import type { Kysely } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestDb, DIALECTS, pgAvailable, type TestDb } from '../../../test/db.ts';
import { migrateTo, migrateToLatest } from '../migrate.ts';

const AT = '2026-11-30T00:00:00.000Z';

async function insertFacilities(db: Kysely<any>) {
  await db.insertInto('wards').values({ id: 'w1', name: 'テスト区', name_kana: 'テストク', name_en: 'Test', sort_order: 1 }).execute();
  const base = {
    ward_id: 'w1',
    kind: 'citizen_centre',
    name_kana: 'テスト',
    address: '北九州市',
    phone: '093',
    created_at: AT,
    updated_at: AT,
  };
  await db
    .insertInto('facilities')
    .values([
      { ...base, id: 'demo-old', name: '旧デモ', postcode: '802-050', is_demo: 1 },
      { ...base, id: 'demo-new', name: '新デモ', postcode: '802-0050', is_demo: 1 },
      { ...base, id: 'real', name: '実在', postcode: '802-050', is_demo: 0 },
      { ...base, id: 'none', name: '郵便番号なし', postcode: null, is_demo: 1 },
    ])
    .execute();
}

for (const dialect of DIALECTS) {
  describe.skipIf(dialect === 'postgres' && !pgAvailable())(`2026-12-02-09-demo-postcodes [${dialect}]`, () => {
    let t: TestDb | undefined;
    afterEach(async () => {
      await t?.destroy();
    });

    it('gives the demo facilities seven-digit postcodes and touches nothing else', async () => {
      t = await createTestDb(dialect, { migrate: false });
      await migrateTo(t.db, '2026-12-02-08-group-rules');
      await insertFacilities(t.db.kysely as Kysely<any>);
      expect(await migrateToLatest(t.db)).toContain('2026-12-02-09-demo-postcodes');
      const rows = await t.db.kysely.selectFrom('facilities').select(['id', 'postcode']).orderBy('id').execute();
      expect(rows).toEqual([
        { id: 'demo-new', postcode: '802-0050' },
        { id: 'demo-old', postcode: '802-0050' },
        { id: 'none', postcode: null },
        { id: 'real', postcode: '802-050' },
      ]);
    });
  });
}
