/**
 * 2026-12-03-16-organisation-registry on rows written at 2026-12-03-13: every 町丁目 gets its folded key
 * (中央一丁目 → 中央1丁目), and a second 校区 of the same name in a ward is refused from then on.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createTestDb, DIALECTS, pgAvailable, type TestDb } from '../../../test/db.ts';
import { migrateTo, migrateToLatest } from '../migrate.ts';

describe.each(DIALECTS)('migration 2026-12-03-16 [%s]', (dialect) => {
  let t: TestDb | undefined;
  afterEach(async () => {
    await t?.destroy();
    t = undefined;
  });

  it.skipIf(dialect === 'postgres' && !pgAvailable())(
    'fills town_key for existing 町丁目 and makes 校区 unique per ward and name',
    async () => {
      t = await createTestDb(dialect, { migrate: false });
      await migrateTo(t.db, '2026-12-03-13-organisations');
      const db = t.db.kysely as any;
      await db.insertInto('wards').values({ id: 'w1', name: 'テスト区', name_kana: 'テストク', name_en: 'Test', sort_order: 1 }).execute();
      await db
        .insertInto('school_districts')
        .values({ id: 'sd1', ward_id: 'w1', name: '中央小学校区', name_kana: 'ちゅうおう', sort_order: 1 })
        .execute();
      await db
        .insertInto('district_areas')
        .values([
          { id: 'a1', ward_id: 'w1', town: '中央一丁目', school_district_id: 'sd1', postcode: null },
          { id: 'a2', ward_id: 'w1', town: '中央１２丁目', school_district_id: 'sd1', postcode: null },
          { id: 'a3', ward_id: 'w1', town: '城内', school_district_id: 'sd1', postcode: null },
        ])
        .execute();
      await migrateToLatest(t.db);
      const keys = await t.db.kysely.selectFrom('district_areas').select(['id', 'town_key']).orderBy('id').execute();
      expect(keys).toEqual([
        { id: 'a1', town_key: '中央1丁目' },
        { id: 'a2', town_key: '中央12丁目' },
        { id: 'a3', town_key: '城内' },
      ]);
      await expect(
        t.db.kysely
          .insertInto('school_districts')
          .values({ id: 'sd2', ward_id: 'w1', name: '中央小学校区', name_kana: 'ちゅうおう' })
          .execute(),
      ).rejects.toThrow();
    },
  );
});
