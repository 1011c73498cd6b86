/**
 * The read model's memory on both databases, with the real change feed (db/change-feed.ts) and another
 * connection writing, as the command line or a second app process does: a value is kept until the
 * database says it changed, only what changed is dropped, a load that raced a change is not kept, memory
 * stays within its bound, and (PostgreSQL) nothing is answered from memory while the listener is down.
 */
import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createTestDb, describeEachDialect, pgAvailable, type TestDb } from '../../../test/db.ts';
import { makeBooking, makeFacility, makeRoom } from '../../../test/factories.ts';
import { LISTENER_NAME } from '../../db/change-feed.ts';
import type { DatabaseHandle } from '../../db/database.ts';
import { counterMonthKey, createReadCache, type ReadCache, roomMonthKey, usedValues } from './read-cache.ts';

describeEachDialect('the read cache', (ctx) => {
  let other: DatabaseHandle;
  let cache: ReadCache;
  let roomA: string;
  let roomB: string;

  beforeEach(async () => {
    const db = ctx().db.kysely;
    const facility = await makeFacility(db);
    roomA = await makeRoom(db, facility);
    roomB = await makeRoom(db, facility);
    other = ctx().connectAgain();
    cache = createReadCache(ctx().db.changes);
    // PostgreSQL: the listener connects on the first subscription; wait until it answers from memory.
    await vi.waitFor(() => expect(ctx().db.changes.catchUp()).toBe(true), { timeout: 5000 });
  });

  afterEach(async () => {
    cache.close();
    await other.close();
  });

  /** The two room months, each load counted; the cells are what the load returns. */
  function months(loaded: string[][]) {
    const keys = [roomMonthKey(roomA, '2026-12'), roomMonthKey(roomB, '2026-12')];
    return cache.roomMonths(keys, async (missing) => {
      loaded.push([...missing]);
      return new Map(missing.map((k) => [k, new Set([`${k}:${loaded.length}`])]));
    });
  }

  it('keeps a catalogue value until any connection changes a catalogue table', async () => {
    let loads = 0;
    const read = () => cache.catalogue('test', async () => ++loads);
    expect(await read()).toBe(1);
    expect(await read()).toBe(1);
    await other.kysely.updateTable('wards').set({ name_en: 'Kokurakita Ward' }).where('id', '=', 'kokurakita').execute();
    await vi.waitFor(async () => expect(await read()).toBe(2), { timeout: 5000 });
    expect(await read()).toBe(2);
  });

  it('loads a missing catalogue value once for many requests asking at the same moment', async () => {
    let loads = 0;
    const values = await Promise.all(
      Array.from({ length: 20 }, () =>
        cache.catalogue('rush', async () => {
          loads += 1;
          await new Promise((r) => setTimeout(r, 20));
          return loads;
        }),
      ),
    );
    expect(loads).toBe(1);
    expect(new Set(values)).toEqual(new Set([1]));
  });

  it('drops only the room month whose cells another connection wrote, and again when they are freed', async () => {
    const loaded: string[][] = [];
    await months(loaded);
    await months(loaded);
    expect(loaded).toEqual([[roomMonthKey(roomA, '2026-12'), roomMonthKey(roomB, '2026-12')]]);

    const booking = await makeBooking(other.kysely, roomA, '2026-12-05', ['morning']);
    await vi.waitFor(async () => {
      await months(loaded);
      expect(loaded.at(-1)).toEqual([roomMonthKey(roomA, '2026-12')]);
    });
    const afterBooking = loaded.length;
    await months(loaded);
    expect(loaded).toHaveLength(afterBooking);

    await other.kysely.deleteFrom('reservation_cells').where('reservation_id', '=', booking).execute();
    await vi.waitFor(async () => {
      await months(loaded);
      expect(loaded.length).toBeGreaterThan(afterBooking);
    });
    expect(loaded.at(-1)).toEqual([roomMonthKey(roomA, '2026-12')]);
  });

  it('keeps the appointment catalogue and the counter months apart from the rooms: each dropped by its own changes', async () => {
    const db = ctx().db.kysely;
    // A ward office and a counter as rows (this layer knows no feature's factories).
    const office = `org_rc_${Math.random().toString(36).slice(2, 8)}`;
    const counter = `ctr_rc_${Math.random().toString(36).slice(2, 8)}`;
    await db
      .insertInto('organisations')
      .values({
        id: office,
        name: '区役所',
        type: 'community',
        member_count: 0,
        representative_id: null,
        created_at: '2026-11-01T00:00:00Z',
        kind: 'ward_office',
        official: 1,
        ward_id: null,
      })
      .execute();
    await db
      .insertInto('appointment_counters')
      .values({ id: counter, office_id: office, code: counter, name: '市民課', name_en: 'Citizens', slot_minutes: 15, desks: 3 })
      .execute();
    let values = 0;
    const value = () => cache.appointmentCatalogue('test-appointments', async () => ++values);
    const seatLoads: string[][] = [];
    const key = counterMonthKey(counter, '2026-12');
    const seats = () =>
      cache.counterMonths([key], async (missing) => {
        seatLoads.push([...missing]);
        return new Map(missing.map((k) => [k, new Map([['2026-12-01', new Set([`load ${seatLoads.length}`])]])]));
      });
    expect(await value()).toBe(1);
    await seats();
    // A facility catalogue change or a room's cells drop nothing of the counters.
    await other.kysely.updateTable('wards').set({ name_en: 'Kokurakita' }).where('id', '=', 'kokurakita').execute();
    await makeBooking(other.kysely, roomA, '2026-12-05', ['morning']);
    await vi.waitFor(async () => expect(await cache.catalogue('facility-side', async () => 'x')).toBe('x'));
    expect(await value()).toBe(1);
    await seats();
    expect(seatLoads).toHaveLength(1);

    await other.kysely.updateTable('appointment_counters').set({ desks: 4 }).where('id', '=', counter).execute();
    await vi.waitFor(async () => expect(await value()).toBe(2), { timeout: 5000 });
    await seats();
    expect(seatLoads).toHaveLength(1); // the catalogue's change is not a seat's

    const number = String(Math.floor(Math.random() * 1e8)).padStart(8, '0');
    await other.kysely
      .insertInto('appointments')
      .values({
        id: `apt_${number}`,
        number,
        secret_hash: 'x',
        office_id: office,
        name: '予約 太郎',
        name_kana: 'ヨヤク タロウ',
        channel: 'api',
        date: '2026-12-01',
        starts: '09:00',
        created_at: '2026-11-24T00:00:00Z',
      })
      .execute();
    await other.kysely
      .insertInto('appointment_seats')
      .values({ counter_id: counter, date: '2026-12-01', slot: '09:00', seat: 1, appointment_id: `apt_${number}`, position: 1 })
      .execute();
    await vi.waitFor(
      async () => {
        await seats();
        expect(seatLoads).toHaveLength(2);
      },
      { timeout: 5000 },
    );
  });

  it('hands out a load that a change overtook, but does not keep it', async () => {
    const key = roomMonthKey(roomA, '2027-01');
    let loads = 0;
    const read = () =>
      cache.roomMonths([key], async () => {
        loads += 1;
        if (loads === 1) {
          // While this load runs, another connection books a cell of the same room month.
          await makeBooking(other.kysely, roomA, '2027-01-09', ['morning']);
          await vi.waitFor(() => expect(seen).toBe(true), { timeout: 5000, interval: 5 });
        }
        return new Map([[key, new Set([`load ${loads}`])]]);
      });
    let seen = false;
    const unsubscribe = ctx().db.changes.subscribe((change) => {
      if (change.topic === 'cells' && change.roomId === roomA && change.month === '2027-01') seen = true;
    });
    // SQLite hears of a commit when a reader catches up: the waiting load above does through this.
    const poll = setInterval(() => ctx().db.changes.catchUp(), 2);
    try {
      expect([...((await read()).get(key) ?? [])]).toEqual(['load 1']);
      expect([...((await read()).get(key) ?? [])]).toEqual(['load 2']);
      expect([...((await read()).get(key) ?? [])]).toEqual(['load 2']);
    } finally {
      clearInterval(poll);
      unsubscribe();
    }
  });

  it('holds no more cells than its bound, however many room months are read', async () => {
    const small = createReadCache(ctx().db.changes, { maxCells: 1000 });
    try {
      for (let i = 0; i < 200; i++) {
        const key = roomMonthKey(`room-${i}`, '2026-12');
        await small.roomMonths([key], async () => new Map([[key, new Set(Array.from({ length: 50 }, (_, c) => `cell ${c}`))]]));
      }
      expect(small.stats().cells).toBeLessThanOrEqual(1000);
      expect(small.stats().roomMonths).toBeGreaterThan(0);
    } finally {
      small.close();
    }
  });

  it('tells a cached answer whether what it was built from is still current', async () => {
    const used = usedValues();
    await cache.catalogue('test', async () => 'catalogue', used);
    await cache.roomMonths([roomMonthKey(roomB, '2026-12')], async (missing) => new Map(missing.map((k) => [k, new Set<string>()])), used);
    expect(await cache.stillCurrent(used)).toBe(true);
    await makeBooking(other.kysely, roomB, '2026-12-12', ['morning']);
    await vi.waitFor(async () => expect(await cache.stillCurrent(used)).toBe(false), { timeout: 5000 });
  });
});

describe.skipIf(!pgAvailable())('the read cache while PostgreSQL’s listener is down', () => {
  let testDb: TestDb;
  beforeAll(async () => {
    testDb = await createTestDb('postgres');
  });
  afterAll(async () => {
    await testDb.destroy();
  });

  it('holds this process back after its own commit until the commit’s notifications are in (the barrier)', async () => {
    const changes = testDb.db.changes;
    const cache = createReadCache(changes);
    try {
      await vi.waitFor(() => expect(changes.catchUp()).toBe(true), { timeout: 5000 });
      const db = testDb.db.kysely;
      await db.updateTable('wards').set({ name_en: 'Yahatanishi Ward' }).where('id', '=', 'yahatanishi').execute();
      expect(changes.catchUp()).toBe(false); // autocommit write: held back at once
      await vi.waitFor(() => expect(changes.catchUp()).toBe(true), { timeout: 5000 });
      await db.transaction().execute(async (trx) => {
        await trx.updateTable('wards').set({ name_en: 'Yahatanishi' }).where('id', '=', 'yahatanishi').execute();
        expect(changes.catchUp()).toBe(true); // nothing committed yet: memory is still the truth
      });
      expect(changes.catchUp()).toBe(false);
      await vi.waitFor(() => expect(changes.catchUp()).toBe(true), { timeout: 5000 });
      await db.selectFrom('wards').selectAll().execute();
      expect(changes.catchUp()).toBe(true); // a read holds nothing back
    } finally {
      cache.close();
    }
  });

  it('a read right after this process’s commit waits for the barrier, then answers from memory with the change in', async () => {
    const changes = testDb.db.changes;
    const cache = createReadCache(changes);
    const db = testDb.db.kysely;
    let loads = 0;
    const wardName = async () => {
      loads += 1;
      const row = await db.selectFrom('wards').select('name_en').where('id', '=', 'yahatanishi').executeTakeFirstOrThrow();
      return row.name_en;
    };
    const read = () => cache.catalogue('ward name', wardName);
    try {
      await vi.waitFor(() => expect(changes.catchUp()).toBe(true), { timeout: 5000 });
      for (const name of ['Yahatanishi A', 'Yahatanishi B', 'Yahatanishi C']) {
        await db.updateTable('wards').set({ name_en: name }).where('id', '=', 'yahatanishi').execute();
        expect(changes.catchUp()).toBe(false); // the barrier is not back yet
        expect(await Promise.all([read(), read()])).toEqual([name, name]);
        expect(await read()).toBe(name);
      }
      // One load per change, shared by the reads that waited for the barrier: none went to the database
      // on its own because a commit of this process was in flight.
      expect(loads).toBe(3);
    } finally {
      await db.updateTable('wards').set({ name_en: 'Yahatanishi' }).where('id', '=', 'yahatanishi').execute();
      cache.close();
    }
  });

  it('answers nothing from memory until the listener is back, then starts afresh', async () => {
    const changes = testDb.db.changes;
    const cache = createReadCache(changes);
    try {
      await vi.waitFor(() => expect(changes.catchUp()).toBe(true), { timeout: 5000 });
      let loads = 0;
      const read = () => cache.catalogue('test', async () => ++loads);
      await read();
      await read();
      expect(loads).toBe(1);
      await sql`select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and application_name = ${LISTENER_NAME}`.execute(
        testDb.db.kysely,
      );
      await vi.waitFor(() => expect(changes.catchUp()).toBe(false), { timeout: 5000 });
      await read();
      await read();
      expect(loads).toBe(3);
      await vi.waitFor(() => expect(changes.catchUp()).toBe(true), { timeout: 10_000 });
      await read();
      await read();
      expect(loads).toBe(4);
    } finally {
      cache.close();
    }
  });
});
