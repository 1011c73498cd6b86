import { describe, expect, it } from 'vitest';
import { holidayOn } from '../../lib/holidays.ts';
import { bandWithinHours, type CalendarRules, type ClosureSpan, dayStatus, isYearEndClosure } from './calendar.ts';

const weekdays = (closes = '21:00') => [1, 2, 3, 4, 5, 6].map((weekday) => ({ weekday, opens: '09:00', closes }));
const citizenCentre: CalendarRules = { hours: weekdays(), openOnHolidays: false };
const sundayCentre: CalendarRules = { hours: [...weekdays(), { weekday: 7, opens: '09:00', closes: '17:00' }], openOnHolidays: false };
const holidayOpenCentre: CalendarRules = { hours: sundayCentre.hours, openOnHolidays: true };

describe('public holidays (from @holiday-jp/holiday_jp)', () => {
  it('knows fixed, moving and substitute holidays', () => {
    expect(holidayOn('2026-01-01')?.name).toBe('元日');
    expect(holidayOn('2027-01-11')?.name).toBe('成人の日'); // second Monday of January
    expect(holidayOn('2026-05-06')?.name).toContain('振替休日'); // 5/3 was a Sunday
    expect(holidayOn('2025-02-24')?.name).toContain('振替休日'); // 天皇誕生日 on a Sunday
    expect(holidayOn('2026-09-22')?.nameEn).toBe("Citizen's Holiday"); // 国民の休日 between two holidays
    expect(holidayOn('2026-11-24')).toBeUndefined();
  });
});

describe('dayStatus', () => {
  it('opens an ordinary weekday with its hours', () => {
    expect(dayStatus(citizenCentre, '2026-11-24')).toMatchObject({ open: true, opens: '09:00', closes: '21:00' });
  });

  it('closes on Sundays unless the centre opens on Sundays', () => {
    expect(dayStatus(citizenCentre, '2026-11-29')).toMatchObject({ open: false, reason: 'closed_day' });
    expect(dayStatus(sundayCentre, '2026-11-29')).toMatchObject({ open: true, closes: '17:00' });
  });

  it('closes on public holidays, including substitute holidays, unless open on holidays', () => {
    expect(dayStatus(citizenCentre, '2026-11-23')).toMatchObject({ open: false, reason: 'holiday' });
    expect(dayStatus(citizenCentre, '2026-05-06')).toMatchObject({ open: false, reason: 'holiday' });
    expect(dayStatus(citizenCentre, '2026-09-22')).toMatchObject({ open: false, reason: 'holiday' });
    const open = dayStatus(holidayOpenCentre, '2026-11-23');
    expect(open).toMatchObject({ open: true });
    expect(open.holiday?.name).toBe('勤労感謝の日');
  });

  it('closes 12/29 to 1/3 for everyone, even centres open on holidays and Sundays', () => {
    for (const date of ['2026-12-29', '2026-12-31', '2027-01-01', '2027-01-03']) {
      expect(dayStatus(holidayOpenCentre, date)).toMatchObject({ open: false, reason: 'year_end' });
    }
    expect(dayStatus(citizenCentre, '2026-12-28')).toMatchObject({ open: true });
    expect(dayStatus(citizenCentre, '2027-01-04')).toMatchObject({ open: true });
    expect(isYearEndClosure('2026-12-28')).toBe(false);
  });

  it('applies ad-hoc closures to the whole facility or one room, inclusive of both ends', () => {
    const closures: ClosureSpan[] = [
      { roomId: null, startsOn: '2026-12-07', endsOn: '2026-12-08', reason: 'election', note: '投票所' },
      { roomId: 'room-a', startsOn: '2026-12-10', endsOn: '2026-12-10', reason: 'maintenance', note: null },
    ];
    expect(dayStatus(citizenCentre, '2026-12-07', closures, 'room-b')).toMatchObject({ open: false, reason: 'closure' });
    expect(dayStatus(citizenCentre, '2026-12-08', closures, 'room-b')).toMatchObject({ open: false, reason: 'closure' });
    expect(dayStatus(citizenCentre, '2026-12-09', closures, 'room-b')).toMatchObject({ open: true });
    expect(dayStatus(citizenCentre, '2026-12-10', closures, 'room-a')).toMatchObject({ open: false, reason: 'closure' });
    expect(dayStatus(citizenCentre, '2026-12-10', closures, 'room-b')).toMatchObject({ open: true });
  });

  it('prefers the reason a resident can act on: closure notice over the weekly closed day', () => {
    const closures: ClosureSpan[] = [{ roomId: null, startsOn: '2026-11-29', endsOn: '2026-11-29', reason: 'shelter', note: null }];
    const status = dayStatus(citizenCentre, '2026-11-29', closures);
    expect(status).toMatchObject({ open: false, reason: 'closure' });
    expect(status.open === false && status.closure?.reason).toBe('shelter');
  });
});

describe('bandWithinHours', () => {
  it('offers only bands inside the opening hours', () => {
    expect(bandWithinHours({ start: '18:00', end: '21:00' }, '09:00', '21:00')).toBe(true);
    expect(bandWithinHours({ start: '18:00', end: '22:00' }, '09:00', '21:00')).toBe(false);
    expect(bandWithinHours({ start: '18:00', end: '21:00' }, '09:00', '17:00')).toBe(false);
  });
});
