/**
 * 2026-12-02-06-text-as-typed on rows written the old way: a database migrated up to the insights
 * migration gets damaged rows (columns as they were then), then the rest of the migrations run.
 */
import type { Kysely } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestDb, DIALECTS, pgAvailable, type TestDb } from '../../../test/db.ts';
import { migrateTo, migrateToLatest } from '../migrate.ts';
import { restoreLongVowelMarks } from './2026-12-02-06-text-as-typed.ts';

const AT = '2026-11-30T00:00:00.000Z';

describe('the long vowel rule', () => {
  it('restores ー after kana, chains included, and leaves hyphens between letters and digits', () => {
    expect(restoreLongVowelMarks('サ-クル')).toBe('サークル');
    expect(restoreLongVowelMarks('プロ-ブ')).toBe('プローブ');
    expect(restoreLongVowelMarks('ス-パ-')).toBe('スーパー');
    expect(restoreLongVowelMarks('ら-めん部 コ--ヒ-')).toBe('らーめん部 コーーヒー');
    expect(restoreLongVowelMarks('ル-ムA-2 093-582-1234 第2-3会議室 カラオケ-A')).toBe('ルームA-2 093-582-1234 第2-3会議室 カラオケ-A');
  });
});

/** Rows as the old normalisation stored them, with the columns of the schema at 2026-12-01-05-insights. */
async function insertDamagedRows(db: Kysely<any>) {
  await db.insertInto('wards').values({ id: 'w1', name: 'テスト区', name_kana: 'テストク', name_en: 'Test', sort_order: 1 }).execute();
  await db.insertInto('band_schemes').values({ id: 'standard', name: '標準' }).execute();
  await db
    .insertInto('facilities')
    .values({
      id: 'f1',
      ward_id: 'w1',
      kind: 'citizen_centre',
      name: 'テ-ブル市民センター',
      name_kana: 'テ-ブル',
      address: '北九州市',
      phone: '093',
      created_at: AT,
      updated_at: AT,
    })
    .execute();
  await db
    .insertInto('rooms')
    .values({ id: 'r1', facility_id: 'f1', name: 'ホ-ル', room_type: 'hall', capacity: 10, band_scheme_id: 'standard', sort_order: 1 })
    .execute();
  const user = { number: '', phone: '093-582-1234', residency: 'resident', created_at: AT, updated_at: AT };
  await db
    .insertInto('users')
    .values([
      {
        ...user,
        id: 'u1',
        number: '10000001',
        name: 'ス-パ- 花子',
        name_kana: 'スーパー ハナコ',
        multipurpose_note: 'サ-クル活動の実績が確認できません',
      },
      { ...user, id: 'u2', number: '10000002', name: 'ル-ムA-2 係', name_kana: 'カカリ', multipurpose_note: null },
    ])
    .execute();
  await db
    .insertInto('groups')
    .values({ id: 'g1', name: 'プロ-ブ・サ-クル', type: 'circle', member_count: 5, representative_id: 'u1', created_at: AT })
    .execute();
  const reservation = {
    room_id: 'r1',
    date: '2026-12-01',
    status: 'confirmed',
    category: 'general',
    attendees: 3,
    channel: 'web',
    created_at: AT,
    user_id: 'u1',
  };
  const feeDetail = {
    base: 1000,
    multipliers: [],
    gross: 1000,
    reductionPercent: 50,
    reductionReason: { ja: 'サ-クル支援', en: 'サ-クル支援' },
    total: 500,
  };
  await db
    .insertInto('reservations')
    .values([
      { ...reservation, id: 'rs1', number: '2612-000001', purpose: 'コ-ラスの練習', fee_detail: JSON.stringify(feeDetail) },
      { ...reservation, id: 'rs2', number: '2612-000002', purpose: '第2-3回 会議', fee_detail: null },
    ])
    .execute();
  await db
    .insertInto('lottery_entries')
    .values({
      id: 'le1',
      month: '2027-02',
      booker_key: 'u:u1',
      user_id: 'u1',
      purpose: 'ダンス-ホ-ル',
      attendees: 4,
      category: 'general',
      channel: 'web',
      created_at: AT,
    })
    .execute();
  await db
    .insertInto('closures')
    .values({
      id: 'c1',
      facility_id: 'f1',
      starts_on: '2026-12-10',
      ends_on: '2026-12-10',
      reason: 'maintenance',
      note: 'エレベ-タ-点検',
      created_at: AT,
    })
    .execute();
  await db.insertInto('api_tokens').values({ id: 't1', user_id: 'u1', token_hash: 'h', name: 'エクセル-の集計', created_at: AT }).execute();
}

for (const dialect of DIALECTS) {
  describe.skipIf(dialect === 'postgres' && !pgAvailable())(`2026-12-02-06-text-as-typed [${dialect}]`, () => {
    let t: TestDb | undefined;
    afterEach(async () => {
      await t?.destroy();
    });

    it('repairs the long vowel marks in the free-text columns the old normalisation went through, and nothing else', async () => {
      t = await createTestDb(dialect, { migrate: false });
      expect((await migrateTo(t.db, '2026-12-01-05-insights')).at(-1)).toBe('2026-12-01-05-insights');
      const db = t.db.kysely as Kysely<any>;
      await insertDamagedRows(db);
      expect(await migrateToLatest(t.db)).toContain('2026-12-02-06-text-as-typed');

      const one = async (table: string, id: string, columns: string[]) =>
        db.selectFrom(table).select(columns).where('id', '=', id).executeTakeFirstOrThrow();
      expect(await one('users', 'u1', ['name', 'multipurpose_note'])).toEqual({
        name: 'スーパー 花子',
        multipurpose_note: 'サークル活動の実績が確認できません',
      });
      expect(await one('users', 'u2', ['name'])).toEqual({ name: 'ルームA-2 係' });
      expect(await one('organisations', 'g1', ['name'])).toEqual({ name: 'プローブ・サークル' });
      const rs1 = await one('reservations', 'rs1', ['purpose', 'fee_detail']);
      expect(rs1.purpose).toBe('コーラスの練習');
      expect(JSON.parse(rs1.fee_detail)).toMatchObject({ reductionReason: { ja: 'サークル支援', en: 'サークル支援' }, total: 500 });
      expect(await one('reservations', 'rs2', ['purpose', 'fee_detail'])).toEqual({ purpose: '第2-3回 会議', fee_detail: null });
      expect(await one('lottery_entries', 'le1', ['purpose'])).toEqual({ purpose: 'ダンスーホール' });
      expect(await one('closures', 'c1', ['note'])).toEqual({ note: 'エレベーター点検' });
      expect(await one('api_tokens', 't1', ['name'])).toEqual({ name: 'エクセルーの集計' });
      // Never went through the mapping: left exactly as they are.
      expect(await one('users', 'u1', ['phone'])).toEqual({ phone: '093-582-1234' });
      expect(await one('facilities', 'f1', ['name', 'name_kana'])).toEqual({ name: 'テ-ブル市民センター', name_kana: 'テ-ブル' });
      expect(await one('rooms', 'r1', ['name'])).toEqual({ name: 'ホ-ル' });
    });

    it('repairs more rows than one batch holds', async () => {
      t = await createTestDb(dialect, { migrate: false });
      await migrateTo(t.db, '2026-12-01-05-insights');
      const db = t.db.kysely as Kysely<any>;
      const rows = Array.from({ length: 1203 }, (_, i) => ({
        id: `u${String(i).padStart(5, '0')}`,
        number: String(20_000_000 + i),
        name: i % 2 === 0 ? `サ-クル${i}` : `利用者${i}`,
        name_kana: 'リヨウシャ',
        phone: '093',
        residency: 'resident',
        created_at: AT,
        updated_at: AT,
      }));
      for (let i = 0; i < rows.length; i += 200)
        await db
          .insertInto('users')
          .values(rows.slice(i, i + 200))
          .execute();
      await migrateToLatest(t.db);
      const left = await db.selectFrom('users').select('name').where('name', 'like', '%-%').execute();
      expect(left).toEqual([]);
      const repaired = await db.selectFrom('users').select('name').where('name', 'like', 'サークル%').execute();
      expect(repaired).toHaveLength(602);
    });
  });
}
