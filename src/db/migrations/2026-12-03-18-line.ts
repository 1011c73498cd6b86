/**
 * LINE (platform/notify/line):
 * - line_links: a person's linked LINE user id. Both columns unique: one LINE account per person and one
 *   person per LINE account. Deleting the row is unlinking; the adapter reads it before every sending.
 * - line_link_codes: the one pending code of a person (a new one replaces it), stored as a SHA-256 hash,
 *   with its expiry. The hash is unique so that a code names exactly one person.
 * - line_followers: LINE users who added the official account (follow), not yet anyone's; and the count
 *   of wrong codes each has sent in its current window, since a wrong code names no code to count on.
 * - line_webhook_events: webhookEventIds already handled, so a redelivered event changes nothing.
 * Frozen once shipped.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('line_links')
    .addColumn('user_id', 'text', (c) => c.primaryKey().references('users.id'))
    .addColumn('line_user_id', 'text', (c) => c.notNull().unique())
    .addColumn('linked_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('line_link_codes')
    .addColumn('user_id', 'text', (c) => c.primaryKey().references('users.id'))
    .addColumn('code_hash', 'text', (c) => c.notNull().unique())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('line_followers')
    .addColumn('line_user_id', 'text', (c) => c.primaryKey())
    .addColumn('followed_at', 'text', (c) => c.notNull())
    .addColumn('unfollowed_at', 'text')
    .addColumn('code_failures', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('code_failures_since', 'text')
    .execute();
  await db.schema
    .createTable('line_webhook_events')
    .addColumn('webhook_event_id', 'text', (c) => c.primaryKey())
    .addColumn('received_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('line_webhook_events_received_at').on('line_webhook_events').column('received_at').execute();
  await db.schema.createIndex('line_link_codes_expires_at').on('line_link_codes').column('expires_at').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['line_webhook_events', 'line_followers', 'line_link_codes', 'line_links']) {
    await db.schema.dropTable(table).execute();
  }
}
