/**
 * 2026-12-09-25-association-joining on both databases: a passcode's code is unique (revoked ones too); a
 * household has at most one pending join request but any number of decided ones; down drops the tables
 * and up again works.
 */
import type { Kysely } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestDb, DIALECTS, pgAvailable, type TestDb } from '../../../test/db.ts';
import { makeUser } from '../../../test/factories.ts';
import { makeAssociation, makePaperHousehold } from '../../platform/household/household-fixtures.test-helpers.ts';
import { migrateTo, migrateToLatest } from '../migrate.ts';

const BEFORE = '2026-12-08-24-message-qr';
const AT = '2026-12-09T00:00:00.000Z';

for (const dialect of DIALECTS) {
  describe.skipIf(dialect === 'postgres' && !pgAvailable())(`migration 2026-12-09-25-association-joining [${dialect}]`, () => {
    let t: TestDb | undefined;
    afterEach(async () => {
      await t?.destroy();
      t = undefined;
    });

    it('keeps codes unique and one pending request per household; drops and creates the tables again', async () => {
      t = await createTestDb(dialect);
      const db = t.db.kysely as unknown as Kysely<any>;
      const association = await makeAssociation(t.db.kysely);
      const user = await makeUser(t.db.kysely);
      const household = await makePaperHousehold(t.db.kysely, { address: '中央1-1-1', people: [['住民', 'ジュウミン']] });
      const code = (id: string, revoked: string | null) =>
        db
          .insertInto('association_passcodes')
          .values({
            id,
            code: '12345678',
            association_id: association.id,
            han_id: null,
            created_by: user.id,
            created_at: AT,
            revoked_at: revoked,
          })
          .execute();
      await code('apc_1', AT);
      await expect(code('apc_2', null)).rejects.toThrow();

      const request = (id: string, status: string) =>
        db
          .insertInto('association_join_requests')
          .values({
            id,
            association_id: association.id,
            han_id: null,
            household_id: household.id,
            passcode_id: 'apc_1',
            requested_by: user.id,
            status,
            created_at: AT,
          })
          .execute();
      await request('r1', 'declined');
      await request('r2', 'declined');
      await request('r3', 'pending');
      await expect(request('r4', 'pending')).rejects.toThrow();
      await expect(request('r5', 'maybe')).rejects.toThrow();

      await migrateTo(t.db, BEFORE);
      await expect(db.selectFrom('association_passcodes').selectAll().execute()).rejects.toThrow();
      await migrateToLatest(t.db);
      expect(await db.selectFrom('association_join_requests').selectAll().execute()).toEqual([]);
    });
  });
}
