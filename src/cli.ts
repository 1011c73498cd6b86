/**
 * The tsunagu command line, for administrators and scripts: `npx tsunagu <command>` from the project
 * root. Non-interactive: every answer comes from flags, and the exit code says whether it worked.
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { STAFF_USAGE, staffCommand } from './cli-staff.ts';
import { type Config, loadConfig } from './config.ts';
import { createDb, type DatabaseHandle, runTool } from './db/database.ts';
import { migrateToLatest } from './db/migrate.ts';
import { ensureReferenceData } from './db/seed/reference-data.ts';
import { registerForm as cliUserSchema } from './features/account/account.schema.ts';
import { registerResident } from './features/account/account.service.ts';
import { importFacilitiesCsv } from './features/facility/import/facilities-import.ts';
import { importRoomsCsv } from './features/facility/import/rooms-import.ts';
import type { ImportReport } from './features/facility/import/row-check.ts';
import { drawMonth } from './features/lottery/lottery.draw.service.ts';
import { exportDraw } from './features/lottery/lottery.export.service.ts';
import { verifyDrawExport } from './features/lottery/verify.ts';
import { rowMessages } from './features/organisation/row-messages.ts';
import { issuesOf } from './http/validation.ts';
import { SCHEDULED_JOBS } from './jobs.ts';
import { ConflictError, InvalidInputError, translateIssues } from './lib/errors.ts';
import { installMessages, translator } from './lib/i18n.ts';
import { isYearMonth, systemClock, todayIn } from './lib/time.ts';
import { messages } from './messages.ts';
import { runJobsOnce } from './platform/jobs/jobs.ts';
import { importDistricts } from './platform/organisation/district-import.ts';
import { isCatalogueEmpty, seedDemoCity } from './seed/demo-city.ts';

const HELP = `tsunagu — community facility booking

Usage: npx tsunagu <command> [options]

Commands:
  serve                          start the web server (same as npm start)
  migrate                        apply database migrations
  seed --demo [--seed N]         load the demo city into an empty database
  import facilities FILE.csv     import facilities (自治体標準オープンデータセット 公共施設一覧; UTF-8 or Shift_JIS)
  import rooms FILE.csv          import rooms of imported facilities (format: docs/import.md)
  districts import FILE [--dry-run]
                                 import 校区 and the 町丁目 → 校区 table (CSV in UTF-8 or Shift_JIS, or .xlsx;
                                 columns 区, 校区, 校区よみ, 町丁目, 郵便番号); --dry-run checks only
  ${STAFF_USAGE}
  jobs run                       run the scheduled jobs once (cancel unpaid provisional bookings; lottery
                                 seeds, draws whose day has come, lapse of unconfirmed wins; ended sign-in
                                 windows; insights of ended months)
  lottery draw --month YYYY-MM   run the lottery of that month (once, after its entries have closed)
  lottery export --month YYYY-MM write seed, rules, entries (pseudonymous) and results as JSON to stdout
  lottery verify FILE.json       re-run a draw from its export; exits 1 if any result differs
  backup --to FILE               consistent online backup (SQLite backup API, or pg_dump for PostgreSQL)
  restore --from FILE            restore a backup into the (empty) database of DATABASE_URL
  help                           show this text

The database comes from DATABASE_URL (unset: ./data/tsunagu.db).`;

const out = (line: string) => process.stdout.write(`${line}\n`);
const fail = (line: string, code = 1): never => {
  process.stderr.write(`${line}\n`);
  process.exit(code);
};

async function withDatabase<T>(run: (db: DatabaseHandle, config: Config) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const db = createDb(config.database);
  try {
    await migrateToLatest(db);
    await ensureReferenceData(db.kysely);
    return await run(db, config);
  } finally {
    await db.close();
  }
}

function printReport(what: string, report: ImportReport): void {
  if (report.ok) {
    out(`${what}: ${report.inserted} added, ${report.updated} updated`);
    return;
  }
  process.stderr.write(`${what}: nothing was imported. ${report.errors.length} problem(s):\n`);
  for (const e of report.errors) process.stderr.write(`  ${e.line}行目 「${e.column}」: ${e.message}\n`);
  process.exit(1);
}

async function main(argv: string[]): Promise<void> {
  installMessages(messages);
  const [command, ...rest] = argv;
  switch (command) {
    case 'serve':
      await import('./server.ts');
      return;
    case 'migrate': {
      const applied = await withDatabase((db) => migrateToLatest(db));
      out(applied.length > 0 ? `applied: ${applied.join(', ')}` : 'database is up to date');
      return;
    }
    case 'seed': {
      const { values } = parseArgs({ args: rest, options: { demo: { type: 'boolean' }, seed: { type: 'string' } } });
      if (!values.demo) fail('seed: say what to load, e.g. `npx tsunagu seed --demo`', 2);
      const seed = values.seed === undefined ? loadConfig().demoSeed : Number(values.seed);
      if (!Number.isInteger(seed)) fail('seed: --seed must be an integer', 2);
      await withDatabase(async (db) => {
        if (!(await isCatalogueEmpty(db.kysely)))
          fail('seed: the database already has facilities; the demo city loads only into an empty one');
        const summary = await seedDemoCity(db.kysely, { seed, today: todayIn(systemClock), onProgress: out });
        out(`demo city loaded: ${summary.facilities} facilities, ${summary.rooms} rooms, ${summary.reservations} reservations`);
      });
      return;
    }
    case 'import': {
      const [what, file] = rest;
      if ((what !== 'facilities' && what !== 'rooms') || !file) fail('import: usage `npx tsunagu import facilities|rooms FILE.csv`', 2);
      let input: Buffer;
      try {
        input = readFileSync(file as string);
      } catch (error) {
        return fail(`import: cannot read ${file}: ${(error as Error).message}`);
      }
      const report = await withDatabase((db) =>
        what === 'facilities'
          ? importFacilitiesCsv(db.kysely, input, { now: new Date() })
          : importRoomsCsv(db.kysely, input, { now: new Date() }),
      );
      printReport(`import ${what}`, report);
      return;
    }
    case 'districts': {
      const { values, positionals } = parseArgs({ args: rest, options: { 'dry-run': { type: 'boolean' } }, allowPositionals: true });
      const [verb, file] = positionals;
      if (verb !== 'import' || !file) fail('districts: usage `npx tsunagu districts import FILE [--dry-run]`', 2);
      let input: Buffer;
      try {
        input = readFileSync(file as string);
      } catch (error) {
        return fail(`districts import: cannot read ${file}: ${(error as Error).message}`);
      }
      const dryRun = values['dry-run'] === true;
      const report = await withDatabase((db) => importDistricts(db.kysely, input, { dryRun, actorId: null, now: new Date() }));
      if (!report.ok) {
        process.stderr.write(`districts import: nothing was imported. ${report.errors.length} problem(s):\n`);
        for (const line of rowMessages(translator('ja'), report.errors)) process.stderr.write(`  ${line}\n`);
        process.exit(1);
      }
      out(
        `districts import${dryRun ? ' (dry run, nothing written)' : ''}: 校区 ${report.districtsAdded} added, ${report.districtsUpdated} updated; 町丁目 ${report.areasAdded} added, ${report.areasUpdated} updated, ${report.unchanged} unchanged`,
      );
      return;
    }
    case 'jobs': {
      if (rest[0] !== 'run') fail('jobs: usage `npx tsunagu jobs run`', 2);
      const runs = await withDatabase((db, config) =>
        runJobsOnce(SCHEDULED_JOBS, { db: db.kysely, clock: systemClock, files: config.files, publicUrl: config.publicUrl }),
      );
      for (const run of runs) {
        if ('error' in run) {
          process.stderr.write(`${run.job}: failed: ${String(run.error)}\n`);
          process.exitCode = 1;
          continue;
        }
        out(run.outcome.summary);
        for (const problem of run.outcome.problems) process.stderr.write(`${problem}\n`);
        if (run.outcome.problems.length > 0) process.exitCode = 1;
      }
      return;
    }
    case 'lottery': {
      const [what, ...args] = rest;
      if (what === 'verify') {
        const file = args[0];
        if (!file) fail('lottery verify: usage `npx tsunagu lottery verify draw.json`', 2);
        let data: unknown;
        try {
          data = JSON.parse(readFileSync(file as string, 'utf8'));
        } catch (error) {
          return fail(`lottery verify: cannot read ${file}: ${(error as Error).message}`, 2);
        }
        const report = verifyDrawExport(data);
        if (!report.ok) {
          process.stderr.write(`lottery verify: ${report.problems.length} problem(s)\n`);
          for (const p of report.problems.slice(0, 50)) process.stderr.write(`  ${p}\n`);
          process.exit(1);
        }
        out(`lottery verify: OK — the seed matches its hash and all ${report.checked} results are reproduced`);
        return;
      }
      if (what !== 'draw' && what !== 'export')
        fail('lottery: usage `npx tsunagu lottery draw|export --month YYYY-MM` or `lottery verify FILE`', 2);
      const { values } = parseArgs({ args, options: { month: { type: 'string' } } });
      if (!values.month || !isYearMonth(values.month)) fail(`lottery ${what}: --month YYYY-MM is required`, 2);
      const month = values.month as string;
      try {
        if (what === 'draw') {
          const s = await withDatabase((db) => drawMonth(db.kysely, systemClock, month, null));
          out(`lottery ${month}: ${s.entries} entries, ${s.wishes} wishes — ${s.won} won, ${s.lost} lost, ${s.overCap} over the cap`);
        } else {
          const data = await withDatabase((db) => exportDraw(db.kysely, month));
          process.stdout.write(`${JSON.stringify(data, null, 2)}\n`);
        }
      } catch (error) {
        if (error instanceof ConflictError) return fail(`lottery ${what}: ${translator('ja')(error.key, error.params)}`);
        throw error;
      }
      return;
    }
    case 'backup': {
      const { values } = parseArgs({ args: rest, options: { to: { type: 'string' } } });
      if (!values.to) fail('backup: usage `npx tsunagu backup --to FILE`', 2);
      const config = loadConfig();
      const db = createDb(config.database);
      try {
        const started = Date.now();
        await db.backup(values.to as string);
        out(`backup written to ${values.to} in ${Date.now() - started} ms`);
      } finally {
        await db.close();
      }
      return;
    }
    case 'restore': {
      const { values } = parseArgs({ args: rest, options: { from: { type: 'string' } } });
      if (!values.from) fail('restore: usage `npx tsunagu restore --from FILE`', 2);
      const target = loadConfig().database;
      if (target.dialect === 'sqlite') {
        if (existsSync(target.path)) fail(`restore: ${target.path} exists; restore into a new file (DATABASE_URL=sqlite:NEW.db)`);
        mkdirSync(dirname(target.path), { recursive: true });
        copyFileSync(values.from as string, target.path);
      } else {
        await runTool('pg_restore', ['--no-owner', '--exit-on-error', `--dbname=${target.url}`, values.from as string]);
      }
      out(`restored ${values.from}`);
      return;
    }
    case 'staff':
      return staffCommand(rest, { out, fail, withDatabase });
    case 'user': {
      if (rest[0] !== 'add') fail('user: usage `npx tsunagu user add --email E --password P --name N`', 2);
      const { values } = parseArgs({
        args: rest.slice(1),
        options: {
          email: { type: 'string' },
          password: { type: 'string' },
          name: { type: 'string' },
          kana: { type: 'string' },
          phone: { type: 'string' },
          residency: { type: 'string' },
          'birth-year': { type: 'string' },
        },
      });
      const parsed = cliUserSchema.safeParse({
        name: values.name,
        nameKana: values.kana ?? 'ミトウロク',
        phone: values.phone ?? '000-0000-0000',
        email: values.email,
        residency: values.residency ?? 'resident',
        birthYear: values['birth-year'],
        password: values.password,
        passwordConfirm: values.password,
      });
      if (!parsed.success) {
        const t = translator('ja');
        fail(
          `user add: ${translateIssues(t, issuesOf(parsed.error))
            .map((e) => `--${e.field}: ${e.message}`)
            .join('\n  ')}`,
          2,
        );
        return;
      }
      const user = await withDatabase((db) => registerResident(db.kysely, systemClock, parsed.data)).catch((error: unknown) => {
        if (error instanceof InvalidInputError)
          return fail(`user add: ${translateIssues(translator('ja'), error.issues)[0]?.message ?? 'invalid'}`, 1);
        throw error;
      });
      out(`created ${user.email} — 利用者番号 ${user.number}`);
      return;
    }
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      out(HELP);
      return;
    default:
      fail(`unknown command: ${command}\n\n${HELP}`, 2);
  }
}

main(process.argv.slice(2)).catch((error: unknown) => fail(`error: ${error instanceof Error ? error.message : String(error)}`));
