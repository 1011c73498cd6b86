/**
 * One row per contact (person, email address or phone number, each as a SHA-256 of what it is) that a
 * booking's transaction locks before it counts that contact's open appointments
 * (features/appointment/appointment.booking.service.ts).
 *
 * Why: the limit of open appointments per contact is a count, and two transactions of one caller can
 * each count "2 of 3" before either commits. On PostgreSQL (read committed) the upsert of this row makes
 * the second wait for the first to commit, and its count, a new statement, then sees the first's booking.
 * SQLite runs one write transaction at a time, so there the row only costs a write. Hashes, not the
 * addresses themselves: the table says nothing about who booked. `locked_at` lets old rows be pruned.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('appointment_contact_locks')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('locked_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('appointment_contact_locks').execute();
}
