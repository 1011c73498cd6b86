/** The city's lottery rules, from the settings table with the defaults of lottery.ts. */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { DEFAULT_LOTTERY_RULES, LOTTERY_SETTINGS, type LotteryRules, rulesIssue } from './lottery.ts';

export async function loadLotteryRules(db: Kysely<Database>): Promise<LotteryRules> {
  const rows = await db.selectFrom('settings').selectAll().where('key', 'in', Object.values(LOTTERY_SETTINGS)).execute();
  if (rows.length === 0) return { ...DEFAULT_LOTTERY_RULES };
  const byKey = new Map(rows.map((r) => [r.key, Number(r.value)]));
  const rules = { ...DEFAULT_LOTTERY_RULES };
  for (const [name, key] of Object.entries(LOTTERY_SETTINGS) as [keyof LotteryRules, string][]) {
    const v = byKey.get(key);
    if (v !== undefined) rules[name] = v;
  }
  // A stored combination that breaks the order of the steps (edited by hand) falls back to the defaults.
  return rulesIssue(rules) === undefined ? rules : { ...DEFAULT_LOTTERY_RULES };
}
