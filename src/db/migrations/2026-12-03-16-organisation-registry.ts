/**
 * What the registry needs beside 2026-12-03-13 (frozen):
 * - `district_areas.town_key`: the 町丁目 folded the way the address lookup folds what a resident types
 *   (中央一丁目, 中央１丁目 and 中央1丁目 are one key), so a lookup is an index probe, not a scan of every
 *   町丁目 of the city with the fold run in JavaScript. Filled for existing rows here; the importer and
 *   the seed write it with the same function (platform/organisation/address.ts), frozen below as a copy so
 *   a later change to the fold cannot change what this migration did.
 * - `school_districts (ward_id, name)` unique: the import matches a 校区 by its ward and name, so a
 *   re-import updates in place and two requests can never create the same 校区 twice.
 * - `organisations (registry_id)` indexed: "which group is linked to this entry" is asked on every
 *   registry page.
 */
import { type Kysely, sql } from 'kysely';

const KANJI_DIGITS: Record<string, number> = { 〇: 0, 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

function kanjiNumber(text: string): number {
  let total = 0;
  let digit = 0;
  for (const ch of text) {
    if (ch === '十') {
      total += (digit === 0 ? 1 : digit) * 10;
      digit = 0;
    } else digit = digit * 10 + (KANJI_DIGITS[ch] ?? 0);
  }
  return total + digit;
}

function townKey(town: string): string {
  return town
    .normalize('NFKC')
    .replace(/\s/g, '')
    .replace(/([〇一二三四五六七八九十]+)丁目/g, (_, n: string) => `${kanjiNumber(n)}丁目`)
    .replace(/(\D)0+(\d+丁目)/g, '$1$2');
}

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('district_areas').addColumn('town_key', 'text').execute();
  const rows = await db.selectFrom('district_areas').select(['id', 'town']).execute();
  for (const row of rows as { id: string; town: string }[]) {
    await db
      .updateTable('district_areas')
      .set({ town_key: townKey(row.town) })
      .where('id', '=', row.id)
      .execute();
  }
  await db.schema.createIndex('district_areas_town_key').on('district_areas').column('town_key').execute();
  await db.schema.createIndex('school_districts_ward_name').on('school_districts').columns(['ward_id', 'name']).unique().execute();
  await db.schema.createIndex('organisations_registry').on('organisations').column('registry_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('organisations_registry').execute();
  await db.schema.dropIndex('school_districts_ward_name').execute();
  await db.schema.dropIndex('district_areas_town_key').execute();
  // Dropping a column works on SQLite ≥ 3.35 (better-sqlite3 12 ships 3.4x) and on PostgreSQL.
  await sql`alter table district_areas drop column town_key`.execute(db);
}
