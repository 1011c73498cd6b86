/** 2026-12-04-19-leases on both databases: notify_leases becomes leases with its rows, and back down again. */
import type { Kysely } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestDb, DIALECTS, pgAvailable, type TestDb } from '../../../test/db.ts';
import { migrateTo, migrateToLatest } from '../migrate.ts';

const lease = { name: 'notify-worker', holder: 'worker_1', expires_at: '2026-12-04T00:02:00.000Z' };

for (const dialect of DIALECTS) {
  describe.skipIf(dialect === 'postgres' && !pgAvailable())(`migration 2026-12-04-19-leases [${dialect}]`, () => {
    let t: TestDb | undefined;
    afterEach(async () => {
      await t?.destroy();
      t = undefined;
    });

    it('renames notify_leases to leases keeping a live lease, and back', async () => {
      t = await createTestDb(dialect, { migrate: false });
      await migrateTo(t.db, '2026-12-03-18-line');
      const db = t.db.kysely as unknown as Kysely<any>;
      await db.insertInto('notify_leases').values(lease).execute();
      expect(await migrateToLatest(t.db)).toContain('2026-12-04-19-leases');
      expect(await db.selectFrom('leases').selectAll().execute()).toEqual([lease]);
      await migrateTo(t.db, '2026-12-03-18-line');
      const tables = (await db.introspection.getTables()).map((x) => x.name);
      expect(tables).toContain('notify_leases');
      expect(tables).not.toContain('leases');
      expect(await db.selectFrom('notify_leases').selectAll().execute()).toEqual([lease]);
    });
  });
}
