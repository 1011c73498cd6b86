/**
 * Ward-office counter appointments (区役所窓口予約, features/appointment) and the queue of the day.
 *
 * The catalogue: a ward office or 出張所 (an organisation of the kernel) → counters (窓口) → services
 * (手続). A counter's week is `appointment_hours`: several periods a weekday, so a lunch break is the gap
 * between two; each period is cut into slots of the counter's `slot_minutes`, and each slot has `desks`
 * seats. `appointment_days` overrides one date: closed, open with its own hours (休日開庁), or fewer desks.
 * 土日祝 and 年末年始 are closed unless a day says open (the code knows the holidays, lib/holidays).
 * Life events (手続きナビ: 引っ越し, 出産, おくやみ …) list services in the order they are done.
 *
 * The guarantee: `appointment_seats` has the primary key (counter, date, slot, seat). A booking inserts
 * one row per slot it covers (a 30-minute service on a 15-minute counter takes two consecutive slots of
 * the same desk); a lost race is a key violation, turned into 409, never an extra person. A cancellation
 * deletes the rows, so the seat is free again; the appointment and its items stay, for the record.
 *
 * The day: `queue_tickets` are the numbers handed out (booked people at check-in, walk-ins at the kiosk),
 * unique per (office, date, number); `queue_numbers` hands out the next number per office and day in the
 * writing transaction. The call screen hears of every ticket change through the change feed: triggers
 * mark ('queue', 'office|date') on SQLite and NOTIFY 'queue:office|date' on PostgreSQL, so every app
 * process's screens update, whichever process the clerk pressed "call" on. Seats changes are marked
 * ('seats', 'counter|month') and the appointment catalogue ('appointment_catalogue', '') the same way.
 *
 * Times of day are 'HH:MM' text, dates 'YYYY-MM-DD', instants ISO text, as in the rest of the schema.
 * Frozen once shipped.
 */
import { type Kysely, SqliteAdapter, sql } from 'kysely';

const CHANNEL = 'tsunagu_changes';

const CATALOGUE_TABLES = [
  'appointment_counters',
  'appointment_hours',
  'appointment_days',
  'appointment_services',
  'life_events',
  'life_event_services',
];

function isSqlite(db: Kysely<any>): boolean {
  return db.getExecutor().adapter instanceof SqliteAdapter;
}

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('appointment_counters')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('office_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('code', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('name_en', 'text', (c) => c.notNull())
    // Where it is: 「1階 3番窓口」, read on the slip and the call screen.
    .addColumn('place', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('place_en', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('slot_minutes', 'integer', (c) => c.notNull())
    .addColumn('desks', 'integer', (c) => c.notNull())
    // A booked person checking in later than this after their time joins the queue as a walk-in does.
    .addColumn('late_grace_minutes', 'integer', (c) => c.notNull().defaultTo(10))
    .addColumn('sort_order', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema.createIndex('appointment_counters_office').on('appointment_counters').columns(['office_id', 'sort_order']).execute();

  await db.schema
    .createTable('appointment_hours')
    .addColumn('counter_id', 'text', (c) => c.notNull().references('appointment_counters.id'))
    // 0 = Sunday … 6 = Saturday, as Date.getDay().
    .addColumn('weekday', 'integer', (c) => c.notNull())
    .addColumn('opens', 'text', (c) => c.notNull())
    .addColumn('closes', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('appointment_hours_pk', ['counter_id', 'weekday', 'opens'])
    .execute();

  await db.schema
    .createTable('appointment_days')
    .addColumn('counter_id', 'text', (c) => c.notNull().references('appointment_counters.id'))
    .addColumn('date', 'text', (c) => c.notNull())
    // 'closed' | 'open' (its own hours, e.g. a 休日開庁 Sunday) | 'desks' (the week's hours, fewer desks)
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('opens', 'text')
    .addColumn('closes', 'text')
    .addColumn('desks', 'integer')
    .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
    .addPrimaryKeyConstraint('appointment_days_pk', ['counter_id', 'date'])
    .execute();

  await db.schema
    .createTable('appointment_services')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('counter_id', 'text', (c) => c.notNull().references('appointment_counters.id'))
    .addColumn('code', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('name_en', 'text', (c) => c.notNull())
    // A whole number of the counter's slots.
    .addColumn('duration_minutes', 'integer', (c) => c.notNull())
    // 持ち物: one item a line.
    .addColumn('documents', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('documents_en', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('notes', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('notes_en', 'text', (c) => c.notNull().defaultTo(''))
    // 'anyone' | 'ward_residents'
    .addColumn('eligibility', 'text', (c) => c.notNull().defaultTo('anyone'))
    // Bookable from `book_from_days` before the day until `book_until_days` before it (1: the day before).
    .addColumn('book_from_days', 'integer', (c) => c.notNull().defaultTo(14))
    .addColumn('book_until_days', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('walk_ins', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('sort_order', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema.createIndex('appointment_services_counter').on('appointment_services').columns(['counter_id', 'sort_order']).execute();

  await db.schema
    .createTable('life_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('name_en', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('description_en', 'text', (c) => c.notNull().defaultTo(''))
    // Minutes between the end of one service and the start of the next: walking between counters.
    .addColumn('gap_minutes', 'integer', (c) => c.notNull().defaultTo(10))
    .addColumn('sort_order', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .createTable('life_event_services')
    .addColumn('life_event_id', 'text', (c) => c.notNull().references('life_events.id'))
    .addColumn('service_id', 'text', (c) => c.notNull().references('appointment_services.id'))
    // The order the services are done in: 転入届 before 国保 and 児童手当.
    .addColumn('position', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('life_event_services_pk', ['life_event_id', 'service_id'])
    .execute();

  await db.schema
    .createTable('appointments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    // 予約番号: what the resident reads out, types at the kiosk or carries in the QR code.
    .addColumn('number', 'text', (c) => c.notNull().unique())
    // SHA-256 of the secret in the change/cancel link; the secret itself is never stored.
    .addColumn('secret_hash', 'text', (c) => c.notNull())
    .addColumn('office_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('life_event_id', 'text', (c) => c.references('life_events.id'))
    // 'booked' | 'cancelled' | 'checked_in' | 'done' | 'no_show'
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('booked'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('name_kana', 'text', (c) => c.notNull())
    .addColumn('phone', 'text')
    .addColumn('email', 'text')
    // 1 once the email address answered its one-time code; a phone-only booking is confirmed at check-in.
    .addColumn('contact_confirmed', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('person_id', 'text', (c) => c.references('users.id'))
    // 'web' | 'api' | 'phone' | 'counter'
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('operator_id', 'text', (c) => c.references('users.id'))
    .addColumn('idempotency_key', 'text')
    .addColumn('lang', 'text', (c) => c.notNull().defaultTo('ja'))
    // The first item's date and time, for the lists and the reminder job.
    .addColumn('date', 'text', (c) => c.notNull())
    .addColumn('starts', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('cancelled_at', 'text')
    .addColumn('reminded_at', 'text')
    .execute();
  await db.schema.createIndex('appointments_idempotency').on('appointments').column('idempotency_key').unique().execute();
  await db.schema.createIndex('appointments_office_date').on('appointments').columns(['office_id', 'date', 'starts']).execute();
  await db.schema.createIndex('appointments_email').on('appointments').columns(['email', 'status']).execute();
  await db.schema.createIndex('appointments_phone').on('appointments').columns(['phone', 'status']).execute();
  await db.schema.createIndex('appointments_person').on('appointments').columns(['person_id', 'status']).execute();

  await db.schema
    .createTable('appointment_items')
    .addColumn('appointment_id', 'text', (c) => c.notNull().references('appointments.id'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('service_id', 'text', (c) => c.notNull().references('appointment_services.id'))
    .addColumn('counter_id', 'text', (c) => c.notNull().references('appointment_counters.id'))
    .addColumn('date', 'text', (c) => c.notNull())
    .addColumn('starts', 'text', (c) => c.notNull())
    .addColumn('ends', 'text', (c) => c.notNull())
    .addColumn('desk', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('appointment_items_pk', ['appointment_id', 'position'])
    .execute();
  await db.schema.createIndex('appointment_items_counter_date').on('appointment_items').columns(['counter_id', 'date', 'starts']).execute();

  await db.schema
    .createTable('appointment_seats')
    .addColumn('counter_id', 'text', (c) => c.notNull().references('appointment_counters.id'))
    .addColumn('date', 'text', (c) => c.notNull())
    .addColumn('slot', 'text', (c) => c.notNull())
    // 1 … the day's desks.
    .addColumn('seat', 'integer', (c) => c.notNull())
    .addColumn('appointment_id', 'text', (c) => c.notNull().references('appointments.id'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('appointment_seats_pk', ['counter_id', 'date', 'slot', 'seat'])
    .execute();
  await db.schema.createIndex('appointment_seats_appointment').on('appointment_seats').column('appointment_id').execute();

  // One-time codes that confirm an email address before a booking without an account is made.
  await db.schema
    .createTable('appointment_email_codes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('code_hash', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('used_at', 'text')
    .execute();
  await db.schema.createIndex('appointment_email_codes_email').on('appointment_email_codes').columns(['email', 'created_at']).execute();

  await db.schema
    .createTable('queue_numbers')
    .addColumn('office_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('date', 'text', (c) => c.notNull())
    .addColumn('last_number', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('queue_numbers_pk', ['office_id', 'date'])
    .execute();

  await db.schema
    .createTable('queue_tickets')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('office_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('date', 'text', (c) => c.notNull())
    .addColumn('number', 'integer', (c) => c.notNull())
    .addColumn('counter_id', 'text', (c) => c.notNull().references('appointment_counters.id'))
    .addColumn('service_id', 'text', (c) => c.references('appointment_services.id'))
    // A booked person's appointment and item; null for a walk-in (整理券).
    .addColumn('appointment_id', 'text', (c) => c.references('appointments.id'))
    .addColumn('position', 'integer')
    // 'booked' | 'walk_in'
    .addColumn('kind', 'text', (c) => c.notNull())
    // 'waiting' | 'called' | 'serving' | 'done' | 'no_show' | 'transferred'
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('waiting'))
    // The instant the queue orders by: a booked person on time queues at their appointment's time,
    // a walk-in (or a late arrival) at their check-in.
    .addColumn('queued_at', 'text', (c) => c.notNull())
    // 'kiosk' | 'staff' | 'self' (the resident's phone) | 'phone'
    .addColumn('checked_in_via', 'text', (c) => c.notNull())
    .addColumn('checked_in_at', 'text', (c) => c.notNull())
    .addColumn('operator_id', 'text', (c) => c.references('users.id'))
    .addColumn('desk', 'integer')
    .addColumn('called_at', 'text')
    .addColumn('serving_at', 'text')
    .addColumn('done_at', 'text')
    .addColumn('transferred_to', 'text')
    // 1 once "your turn is near" went out.
    .addColumn('near_notified', 'integer', (c) => c.notNull().defaultTo(0))
    .addUniqueConstraint('queue_tickets_number', ['office_id', 'date', 'number'])
    .execute();
  await db.schema.createIndex('queue_tickets_counter').on('queue_tickets').columns(['counter_id', 'date', 'status', 'queued_at']).execute();
  await db.schema.createIndex('queue_tickets_appointment').on('queue_tickets').columns(['appointment_id', 'position']).execute();

  if (isSqlite(db)) await marksSqlite(db);
  else await marksPostgres(db);
}

async function marksSqlite(db: Kysely<any>): Promise<void> {
  const next = '(SELECT coalesce(max(seq), 0) + 1 FROM change_marks)';
  const mark = (topic: string, key: string) =>
    `INSERT OR REPLACE INTO change_marks (topic, key, seq) VALUES ('${topic}', ${key}, ${next});`;
  for (const table of CATALOGUE_TABLES) {
    for (const event of ['INSERT', 'UPDATE', 'DELETE']) {
      await sql
        .raw(
          `CREATE TRIGGER ${table}_${event.toLowerCase()}_marks AFTER ${event} ON ${table} BEGIN ${mark('appointment_catalogue', "''")} END`,
        )
        .execute(db);
    }
  }
  const seatKey = (row: 'NEW' | 'OLD') => `${row}.counter_id || '|' || substr(${row}.date, 1, 7)`;
  const queueKey = (row: 'NEW' | 'OLD') => `${row}.office_id || '|' || ${row}.date`;
  for (const [table, topic, key] of [
    ['appointment_seats', 'seats', seatKey],
    ['queue_tickets', 'queue', queueKey],
  ] as const) {
    await sql.raw(`CREATE TRIGGER ${table}_insert_marks AFTER INSERT ON ${table} BEGIN ${mark(topic, key('NEW'))} END`).execute(db);
    await sql.raw(`CREATE TRIGGER ${table}_delete_marks AFTER DELETE ON ${table} BEGIN ${mark(topic, key('OLD'))} END`).execute(db);
    await sql
      .raw(`CREATE TRIGGER ${table}_update_marks AFTER UPDATE ON ${table} BEGIN ${mark(topic, key('OLD'))} ${mark(topic, key('NEW'))} END`)
      .execute(db);
  }
}

async function marksPostgres(db: Kysely<any>): Promise<void> {
  await sql
    .raw(`CREATE FUNCTION tsunagu_appointment_catalogue_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('${CHANNEL}', 'appointment_catalogue');
  RETURN NULL;
END $$`)
    .execute(db);
  for (const table of CATALOGUE_TABLES) {
    await sql
      .raw(
        `CREATE TRIGGER ${table}_marks AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION tsunagu_appointment_catalogue_changed()`,
      )
      .execute(db);
  }
  await sql
    .raw(`CREATE FUNCTION tsunagu_seats_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN PERFORM pg_notify('${CHANNEL}', 'seats:' || OLD.counter_id || '|' || substr(OLD.date, 1, 7)); END IF;
  IF TG_OP <> 'DELETE' THEN PERFORM pg_notify('${CHANNEL}', 'seats:' || NEW.counter_id || '|' || substr(NEW.date, 1, 7)); END IF;
  RETURN NULL;
END $$`)
    .execute(db);
  await sql
    .raw(
      'CREATE TRIGGER appointment_seats_marks AFTER INSERT OR UPDATE OR DELETE ON appointment_seats FOR EACH ROW EXECUTE FUNCTION tsunagu_seats_changed()',
    )
    .execute(db);
  await sql
    .raw(`CREATE FUNCTION tsunagu_queue_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN PERFORM pg_notify('${CHANNEL}', 'queue:' || OLD.office_id || '|' || OLD.date); END IF;
  IF TG_OP <> 'DELETE' THEN PERFORM pg_notify('${CHANNEL}', 'queue:' || NEW.office_id || '|' || NEW.date); END IF;
  RETURN NULL;
END $$`)
    .execute(db);
  await sql
    .raw(
      'CREATE TRIGGER queue_tickets_marks AFTER INSERT OR UPDATE OR DELETE ON queue_tickets FOR EACH ROW EXECUTE FUNCTION tsunagu_queue_changed()',
    )
    .execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  if (isSqlite(db)) {
    for (const table of [...CATALOGUE_TABLES, 'appointment_seats', 'queue_tickets'])
      for (const event of ['insert', 'update', 'delete']) await sql.raw(`DROP TRIGGER IF EXISTS ${table}_${event}_marks`).execute(db);
  } else {
    for (const table of [...CATALOGUE_TABLES, 'appointment_seats', 'queue_tickets'])
      await sql.raw(`DROP TRIGGER IF EXISTS ${table}_marks ON ${table}`).execute(db);
    for (const fn of ['tsunagu_appointment_catalogue_changed', 'tsunagu_seats_changed', 'tsunagu_queue_changed'])
      await sql.raw(`DROP FUNCTION ${fn}()`).execute(db);
  }
  for (const table of [
    'queue_tickets',
    'queue_numbers',
    'appointment_email_codes',
    'appointment_seats',
    'appointment_items',
    'appointments',
    'life_event_services',
    'life_events',
    'appointment_services',
    'appointment_days',
    'appointment_hours',
    'appointment_counters',
  ])
    await db.schema.dropTable(table).execute();
}
