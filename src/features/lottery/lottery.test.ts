import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_LOTTERY_RULES,
  firstComeOpensAt,
  LOTTERY_RULE_LIMITS,
  type LotteryRules,
  lotteryPhase,
  lotterySchedule,
  monthsTakingEntries,
  rulesIssue,
  tokyoInstant,
} from './lottery.ts';

const R = DEFAULT_LOTTERY_RULES;
const utc = (iso: string) => new Date(iso);
const plus = (d: Date, seconds: number) => new Date(d.getTime() + seconds * 1000);

describe('tokyoInstant', () => {
  it('reads a date and time as Tokyo wall-clock time (UTC+9, no daylight saving)', () => {
    expect(tokyoInstant('2026-12-01').toISOString()).toBe('2026-11-30T15:00:00.000Z');
    expect(tokyoInstant('2026-12-21', '09:00:00').toISOString()).toBe('2026-12-21T00:00:00.000Z');
    // Mid-summer too: Japan does not shift its clocks.
    expect(tokyoInstant('2026-07-01').toISOString()).toBe('2026-06-30T15:00:00.000Z');
  });
});

describe('lotterySchedule with the default rules', () => {
  // The lottery for February 2027 runs in December 2026 (two months ahead).
  const s = lotterySchedule('2027-02', R);

  it('places every step in the month two months before, in Tokyo time', () => {
    expect(s.month).toBe('2027-02');
    expect(s.entryOpensAt.toISOString()).toBe('2026-11-30T15:00:00.000Z'); // 2026-12-01 00:00 JST
    expect(s.entryClosesAt.toISOString()).toBe('2026-12-10T15:00:00.000Z'); // 2026-12-11 00:00 JST
    expect(s.drawAt.toISOString()).toBe('2026-12-11T15:00:00.000Z'); // 2026-12-12 00:00 JST
    expect(s.confirmClosesAt.toISOString()).toBe('2026-12-20T15:00:00.000Z'); // 2026-12-21 00:00 JST
    expect(s.firstComeOpensAt.toISOString()).toBe('2026-12-21T00:00:00.000Z'); // 2026-12-21 09:00 JST
    expect(s.firstComeOpensAtNonResident.toISOString()).toBe('2026-12-28T00:00:00.000Z'); // 7 days later
    expect(s.lastEntryDay).toBe('2026-12-10');
    expect(s.lastConfirmDay).toBe('2026-12-20');
  });

  it('moves from upcoming to entry exactly at 2026-12-01 00:00 JST', () => {
    expect(lotteryPhase(s, utc('2026-11-30T14:59:59Z'), false)).toBe('upcoming');
    expect(lotteryPhase(s, utc('2026-11-30T15:00:00Z'), false)).toBe('entry');
  });

  it('takes entries until the last second of the 10th, then waits for the draw', () => {
    // 2026-12-10 23:59:59 JST is still the last entry day.
    expect(lotteryPhase(s, utc('2026-12-10T14:59:59Z'), false)).toBe('entry');
    expect(lotteryPhase(s, utc('2026-12-10T15:00:00Z'), false)).toBe('waiting_draw');
    // The window is the window even if a draw was (wrongly) recorded early: entries are not cut short.
    expect(lotteryPhase(s, utc('2026-12-10T14:59:59Z'), true)).toBe('entry');
  });

  it('says drawn once the draw has run, and first_come from 09:00 JST on the 21st', () => {
    expect(lotteryPhase(s, utc('2026-12-10T15:00:00Z'), true)).toBe('drawn');
    expect(lotteryPhase(s, plus(s.firstComeOpensAt, -1), true)).toBe('drawn');
    expect(lotteryPhase(s, utc('2026-12-21T00:00:00Z'), true)).toBe('first_come');
  });

  it('opens first-come on time even if the draw never ran (a month without lottery rooms or entries)', () => {
    expect(lotteryPhase(s, plus(s.firstComeOpensAt, -1), false)).toBe('waiting_draw');
    expect(lotteryPhase(s, utc('2026-12-21T00:00:00Z'), false)).toBe('first_come');
    expect(lotteryPhase(s, utc('2027-03-01T00:00:00Z'), false)).toBe('first_come');
  });

  it('opens first-come to non-residents 7 days after residents', () => {
    expect(firstComeOpensAt('2027-02', R, false).toISOString()).toBe('2026-12-21T00:00:00.000Z');
    expect(firstComeOpensAt('2027-02', R, true).toISOString()).toBe('2026-12-28T00:00:00.000Z');
    expect(firstComeOpensAt('2027-02', R, true).getTime() - firstComeOpensAt('2027-02', R, false).getTime()).toBe(7 * 86_400_000);
  });
});

describe('lotterySchedule across a year boundary', () => {
  it('runs January 2027 in November 2026', () => {
    const s = lotterySchedule('2027-01', R);
    expect(s.entryOpensAt.toISOString()).toBe('2026-10-31T15:00:00.000Z'); // 2026-11-01 00:00 JST
    expect(s.lastEntryDay).toBe('2026-11-10');
    expect(s.firstComeOpensAt.toISOString()).toBe('2026-11-21T00:00:00.000Z');
  });

  it('runs February 2026 in December 2025', () => {
    const s = lotterySchedule('2026-02', R);
    expect(s.entryOpensAt.toISOString()).toBe('2025-11-30T15:00:00.000Z'); // 2025-12-01 00:00 JST
    expect(s.entryClosesAt.toISOString()).toBe('2025-12-10T15:00:00.000Z');
    expect(s.lastConfirmDay).toBe('2025-12-20');
    expect(s.firstComeOpensAtNonResident.toISOString()).toBe('2025-12-28T00:00:00.000Z');
  });

  it('carries the non-resident delay into the next year when it runs past 31 December', () => {
    // First-come on 28 December 2025 for February 2026; non-residents 7 days later, on 4 January 2026.
    const rules: LotteryRules = { ...R, confirmByDay: 27, firstComeDay: 28 };
    expect(rulesIssue(rules)).toBeUndefined();
    const s = lotterySchedule('2026-02', rules);
    expect(s.firstComeOpensAt.toISOString()).toBe('2025-12-28T00:00:00.000Z');
    expect(s.firstComeOpensAtNonResident.toISOString()).toBe('2026-01-04T00:00:00.000Z');
  });

  it('counts monthsAhead back across a year', () => {
    const s = lotterySchedule('2026-03', { ...R, monthsAhead: 6 });
    expect(s.lastEntryDay).toBe('2025-09-10');
  });
});

describe('monthsTakingEntries', () => {
  it('finds the one month whose entry window is open', () => {
    expect(monthsTakingEntries('2026-12', tokyoInstant('2026-12-05', '12:00:00'), R)).toEqual(['2027-02']);
  });

  it('includes the first second of the window and excludes the first second after it', () => {
    expect(monthsTakingEntries('2026-12', tokyoInstant('2026-12-01'), R)).toEqual(['2027-02']);
    expect(monthsTakingEntries('2026-12', tokyoInstant('2026-12-10', '23:59:59'), R)).toEqual(['2027-02']);
    expect(monthsTakingEntries('2026-12', tokyoInstant('2026-12-11'), R)).toEqual([]);
  });

  it('finds nothing before the 1st or after the 10th of any month', () => {
    expect(monthsTakingEntries('2026-11', tokyoInstant('2026-11-30', '23:59:59'), R)).toEqual([]);
    expect(monthsTakingEntries('2026-12', tokyoInstant('2026-12-25'), R)).toEqual([]);
  });

  it('still finds the month when given a neighbouring month (e.g. the UTC month at the start of a Tokyo day)', () => {
    // 2026-12-01 00:00 JST is still 30 November in UTC; a caller passing the UTC month must not hide the window.
    const now = tokyoInstant('2026-12-01', '00:30:00');
    expect(monthsTakingEntries('2026-11', now, R)).toEqual(['2027-02']);
    expect(monthsTakingEntries('2027-01', now, R)).toEqual(['2027-02']);
  });

  it('crosses the year: in January 2027 it takes entries for March 2027', () => {
    expect(monthsTakingEntries('2027-01', tokyoInstant('2027-01-01'), R)).toEqual(['2027-03']);
  });
});

describe('rulesIssue', () => {
  it('accepts the defaults', () => {
    expect(rulesIssue(R)).toBeUndefined();
  });

  it('names the rule that breaks the order of the steps', () => {
    expect(rulesIssue({ ...R, drawDay: 10 })).toBe('drawDay'); // draw on the last entry day
    expect(rulesIssue({ ...R, drawDay: 9 })).toBe('drawDay');
    expect(rulesIssue({ ...R, entryOpensDay: 11 })).toBe('entryClosesDay');
    expect(rulesIssue({ ...R, confirmByDay: 12 })).toBe('confirmByDay'); // confirm by the draw day
    expect(rulesIssue({ ...R, confirmByDay: 21 })).toBe('firstComeDay'); // confirm on the first-come day
    expect(rulesIssue({ ...R, confirmByDay: 22 })).toBe('firstComeDay');
  });

  it('accepts a one-day entry window and the edges of each step', () => {
    expect(rulesIssue({ ...R, entryOpensDay: 10 })).toBeUndefined();
    expect(rulesIssue({ ...R, nonResidentDelayDays: 0 })).toBeUndefined();
    expect(rulesIssue({ ...R, entryClosesDay: 11 })).toBeUndefined();
  });

  it('rejects days that not every month has, and values out of range', () => {
    expect(rulesIssue({ ...R, firstComeDay: 29 })).toBe('firstComeDay');
    expect(rulesIssue({ ...R, entryClosesDay: 29, drawDay: 30 })).toBe('entryClosesDay');
    expect(rulesIssue({ ...R, entryOpensDay: 0 })).toBe('entryOpensDay');
    expect(rulesIssue({ ...R, monthsAhead: 0 })).toBe('monthsAhead');
    expect(rulesIssue({ ...R, maxWinsGroup: 0 })).toBe('maxWinsGroup');
    expect(rulesIssue({ ...R, nonResidentDelayDays: -1 })).toBe('nonResidentDelayDays');
  });

  it('rejects values that are not whole numbers', () => {
    expect(rulesIssue({ ...R, drawDay: 12.5 })).toBe('drawDay');
    expect(rulesIssue({ ...R, maxWinsPerson: 1.5 })).toBe('maxWinsPerson');
    expect(rulesIssue({ ...R, maxWishes: Number.NaN })).toBe('maxWishes');
    expect(rulesIssue({ ...R, monthsAhead: Number.POSITIVE_INFINITY })).toBe('monthsAhead');
  });
});

// Any rules rulesIssue accepts, for any month: generated within the limits, then filtered by rulesIssue itself.
const arbRules: fc.Arbitrary<LotteryRules> = fc
  .record(
    Object.fromEntries(Object.entries(LOTTERY_RULE_LIMITS).map(([k, [min, max]]) => [k, fc.integer({ min, max })])) as Record<
      keyof LotteryRules,
      fc.Arbitrary<number>
    >,
  )
  .map((r) => r as LotteryRules)
  .filter((r) => rulesIssue(r) === undefined);
const arbMonth = fc
  .record({ y: fc.integer({ min: 2000, max: 2100 }), m: fc.integer({ min: 1, max: 12 }) })
  .map(({ y, m }) => `${y}-${String(m).padStart(2, '0')}`);

describe('lottery calendar (properties)', () => {
  it('keeps the steps in order for any accepted rules', () => {
    fc.assert(
      fc.property(arbRules, arbMonth, (r, month) => {
        const s = lotterySchedule(month, r);
        const t = (d: Date) => d.getTime();
        expect(t(s.entryOpensAt)).toBeLessThan(t(s.entryClosesAt));
        expect(t(s.entryClosesAt)).toBeLessThanOrEqual(t(s.drawAt));
        expect(t(s.drawAt)).toBeLessThan(t(s.confirmClosesAt));
        // Confirmation closes at midnight, first-come opens at 09:00 on a later (or the same) day.
        expect(t(s.confirmClosesAt)).toBeLessThan(t(s.firstComeOpensAt));
        expect(t(s.firstComeOpensAtNonResident) - t(s.firstComeOpensAt)).toBe(r.nonResidentDelayDays * 86_400_000);
        // The entry window ends before the lottery month begins.
        expect(t(s.entryClosesAt)).toBeLessThanOrEqual(t(tokyoInstant(`${month}-01`)));
      }),
      { numRuns: 300 },
    );
  });

  it('never moves a phase backwards as time passes', () => {
    const order = ['upcoming', 'entry', 'waiting_draw', 'drawn', 'first_come'];
    fc.assert(
      fc.property(
        arbRules,
        arbMonth,
        fc.array(fc.integer({ min: -40 * 86_400, max: 80 * 86_400 }), { minLength: 2, maxLength: 8 }),
        fc.boolean(),
        (r, month, offsets, drawn) => {
          const s = lotterySchedule(month, r);
          const phases = [...offsets].sort((a, b) => a - b).map((sec) => order.indexOf(lotteryPhase(s, plus(s.entryOpensAt, sec), drawn)));
          for (let i = 1; i < phases.length; i++) expect(phases[i]).toBeGreaterThanOrEqual(phases[i - 1] as number);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('finds each month taking entries exactly during its own window', () => {
    fc.assert(
      fc.property(arbRules, arbMonth, fc.integer({ min: -86_400, max: 40 * 86_400 }), (r, month, sec) => {
        const s = lotterySchedule(month, r);
        const now = plus(s.entryOpensAt, sec);
        // The Tokyo month of `now`.
        const nowMonth = new Date(now.getTime() + 9 * 3_600_000).toISOString().slice(0, 7);
        const open = now >= s.entryOpensAt && now < s.entryClosesAt;
        expect(monthsTakingEntries(nowMonth, now, r).includes(month)).toBe(open);
      }),
      { numRuns: 300 },
    );
  });
});
