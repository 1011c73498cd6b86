/**
 * What tells every app process that the catalogue or a room's month of cells changed (the read model,
 * platform/read-model). Triggers, so no writer can forget, the command line included: a facility import,
 * a lottery draw, `jobs run`, a hand-written SQL fix.
 *
 * - SQLite: change_marks(topic, key, seq), one row per catalogue ('catalogue', '') and per room month
 *   ('cells', 'room|2026-12'), given the next seq by the writing transaction. SQLite has one writer at a
 *   time, so seqs are handed out in commit order and a reader asks "what changed after the seq I saw?"
 *   with one indexed read. The table holds at most one row per room month, so it needs no pruning.
 * - PostgreSQL: the same events as notifications on the channel tsunagu_changes ('catalogue',
 *   'cells:room|2026-12'), which PostgreSQL delivers to every listening process after the commit, in
 *   commit order. A version row written by every booking would serialise their commits on its lock.
 *
 * The catalogue is every table a public page or a booking rule reads and staff edit a few times a day.
 * Frozen once shipped.
 */
import { type Kysely, SqliteAdapter, sql } from 'kysely';

const CATALOGUE_TABLES = [
  'wards',
  'band_schemes',
  'bands',
  'facilities',
  'facility_hours',
  'rooms',
  'room_equipment',
  'closures',
  'room_fees',
  'settings',
  'lottery_months',
];

const CHANNEL = 'tsunagu_changes';

function isSqlite(db: Kysely<any>): boolean {
  return db.getExecutor().adapter instanceof SqliteAdapter;
}

export async function up(db: Kysely<any>): Promise<void> {
  if (isSqlite(db)) await upSqlite(db);
  else await upPostgres(db);
}

async function upSqlite(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('change_marks')
    .addColumn('topic', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('change_marks_pk', ['topic', 'key'])
    .execute();
  await db.schema.createIndex('change_marks_seq').on('change_marks').column('seq').execute();
  const next = '(SELECT coalesce(max(seq), 0) + 1 FROM change_marks)';
  const mark = (topic: string, key: string) =>
    `INSERT OR REPLACE INTO change_marks (topic, key, seq) VALUES ('${topic}', ${key}, ${next});`;
  for (const table of CATALOGUE_TABLES) {
    for (const event of ['INSERT', 'UPDATE', 'DELETE']) {
      await sql
        .raw(`CREATE TRIGGER ${table}_${event.toLowerCase()}_marks AFTER ${event} ON ${table} BEGIN ${mark('catalogue', "''")} END`)
        .execute(db);
    }
  }
  const cellKey = (row: 'NEW' | 'OLD') => `${row}.room_id || '|' || substr(${row}.date, 1, 7)`;
  await sql
    .raw(`CREATE TRIGGER reservation_cells_insert_marks AFTER INSERT ON reservation_cells BEGIN ${mark('cells', cellKey('NEW'))} END`)
    .execute(db);
  await sql
    .raw(`CREATE TRIGGER reservation_cells_delete_marks AFTER DELETE ON reservation_cells BEGIN ${mark('cells', cellKey('OLD'))} END`)
    .execute(db);
  await sql
    .raw(
      `CREATE TRIGGER reservation_cells_update_marks AFTER UPDATE ON reservation_cells BEGIN ${mark('cells', cellKey('OLD'))} ${mark('cells', cellKey('NEW'))} END`,
    )
    .execute(db);
}

async function upPostgres(db: Kysely<any>): Promise<void> {
  await sql
    .raw(`CREATE FUNCTION tsunagu_catalogue_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('${CHANNEL}', 'catalogue');
  RETURN NULL;
END $$`)
    .execute(db);
  for (const table of CATALOGUE_TABLES) {
    await sql
      .raw(
        `CREATE TRIGGER ${table}_marks AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION tsunagu_catalogue_changed()`,
      )
      .execute(db);
  }
  // PostgreSQL folds identical notifications of one transaction into one: a draw of thousands of cells
  // sends one per room month.
  await sql
    .raw(`CREATE FUNCTION tsunagu_cells_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN PERFORM pg_notify('${CHANNEL}', 'cells:' || OLD.room_id || '|' || substr(OLD.date, 1, 7)); END IF;
  IF TG_OP <> 'DELETE' THEN PERFORM pg_notify('${CHANNEL}', 'cells:' || NEW.room_id || '|' || substr(NEW.date, 1, 7)); END IF;
  RETURN NULL;
END $$`)
    .execute(db);
  await sql
    .raw(
      'CREATE TRIGGER reservation_cells_marks AFTER INSERT OR UPDATE OR DELETE ON reservation_cells FOR EACH ROW EXECUTE FUNCTION tsunagu_cells_changed()',
    )
    .execute(db);
  await sql
    .raw(`CREATE FUNCTION tsunagu_all_cells_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('${CHANNEL}', 'cells:*');
  RETURN NULL;
END $$`)
    .execute(db);
  await sql
    .raw(
      'CREATE TRIGGER reservation_cells_truncate_marks AFTER TRUNCATE ON reservation_cells FOR EACH STATEMENT EXECUTE FUNCTION tsunagu_all_cells_changed()',
    )
    .execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  if (isSqlite(db)) {
    for (const table of CATALOGUE_TABLES) {
      for (const event of ['insert', 'update', 'delete']) await sql.raw(`DROP TRIGGER ${table}_${event}_marks`).execute(db);
    }
    for (const event of ['insert', 'delete', 'update']) await sql.raw(`DROP TRIGGER reservation_cells_${event}_marks`).execute(db);
    await db.schema.dropTable('change_marks').execute();
    return;
  }
  for (const table of CATALOGUE_TABLES) await sql.raw(`DROP TRIGGER ${table}_marks ON ${table}`).execute(db);
  await sql.raw('DROP TRIGGER reservation_cells_marks ON reservation_cells').execute(db);
  await sql.raw('DROP TRIGGER reservation_cells_truncate_marks ON reservation_cells').execute(db);
  await sql.raw('DROP FUNCTION tsunagu_catalogue_changed()').execute(db);
  await sql.raw('DROP FUNCTION tsunagu_cells_changed()').execute(db);
  await sql.raw('DROP FUNCTION tsunagu_all_cells_changed()').execute(db);
}
