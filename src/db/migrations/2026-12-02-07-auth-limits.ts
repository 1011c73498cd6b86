/**
 * Counters of the sign-in and password-reset limits, in the database so that every app process on one
 * PostgreSQL (or the one process on SQLite) counts the same attempts. One row per budget and subject: a
 * fixed window that starts at the first attempt and ends at window_ends_at (ISO time); an attempt after
 * that starts the window again. Keys are SHA-256 hashes (no addresses or emails in clear). Frozen once
 * shipped. Portable SQL only.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('auth_limits')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('points', 'integer', (c) => c.notNull())
    .addColumn('window_ends_at', 'text', (c) => c.notNull())
    .execute();
  // For pruning ended windows.
  await db.schema.createIndex('auth_limits_window_ends_at').on('auth_limits').column('window_ends_at').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('auth_limits').execute();
}
