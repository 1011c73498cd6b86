/** Prepared databases for benchmarks: the demo city at a chosen history length, on SQLite or PostgreSQL. */
import { statSync } from 'node:fs';
import { sql } from 'kysely';
import pg from 'pg';
import { createDb, type DatabaseHandle } from '../../src/db/database.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { buildGrids } from '../../src/features/availability/availability.service.ts';
import { listFacilities, loadRooms } from '../../src/features/facility/facility.service.ts';
import { newId } from '../../src/lib/ids.ts';
import { addDays, type Clock, todayIn } from '../../src/lib/time.ts';
import { sha256 } from '../../src/lib/tokens.ts';
import { seedDemoCity } from '../../src/seed/demo-city.ts';

export interface Prepared {
  db: DatabaseHandle;
  url: string;
  sizeMiB(): Promise<number>;
}

export async function prepareSqlite(path: string, clock: Clock, historyDays: number): Promise<Prepared> {
  const db = createDb({ dialect: 'sqlite', path });
  await migrateToLatest(db);
  await seedDemoCity(db.kysely, { seed: 20261124, today: todayIn(clock), historyDays });
  await relaxQuota(db);
  return {
    db,
    url: `sqlite:${path}`,
    sizeMiB: async () => {
      await sql`pragma wal_checkpoint(TRUNCATE)`.execute(db.kysely);
      return statSync(path).size / 2 ** 20;
    },
  };
}

export async function preparePostgres(adminUrl: string, name: string, clock: Clock, historyDays: number): Promise<Prepared> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const db = createDb({ dialect: 'postgres', url: url.toString() });
  await migrateToLatest(db);
  await seedDemoCity(db.kysely, { seed: 20261124, today: todayIn(clock), historyDays });
  await relaxQuota(db);
  return {
    db,
    url: url.toString(),
    sizeMiB: async () => {
      const r = await sql<{ size: string }>`select pg_database_size(current_database()) as size`.execute(db.kysely);
      return Number(r.rows[0]?.size ?? 0) / 2 ** 20;
    },
  };
}

/** Throughput runs book thousands of cells with a few hundred users: lift the monthly quota for them. */
async function relaxQuota(db: DatabaseHandle) {
  await db.kysely.insertInto('settings').values({ key: 'monthly_band_quota', value: '1000000' }).execute();
}

// 利用者番号 from a counter above the demo city's (bookers 20000001–, accounts 1000000x, staff 9000000x):
// random ones could collide with them (a unique violation that fails the run).
let nextNumber = 30_000_001;

/** A resident's row, written directly (no password: signing in is not what is measured). */
export function benchUser(id: string, now: string) {
  return {
    id,
    number: String(nextNumber++),
    email: `${id}@bench.invalid`,
    name: 'ベンチ',
    name_kana: 'ベンチ',
    phone: '000-0000-0000',
    residency: 'resident',
    birth_year: null,
    password_hash: null,
    multipurpose_requested_at: null,
    created_at: now,
    updated_at: now,
  };
}

/** Users with API tokens, written directly (no password hashing: it is not what is measured). */
export async function makeTokens(db: DatabaseHandle, count: number): Promise<string[]> {
  return (await makeTokenUsers(db, count)).map((u) => u.token);
}

/** The same, with each user's id, and `user` to change a row (a phone of their own, say) before it is written. */
export async function makeTokenUsers(
  db: DatabaseHandle,
  count: number,
  user: (row: ReturnType<typeof benchUser>) => ReturnType<typeof benchUser> = (row) => row,
): Promise<{ userId: string; token: string }[]> {
  const now = new Date().toISOString();
  const made: { userId: string; token: string }[] = [];
  const users = [];
  const rows = [];
  for (let i = 0; i < count; i++) {
    const id = newId('usr');
    const token = `tsu_bench_${id}`;
    made.push({ userId: id, token });
    users.push(user(benchUser(id, now)));
    rows.push({
      id: newId('tok'),
      user_id: id,
      token_hash: sha256(token),
      name: 'bench',
      created_at: now,
      last_used_at: null,
      revoked_at: null,
    });
  }
  for (let i = 0; i < users.length; i += 200) {
    await db.kysely
      .insertInto('users')
      .values(users.slice(i, i + 200))
      .execute();
    await db.kysely
      .insertInto('api_tokens')
      .values(rows.slice(i, i + 200))
      .execute();
  }
  return made;
}

export interface FreeCell {
  roomId: string;
  date: string;
  band: string;
}

/** Every free, bookable cell in the next `days` days (from tomorrow), in a shuffled order. */
export async function freeCells(db: DatabaseHandle, clock: Clock, days: number): Promise<FreeCell[]> {
  const facilities = await listFacilities(db.kysely);
  const rooms = await loadRooms(
    db.kysely,
    facilities.map((f) => f.id),
  );
  const from = addDays(todayIn(clock), 1);
  const grids = await buildGrids(db.kysely, clock, new Map(facilities.map((f) => [f.id, f])), rooms, from, addDays(from, days - 1));
  const cells: FreeCell[] = [];
  for (const g of grids)
    for (const d of g.days) for (const c of d.cells) if (c.state === 'free') cells.push({ roomId: g.room.id, date: d.date, band: c.band });
  for (let i = cells.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [cells[i], cells[j]] = [cells[j] as FreeCell, cells[i] as FreeCell];
  }
  return cells;
}
