/**
 * The lottery rules: the city's current settings (read through platform/settings, defaults in
 * lottery-calendar.ts), and the rules each month keeps from the moment it is announced. A month's calendar
 * and limits never change under the people who entered it: a change in the settings applies to months
 * announced afterwards. firstComeOpenings answers, from those, when a lottery room's month opens
 * first-come: what availability and booking ask.
 */
import type { Db, Trx } from '../../db/database.ts';
import type { YearMonth } from '../../lib/time.ts';
import { type NumberSetting, readNumbers, writeNumbers } from '../settings/settings.ts';
import { DEFAULT_LOTTERY_RULES, firstComeOpensAt, LOTTERY_SETTINGS, type LotteryRules, rulesIssue } from './lottery-calendar.ts';

/**
 * The rules as settings, each defaulting to its default. Any stored number is taken here: whether the
 * steps are in order is a question about all of them together, answered by rulesIssue below.
 */
const RULE_SETTINGS = {} as Record<keyof LotteryRules, NumberSetting>;
for (const [name, key] of Object.entries(LOTTERY_SETTINGS) as [keyof LotteryRules, string][]) {
  RULE_SETTINGS[name] = { key, fallback: DEFAULT_LOTTERY_RULES[name], accepts: () => true };
}

/** The rules' settings, for a caller that reads them with its own in one query (then usableRules). */
export const LOTTERY_RULE_SETTINGS: Readonly<Record<keyof LotteryRules, NumberSetting>> = RULE_SETTINGS;

/** The current rules as read from the settings: a combination that breaks the order of the steps (edited by hand) falls back to the defaults. */
export function usableRules(rules: LotteryRules): LotteryRules {
  return rulesIssue(rules) === undefined ? rules : { ...DEFAULT_LOTTERY_RULES };
}

export async function loadLotteryRules(db: Db): Promise<LotteryRules> {
  return usableRules(await readNumbers(db, RULE_SETTINGS));
}

/** Stores the city's current rules (checked by the caller), inside its transaction. */
export async function saveLotteryRules(trx: Trx, rules: LotteryRules): Promise<void> {
  await writeNumbers(trx, RULE_SETTINGS, rules);
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
export async function rulesForMonths(db: Db, months: readonly string[]): Promise<(month: string) => LotteryRules> {
  const [current, stored] = await Promise.all([loadLotteryRules(db), storedRulesOf(db, months)]);
  return (month) => stored.get(month) ?? current;
}

/** The rules stored with each of these months that has been announced (the others follow the settings). */
export async function storedRulesOf(db: Db, months: readonly string[]): Promise<Map<string, LotteryRules>> {
  const unique = [...new Set(months)];
  if (unique.length === 0) return new Map();
  const rows = await db.selectFrom('lottery_months').select(['month', 'rules']).where('month', 'in', unique).execute();
  return new Map(rows.map((r) => [r.month, storedRules(r.rules)]));
}

export async function rulesForMonth(db: Db, month: string): Promise<LotteryRules> {
  return (await rulesForMonths(db, [month]))(month);
}

/**
 * When each of `months` opens first-come in a room allocated by lottery (residents at 09:00 on the
 * opening day, users from outside the city some days later), by each month's own rules: one query.
 */
export async function firstComeOpenings(db: Db, months: readonly YearMonth[]): Promise<(month: YearMonth, nonResident: boolean) => Date> {
  const rulesOf = await rulesForMonths(db, months);
  return (month, nonResident) => firstComeOpensAt(month, rulesOf(month), nonResident);
}
