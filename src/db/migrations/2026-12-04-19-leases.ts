/**
 * notify_leases becomes leases: the same rows (name, holder, expires_at), now held by the scheduled jobs
 * as well as the notify worker (platform/jobs/lease.ts), so the name no longer says one user. A live
 * lease is carried over as it is: a worker holding it across the upgrade keeps it. Frozen once shipped.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('notify_leases').renameTo('leases').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('leases').renameTo('notify_leases').execute();
}
