/**
 * 2026-12-03-15-households on a database of the previous schema: residents and their bookings, written at
 * 2026-12-03-14-role-assignments, are all there afterwards, none deleted and no age band frozen; the new
 * tables hold the rule "one household per person" whatever writes to them.
 */
import type { Kysely } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestDb, DIALECTS, pgAvailable, type TestDb } from '../../../test/db.ts';
import { migrateTo, migrateToLatest } from '../migrate.ts';
import { insertCentreWithRoom } from './migration-fixtures.test-helpers.ts';

const AT = '2026-12-01T00:00:00.000Z';

async function insertResidentsAndBookings(db: Kysely<any>) {
  await insertCentreWithRoom(db, AT);
  await db
    .insertInto('users')
    .values(
      ['u1', 'u2'].map((id, i) => ({
        id,
        number: String(10_000_001 + i),
        name: `利用者${i}`,
        name_kana: 'リヨウシャ',
        phone: '093',
        residency: 'resident',
        birth_year: 1950 + i,
        created_at: AT,
        updated_at: AT,
      })),
    )
    .execute();
  const reservation = {
    room_id: 'r1',
    date: '2026-12-10',
    status: 'confirmed',
    category: 'general',
    purpose: '会議',
    attendees: 3,
    channel: 'web',
    created_at: AT,
  };
  await db
    .insertInto('reservations')
    .values([
      { ...reservation, id: 'rs1', number: '2612-000001', user_id: 'u1' },
      { ...reservation, id: 'rs2', number: '2612-000002', user_id: 'u2' },
    ])
    .execute();
}

for (const dialect of DIALECTS) {
  describe.skipIf(dialect === 'postgres' && !pgAvailable())(`2026-12-03-15-households [${dialect}]`, () => {
    let t: TestDb | undefined;
    afterEach(async () => {
      await t?.destroy();
    });

    it('keeps every resident and booking as it was, and refuses a second household for one person', async () => {
      t = await createTestDb(dialect, { migrate: false });
      await migrateTo(t.db, '2026-12-03-14-role-assignments');
      const db = t.db.kysely as Kysely<any>;
      await insertResidentsAndBookings(db);
      const usersBefore = await db.selectFrom('users').select(['id', 'number', 'name', 'birth_year']).orderBy('id').execute();

      expect(await migrateToLatest(t.db)).toContain('2026-12-03-15-households');

      expect(await db.selectFrom('users').select(['id', 'number', 'name', 'birth_year']).orderBy('id').execute()).toEqual(usersBefore);
      expect(await db.selectFrom('users').select('deleted_at').where('deleted_at', 'is not', null).execute()).toEqual([]);
      expect(await db.selectFrom('reservations').select(['id', 'user_id', 'booker_age_band']).orderBy('id').execute()).toEqual([
        { id: 'rs1', user_id: 'u1', booker_age_band: null },
        { id: 'rs2', user_id: 'u2', booker_age_band: null },
      ]);

      const household = (id: string) => ({
        id,
        address_line: '中央1-1',
        address_key: '中央1-1',
        ward_id: 'w1',
        channel: 'counter',
        created_at: AT,
        updated_at: AT,
      });
      await db
        .insertInto('households')
        .values([household('h1'), household('h2')])
        .execute();
      const person = { name: '利用者', name_kana: 'リヨウシャ', created_at: AT };
      await db
        .insertInto('household_people')
        .values({ ...person, id: 'p1', household_id: 'h1', user_id: 'u1' })
        .execute();
      // People without an account are not limited; a person with one belongs to one household only.
      await db
        .insertInto('household_people')
        .values([
          { ...person, id: 'p2', household_id: 'h1', user_id: null },
          { ...person, id: 'p3', household_id: 'h2', user_id: null },
        ])
        .execute();
      await expect(
        db
          .insertInto('household_people')
          .values({ ...person, id: 'p4', household_id: 'h2', user_id: 'u1' })
          .execute(),
      ).rejects.toThrow();
    });
  });
}
