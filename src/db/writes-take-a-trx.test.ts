/**
 * The rule of db/database.ts, read from the source: a write runs inside a transaction. Two checks, by
 * pattern rather than by the compiler (fast, no build):
 * - an exported function of a *.repository.ts file that writes (insertInto, updateTable, deleteFrom) takes
 *   a Trx first, so a caller outside a transaction does not compile;
 * - every write statement in src is issued on a `trx` (a Trx parameter, or the callback's of
 *   db.transaction()), and no parameter named trx is typed other than Trx.
 * Migrations (Kysely<any>) and test fixtures are left out; the few other exceptions are listed below.
 */
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SRC, sourceFiles } from '../../test/source-imports.ts';

const WRITE = /\.\s*(insertInto|updateTable|deleteFrom|replaceInto|mergeInto)\(/;

/**
 * Files whose writes run on a Db, each saying why in its header: the notify worker's lease and delivery
 * bookkeeping (each statement commits on its own, between sends) and the sign-in counters (a count stands
 * whatever becomes of the attempt).
 */
const ON_A_DB: readonly string[] = ['platform/notify/deliveries.repository.ts', 'platform/jobs/lease.ts', 'http/rate-limit.ts'];

const checked = (path: string) => !path.includes('/migrations/') && !path.endsWith('.test-helpers.ts');

/** Repository functions that write with a first parameter other than a Trx, as "file: name(first)". */
export function untypedRepositoryWrites(files: readonly string[], read: (path: string) => string): string[] {
  const out: string[] = [];
  for (const file of files.filter((f) => f.endsWith('.repository.ts') && checked(f))) {
    const path = relative(SRC, file);
    if (ON_A_DB.includes(path)) continue;
    const text = read(file);
    for (const m of text.matchAll(/^export (?:async )?function (\w+)(?:<[^(]*>)?\(\s*([^,)]*)/gm)) {
      const end = text.indexOf('\n}\n', m.index);
      const body = text.slice(m.index, end === -1 ? undefined : end);
      if (WRITE.test(body) && !/^\w+: Trx$/.test((m[2] ?? '').trim())) out.push(`${path}: ${m[1]}(${(m[2] ?? '').trim()})`);
    }
  }
  return out;
}

/** Writes issued on something other than trx, and trx parameters typed other than Trx, as "file:line what". */
export function writesOutsideTransactions(files: readonly string[], read: (path: string) => string): string[] {
  const out: string[] = [];
  for (const file of files.filter(checked)) {
    const path = relative(SRC, file);
    if (ON_A_DB.includes(path)) continue;
    const text = read(file);
    const lineOf = (index: number) => text.slice(0, index).split('\n').length;
    for (const m of text.matchAll(/(\w+)(\(\))?\s*\.\s*(insertInto|updateTable|deleteFrom|replaceInto|mergeInto)\(/g)) {
      if (m[1] !== 'trx') out.push(`${path}:${lineOf(m.index)} ${m[1]}${m[2] ?? ''}.${m[3]}`);
    }
    for (const m of text.matchAll(/\btrx\??:\s*(?!Trx\b)([\w<>]+)/g)) out.push(`${path}:${lineOf(m.index)} trx: ${m[1]}`);
  }
  return out;
}

describe('writes take a Trx', () => {
  const files = sourceFiles(SRC);
  const read = (path: string) => readFileSync(path, 'utf8');

  it('holds for every repository function that writes', () => {
    expect(untypedRepositoryWrites(files, read)).toEqual([]);
  });

  it('holds for every write statement in src', () => {
    expect(writesOutsideTransactions(files, read)).toEqual([]);
  });

  it('names a write outside a transaction, however it is written', () => {
    const sources = {
      [join(SRC, 'features/x/x.repository.ts')]: [
        "export async function insertX(db: Db, row: Row) {\n  await db\n    .insertInto('x').values(row).execute();\n}\n",
        "export async function findX(db: Db, id: string) {\n  return db.selectFrom('x').selectAll().execute();\n}\n",
        "export async function deleteX(trx: Trx, id: string) {\n  await trx.deleteFrom('x').execute();\n}\n",
      ].join(''),
      [join(SRC, 'features/x/x.service.ts')]: "async function go(trx: Db) {\n  await db().updateTable('x').execute();\n}\n",
    };
    const readSource = (path: string) => sources[path] as string;
    expect(untypedRepositoryWrites(Object.keys(sources), readSource)).toEqual(['features/x/x.repository.ts: insertX(db: Db)']);
    expect(writesOutsideTransactions(Object.keys(sources), readSource)).toEqual([
      'features/x/x.repository.ts:2 db.insertInto',
      'features/x/x.service.ts:2 db().updateTable',
      'features/x/x.service.ts:1 trx: Db',
    ]);
  });
});
