import { describe, expect, it } from 'vitest';
import {
  addDays,
  addMonths,
  daysBetween,
  eachDate,
  fixedClock,
  isLocalDate,
  isoWeekday,
  isYearMonth,
  monthRange,
  todayIn,
  warekiYear,
} from './time.ts';

describe('local dates', () => {
  it('accepts real dates and refuses impossible ones', () => {
    expect(isLocalDate('2026-12-05')).toBe(true);
    expect(isLocalDate('2028-02-29')).toBe(true);
    expect(isLocalDate('2026-02-29')).toBe(false);
    expect(isLocalDate('2026-02-30')).toBe(false);
    expect(isLocalDate('2026-13-01')).toBe(false);
    expect(isLocalDate('2026-00-10')).toBe(false);
    expect(isLocalDate('2026-1-5')).toBe(false);
    expect(isLocalDate('２０２６-１２-０５')).toBe(false);
    expect(isLocalDate("2026-12-05' OR 1=1")).toBe(false);
  });

  it('does calendar arithmetic across month and year ends', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2028-03-01', -1)).toBe('2028-02-29');
    expect(daysBetween('2026-11-24', '2027-02-24')).toBe(92);
    expect(eachDate('2026-12-30', '2027-01-02')).toEqual(['2026-12-30', '2026-12-31', '2027-01-01', '2027-01-02']);
    expect(isoWeekday('2026-11-29')).toBe(7);
    expect(isoWeekday('2026-11-30')).toBe(1);
  });

  it('works with months', () => {
    expect(isYearMonth('2026-12')).toBe(true);
    expect(isYearMonth('2026-13')).toBe(false);
    expect(monthRange('2028-02')).toEqual({ from: '2028-02-01', to: '2028-02-29' });
    expect(addMonths('2026-12', 1)).toBe('2027-01');
    expect(addMonths('2027-01', -1)).toBe('2026-12');
  });

  it('takes "today" in Asia/Tokyo, not UTC', () => {
    // 15:30 UTC on the 24th is already 00:30 on the 25th in Tokyo.
    expect(todayIn(fixedClock('2026-11-24T15:30:00Z'))).toBe('2026-11-25');
    expect(todayIn(fixedClock('2026-11-24T14:59:00Z'))).toBe('2026-11-24');
  });

  it('formats the Japanese era year', () => {
    expect(warekiYear('2026-11-24')).toBe('令和8年');
    expect(warekiYear('2019-05-01')).toBe('令和元年');
  });
});
