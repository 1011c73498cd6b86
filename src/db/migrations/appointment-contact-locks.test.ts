/**
 * 2026-12-08-23-appointment-contact-locks on both databases: up creates the lock table with its key
 * unique (an upsert on it is what serialises one caller's bookings); down drops it, and up again works.
 */
import type { Kysely } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestDb, DIALECTS, pgAvailable, type TestDb } from '../../../test/db.ts';
import { migrateTo, migrateToLatest } from '../migrate.ts';

const BEFORE = '2026-12-07-22-appointment-changes';

for (const dialect of DIALECTS) {
  describe.skipIf(dialect === 'postgres' && !pgAvailable())(`migration 2026-12-08-23-appointment-contact-locks [${dialect}]`, () => {
    let t: TestDb | undefined;
    afterEach(async () => {
      await t?.destroy();
      t = undefined;
    });

    it('creates the table with a unique key, drops it, and creates it again', async () => {
      t = await createTestDb(dialect, { migrate: false });
      await migrateTo(t.db, BEFORE);
      await migrateToLatest(t.db);
      const db = t.db.kysely as unknown as Kysely<any>;
      const lock = (at: string) =>
        db
          .insertInto('appointment_contact_locks')
          .values({ key: 'k1', locked_at: at })
          .onConflict((oc: any) => oc.column('key').doUpdateSet({ locked_at: at }))
          .execute();
      await lock('2026-12-08T00:00:00Z');
      await lock('2026-12-08T00:01:00Z');
      expect(await db.selectFrom('appointment_contact_locks').selectAll().execute()).toEqual([
        { key: 'k1', locked_at: '2026-12-08T00:01:00Z' },
      ]);
      await expect(db.insertInto('appointment_contact_locks').values({ key: 'k1', locked_at: 'x' }).execute()).rejects.toThrow();
      await migrateTo(t.db, BEFORE);
      await expect(db.selectFrom('appointment_contact_locks').selectAll().execute()).rejects.toThrow();
      await migrateToLatest(t.db);
      expect(await db.selectFrom('appointment_contact_locks').selectAll().execute()).toEqual([]);
    });
  });
}
