/**
 * Staff: a role and a scope on users (a clerk's facility, a ward officer's ward; admins see everything),
 * and the append-only audit log of staff actions. Frozen once shipped. Portable SQL only.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('users')
    .addColumn('staff_facility_id', 'text', (c) => c.references('facilities.id'))
    .execute();
  await db.schema
    .alterTable('users')
    .addColumn('staff_ward_id', 'text', (c) => c.references('wards.id'))
    .execute();
  await db.schema.createIndex('users_phone').on('users').column('phone').execute();
  // 多目的利用者登録 decisions: until when an approval holds, and why an application was refused.
  await db.schema.alterTable('users').addColumn('multipurpose_expires_on', 'text').execute();
  await db.schema.alterTable('users').addColumn('multipurpose_note', 'text').execute();

  // Payment at the counter (cash, with the receipt number) and what happened on the day.
  await db.schema.alterTable('reservations').addColumn('paid_at', 'text').execute();
  await db.schema.alterTable('reservations').addColumn('receipt_number', 'text').execute();
  await db.schema.alterTable('reservations').addColumn('checked_in_at', 'text').execute();
  // 仮予約: rooms that need a clerk's approval take bookings as provisional; a provisional booking with a
  // fee must be paid by its due date or the scheduled job cancels it.
  await db.schema.alterTable('reservations').addColumn('payment_due_on', 'text').execute();
  await db.schema
    .alterTable('rooms')
    .addColumn('requires_approval', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.createIndex('reservations_status_due').on('reservations').columns(['status', 'payment_due_on']).execute();

  await db.schema
    .createTable('audit_log')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text', (c) => c.references('users.id')) // null: the system (scheduled jobs)
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('target_type', 'text', (c) => c.notNull())
    .addColumn('target_id', 'text', (c) => c.notNull())
    .addColumn('facility_id', 'text')
    .addColumn('reason', 'text')
    .addColumn('before_json', 'text')
    .addColumn('after_json', 'text')
    .execute();
  await db.schema.createIndex('audit_log_at').on('audit_log').column('at').execute();
  await db.schema.createIndex('audit_log_actor').on('audit_log').columns(['actor_id', 'at']).execute();
  await db.schema.createIndex('audit_log_facility').on('audit_log').columns(['facility_id', 'at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('audit_log').execute();
  await db.schema.dropIndex('reservations_status_due').execute();
  await db.schema.alterTable('rooms').dropColumn('requires_approval').execute();
  await db.schema.alterTable('reservations').dropColumn('payment_due_on').execute();
  await db.schema.alterTable('reservations').dropColumn('checked_in_at').execute();
  await db.schema.alterTable('reservations').dropColumn('receipt_number').execute();
  await db.schema.alterTable('reservations').dropColumn('paid_at').execute();
  await db.schema.dropIndex('users_phone').execute();
  await db.schema.alterTable('users').dropColumn('multipurpose_note').execute();
  await db.schema.alterTable('users').dropColumn('multipurpose_expires_on').execute();
  await db.schema.alterTable('users').dropColumn('staff_ward_id').execute();
  await db.schema.alterTable('users').dropColumn('staff_facility_id').execute();
}
