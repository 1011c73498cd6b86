/** Multi-row inserts in batches, for seeding and for the insights aggregates. */
import type { Insertable } from 'kysely';
import type { Trx } from './database.ts';
import type { Database } from './schema.ts';

type TableName = keyof Database;

/** Multi-row inserts in batches small enough for both SQLite's and PostgreSQL's parameter limits. */
export async function insertInBatches<T extends TableName>(
  trx: Trx,
  table: T,
  rows: readonly Insertable<Database[T]>[],
  onBatch?: (done: number) => void,
): Promise<void> {
  const columns = rows[0] ? Object.keys(rows[0]).length : 1;
  const size = Math.max(1, Math.floor(4000 / columns));
  let lastReport = 0;
  for (let i = 0; i < rows.length; i += size) {
    // biome-ignore lint/suspicious/noExplicitAny: Kysely cannot relate a generic table name to its row type.
    const batch = rows.slice(i, i + size) as any;
    await trx.insertInto(table).values(batch).execute();
    const done = Math.min(rows.length, i + size);
    if (onBatch && (done - lastReport >= 50_000 || done === rows.length)) {
      lastReport = done;
      onBatch(done);
    }
  }
}
