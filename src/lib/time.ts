/**
 * Time in Asia/Tokyo. Bookings are about local calendar days and local clock times, so the domain works
 * with plain strings — LocalDate 'YYYY-MM-DD', LocalTime 'HH:MM' — and never with UTC instants. Instants
 * only appear at the edge (the clock) and are converted once, here.
 */
export type LocalDate = string;
export type LocalTime = string;

export const TIME_ZONE = 'Asia/Tokyo';

/** The source of "now", injected so tests can freeze it. */
export interface Clock {
  now(): Date;
}
export const systemClock: Clock = { now: () => new Date() };
export function fixedClock(iso: string): Clock {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) throw new Error(`fixedClock: not a date: ${iso}`);
  return { now: () => new Date(at) };
}

const tokyoParts = new Intl.DateTimeFormat('en-CA', {
  timeZone: TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** Today's date and the time of day in Tokyo for an instant. */
export function toTokyo(instant: Date): { date: LocalDate; time: LocalTime } {
  const parts = Object.fromEntries(tokyoParts.formatToParts(instant).map((p) => [p.type, p.value]));
  return { date: `${parts.year}-${parts.month}-${parts.day}`, time: `${parts.hour}:${parts.minute}` };
}
export function todayIn(clock: Clock): LocalDate {
  return toTokyo(clock.now()).date;
}

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for a real calendar date in YYYY-MM-DD form (rejects 2026-02-30 and month 13). */
export function isLocalDate(value: string): boolean {
  const m = DATE_RE.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (y < 1900 || y > 2999 || mo < 1 || mo > 12 || d < 1) return false;
  return d <= daysInMonth(y, mo);
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

// Date arithmetic runs on UTC midnights, which have no daylight-saving gaps; Japan has none either.
function toUtc(date: LocalDate): Date {
  return new Date(`${date}T00:00:00Z`);
}
function fromUtc(d: Date): LocalDate {
  return d.toISOString().slice(0, 10);
}

export function addDays(date: LocalDate, days: number): LocalDate {
  const d = toUtc(date);
  d.setUTCDate(d.getUTCDate() + days);
  return fromUtc(d);
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: LocalDate, to: LocalDate): number {
  return Math.round((toUtc(to).getTime() - toUtc(from).getTime()) / 86_400_000);
}

// Grids ask for the weekday of the same few dates thousands of times per request; remember them.
const weekdays = new Map<LocalDate, number>();

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export function isoWeekday(date: LocalDate): number {
  let weekday = weekdays.get(date);
  if (weekday === undefined) {
    const day = toUtc(date).getUTCDay();
    weekday = day === 0 ? 7 : day;
    if (weekdays.size > 10_000) weekdays.clear();
    weekdays.set(date, weekday);
  }
  return weekday;
}

/** Every date from `from` to `to`, both included. */
export function eachDate(from: LocalDate, to: LocalDate): LocalDate[] {
  const out: LocalDate[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) out.push(d);
  return out;
}

export type YearMonth = string; // 'YYYY-MM'
const MONTH_RE = /^(19|2\d)\d{2}-(0[1-9]|1[0-2])$/; // years 1900–2999, as isLocalDate
export function isYearMonth(value: string): boolean {
  return MONTH_RE.test(value);
}
export function monthOf(date: LocalDate): YearMonth {
  return date.slice(0, 7);
}
export function monthRange(month: YearMonth): { from: LocalDate; to: LocalDate } {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return { from: `${month}-01`, to: `${month}-${String(daysInMonth(y, m)).padStart(2, '0')}` };
}
export function addMonths(month: YearMonth, n: number): YearMonth {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const index = y * 12 + (m - 1) + n;
  return `${String(Math.floor(index / 12)).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** Minutes since midnight for 'HH:MM'. */
export function minutesOf(time: LocalTime): number {
  const [h, m] = time.split(':').map(Number) as [number, number];
  return h * 60 + m;
}

const jaWeekday = ['', '月', '火', '水', '木', '金', '土', '日'];
const enWeekday = ['', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
export function weekdayLabel(date: LocalDate, lang: 'ja' | 'en'): string {
  return (lang === 'ja' ? jaWeekday : enWeekday)[isoWeekday(date)] ?? '';
}

const wareki = new Intl.DateTimeFormat('ja-JP-u-ca-japanese', { era: 'long', year: 'numeric', timeZone: 'UTC' });
/** 和暦 year, e.g. 2026 → 令和8年. */
export function warekiYear(date: LocalDate): string {
  return wareki.format(toUtc(date));
}
