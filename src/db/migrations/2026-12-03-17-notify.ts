/**
 * The notification layer (platform/notify): one outbox for every message the platform sends, delivered
 * per channel (web inbox, email, LINE, paper) by one worker at a time across processes.
 *
 * - notify_messages: one message to a person (user_id) or, for mail to a bare address such as a reset
 *   link, to an address; rendered once in the person's language; read_at is the inbox's.
 * - notify_deliveries: the message on one channel, with its status, attempts and backoff. batch_id names
 *   the deliveries of one channel claimed together; it is written before the adapter is called and kept
 *   on every retry of that batch (LINE's X-Line-Retry-Key), so a re-sent batch is recognised.
 * - notify_preferences: a person's channel choices, for every kind ('*') or one kind of message.
 * - notify_leases: "one worker at a time across app processes": a row with holder and expiry.
 * - users.language: the language a person's messages are written in.
 *
 * Today's outbox rows are carried forward, sent and unsent, as messages to their address with an email
 * delivery (a mail to an address never goes to anyone's inbox: it may hold a reset link); the outbox
 * table is then dropped so nothing writes to it any more. Frozen once shipped. Portable SQL only.
 */
import { type Kysely, sql } from 'kysely';

/** As lib/mail.ts had it: a row tried this often was given up. */
const OLD_MAX_ATTEMPTS = 10;

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('users')
    .addColumn('language', 'text', (c) => c.notNull().defaultTo('ja'))
    .execute();

  await db.schema
    .createTable('notify_messages')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.references('users.id'))
    .addColumn('address', 'text')
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('body_text', 'text', (c) => c.notNull())
    .addColumn('lang', 'text', (c) => c.notNull())
    .addColumn('urgent', 'integer', (c) => c.notNull().defaultTo(0))
    // The facility a message is about (a booking's): its staff print a paper delivery.
    .addColumn('facility_id', 'text', (c) => c.references('facilities.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('read_at', 'text')
    .addCheckConstraint('notify_messages_recipient', sql`(user_id is null) <> (address is null)`)
    .addCheckConstraint('notify_messages_lang', sql`lang in ('ja', 'en')`)
    .execute();
  await db.schema.createIndex('notify_messages_inbox').on('notify_messages').columns(['user_id', 'created_at']).execute();

  await db.schema
    .createTable('notify_deliveries')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('message_id', 'text', (c) => c.notNull().references('notify_messages.id'))
    .addColumn('channel', 'text', (c) => c.notNull())
    // Email: the address when queued. LINE: read from line_links (2026-12-03-18) when sent (an unlink stops it).
    .addColumn('address', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'text', (c) => c.notNull())
    .addColumn('last_error', 'text')
    .addColumn('batch_id', 'text')
    .addColumn('claimed_at', 'text')
    .addColumn('sent_at', 'text')
    // Paper: whose print list (a ward when no facility is concerned; neither: the city's admins).
    .addColumn('ward_id', 'text', (c) => c.references('wards.id'))
    .addColumn('handed_over_by', 'text', (c) => c.references('users.id'))
    .addColumn('handed_over_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addCheckConstraint('notify_deliveries_channel', sql`channel in ('web', 'email', 'line', 'paper')`)
    .addCheckConstraint('notify_deliveries_status', sql`status in ('queued', 'sending', 'sent', 'failed', 'handed_over', 'skipped')`)
    .execute();
  // The worker's question: this channel's due rows, oldest first.
  await db.schema.createIndex('notify_deliveries_due').on('notify_deliveries').columns(['channel', 'status', 'next_attempt_at']).execute();
  // The per-channel rate: deliveries claimed in the last minute.
  await db.schema.createIndex('notify_deliveries_claimed').on('notify_deliveries').columns(['channel', 'claimed_at']).execute();
  await db.schema.createIndex('notify_deliveries_message').on('notify_deliveries').column('message_id').execute();
  await db.schema.createIndex('notify_deliveries_batch').on('notify_deliveries').column('batch_id').execute();
  // One delivery per message and channel: a fallback to the next channel cannot be queued twice.
  await db.schema.createIndex('notify_deliveries_unique').on('notify_deliveries').columns(['message_id', 'channel']).unique().execute();

  await db.schema
    .createTable('notify_preferences')
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('kind', 'text', (c) => c.notNull()) // '*': every kind
    .addColumn('email', 'integer', (c) => c.notNull())
    .addColumn('line', 'integer', (c) => c.notNull())
    .addColumn('paper', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('notify_preferences_pk', ['user_id', 'kind'])
    .execute();

  await db.schema
    .createTable('notify_leases')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('holder', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();

  // Carry the outbox forward: every row, in one statement each, so nothing is left behind.
  await sql`
    insert into notify_messages (id, user_id, address, kind, subject, body_text, lang, urgent, facility_id, created_at, read_at)
    select id, null, to_address, 'mail', subject, body_text, 'ja', 0, null, created_at, null from outbox`.execute(db);
  await sql`
    insert into notify_deliveries (id, message_id, channel, address, status, attempts, next_attempt_at, last_error, batch_id,
                                   claimed_at, sent_at, ward_id, handed_over_by, handed_over_at, created_at)
    select 'dlv_' || id, id, 'email', to_address,
           case when sent_at is not null then 'sent' when attempts >= ${sql.lit(OLD_MAX_ATTEMPTS)} then 'failed' else 'queued' end,
           attempts, created_at, last_error, null, null, sent_at, null, null, null, created_at
    from outbox`.execute(db);
  await db.schema.dropTable('outbox').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('outbox')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('to_address', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('body_text', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('sent_at', 'text')
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_error', 'text')
    .execute();
  await db.schema.createIndex('outbox_unsent').on('outbox').columns(['sent_at', 'created_at']).execute();
  await sql`
    insert into outbox (id, to_address, subject, body_text, created_at, sent_at, attempts, last_error)
    select m.id, d.address, m.subject, m.body_text, m.created_at, d.sent_at, d.attempts, d.last_error
    from notify_deliveries d join notify_messages m on m.id = d.message_id
    where d.channel = 'email' and d.address is not null`.execute(db);
  for (const table of ['notify_leases', 'notify_preferences', 'notify_deliveries', 'notify_messages']) {
    await db.schema.dropTable(table).execute();
  }
  await sql`alter table users drop column language`.execute(db);
}
