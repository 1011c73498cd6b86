/**
 * The SQL side of kanaFoldKey (lib/normalize.ts): names and フリガナ are stored as typed, so a search that
 * must match across spellings (ひらがな, 半角ｶﾅ, spaces) folds the stored column the same way as the query,
 * at comparison time. SQLite has no Unicode normalisation: createDb registers kana_fold, running the very
 * same JavaScript. PostgreSQL (13+, UTF8 databases) does it with normalize() and translate().
 */
import { type RawBuilder, sql } from 'kysely';
import type { Dialect } from './target.ts';

/** Name of the function createDb registers on every SQLite connection. */
export const SQLITE_KANA_FOLD = 'kana_fold';

const HIRAGANA = Array.from({ length: 0x3096 - 0x3041 + 1 }, (_, i) => String.fromCharCode(0x3041 + i)).join('');
const KATAKANA = Array.from({ length: 0x30f6 - 0x30a1 + 1 }, (_, i) => String.fromCharCode(0x30a1 + i)).join('');

/** The column (a trusted reference such as 'users.name_kana') as kanaFoldKey would turn it. */
export function kanaFolded(dialect: Dialect, column: string): RawBuilder<string> {
  const ref = sql.ref(column);
  if (dialect === 'sqlite') return sql<string>`${sql.raw(SQLITE_KANA_FOLD)}(${ref})`;
  return sql<string>`regexp_replace(translate(normalize(${ref}, NFKC), ${HIRAGANA}, ${KATAKANA}), '\\s', '', 'g')`;
}
