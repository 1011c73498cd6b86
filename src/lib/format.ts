/**
 * Formatting for people: how a value is written on a page, in a mail or on paper, in either language.
 * Pure functions of their arguments (no clock, no config), so any layer, views of every feature included,
 * may use them.
 */
import type { Lang, Translate } from './i18n.ts';
import { type LocalDate, warekiYear, weekdayLabel } from './time.ts';

/** A calendar date with its weekday: 2025年4月1日（火） / Tue, 1 April 2025. */
export function dateLabel(date: LocalDate, lang: Lang): string {
  const d = new Date(`${date}T00:00:00Z`);
  return lang === 'ja'
    ? `${d.getUTCFullYear()}年${d.getUTCMonth() + 1}月${d.getUTCDate()}日（${'日月火水木金土'[d.getUTCDay()]}）`
    : d.toLocaleDateString('en-GB', { weekday: 'short', day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
}

/** A date in 和暦, as people write it on forms and the city prints it: 令和8年12月3日（木）. */
export function japaneseDate(date: LocalDate): string {
  const [, m, d] = date.split('-');
  return `${warekiYear(date)}${Number(m)}月${Number(d)}日（${weekdayLabel(date, 'ja')}）`;
}

/** A date in a mail: 令和8年12月3日（木） or "Thu, 3 December 2026". */
export function mailDate(date: LocalDate, lang: Lang): string {
  return lang === 'ja' ? japaneseDate(date) : dateLabel(date, 'en');
}

/** A time band as a facility names it; a facility's Band is one. */
export interface BandLabel {
  label: string;
  labelEn: string;
  start: string;
  end: string;
}

/** The bands of a booking: 午前（09:00〜12:00）・午後（13:00〜17:00） / Morning (09:00–12:00), Afternoon (…). */
export function bandText(bands: readonly BandLabel[], lang: Lang = 'ja'): string {
  return lang === 'ja'
    ? bands.map((b) => `${b.label}（${b.start}〜${b.end}）`).join('・')
    : bands.map((b) => `${b.labelEn} (${b.start}–${b.end})`).join(', ');
}

/** An amount of money: 1,200円 / ¥1,200. */
export const yen = (n: number, lang: Lang) => (lang === 'ja' ? `${n.toLocaleString('ja-JP')}円` : `¥${n.toLocaleString('en-GB')}`);

/** A month ("2026-12") as a title: 2026年12月 / December 2026, in the words of the message monthLabel. */
export function monthTitle(month: string, t: Translate, lang: Lang): string {
  const [year, m] = month.split('-');
  const monthName = new Date(`${month}-01T00:00:00Z`).toLocaleString('en-GB', { month: 'long', timeZone: 'UTC' });
  return lang === 'ja' ? t('monthLabel', { year: year ?? '', month: Number(m) }) : t('monthLabel', { year: year ?? '', monthName });
}
