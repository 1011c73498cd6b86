/**
 * The dialect matrix: describeEachDialect runs the same tests on a fresh SQLite file and a fresh
 * PostgreSQL database (created on the run's throwaway cluster), both migrated with the real migrations.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, inject } from 'vitest';
import { type AppOptions, createApp } from '../src/app.tsx';
import { type DatabaseTarget, loadConfig } from '../src/config.ts';
import { createDb, type DatabaseHandle, type Dialect } from '../src/db/database.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { ensureReferenceData } from '../src/db/seed/reference-data.ts';
import { createAuthLimiter } from '../src/http/rate-limit.ts';
import { silentLogger } from '../src/lib/logger.ts';
import { type Clock, fixedClock } from '../src/lib/time.ts';

export const DIALECTS: Dialect[] = ['sqlite', 'postgres'];

export interface TestDb {
  db: DatabaseHandle;
  dialect: Dialect;
  /** Drops the database (PostgreSQL) or deletes the file (SQLite). */
  destroy(): Promise<void>;
  /** A second connection (pool) to the same database, as another app process would have; close it yourself. */
  connectAgain(): DatabaseHandle;
}

/** Tokyo 2026-11-24 10:00 (Tuesday): the frozen "now" of most tests. */
export const TEST_NOW = '2026-11-24T01:00:00Z';
export const testClock = (): Clock => fixedClock(TEST_NOW);

export async function createTestDb(dialect: Dialect, options: { migrate?: boolean } = {}): Promise<TestDb> {
  const name = `t_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  let db: DatabaseHandle;
  let cleanup: () => Promise<void>;
  let target: DatabaseTarget;
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'tsunagu-test-'));
    target = { dialect: 'sqlite', path: join(dir, 'test.db') };
    db = createDb(target);
    cleanup = async () => rmSync(dir, { recursive: true, force: true });
  } else {
    const adminUrl = inject('pgUrl');
    if (!adminUrl) throw new Error('no PostgreSQL for this run');
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    target = { dialect: 'postgres', url: url.toString() };
    db = createDb(target);
    cleanup = async () => {
      const a = new pg.Client({ connectionString: adminUrl });
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await a.end();
    };
  }
  if (options.migrate !== false) {
    await migrateToLatest(db);
    await ensureReferenceData(db.kysely);
  }
  return {
    db,
    dialect,
    async destroy() {
      await db.close();
      await cleanup();
    },
    connectAgain: () => createDb(target),
  };
}

export function pgAvailable(): boolean {
  return inject('pgUrl') !== '';
}

/**
 * Runs `body` once per dialect against a fresh, migrated database. The PostgreSQL half is skipped only
 * when no PostgreSQL could be started outside CI (global-setup fails the run in CI).
 */
export function describeEachDialect(title: string, body: (ctx: () => TestDb) => void): void {
  for (const dialect of DIALECTS) {
    const skip = dialect === 'postgres' && !pgAvailable();
    describe.skipIf(skip)(`${title} [${dialect}]`, () => {
      let current: TestDb | undefined;
      beforeAll(async () => {
        current = await createTestDb(dialect);
      });
      afterAll(async () => {
        await current?.destroy();
      });
      body(() => {
        if (!current) throw new Error('test database not ready');
        return current;
      });
    });
  }
}

export function testApp(
  testDb: TestDb,
  clock: Clock = testClock(),
  extra: Partial<Pick<AppOptions, 'notifier' | 'line' | 'authLimiter' | 'background'>> & { env?: Record<string, string> } = {},
) {
  const { env, ...deps } = extra;
  return createApp({
    config: loadConfig({ SEED: 'none', ...env }),
    db: testDb.db.kysely,
    dialect: testDb.dialect,
    changes: testDb.db.changes,
    clock,
    logger: silentLogger,
    // The limits are counted in the database, and every request made inside the process comes from the
    // same "unknown" client address: the per-client budgets would make one test's failures block the
    // next test's logins. Per account and per address they stay as in production.
    authLimiter: createAuthLimiter(testDb.db.kysely, clock, {
      loginFailuresPerClient: 1_000_000,
      resetRequestsPerClient: 1_000_000,
      appointmentCodesPerClient: 1_000_000,
      appointmentBookingsPerClient: 1_000_000,
      passcodeTriesPerClient: 1_000_000,
    }),
    ...deps,
  });
}

/** Row count of a table, as a number on both dialects. */
export async function countRows(testDb: TestDb, table: string): Promise<number> {
  const result = await sql<{ n: string | number }>`select count(*) as n from ${sql.table(table)}`.execute(testDb.db.kysely);
  return Number(result.rows[0]?.n ?? 0);
}
