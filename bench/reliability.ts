/**
 * npm run reliability — no data loss, no 5xx, consistent backups. Each part is bounded and stops itself.
 *
 * 1. Crash (bench/lib/crash.ts): 50 clients book while the server is killed with SIGKILL at a random
 *    moment once bookings flow, ten times; every booking that was answered 2xx must be in the database afterwards, with its
 *    cells, and SQLite must pass integrity_check. Same on PostgreSQL (the app is killed, not the
 *    database), and there also with 2 app processes (WORKERS=2): one worker is killed mid-load, three
 *    times, while the load goes on through the other; only requests in flight on the killed one may fail.
 * 2. Bad input (bench/lib/bad-input.ts): 10,000 generated requests (fast-check) against every form and
 *    API endpoint over HTTP: no 5xx, no hang, every rejection explained, and the database unchanged
 *    (checksum before/after).
 *    On PostgreSQL also against 2 app processes.
 * 3. Backup and restore while bookings are being made: `tsunagu backup`, restore into a fresh database,
 *    compare counts and a sample of rows.
 * 4. LINE crash: a city-wide sending (several messages to 300 LINE-linked residents) goes out through a
 *    slow stand-in LINE while the server is SIGKILLed mid-delivery, again and again; afterwards every
 *    resident has every message exactly once and no delivery is left queued or sending. The retries of
 *    requests LINE had already taken are the 409s the retry key stopped.
 *
 * `npm run reliability -- --only line-crash` (or crash, bad-input, backup; comma-separated; `--sqlite`
 * for SQLite only) runs some parts; by default every part runs on both databases.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import pg from 'pg';
import { createDb, type DatabaseHandle } from '../src/db/database.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { newId } from '../src/lib/ids.ts';
import { systemClock } from '../src/lib/time.ts';
import { lineUserId, startLineStandIn } from '../src/platform/notify/line/line-stand-in.test-helpers.ts';
import { notify } from '../src/platform/notify/notify.ts';
import { startPgCluster } from '../test/pg-cluster.ts';
import { badInput } from './lib/bad-input.ts';
import { book, type CheckResult, consistency, crash, crashWorkers } from './lib/crash.ts';
import { type FreeCell, freeCells, makeTokens, type Prepared, preparePostgres, prepareSqlite } from './lib/databases.ts';
import { table } from './lib/load.ts';
import { startServer } from './lib/processes.ts';

const run = promisify(execFile);
const PARTS = ['crash', 'bad-input', 'backup', 'line-crash'] as const;
const onlyArg = process.argv.indexOf('--only');
const only = onlyArg >= 0 ? (process.argv[onlyArg + 1] ?? '').split(',') : [...PARTS];
for (const part of only)
  if (!(PARTS as readonly string[]).includes(part)) throw new Error(`--only: unknown part ${part} (${PARTS.join(', ')})`);
const selected = (part: (typeof PARTS)[number]) => only.includes(part);
const sqliteOnly = process.argv.includes('--sqlite');
const dir = mkdtempSync(join(tmpdir(), 'tsunagu-reliability-'));
const log = (line: string) => process.stdout.write(`${line}\n`);
const results: (string | number)[][] = [];
let failed = false;
const check = (name: string, ok: boolean, detail: string) => {
  results.push([name, ok ? 'pass' : '**FAIL**', detail]);
  log(`${ok ? 'PASS' : 'FAIL'} ${name}: ${detail}`);
  if (!ok) failed = true;
};
const report = (r: CheckResult) => check(r.name, r.ok, r.detail);

async function backupRestore(label: string, prepared: Prepared, restoreUrl: string, openRestored: () => DatabaseHandle) {
  const tokens = await makeTokens(prepared.db, 10);
  const cells = await freeCells(prepared.db, systemClock, 30);
  const server = await startServer({ DATABASE_URL: prepared.url });
  let stop = false;
  let next = 0;
  let made = 0;
  const workers = tokens.map(async (token) => {
    while (!stop) {
      const res = await book(server.url, token, cells[next++ % cells.length] as FreeCell);
      if (res.status === 201) made++;
      await res.arrayBuffer();
    }
  });
  await new Promise((r) => setTimeout(r, 500));
  const file = join(dir, `backup-${label}.bin`);
  const env = { ...process.env, DATABASE_URL: prepared.url };
  const started = Date.now();
  await run(process.execPath, ['bin/tsunagu.js', 'backup', '--to', file], { env });
  const took = Date.now() - started;
  await new Promise((r) => setTimeout(r, 300));
  stop = true;
  await Promise.all(workers);
  await server.stop();
  await run(process.execPath, ['bin/tsunagu.js', 'restore', '--from', file], { env: { ...process.env, DATABASE_URL: restoreUrl } });
  const restored = openRestored();
  const count = async (db: DatabaseHandle) =>
    Number((await sql<{ n: string | number }>`select count(*) as n from reservations`.execute(db.kysely)).rows[0]?.n);
  const [live, copy] = [await count(prepared.db), await count(restored)];
  const sample = await restored.kysely.selectFrom('reservations').selectAll().orderBy('created_at', 'desc').limit(20).execute();
  let differing = 0;
  for (const row of sample) {
    const original = await prepared.db.kysely.selectFrom('reservations').selectAll().where('id', '=', row.id).executeTakeFirst();
    if (JSON.stringify(original) !== JSON.stringify(row)) differing++;
  }
  const c = await consistency(restored);
  await restored.close();
  check(
    `backup and restore under load (${label})`,
    copy > 0 && copy <= live && differing === 0 && c.orphans === 0 && c.mismatched === 0,
    `backup in ${took} ms while ${made} bookings were made; restored ${copy} reservations (live ${live} after the load); 20 newest rows identical: ${differing === 0}; restored copy consistent: ${c.orphans + c.mismatched === 0}`,
  );
}

/**
 * Kill the app mid-delivery: `sendings` messages to `residents` people whose only channel is LINE, queued
 * with notify() straight into the database (a city-wide sending: one text to all, so multicasts), then
 * delivered by the server against a stand-in LINE answering in 200–500 ms, SIGKILLed `kills` times at
 * random moments and restarted each time with a short lease so the next process resumes the dead one's batch.
 */
async function lineCrash(label: string, db: DatabaseHandle, url: string, residents = 300, sendings = 12, kills = 8) {
  const now = new Date().toISOString();
  const people = Array.from({ length: residents }, (_, i) => ({ id: newId('usr'), line: lineUserId(i + 1) }));
  for (let i = 0; i < people.length; i += 200) {
    const part = people.slice(i, i + 200);
    await db.kysely
      .insertInto('users')
      .values(
        part.map((p, j) => ({
          id: p.id,
          number: String(30_000_000 + i + j),
          email: null,
          name: '信頼性',
          name_kana: 'シンライセイ',
          phone: '000-0000-0000',
          residency: 'resident',
          birth_year: null,
          password_hash: null,
          multipurpose_requested_at: null,
          created_at: now,
          updated_at: now,
        })),
      )
      .execute();
    await db.kysely
      .insertInto('line_links')
      .values(part.map((p) => ({ user_id: p.id, line_user_id: p.line, linked_at: now })))
      .execute();
  }
  const texts: string[] = [];
  await db.kysely.transaction().execute(async (trx) => {
    for (let k = 1; k <= sendings; k++) {
      const text = `避難所の開設について（第${k}報）`;
      texts.push(text);
      for (const p of people)
        await notify(trx, systemClock, { to: p.id, kind: 'city.announcement', template: () => ({ subject: '', text }) });
    }
  });
  const queued = Number(
    (
      await db.kysely
        .selectFrom('notify_deliveries')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('channel', '=', 'line')
        .executeTakeFirstOrThrow()
    ).n,
  );

  const line = await startLineStandIn();
  line.latencyMs = () => 200 + Math.random() * 300;
  const env = {
    DATABASE_URL: url,
    NOTIFY_QUIET_HOURS: 'off',
    NOTIFY_LINE_PER_MINUTE: '1000000',
    NOTIFY_LEASE_SECONDS: '3',
    NOTIFY_INTERVAL_SECONDS: '1',
    LINE_CHANNEL_ACCESS_TOKEN: line.token,
    LINE_CHANNEL_SECRET: 'reliability-secret',
    LINE_API_BASE: line.url,
  };
  const open = async () =>
    Number(
      (
        await db.kysely
          .selectFrom('notify_deliveries')
          .select((eb) => eb.fn.countAll().as('n'))
          .where('channel', '=', 'line')
          .where('status', 'in', ['queued', 'sending'])
          .executeTakeFirstOrThrow()
      ).n,
    );
  const started = Date.now();
  let killed = 0;
  for (let round = 1; round <= kills && (await open()) > 0; round++) {
    const server = await startServer(env);
    // A random moment once this process is sending (its lease comes when the dead one's expires).
    const before = line.sends('/v2/bot/message/multicast').length + line.sends('/v2/bot/message/push').length;
    const deadline = Date.now() + 15_000;
    while (Date.now() < deadline && line.sends('/v2/bot/message/multicast').length + line.sends('/v2/bot/message/push').length === before)
      await new Promise((r) => setTimeout(r, 20));
    await new Promise((r) => setTimeout(r, Math.random() * 1500));
    await server.kill9();
    killed++;
  }
  const last = await startServer(env);
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline && (await open()) > 0) await new Promise((r) => setTimeout(r, 200));
  await last.stop();
  const took = (Date.now() - started) / 1000;
  await line.close();

  let none = 0;
  let twice = 0;
  for (const p of people) {
    const got = line.delivered.get(p.line) ?? [];
    for (const text of texts) {
      const n = got.filter((t) => t === text).length;
      if (n === 0) none++;
      if (n > 1) twice++;
    }
  }
  const left = await open();
  const states = await db.kysely
    .selectFrom('notify_deliveries')
    .select(['status', (eb) => eb.fn.countAll().as('n')])
    .where('channel', '=', 'line')
    .groupBy('status')
    .execute();
  const sends = line.requests.filter((r) => r.method === 'POST');
  const conflicts = sends.filter((r) => r.status === 409).length;
  const neverTaken = sends.filter((r) => r.status === 0).length;
  const answerLost = sends.filter((r) => r.answerLost).length;
  check(
    `LINE crash ×${killed} (${label})`,
    none === 0 && twice === 0 && left === 0 && queued === residents * sendings,
    `${sendings} sendings × ${residents} residents = ${queued} LINE deliveries, ${killed} SIGKILLs, ${took.toFixed(1)} s; ` +
      `LINE got ${sends.length} send requests: ${sends.length - conflicts - neverTaken} sent, ${conflicts} answered 409 (retry key: already sent, not sent again), ${neverTaken} hung up before LINE took them, ${answerLost} taken but the answer lost; ` +
      `per resident and message: missing ${none}, twice ${twice}; left queued/sending ${left} (${states.map((s) => `${s.status} ${s.n}`).join(', ')})`,
  );
}

/** A migrated database with nothing in it but what a part writes (no demo city: its people have email). */
async function emptySqlite(name: string): Promise<{ db: DatabaseHandle; url: string }> {
  const path = join(dir, name);
  const db = createDb({ dialect: 'sqlite', path });
  await migrateToLatest(db);
  return { db, url: `sqlite:${path}` };
}

try {
  const clock = systemClock;
  log('== SQLite');
  if (selected('crash') || selected('bad-input') || selected('backup')) {
    const sqlite = await prepareSqlite(join(dir, 'rel.db'), clock, 30);
    if (selected('crash')) report(await crash('SQLite', sqlite));
    if (selected('bad-input')) report(await badInput('SQLite', sqlite));
    if (selected('backup'))
      await backupRestore('SQLite', sqlite, `sqlite:${join(dir, 'restored.db')}`, () =>
        createDb({ dialect: 'sqlite', path: join(dir, 'restored.db') }),
      );
    await sqlite.db.close();
  }
  if (selected('line-crash')) {
    const empty = await emptySqlite('line.db');
    await lineCrash('SQLite', empty.db, empty.url);
    await empty.db.close();
  }

  if (!sqliteOnly) {
    log('== PostgreSQL');
    const cluster = startPgCluster({ durable: true });
    try {
      if (selected('crash') || selected('bad-input') || selected('backup')) {
        const pgPrepared = await preparePostgres(cluster.url, 'reliability', clock, 30);
        if (selected('crash')) {
          report(await crash('PostgreSQL', pgPrepared));
          report(await crashWorkers('PostgreSQL, 2 processes', pgPrepared, 2));
        }
        if (selected('bad-input')) {
          report(await badInput('PostgreSQL', pgPrepared));
          report(await badInput('PostgreSQL, 2 processes', pgPrepared, 2));
        }
        if (selected('backup')) {
          const admin = new pg.Client({ connectionString: cluster.url });
          await admin.connect();
          await admin.query('CREATE DATABASE restored');
          await admin.end();
          const restoreUrl = new URL(cluster.url);
          restoreUrl.pathname = '/restored';
          await backupRestore('PostgreSQL', pgPrepared, restoreUrl.toString(), () =>
            createDb({ dialect: 'postgres', url: restoreUrl.toString() }),
          );
        }
        await pgPrepared.db.close();
      }
      if (selected('line-crash')) {
        const admin = new pg.Client({ connectionString: cluster.url });
        await admin.connect();
        await admin.query('CREATE DATABASE line_crash');
        await admin.end();
        const lineUrl = new URL(cluster.url);
        lineUrl.pathname = '/line_crash';
        const db = createDb({ dialect: 'postgres', url: lineUrl.toString() });
        await migrateToLatest(db);
        await lineCrash('PostgreSQL', db, lineUrl.toString());
        await db.close();
      }
    } finally {
      cluster.stop();
    }
  }
  log(`\n${table(['check', 'result', 'detail'], results)}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
