/**
 * A facility in words: its name in the page's language, its kind, its opening hours and closed days.
 * Outside views/ because other features' pages and routes name facilities too, and features never
 * import each other's views.
 */
import type { Lang, Translate } from '../../lib/i18n.ts';
import { type Facility, facilityKindLabels, type OpeningHours } from './facility.ts';

const weekdayNames: Record<Lang, string[]> = {
  ja: ['', '月', '火', '水', '木', '金', '土', '日'],
  en: ['', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'],
};

/** "月〜金 9:00〜21:00 / 土 9:00〜17:00" — consecutive weekdays with the same hours grouped. */
export function formatHours(hours: readonly OpeningHours[], lang: Lang): string {
  const names = weekdayNames[lang];
  const groups: { from: number; to: number; opens: string; closes: string }[] = [];
  for (const h of [...hours].sort((a, b) => a.weekday - b.weekday)) {
    const last = groups.at(-1);
    if (last && last.to === h.weekday - 1 && last.opens === h.opens && last.closes === h.closes) last.to = h.weekday;
    else groups.push({ from: h.weekday, to: h.weekday, opens: h.opens, closes: h.closes });
  }
  const dash = lang === 'ja' ? '〜' : '–';
  return groups.map((g) => `${names[g.from]}${g.from === g.to ? '' : dash + names[g.to]} ${g.opens}${dash}${g.closes}`).join(' / ');
}

export function formatClosedDays(facility: Facility, t: Translate, lang: Lang): string {
  const open = new Set(facility.hours.map((h) => h.weekday));
  const closed = [1, 2, 3, 4, 5, 6, 7].filter((d) => !open.has(d)).map((d) => weekdayNames[lang][d]);
  const sep = lang === 'ja' ? '、' : ', ';
  const parts = [...closed.map((d) => (lang === 'ja' ? `${d}曜日` : d))];
  if (!facility.openOnHolidays) parts.push(t('holidaysClosed'));
  parts.push(t('yearEndClosed'));
  return parts.join(sep);
}

export function kindLabel(facility: Facility, lang: Lang): string {
  return facilityKindLabels[facility.kind][lang];
}

export function facilityName(facility: Facility, lang: Lang): string {
  return lang === 'en' && facility.nameEn ? facility.nameEn : facility.name;
}
