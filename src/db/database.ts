/**
 * Opens the database named by the config: an embedded SQLite file (default) or PostgreSQL.
 *
 * SQLite durability: WAL journal with synchronous=FULL. In WAL mode NORMAL can lose the last commits on
 * power loss; FULL fsyncs the WAL at every commit, so a booking confirmed to a resident survives a crash
 * of the machine, not only of the process. The cost is one fsync per write transaction, which the
 * booking benchmark measures.
 */
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect, type Transaction } from 'kysely';
import pg from 'pg';
import { kanaFoldKey } from '../lib/normalize.ts';
import { type ChangeFeed, postgresChangeFeed, sqliteChangeFeed } from './change-feed.ts';
import { CommitWatchingPostgresDialect } from './commit-watch.ts';
import type { Database } from './schema.ts';
import { type DatabaseTarget, DEFAULT_POOL_SIZE, type Dialect } from './target.ts';
import { SQLITE_KANA_FOLD } from './text-fold.ts';

export type { DatabaseTarget, Dialect } from './target.ts';

/** Any executor, the database or a transaction: what a read takes. */
export type Db = Kysely<Database>;

/** An open transaction: what a write takes, so a write outside a transaction does not compile. */
export type Trx = Transaction<Database>;

/** The opened database: the Kysely instance every query runs on, and what only the process owner does. */
export interface DatabaseHandle {
  readonly kysely: Kysely<Database>;
  readonly dialect: Dialect;
  /** What writers commit, for the read model's caches (db/change-feed.ts). */
  readonly changes: ChangeFeed;
  /**
   * A consistent copy taken while the service runs: SQLite's online backup API (pages copied in steps, a
   * snapshot of one moment), or pg_dump's custom format for PostgreSQL (one repeatable-read snapshot).
   */
  backup(to: string): Promise<void>;
  close(): Promise<void>;
}

export function createDb(
  target: DatabaseTarget,
  onPoolError: (error: Error) => void = (e) => process.stderr.write(`postgres: idle client error: ${e.message}\n`),
): DatabaseHandle {
  if (target.dialect === 'sqlite') {
    if (target.path !== ':memory:') mkdirSync(dirname(target.path), { recursive: true });
    const sqlite = new SQLite(target.path);
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = FULL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('busy_timeout = 5000');
    sqlite.function(SQLITE_KANA_FOLD, { deterministic: true }, (value: unknown) =>
      typeof value === 'string' ? kanaFoldKey(value) : value,
    );
    const kysely = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
    return {
      kysely,
      dialect: 'sqlite',
      changes: sqliteChangeFeed(sqlite),
      backup: async (to) => {
        await sqlite.backup(to);
      },
      close: () => kysely.destroy(),
    };
  }
  const pool = new pg.Pool({ connectionString: target.url, max: target.poolSize ?? DEFAULT_POOL_SIZE });
  // An idle client can lose its server (restart, failover, an administrator ending sessions). pg emits that
  // on the pool; without a listener it would crash the process. The next query simply opens a new client.
  pool.on('error', (error) => onPoolError(error));
  const changes = postgresChangeFeed(target.url, (e) => onPoolError(new Error(`change listener: ${e.message}`)));
  const kysely = new Kysely<Database>({ dialect: new CommitWatchingPostgresDialect({ pool }, () => changes.committed()) });
  return {
    kysely,
    dialect: 'postgres',
    changes,
    backup: (to) => runTool('pg_dump', ['--format=custom', '--no-owner', `--file=${to}`, `--dbname=${target.url}`]),
    close: async () => {
      await changes.close();
      await kysely.destroy();
    },
  };
}

/** Runs a PostgreSQL client tool (pg_dump, pg_restore), failing with its stderr. */
export function runTool(command: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${command} exited with ${code}: ${stderr.trim()}`))));
  });
}

/**
 * Kysely's SQLite driver prepares every query anew; preparing costs about as much as running a small
 * query (see npm run bench:profile). The same SQL text always gives the same statement, so reuse it.
 * Queries with IN lists of different lengths have different texts: the cache is bounded and simply
 * starts over when full.
 */
function withStatementCache(sqlite: SQLite.Database, limit = 500) {
  const statements = new Map<string, SQLite.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(sql: string) {
      let statement = statements.get(sql);
      if (!statement) {
        statement = sqlite.prepare(sql);
        if (statements.size >= limit) statements.clear();
        statements.set(sql, statement);
      }
      return statement;
    },
  };
}
