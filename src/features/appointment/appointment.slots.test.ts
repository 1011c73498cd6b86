/**
 * Slot arithmetic and sequence placement, pure: the lunch break, 土日祝, 年末年始, a 休日開庁 Sunday, a desk
 * less on a day, a 30-minute service on 15-minute slots held on one desk, the booking window, and a life
 * event's services placed back to back with the walk between counters.
 */
import { describe, expect, it } from 'vitest';
import { nextFits, placeSequence, type SequenceStep } from './appointment.booking.ts';
import { bookingWindow, dayPlan, freeDesks, freeSeats, seatKey, serviceDays, serviceStarts } from './appointment.slots.ts';
import type { CounterSchedule, DayException, Period } from './appointment.ts';

const WEEKDAY_HOURS: Period[] = [
  { opens: '08:30', closes: '12:00' },
  { opens: '13:00', closes: '17:00' },
];

function schedule(o: { desks?: number; days?: Record<string, DayException>; id?: string } = {}): CounterSchedule {
  return {
    counterId: o.id ?? 'ctr',
    slotMinutes: 15,
    desks: o.desks ?? 3,
    week: new Map([1, 2, 3, 4, 5].map((wd) => [wd, WEEKDAY_HOURS])),
    days: new Map(Object.entries(o.days ?? {})),
  };
}

const TUESDAY = '2026-12-08';
const none = new Set<string>();

describe('dayPlan', () => {
  it('opens weekdays with the week’s periods and desks', () => {
    const plan = dayPlan(schedule(), TUESDAY);
    expect(plan).toMatchObject({ open: true, desks: 3, periods: WEEKDAY_HOURS, closedReason: null });
  });

  it('closes 土日, 祝日 and 年末年始 (12/29–1/3), weekdays included', () => {
    expect(dayPlan(schedule(), '2026-12-12').closedReason).toBe('weekend'); // Saturday
    expect(dayPlan(schedule(), '2026-12-13').closedReason).toBe('weekend'); // Sunday
    expect(dayPlan(schedule(), '2026-11-23').closedReason).toBe('holiday'); // 勤労感謝の日 (Monday)
    expect(dayPlan(schedule(), '2026-12-29').closedReason).toBe('year_end'); // Tuesday
    expect(dayPlan(schedule(), '2027-01-04').open).toBe(true); // Monday after
    expect(dayPlan(schedule(), '2026-12-28').open).toBe(true);
  });

  it('opens a 休日開庁 Sunday with its own hours and desks, and closes a weekday marked closed', () => {
    const days: Record<string, DayException> = {
      '2027-03-28': { status: 'open', opens: '09:00', closes: '12:00', desks: 2, note: '休日開庁' },
      [TUESDAY]: { status: 'closed', opens: null, closes: null, desks: null, note: 'システム停止' },
    };
    const sunday = dayPlan(schedule({ days }), '2027-03-28');
    expect(sunday).toMatchObject({ open: true, desks: 2, periods: [{ opens: '09:00', closes: '12:00' }], note: '休日開庁' });
    expect(dayPlan(schedule({ days }), TUESDAY)).toMatchObject({ open: false, closedReason: 'closed_day' });
  });

  it('takes a desk less on a day that says so, keeping the week’s hours', () => {
    const days: Record<string, DayException> = { [TUESDAY]: { status: 'desks', opens: null, closes: null, desks: 2, note: '' } };
    expect(dayPlan(schedule({ days }), TUESDAY)).toMatchObject({ open: true, desks: 2, periods: WEEKDAY_HOURS });
  });
});

describe('serviceStarts', () => {
  it('offers no start in the lunch break and none that would run past a period’s end', () => {
    const plan = dayPlan(schedule(), TUESDAY);
    const fifteen = serviceStarts(plan, 15, 15).map((s) => s.starts);
    expect(fifteen).toContain('11:45');
    expect(fifteen).not.toContain('12:00');
    expect(fifteen).not.toContain('12:45');
    expect(fifteen[0]).toBe('08:30');
    expect(fifteen.at(-1)).toBe('16:45');
    expect(fifteen).toHaveLength(14 + 16);
    const thirty = serviceStarts(plan, 15, 30);
    expect(thirty.map((s) => s.starts)).not.toContain('11:45'); // would cross the break
    expect(thirty.find((s) => s.starts === '11:30')).toEqual({ starts: '11:30', ends: '12:00', slots: ['11:30', '11:45'] });
  });

  it('rounds a duration up to whole slots', () => {
    expect(serviceStarts(dayPlan(schedule(), TUESDAY), 15, 20)[0]).toEqual({ starts: '08:30', ends: '09:00', slots: ['08:30', '08:45'] });
  });
});

describe('free desks and seats', () => {
  it('a 30-minute service needs both slots free on the SAME desk', () => {
    // Desk 1 is taken at 10:00, desk 2 at 10:15: every desk has one of the two slots free, but only desk 3 both.
    const taken = new Set([seatKey('10:00', 1), seatKey('10:15', 2)]);
    expect(freeDesks(taken, ['10:00', '10:15'], 3)).toEqual([3]);
    expect(freeDesks(new Set([...taken, seatKey('10:15', 3)]), ['10:00', '10:15'], 3)).toEqual([]);
    expect(freeSeats(taken, '10:00', 3)).toBe(2);
  });

  it('counts only the day’s desks (a seat on a desk closed that day is not a free one)', () => {
    expect(freeSeats(new Set([seatKey('10:00', 3)]), '10:00', 2)).toBe(2);
    expect(freeDesks(none, ['10:00'], 2)).toEqual([1, 2]);
  });
});

describe('bookingWindow', () => {
  const service = { bookFromDays: 14, bookUntilDays: 1 };
  const now = { date: '2026-11-24', time: '10:00' };
  it('opens 14 days before and closes the day before', () => {
    expect(bookingWindow(service, '2026-12-08', null, now)).toEqual({ bookable: true });
    expect(bookingWindow(service, '2026-12-09', null, now)).toEqual({ bookable: false, reason: 'not_yet', opensOn: '2026-11-25' });
    expect(bookingWindow(service, '2026-11-25', null, now)).toEqual({ bookable: true });
    expect(bookingWindow(service, '2026-11-24', null, now)).toEqual({ bookable: false, reason: 'closed' });
  });
  it('on the day itself (0 days) only for a time still ahead', () => {
    const sameDay = { bookFromDays: 14, bookUntilDays: 0 };
    expect(bookingWindow(sameDay, '2026-11-24', '10:15', now).bookable).toBe(true);
    expect(bookingWindow(sameDay, '2026-11-24', '09:45', now).bookable).toBe(false);
  });
});

describe('serviceDays', () => {
  it('answers each date with its free count per start, closed days with their reason', () => {
    const taken = new Set([seatKey('08:30', 1), seatKey('08:30', 2)]);
    const days = serviceDays(
      schedule(),
      { durationMinutes: 15, bookFromDays: 14, bookUntilDays: 1 },
      ['2026-12-04', '2026-12-05'],
      (date) => (date === '2026-12-04' ? taken : none),
      { date: '2026-11-24', time: '10:00' },
    );
    expect(days[0]).toMatchObject({ date: '2026-12-04', open: true, bookable: true, desks: 3 });
    expect(days[0]?.slots[0]).toEqual({ starts: '08:30', ends: '08:45', free: 1 });
    expect(days[0]?.slots[1]).toEqual({ starts: '08:45', ends: '09:00', free: 3 });
    expect(days[1]).toMatchObject({ open: false, closedReason: 'weekend', bookable: false, slots: [] });
  });
});

describe('placeSequence', () => {
  const citizens = schedule({ id: 'citizens' });
  const insurance = schedule({ id: 'insurance', desks: 1 });
  const schedules = new Map([
    ['citizens', citizens],
    ['insurance', insurance],
  ]);
  const step = (serviceId: string, counterId: string, durationMinutes: number): SequenceStep => ({
    serviceId,
    counterId,
    durationMinutes,
    bookFromDays: 14,
    bookUntilDays: 1,
  });
  const steps = [step('moving-in', 'citizens', 15), step('health-insurance', 'insurance', 30)];

  it('places the next service at its counter after the gap, on a free desk', () => {
    const placed = placeSequence({ steps, schedules, takenOn: () => none, gapMinutes: 10 }, TUESDAY, '10:00');
    expect(placed).toMatchObject({
      ok: true,
      items: [
        { position: 1, counterId: 'citizens', starts: '10:00', ends: '10:15', desk: 1 },
        // 10:15 + 10 minutes' walk → the first start at or after 10:25 is 10:30.
        { position: 2, counterId: 'insurance', starts: '10:30', ends: '11:00', slots: ['10:30', '10:45'], desk: 1 },
      ],
    });
  });

  it('waits for the next free start of a later counter, and is full when none comes within the hour', () => {
    const busy = (n: number) => new Set(['10:30', '10:45', '11:00', '11:15', '11:30', '11:45'].slice(0, n).map((s) => seatKey(s, 1)));
    // Insurance taken 10:30–10:59: the second service starts 11:00.
    const some = placeSequence(
      { steps, schedules, takenOn: (c) => (c === 'insurance' ? busy(2) : none), gapMinutes: 10 },
      TUESDAY,
      '10:00',
    );
    expect(some.ok && some.items[1]?.starts).toBe('11:00');
    // Taken 10:30 to 12:00: no start from 10:25 to 11:25 → the whole sequence is full.
    const full = placeSequence(
      { steps, schedules, takenOn: (c) => (c === 'insurance' ? busy(6) : none), gapMinutes: 10 },
      TUESDAY,
      '10:00',
    );
    expect(full).toEqual({ ok: false, reason: 'full', position: 2 });
  });

  it('refuses a start the counter does not offer, and a closed day', () => {
    expect(placeSequence({ steps, schedules, takenOn: () => none, gapMinutes: 10 }, TUESDAY, '12:15')).toEqual({
      ok: false,
      reason: 'start_not_offered',
    });
    expect(placeSequence({ steps, schedules, takenOn: () => none, gapMinutes: 10 }, '2026-12-12', '10:00')).toEqual({
      ok: false,
      reason: 'day_closed',
    });
  });

  it('offers the next first starts at which the whole sequence fits', () => {
    const takenInsurance = new Set(['10:30', '10:45', '11:00', '11:15', '11:30', '11:45'].map((s) => seatKey(s, 1)));
    const input = { steps, schedules, takenOn: (c: string) => (c === 'insurance' ? takenInsurance : none), gapMinutes: 10 };
    const fits = nextFits(input, { date: TUESDAY, after: '10:00' }, { date: '2026-11-24', time: '10:00' }, { limit: 3 });
    // Until 11:15 the second service would wait past the hour (insurance is taken until 12:00); later starts fit.
    expect(fits.every((f) => f.date === TUESDAY && f.start > '10:00')).toBe(true);
    expect(fits).toHaveLength(3);
    for (const f of fits) expect(placeSequence(input, f.date, f.start).ok).toBe(true);
  });
});
