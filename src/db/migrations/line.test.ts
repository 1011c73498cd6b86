/**
 * 2026-12-03-18-line on both databases: it runs up from the previous schema and down again, and its
 * unique rules hold — one LINE account per person, one person per LINE account, one live code per hash,
 * one row per webhook event.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createTestDb, DIALECTS, pgAvailable, type TestDb } from '../../../test/db.ts';
import { isUniqueViolation } from '../errors.ts';
import { migrateTo, migrateToLatest } from '../migrate.ts';

const AT = '2026-12-03T00:00:00.000Z';
const user = (id: string, number: string) => ({
  id,
  number,
  name: '利用者',
  name_kana: 'リヨウシャ',
  phone: '093',
  residency: 'resident',
  created_at: AT,
  updated_at: AT,
});

async function refused(run: () => Promise<unknown>): Promise<boolean> {
  try {
    await run();
    return false;
  } catch (error) {
    return isUniqueViolation(error);
  }
}

for (const dialect of DIALECTS) {
  describe.skipIf(dialect === 'postgres' && !pgAvailable())(`migration 2026-12-03-18-line [${dialect}]`, () => {
    let t: TestDb | undefined;
    afterEach(async () => {
      await t?.destroy();
      t = undefined;
    });

    it('runs up and down from the previous schema', async () => {
      t = await createTestDb(dialect, { migrate: false });
      await migrateTo(t.db, '2026-12-03-16-organisation-registry');
      expect(await migrateToLatest(t.db)).toContain('2026-12-03-18-line');
      const db = t.db.kysely;
      expect(await db.selectFrom('line_links').selectAll().execute()).toEqual([]);
      await migrateTo(t.db, '2026-12-03-16-organisation-registry');
      const tables = (await db.introspection.getTables()).map((x) => x.name);
      expect(tables.filter((n) => n.startsWith('line_'))).toEqual([]);
      await migrateToLatest(t.db);
      expect((await db.introspection.getTables()).map((x) => x.name)).toEqual(
        expect.arrayContaining(['line_links', 'line_link_codes', 'line_followers', 'line_webhook_events']),
      );
    });

    it('keeps one LINE account per person and one person per LINE account', async () => {
      t = await createTestDb(dialect);
      const db = t.db.kysely;
      await db
        .insertInto('users')
        .values([user('u1', '30000001'), user('u2', '30000002')])
        .execute();
      await db.insertInto('line_links').values({ user_id: 'u1', line_user_id: 'Ua', linked_at: AT }).execute();
      expect(await refused(() => db.insertInto('line_links').values({ user_id: 'u2', line_user_id: 'Ua', linked_at: AT }).execute())).toBe(
        true,
      );
      expect(await refused(() => db.insertInto('line_links').values({ user_id: 'u1', line_user_id: 'Ub', linked_at: AT }).execute())).toBe(
        true,
      );
      await db.insertInto('line_link_codes').values({ user_id: 'u1', code_hash: 'h', expires_at: AT, created_at: AT }).execute();
      expect(
        await refused(() =>
          db.insertInto('line_link_codes').values({ user_id: 'u2', code_hash: 'h', expires_at: AT, created_at: AT }).execute(),
        ),
      ).toBe(true);
      await db.insertInto('line_webhook_events').values({ webhook_event_id: 'e1', received_at: AT }).execute();
      expect(await refused(() => db.insertInto('line_webhook_events').values({ webhook_event_id: 'e1', received_at: AT }).execute())).toBe(
        true,
      );
      await db
        .insertInto('line_followers')
        .values({ line_user_id: 'Ua', followed_at: AT, unfollowed_at: null, code_failures_since: null })
        .execute();
      expect((await db.selectFrom('line_followers').select('code_failures').executeTakeFirstOrThrow()).code_failures).toBe(0);
    });
  });
}
