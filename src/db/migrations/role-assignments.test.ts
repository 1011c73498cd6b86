/**
 * 2026-12-03-14-role-assignments on a database of the previous schema: clerks, ward officers and admins
 * written the old way (users.role with staff_facility_id / staff_ward_id) become one assignment each;
 * residents none; every user row is accounted for, and the old columns are left as they were.
 */
import type { Kysely } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestDb, DIALECTS, pgAvailable, type TestDb } from '../../../test/db.ts';
import { migrateTo, migrateToLatest } from '../migrate.ts';

const AT = '2026-11-30T00:00:00.000Z';

async function insertOldStaff(db: Kysely<any>) {
  await db.insertInto('wards').values({ id: 'w1', name: 'テスト区', name_kana: 'テストク', name_en: 'Test', sort_order: 1 }).execute();
  await db
    .insertInto('facilities')
    .values({
      id: 'f1',
      ward_id: 'w1',
      kind: 'citizen_centre',
      name: 'テスト市民センター',
      name_kana: 'テスト',
      address: '北九州市',
      phone: '093',
      created_at: AT,
      updated_at: AT,
    })
    .execute();
  const user = { phone: '093', residency: 'resident', created_at: AT, updated_at: AT, name_kana: 'テスト' };
  await db
    .insertInto('users')
    .values([
      { ...user, id: 'u_clerk', number: '90000001', name: '職員', role: 'clerk', staff_facility_id: 'f1' },
      { ...user, id: 'u_ward', number: '90000002', name: '区役所', role: 'ward', staff_ward_id: 'w1' },
      { ...user, id: 'u_admin', number: '90000003', name: '本庁', role: 'admin' },
      { ...user, id: 'u_resident', number: '10000001', name: '住民', role: 'resident' },
      // Only hand-made SQL could write these: a clerk with no facility, a ward officer with no ward.
      { ...user, id: 'u_clerk_nowhere', number: '90000004', name: '所属なし', role: 'clerk' },
      { ...user, id: 'u_ward_nowhere', number: '90000005', name: '区なし', role: 'ward' },
    ])
    .execute();
}

for (const dialect of DIALECTS) {
  describe.skipIf(dialect === 'postgres' && !pgAvailable())(`2026-12-03-14-role-assignments [${dialect}]`, () => {
    let t: TestDb | undefined;
    afterEach(async () => {
      await t?.destroy();
    });

    it('turns every old staff role into its assignment and accounts for every user', async () => {
      t = await createTestDb(dialect, { migrate: false });
      expect((await migrateTo(t.db, '2026-12-03-13-organisations')).at(-1)).toBe('2026-12-03-13-organisations');
      const db = t.db.kysely as Kysely<any>;
      await insertOldStaff(db);
      expect(await migrateToLatest(t.db)).toContain('2026-12-03-14-role-assignments');

      const held = await db
        .selectFrom('role_assignments')
        .select(['user_id', 'role', 'scope_kind', 'scope_id', 'granted_by', 'granted_at'])
        .orderBy('user_id')
        .execute();
      expect(held).toEqual([
        { user_id: 'u_admin', role: 'admin', scope_kind: 'city', scope_id: null, granted_by: null, granted_at: AT },
        { user_id: 'u_clerk', role: 'centre_staff', scope_kind: 'facility', scope_id: 'f1', granted_by: null, granted_at: AT },
        { user_id: 'u_ward', role: 'ward_officer', scope_kind: 'ward', scope_id: 'w1', granted_by: null, granted_at: AT },
      ]);
      // Every user row: still there with its old columns untouched; the assigned ones above, the rest none.
      const users = await db.selectFrom('users').select(['id', 'role', 'staff_facility_id', 'staff_ward_id']).orderBy('id').execute();
      expect(users).toEqual([
        { id: 'u_admin', role: 'admin', staff_facility_id: null, staff_ward_id: null },
        { id: 'u_clerk', role: 'clerk', staff_facility_id: 'f1', staff_ward_id: null },
        { id: 'u_clerk_nowhere', role: 'clerk', staff_facility_id: null, staff_ward_id: null },
        { id: 'u_resident', role: 'resident', staff_facility_id: null, staff_ward_id: null },
        { id: 'u_ward', role: 'ward', staff_facility_id: null, staff_ward_id: 'w1' },
        { id: 'u_ward_nowhere', role: 'ward', staff_facility_id: null, staff_ward_id: null },
      ]);
      const assigned = new Set(held.map((h) => h.user_id));
      const unassigned = users.filter((u) => !assigned.has(u.id)).map((u) => u.id);
      expect(unassigned).toEqual(['u_clerk_nowhere', 'u_resident', 'u_ward_nowhere']);
    });

    it('keeps its invariants in the database: one row per person, role and scope; the scope kind of the role', async () => {
      t = await createTestDb(dialect);
      const db = t.db.kysely as Kysely<any>;
      await db
        .insertInto('users')
        .values({
          id: 'u1',
          number: '10000001',
          name: 'x',
          name_kana: 'x',
          phone: '0',
          residency: 'resident',
          created_at: AT,
          updated_at: AT,
        })
        .execute();
      const row = (o: Record<string, unknown>) => ({ id: `ra_${Math.random()}`, user_id: 'u1', granted_at: AT, ...o });
      await db
        .insertInto('role_assignments')
        .values(row({ role: 'admin', scope_kind: 'city', scope_id: null }))
        .execute();
      const refused = async (o: Record<string, unknown>) =>
        expect(db.insertInto('role_assignments').values(row(o)).execute(), JSON.stringify(o)).rejects.toThrow();
      await refused({ role: 'admin', scope_kind: 'city', scope_id: null }); // a second admin row: NULLs do not escape the unique index
      await refused({ role: 'admin', scope_kind: 'ward', scope_id: 'kokurakita' });
      await refused({ role: 'centre_staff', scope_kind: 'ward', scope_id: 'kokurakita' });
      await refused({ role: 'ward_officer', scope_kind: 'ward', scope_id: null });
      await refused({ role: 'boss', scope_kind: 'city', scope_id: null });
      await db
        .insertInto('role_assignments')
        .values(row({ role: 'ward_officer', scope_kind: 'ward', scope_id: 'kokurakita' }))
        .execute();
      await refused({ role: 'ward_officer', scope_kind: 'ward', scope_id: 'kokurakita' });
    });
  });
}
