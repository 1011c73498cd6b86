/**
 * For the few writes that are called both inside a transaction and on their own (an upload stored with
 * its owner or alone, a resident registered at the counter or by a staff action): they join the caller's
 * transaction, or open one, so the write still runs on a Trx either way.
 */
import type { Db, Trx } from './database.ts';

export function inTransaction<T>(db: Db, work: (trx: Trx) => Promise<T>): Promise<T> {
  // A Kysely instance whose isTransaction is true is a Transaction: the check is what the cast stands on.
  return db.isTransaction ? work(db as Trx) : db.transaction().execute(work);
}
