/**
 * 2026-12-06-21-appointments on both databases: up from the change-marks schema creates the tables whose
 * seat key refuses a second person on a seat and whose triggers tell the change feed of seats, the
 * queue and the catalogue; down drops tables, triggers and functions and leaves the earlier schema as it
 * was (up again works).
 */
import type { Kysely } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestDb, DIALECTS, pgAvailable, type TestDb } from '../../../test/db.ts';
import type { Change } from '../change-feed.ts';
import { migrateTo, migrateToLatest } from '../migrate.ts';

const BEFORE = '2026-12-05-20-change-marks';
const AT = '2026-12-06T00:00:00.000Z';
const TABLES = ['appointment_counters', 'appointment_seats', 'appointments', 'queue_tickets', 'appointment_email_codes', 'life_events'];

async function until(check: () => boolean, catchUp: () => void): Promise<void> {
  for (let i = 0; i < 100 && !check(); i++) {
    catchUp();
    await new Promise((r) => setTimeout(r, 20));
  }
}

for (const dialect of DIALECTS) {
  describe.skipIf(dialect === 'postgres' && !pgAvailable())(`migration 2026-12-06-21-appointments [${dialect}]`, () => {
    let t: TestDb | undefined;
    afterEach(async () => {
      await t?.destroy();
      t = undefined;
    });

    it('creates the tables with the seat key and change triggers, and drops them all again', async () => {
      t = await createTestDb(dialect, { migrate: false });
      await migrateTo(t.db, BEFORE);
      const db = t.db.kysely as unknown as Kysely<any>;
      expect(await migrateToLatest(t.db)).toContain('2026-12-06-21-appointments');
      const tables = async () => (await db.introspection.getTables()).map((x) => x.name);
      expect(await tables()).toEqual(expect.arrayContaining(TABLES));

      const changes: Change[] = [];
      const stop = t.db.changes.subscribe((c) => changes.push(c));
      // The feed starts with "everything" (SQLite's first look, PostgreSQL's listener connected): from then on, each change.
      await until(
        () => changes.length > 0,
        () => t?.db.changes.catchUp(),
      );
      changes.length = 0;
      await db
        .insertInto('organisations')
        .values({ id: 'o1', name: '区役所', type: 'community', member_count: 0, created_at: AT, kind: 'ward_office', official: 1 })
        .execute();
      await db
        .insertInto('appointment_counters')
        .values({ id: 'c1', office_id: 'o1', code: 'c1', name: '市民課', name_en: 'Citizens', slot_minutes: 15, desks: 2 })
        .execute();
      const appointment = (id: string, number: string) => ({
        id,
        number,
        secret_hash: 'h',
        office_id: 'o1',
        name: '住民',
        name_kana: 'ジュウミン',
        channel: 'web',
        date: '2026-12-08',
        starts: '10:00',
        created_at: AT,
      });
      await db
        .insertInto('appointments')
        .values([appointment('a1', '11111111'), appointment('a2', '22222222')])
        .execute();
      const seat = { counter_id: 'c1', date: '2026-12-08', slot: '10:00', seat: 1, position: 1 };
      await db
        .insertInto('appointment_seats')
        .values({ ...seat, appointment_id: 'a1' })
        .execute();
      await expect(
        db
          .insertInto('appointment_seats')
          .values({ ...seat, appointment_id: 'a2' })
          .execute(),
      ).rejects.toThrow();
      await expect(db.insertInto('appointments').values(appointment('a3', '11111111')).execute()).rejects.toThrow();

      await until(
        () => changes.some((c) => c.topic === 'seats') && changes.some((c) => c.topic === 'appointment_catalogue'),
        () => t?.db.changes.catchUp(),
      );
      stop();
      expect(changes).toEqual(
        expect.arrayContaining([{ topic: 'appointment_catalogue' }, { topic: 'seats', counterId: 'c1', month: '2026-12' }]),
      );

      await migrateTo(t.db, BEFORE);
      const after = await tables();
      for (const table of TABLES) expect(after).not.toContain(table);
      expect(after).toContain('organisations');
      expect(await migrateToLatest(t.db)).toContain('2026-12-06-21-appointments');
    });
  });
}
