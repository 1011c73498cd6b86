/**
 * Repairs the long vowel marks that input normalisation turned into "-" (サークル was stored as サ-クル)
 * before free text was kept as typed. Only the free-text columns that went through that mapping are
 * touched: users.name and multipurpose_note (a refusal's reason), groups.name, reservations.purpose and
 * fee_detail (a 減免's reason inside its JSON), lottery_entries.purpose, closures.note, api_tokens.name.
 * フリガナ never went through it (its own check refused "-"); catalogue text came from the CSV import or
 * the seed, never through it; the audit log is append-only and keeps what was recorded then.
 *
 * The rule: a "-" after a kana (or after a mark just restored) and not before an ASCII letter or digit was
 * a ー. It cannot bring back other hyphen look-alikes (‐ – — − were all mapped to "-") or what NFKC folded
 * (① → 1, ㈱ → (株), 半角ｶﾅ → 全角), and it also turns a real hyphen typed after kana into ー.
 *
 * Rows are read and written through Kysely in batches, by id, on both dialects. Frozen once shipped; the
 * rule is written out here rather than imported, so the migration keeps doing what it did.
 */
import type { Kysely } from 'kysely';

const BATCH = 500;

/** Each table with an `id` and the columns to repair. */
const COLUMNS: Readonly<Record<string, readonly string[]>> = {
  users: ['name', 'multipurpose_note'],
  groups: ['name'],
  reservations: ['purpose', 'fee_detail'],
  lottery_entries: ['purpose'],
  closures: ['note'],
  api_tokens: ['name'],
};

const KANA_OR_MARK = /^[\p{Script=Hiragana}\p{Script=Katakana}ー]$/u;
const ASCII_ALNUM = /^[A-Za-z0-9]$/;

/** サ-クル → サークル, ス-パ- → スーパー; ルーム-A, 第2-3 and ー-1 stay as they are. */
export function restoreLongVowelMarks(text: string): string {
  const chars = Array.from(text);
  const out: string[] = [];
  chars.forEach((ch, i) => {
    const before = out[i - 1] ?? '';
    const after = chars[i + 1] ?? '';
    out.push(ch === '-' && KANA_OR_MARK.test(before) && !ASCII_ALNUM.test(after) ? 'ー' : ch);
  });
  return out.join('');
}

async function repairColumn(db: Kysely<any>, table: string, column: string): Promise<void> {
  let afterId = '';
  for (;;) {
    const rows: { id: string; value: string | null }[] = await db
      .selectFrom(table)
      .select(['id', `${column} as value`])
      .where(column, 'like', '%-%')
      .where('id', '>', afterId)
      .orderBy('id')
      .limit(BATCH)
      .execute();
    const changed = rows.flatMap((r) => {
      const fixed = r.value === null ? r.value : restoreLongVowelMarks(r.value);
      return fixed === r.value ? [] : [{ id: r.id, fixed }];
    });
    // One transaction per batch: on SQLite (synchronous=FULL) that is one fsync per batch, not per row.
    // On PostgreSQL the migrator already runs this migration in a transaction.
    const write = async (trx: Kysely<any>) => {
      for (const c of changed)
        await trx
          .updateTable(table)
          .set({ [column]: c.fixed })
          .where('id', '=', c.id)
          .execute();
    };
    if (changed.length > 0) await (db.isTransaction ? write(db) : db.transaction().execute(write));
    const last = rows.at(-1);
    if (rows.length < BATCH || !last) return;
    afterId = last.id;
  }
}

export async function up(db: Kysely<any>): Promise<void> {
  for (const [table, columns] of Object.entries(COLUMNS)) for (const column of columns) await repairColumn(db, table, column);
}

/** The old form cannot be told from a real ー any more; going down leaves the text as repaired. */
export async function down(_db: Kysely<any>): Promise<void> {}
