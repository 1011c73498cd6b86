/**
 * Typed access to the city's settings (table `settings`: key → text). Each feature declares the settings
 * it owns as NumberSettings (key, the value used when none is stored, what a usable value is) beside its
 * domain code, and reads and writes them only through here: a value edited by hand into something
 * unusable falls back instead of reaching a fee or a quota.
 */
import type { Db, Trx } from '../../db/database.ts';

export interface NumberSetting {
  key: string;
  /** Used when nothing is stored, or what is stored is not accepted. */
  fallback: number;
  /** Which stored values are usable; any finite number when left out. */
  accepts?: (value: number) => boolean;
}

/** An integer from min to max, both included. */
export function integerBetween(min: number, max: number): (value: number) => boolean {
  return (value) => Number.isInteger(value) && value >= min && value <= max;
}

function usable(setting: NumberSetting, stored: string | undefined): number {
  if (stored === undefined) return setting.fallback;
  const value = Number(stored);
  return (setting.accepts ?? Number.isFinite)(value) ? value : setting.fallback;
}

export async function readNumber(db: Db, setting: NumberSetting): Promise<number> {
  const row = await db.selectFrom('settings').select('value').where('key', '=', setting.key).executeTakeFirst();
  return usable(setting, row?.value);
}

/** Several settings in one query, by the names the caller gave them. */
export async function readNumbers<N extends string>(db: Db, settings: Readonly<Record<N, NumberSetting>>): Promise<Record<N, number>> {
  const entries = Object.entries(settings) as [N, NumberSetting][];
  const rows = await db
    .selectFrom('settings')
    .select(['key', 'value'])
    .where(
      'key',
      'in',
      entries.map(([, s]) => s.key),
    )
    .execute();
  const stored = new Map(rows.map((r) => [r.key, r.value]));
  return Object.fromEntries(entries.map(([name, s]) => [name, usable(s, stored.get(s.key))])) as Record<N, number>;
}

/** Stores one value (inside the caller's transaction, with its audit entry). */
export async function writeSetting(trx: Trx, key: string, value: string): Promise<void> {
  const existing = await trx.selectFrom('settings').select('key').where('key', '=', key).executeTakeFirst();
  if (existing) await trx.updateTable('settings').set({ value }).where('key', '=', key).execute();
  else await trx.insertInto('settings').values({ key, value }).execute();
}

export async function writeNumbers<N extends string>(
  trx: Trx,
  settings: Readonly<Record<N, NumberSetting>>,
  values: NoInfer<Readonly<Record<N, number>>>,
): Promise<void> {
  for (const [name, setting] of Object.entries(settings) as [N, NumberSetting][])
    await writeSetting(trx, setting.key, String(values[name]));
}
