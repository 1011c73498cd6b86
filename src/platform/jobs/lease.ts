/**
 * A lease in the database: "one holder at a time across app processes" on SQLite and PostgreSQL alike.
 * The notify worker holds one while it sends; each scheduled job holds one while it runs and another for
 * its current period (jobs.ts). A lease is a row of `leases` (name, holder, expires_at). Taking it is one
 * UPDATE that matches only when the row is ours or has expired, so of two processes racing exactly one
 * sees a changed row: SQLite serialises writers, and PostgreSQL re-checks the WHERE of a waiting UPDATE
 * against the row the winner committed. The holder renews it while working (taking it again); a holder
 * that dies simply stops renewing and the lease expires. Holders name themselves uniquely per process.
 * Its writes take a Db, not a Trx (an exception to db/database.ts's rule): each must commit on its own at
 * once, for the other processes to see it, and the race is settled by the one UPDATE, not a transaction.
 */
import type { Db } from '../../db/database.ts';

/**
 * Takes the lease `name` for `ttlMs` from `now`, or renews it if `holder` has it; false when another
 * holds it. With `renew: false` it is taken only once expired, by its holder too: a claim on a period
 * that must end before the next one is claimed (the scheduled jobs' ticks).
 */
export async function acquireLease(
  db: Db,
  name: string,
  holder: string,
  now: Date,
  ttlMs: number,
  options: { renew?: boolean } = {},
): Promise<boolean> {
  const expiresAt = new Date(now.getTime() + ttlMs).toISOString();
  // The row exists from the first attempt on; a conflict means someone made it first, which is fine.
  await db
    .insertInto('leases')
    .values({ name, holder, expires_at: now.toISOString() })
    .onConflict((oc) => oc.column('name').doNothing())
    .execute();
  const result = await db
    .updateTable('leases')
    .set({ holder, expires_at: expiresAt })
    .where('name', '=', name)
    .where((eb) =>
      options.renew === false
        ? eb('expires_at', '<=', now.toISOString())
        : eb.or([eb('holder', '=', holder), eb('expires_at', '<=', now.toISOString())]),
    )
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Lets the next holder in at once instead of at expiry. Only the holder can release. */
export async function releaseLease(db: Db, name: string, holder: string): Promise<void> {
  await db
    .updateTable('leases')
    .set({ expires_at: new Date(0).toISOString() })
    .where('name', '=', name)
    .where('holder', '=', holder)
    .execute();
}
