/**
 * Formatting for people: how a value is written on a page, in either language. Pure functions of their
 * arguments (no clock, no config), so any layer, views of every feature included, may use them.
 */
import type { Lang } from './i18n.ts';
import type { LocalDate } from './time.ts';

/** A calendar date with its weekday: 2025年4月1日（火） / Tue, 1 April 2025. */
export function dateLabel(date: LocalDate, lang: Lang): string {
  const d = new Date(`${date}T00:00:00Z`);
  return lang === 'ja'
    ? `${d.getUTCFullYear()}年${d.getUTCMonth() + 1}月${d.getUTCDate()}日（${'日月火水木金土'[d.getUTCDay()]}）`
    : d.toLocaleDateString('en-GB', { weekday: 'short', day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
}
