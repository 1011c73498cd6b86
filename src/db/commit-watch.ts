/**
 * Tells when this process has committed a write to PostgreSQL: after a transaction's COMMIT, and after a
 * write statement run outside a transaction. The change feed then holds this process's read model back
 * until PostgreSQL has delivered the notifications of that commit (db/change-feed.ts, the barrier), so a
 * page read right after a booking in the same process shows the cell taken, for everyone.
 *
 * A driver wrapper, so no writer can forget to say it: every query of the app goes through it.
 */
import type { CompiledQuery, DatabaseConnection, Driver, QueryResult } from 'kysely';
import { PostgresDialect, type PostgresDialectConfig } from 'kysely';

/** A statement that may have written: anything but a SELECT (raw SQL too, unless it reads as one). */
function mayWrite(query: CompiledQuery): boolean {
  if (query.query.kind === 'SelectQueryNode') return false;
  if (query.query.kind === 'RawNode') return !/^\s*select\b/i.test(query.sql);
  return true;
}

function watchCommits(driver: Driver, committed: () => void): Driver {
  const wrapped = new WeakMap<DatabaseConnection, DatabaseConnection>();
  const inner = new WeakMap<DatabaseConnection, DatabaseConnection>();
  const inTransaction = new WeakSet<DatabaseConnection>();
  const unwrap = (connection: DatabaseConnection) => inner.get(connection) ?? connection;
  return {
    init: () => driver.init(),
    destroy: () => driver.destroy(),
    async acquireConnection() {
      const connection = await driver.acquireConnection();
      let outer = wrapped.get(connection);
      if (!outer) {
        const self: DatabaseConnection = {
          async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
            const result = await connection.executeQuery<R>(query);
            if (!inTransaction.has(self) && mayWrite(query)) committed();
            return result;
          },
          streamQuery: (query, chunkSize) => connection.streamQuery(query, chunkSize),
        };
        outer = self;
        wrapped.set(connection, outer);
        inner.set(outer, connection);
      }
      return outer;
    },
    async beginTransaction(connection, settings) {
      await driver.beginTransaction(unwrap(connection), settings);
      inTransaction.add(connection);
    },
    async commitTransaction(connection) {
      try {
        await driver.commitTransaction(unwrap(connection));
      } finally {
        inTransaction.delete(connection);
      }
      committed();
    },
    async rollbackTransaction(connection) {
      try {
        await driver.rollbackTransaction(unwrap(connection));
      } finally {
        inTransaction.delete(connection);
      }
    },
    savepoint: driver.savepoint
      ? (connection, name, compile) => driver.savepoint?.(unwrap(connection), name, compile) as Promise<void>
      : undefined,
    rollbackToSavepoint: driver.rollbackToSavepoint
      ? (connection, name, compile) => driver.rollbackToSavepoint?.(unwrap(connection), name, compile) as Promise<void>
      : undefined,
    releaseSavepoint: driver.releaseSavepoint
      ? (connection, name, compile) => driver.releaseSavepoint?.(unwrap(connection), name, compile) as Promise<void>
      : undefined,
    releaseConnection: (connection) => driver.releaseConnection(unwrap(connection)),
  };
}

/** PostgreSQL as Kysely's dialect, calling `committed` after every commit of a possible write. */
export class CommitWatchingPostgresDialect extends PostgresDialect {
  readonly #committed: () => void;
  constructor(config: PostgresDialectConfig, committed: () => void) {
    super(config);
    this.#committed = committed;
  }
  override createDriver(): Driver {
    return watchCommits(super.createDriver(), this.#committed);
  }
}
