/**
 * Opening calendar rules (開館日): whether a facility is open on a date, and why not when it is closed.
 * Pure functions over plain data so they can be tested exhaustively and reused by every read model.
 *
 * Precedence when several rules apply: 年末年始 → 臨時休館 → 祝日 → 休館日 (the weekly closed day). The
 * most specific reason a resident can act on wins: a closure notice explains more than "Sunday".
 */

import type { ClosureRow } from '../../db/schema.ts';
import { isOneOf } from '../../lib/collections.ts';
import { type Holiday, holidayOn } from '../../lib/holidays.ts';
import { isoWeekday, type LocalDate, type LocalTime } from '../../lib/time.ts';
import { CLOSURE_REASONS, type ClosureReason, type OpeningHours } from './facility.ts';

export type ClosedReason = 'year_end' | 'closure' | 'holiday' | 'closed_day';

export interface CalendarRules {
  hours: readonly OpeningHours[];
  openOnHolidays: boolean;
}

export interface ClosureSpan {
  roomId: string | null;
  startsOn: LocalDate;
  endsOn: LocalDate;
  reason: ClosureReason;
  note: string | null;
}

/** A closures row as the calendar reads it (an unknown reason counts as 'other'). */
export function toClosureSpan(row: Pick<ClosureRow, 'room_id' | 'starts_on' | 'ends_on' | 'reason' | 'note'>): ClosureSpan {
  return {
    roomId: row.room_id,
    startsOn: row.starts_on,
    endsOn: row.ends_on,
    reason: isOneOf(CLOSURE_REASONS, row.reason) ? row.reason : 'other',
    note: row.note,
  };
}

export type DayStatus =
  | { open: true; opens: LocalTime; closes: LocalTime; holiday: Holiday | undefined }
  | { open: false; reason: ClosedReason; holiday: Holiday | undefined; closure?: ClosureSpan };

/** 年末年始: 12/29 to 1/3, the customary closure of Japanese public offices. */
export function isYearEndClosure(date: LocalDate): boolean {
  const md = date.slice(5);
  return md >= '12-29' || md <= '01-03';
}

/**
 * The status of one day for one room. `closures` may include spans for other rooms of the facility;
 * only facility-wide spans and this room's spans apply.
 */
export function dayStatus(
  rules: CalendarRules,
  date: LocalDate,
  closures: readonly ClosureSpan[] = [],
  roomId: string | null = null,
): DayStatus {
  const holiday = holidayOn(date);
  if (isYearEndClosure(date)) return { open: false, reason: 'year_end', holiday };
  const closure = closures.find((c) => c.startsOn <= date && date <= c.endsOn && (c.roomId === null || c.roomId === roomId));
  if (closure) return { open: false, reason: 'closure', holiday, closure };
  if (holiday && !rules.openOnHolidays) return { open: false, reason: 'holiday', holiday };
  const hours = rules.hours.find((h) => h.weekday === isoWeekday(date));
  if (!hours) return { open: false, reason: 'closed_day', holiday };
  return { open: true, opens: hours.opens, closes: hours.closes, holiday };
}

/** A band is usable on an open day only if it lies within that day's opening hours. */
export function bandWithinHours(band: { start: LocalTime; end: LocalTime }, opens: LocalTime, closes: LocalTime): boolean {
  return band.start >= opens && band.end <= closes;
}
