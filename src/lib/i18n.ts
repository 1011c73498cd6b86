/**
 * Interface text in Japanese (default) and English. The English dictionary must have every key the
 * Japanese one has: the type checker enforces it, so a missing translation fails `tsc`.
 * Each area's texts live in src/lib/messages/, both languages side by side; this module composes them.
 */
import { commonEn, commonJa } from './messages/common.ts';
import { errorsEn, errorsJa } from './messages/errors.ts';
import { groupsEn, groupsJa } from './messages/groups.ts';
import { householdEn, householdJa } from './messages/household.ts';
import { insightsEn, insightsJa } from './messages/insights.ts';
import { lineEn, lineJa } from './messages/line.ts';
import { lotteryEn, lotteryJa } from './messages/lottery.ts';
import { notifyEn, notifyJa } from './messages/notify.ts';
import { organisationEn, organisationJa } from './messages/organisation.ts';
import { staffEn, staffJa } from './messages/staff.ts';
export type Lang = 'ja' | 'en';
export const LANGS: readonly Lang[] = ['ja', 'en'];

const ja = {
  ...commonJa,
  ...errorsJa,
  ...groupsJa,
  ...staffJa,
  ...lotteryJa,
  ...insightsJa,
  ...householdJa,
  ...organisationJa,
  ...lineJa,
  ...notifyJa,
} as const;

export type MessageKey = keyof typeof ja;

const en: Record<MessageKey, string> = {
  ...commonEn,
  ...errorsEn,
  ...groupsEn,
  ...staffEn,
  ...lotteryEn,
  ...insightsEn,
  ...householdEn,
  ...organisationEn,
  ...lineEn,
  ...notifyEn,
};

const dictionaries: Record<Lang, Record<MessageKey, string>> = { ja, en };

export function isMessageKey(key: string): key is MessageKey {
  return key in ja;
}

export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

export function translator(lang: Lang): Translate {
  const dict = dictionaries[lang];
  return (key, params) => {
    const template = dict[key];
    if (!params) return template;
    return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
  };
}

export function parseLang(value: string | undefined | null): Lang | undefined {
  if (!value) return undefined;
  const v = value.toLowerCase();
  if (v === 'ja' || v.startsWith('ja-')) return 'ja';
  if (v === 'en' || v.startsWith('en-')) return 'en';
  return undefined;
}
