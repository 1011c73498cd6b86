/**
 * Changing an appointment and reminding of it (features/appointment: appointment.change.service.ts,
 * appointment.reminder.job.ts).
 *
 * - `change_key`: the Idempotency-Key of the last change (PATCH): a retried change with the same key and
 *   body answers the appointment as it is; the same key with another body is refused.
 * - `changed_at`: when it was last moved (for the staff look-up and the record).
 * - `reminder_secret_hash`: the reminder mail carries a manage link, but the booking's own secret is kept
 *   only as a hash; the reminder therefore issues a second secret of its own (its hash here), accepted
 *   like the first. A change clears `reminded_at` (the new day gets its own reminder) and keeps both.
 * - An index on (status, date) for the reminder job's "booked for tomorrow, not yet reminded".
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('appointments').addColumn('change_key', 'text').execute();
  await db.schema.alterTable('appointments').addColumn('changed_at', 'text').execute();
  await db.schema.alterTable('appointments').addColumn('reminder_secret_hash', 'text').execute();
  await db.schema.createIndex('appointments_status_date').on('appointments').columns(['status', 'date']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('appointments_status_date').execute();
  await db.schema.alterTable('appointments').dropColumn('reminder_secret_hash').execute();
  await db.schema.alterTable('appointments').dropColumn('changed_at').execute();
  await db.schema.alterTable('appointments').dropColumn('change_key').execute();
}
