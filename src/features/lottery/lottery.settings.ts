/**
 * The lottery rules: the city's current settings (table `settings`, defaults in lottery.ts), and the rules
 * each month keeps from the moment it is announced. A month's calendar and limits never change under the
 * people who entered it: a change in the settings applies to months announced afterwards.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { DEFAULT_LOTTERY_RULES, LOTTERY_SETTINGS, type LotteryRules, rulesIssue } from './lottery.ts';

type Executor = Kysely<Database>;

export async function loadLotteryRules(db: Executor): Promise<LotteryRules> {
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

/** The rules stored with a month (JSON); anything unreadable falls back to the defaults. */
export function storedRules(json: string): LotteryRules {
  try {
    const parsed = { ...DEFAULT_LOTTERY_RULES, ...(JSON.parse(json) as Partial<LotteryRules>) };
    return rulesIssue(parsed) === undefined ? parsed : { ...DEFAULT_LOTTERY_RULES };
  } catch {
    return { ...DEFAULT_LOTTERY_RULES };
  }
}

/** For each month: its stored rules if announced, else the current settings. One query for all. */
export async function rulesForMonths(db: Executor, months: readonly string[]): Promise<(month: string) => LotteryRules> {
  const unique = [...new Set(months)];
  const [current, rows] = await Promise.all([
    loadLotteryRules(db),
    unique.length === 0 ? [] : db.selectFrom('lottery_months').select(['month', 'rules']).where('month', 'in', unique).execute(),
  ]);
  const stored = new Map(rows.map((r) => [r.month, storedRules(r.rules)]));
  return (month) => stored.get(month) ?? current;
}

export async function rulesForMonth(db: Executor, month: string): Promise<LotteryRules> {
  return (await rulesForMonths(db, [month]))(month);
}
