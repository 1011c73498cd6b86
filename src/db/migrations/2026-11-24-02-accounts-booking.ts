/**
 * Residents, groups, sessions, API tokens, the mail outbox, fees and booking rules, and the columns online
 * booking needs on reservations. Frozen once shipped. Portable SQL only.
 *
 * The double-booking guarantee stays the primary key of reservation_cells (room, date, band). The
 * idempotency guarantee is a unique index on (user_id, idempotency_key): a retried request cannot create
 * a second reservation even if two retries race.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('users')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('number', 'text', (c) => c.notNull().unique())
    .addColumn('email', 'text', (c) => c.unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('name_kana', 'text', (c) => c.notNull())
    .addColumn('phone', 'text', (c) => c.notNull())
    .addColumn('residency', 'text', (c) => c.notNull())
    .addColumn('birth_year', 'integer')
    .addColumn('password_hash', 'text')
    .addColumn('role', 'text', (c) => c.notNull().defaultTo('resident'))
    .addColumn('multipurpose_status', 'text', (c) => c.notNull().defaultTo('none'))
    .addColumn('multipurpose_requested_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('users_name_kana').on('users').column('name_kana').execute();

  await db.schema
    .createTable('groups')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('member_count', 'integer', (c) => c.notNull())
    .addColumn('representative_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('group_members')
    .addColumn('group_id', 'text', (c) => c.notNull().references('groups.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('group_members_pk', ['group_id', 'user_id'])
    .execute();
  await db.schema.createIndex('group_members_user').on('group_members').column('user_id').execute();

  await db.schema
    .createTable('sessions')
    .addColumn('id', 'text', (c) => c.primaryKey()) // SHA-256 of the cookie value: a leaked table grants nothing
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('csrf_token', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('sessions_user').on('sessions').column('user_id').execute();

  await db.schema
    .createTable('api_tokens')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_used_at', 'text')
    .addColumn('revoked_at', 'text')
    .execute();
  await db.schema.createIndex('api_tokens_user').on('api_tokens').column('user_id').execute();

  await db.schema
    .createTable('password_resets')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('used_at', 'text')
    .execute();

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

  await db.schema
    .createTable('room_fees')
    .addColumn('room_id', 'text', (c) => c.notNull().references('rooms.id').onDelete('cascade'))
    .addColumn('band', 'text', (c) => c.notNull())
    .addColumn('amount', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('room_fees_pk', ['room_id', 'band'])
    .execute();

  await db.schema
    .createTable('settings')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .alterTable('rooms')
    .addColumn('booking_window_days', 'integer', (c) => c.notNull().defaultTo(31))
    .execute();
  await db.schema
    .alterTable('rooms')
    .addColumn('cancel_deadline_days', 'integer', (c) => c.notNull().defaultTo(2))
    .execute();

  // One ALTER per column: SQLite adds a single column per statement.
  await db.schema
    .alterTable('reservations')
    .addColumn('user_id', 'text', (c) => c.references('users.id'))
    .execute();
  await db.schema
    .alterTable('reservations')
    .addColumn('group_id', 'text', (c) => c.references('groups.id'))
    .execute();
  await db.schema.alterTable('reservations').addColumn('operator_id', 'text').execute();
  await db.schema
    .alterTable('reservations')
    .addColumn('bands', 'text', (c) => c.notNull().defaultTo(''))
    .execute();
  await db.schema
    .alterTable('reservations')
    .addColumn('fee', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.alterTable('reservations').addColumn('fee_detail', 'text').execute();
  await db.schema
    .alterTable('reservations')
    .addColumn('commercial', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .alterTable('reservations')
    .addColumn('admission', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.alterTable('reservations').addColumn('idempotency_key', 'text').execute();
  await db.schema.alterTable('reservations').addColumn('cancelled_at', 'text').execute();
  await db.schema.alterTable('reservations').addColumn('updated_at', 'text').execute();
  await db.schema
    .createIndex('reservations_user_idempotency')
    .on('reservations')
    .columns(['user_id', 'idempotency_key'])
    .unique()
    .execute();
  await db.schema.createIndex('reservations_user_date').on('reservations').columns(['user_id', 'date']).execute();
  await db.schema.createIndex('reservations_group_date').on('reservations').columns(['group_id', 'date']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const index of ['reservations_group_date', 'reservations_user_date', 'reservations_user_idempotency']) {
    await db.schema.dropIndex(index).execute();
  }
  for (const column of [
    'updated_at',
    'cancelled_at',
    'idempotency_key',
    'admission',
    'commercial',
    'fee_detail',
    'fee',
    'bands',
    'operator_id',
    'group_id',
    'user_id',
  ]) {
    await db.schema.alterTable('reservations').dropColumn(column).execute();
  }
  await db.schema.alterTable('rooms').dropColumn('cancel_deadline_days').execute();
  await db.schema.alterTable('rooms').dropColumn('booking_window_days').execute();
  for (const table of [
    'settings',
    'room_fees',
    'outbox',
    'password_resets',
    'api_tokens',
    'sessions',
    'group_members',
    'groups',
    'users',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
