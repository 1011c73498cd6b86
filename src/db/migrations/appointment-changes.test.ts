/**
 * 2026-12-07-22-appointment-changes on both databases: up adds the change key, the time of the last
 * change and the reminder's secret hash to appointments (rows written before keep them empty); down
 * removes them and leaves the appointments as they were (up again works).
 */
import type { Kysely } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestDb, DIALECTS, pgAvailable, type TestDb } from '../../../test/db.ts';
import { migrateTo, migrateToLatest } from '../migrate.ts';

const BEFORE = '2026-12-06-21-appointments';
const ADDED = ['change_key', 'changed_at', 'reminder_secret_hash'];

for (const dialect of DIALECTS) {
  describe.skipIf(dialect === 'postgres' && !pgAvailable())(`migration 2026-12-07-22-appointment-changes [${dialect}]`, () => {
    let t: TestDb | undefined;
    afterEach(async () => {
      await t?.destroy();
      t = undefined;
    });

    it('adds the columns, keeps earlier rows, and takes them away again', async () => {
      t = await createTestDb(dialect, { migrate: false });
      await migrateTo(t.db, BEFORE);
      const db = t.db.kysely as unknown as Kysely<any>;
      await db
        .insertInto('organisations')
        .values({
          id: 'o1',
          name: '区役所',
          type: 'community',
          member_count: 0,
          created_at: '2026-12-06T00:00:00Z',
          kind: 'ward_office',
          official: 1,
        })
        .execute();
      await db
        .insertInto('appointments')
        .values({
          id: 'a1',
          number: '12345678',
          secret_hash: 'h',
          office_id: 'o1',
          name: '窓口 花子',
          name_kana: 'マドグチ ハナコ',
          channel: 'web',
          date: '2026-12-08',
          starts: '10:00',
          created_at: '2026-12-06T00:00:00Z',
        })
        .execute();
      const columns = async () =>
        (await db.introspection.getTables()).find((x) => x.name === 'appointments')?.columns.map((c) => c.name) ?? [];
      expect(await migrateToLatest(t.db)).toContain('2026-12-07-22-appointment-changes');
      expect(await columns()).toEqual(expect.arrayContaining(ADDED));
      expect(await db.selectFrom('appointments').select(ADDED).where('id', '=', 'a1').executeTakeFirst()).toEqual({
        change_key: null,
        changed_at: null,
        reminder_secret_hash: null,
      });
      await migrateTo(t.db, BEFORE);
      expect((await columns()).filter((c) => ADDED.includes(c))).toEqual([]);
      expect((await db.selectFrom('appointments').select('number').execute()).map((r) => r.number)).toEqual(['12345678']);
      expect(await migrateToLatest(t.db)).toContain('2026-12-07-22-appointment-changes');
    });
  });
}
