/**
 * The demo city's facilities were seeded with six-digit postcodes (〒802-050); every Japanese postcode has
 * seven (〒802-0050). The seed now writes 80X-00NN from the same draw, so an existing demo database is
 * brought to the same form by inserting the missing 0 after the hyphen. Only demo facilities in the old
 * NNN-NNN shape are touched: a real city's data came through the import, which requires seven digits.
 * Frozen once shipped.
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db
    .updateTable('facilities')
    .set({ postcode: sql`substr(postcode, 1, 4) || '0' || substr(postcode, 5)` })
    .where('is_demo', '=', 1)
    .where('postcode', 'like', '___-___')
    .where(sql`length(postcode)`, '=', 7)
    .execute();
}

export async function down(): Promise<void> {
  // A postcode of six digits was never right: nothing to restore.
}
