/**
 * The lottery calendar (抽選スケジュール). Each lottery month M runs on days of the month `monthsAhead`
 * before it: entries from `entryOpensDay` to the end of `entryClosesDay`, the draw on `drawDay`, winners
 * confirm until the end of `confirmByDay`, and at 09:00 on `firstComeDay` whatever is left opens
 * first-come (for users from outside the city `nonResidentDelayDays` later). All instants are Asia/Tokyo.
 *
 * In the kernel, not in features/lottery, because availability and booking need the same answer (when a
 * lottery room's month opens first-come) and the lottery feature itself builds on booking: kept in the
 * feature, the two imported each other. features/lottery/lottery.ts re-exports it for the lottery's files.
 *
 * Pure functions over plain data, so the window edges can be tested to the second.
 */
import { addDays, addMonths, type LocalDate, type YearMonth } from '../../lib/time.ts';

export interface LotteryRules {
  monthsAhead: number;
  entryOpensDay: number;
  entryClosesDay: number;
  drawDay: number;
  confirmByDay: number;
  firstComeDay: number;
  nonResidentDelayDays: number;
  /** Ranked wishes one entry may hold. */
  maxWishes: number;
  /** Wins per month for a person's own entry, and for a group's entry. */
  maxWinsPerson: number;
  maxWinsGroup: number;
}

export const DEFAULT_LOTTERY_RULES: LotteryRules = {
  monthsAhead: 2,
  entryOpensDay: 1,
  entryClosesDay: 10,
  drawDay: 12,
  confirmByDay: 20,
  firstComeDay: 21,
  nonResidentDelayDays: 7,
  maxWishes: 5,
  maxWinsPerson: 2,
  maxWinsGroup: 4,
};

/** Setting keys (table `settings`) of each rule. */
export const LOTTERY_SETTINGS: Record<keyof LotteryRules, string> = {
  monthsAhead: 'lottery_months_ahead',
  entryOpensDay: 'lottery_entry_opens_day',
  entryClosesDay: 'lottery_entry_closes_day',
  drawDay: 'lottery_draw_day',
  confirmByDay: 'lottery_confirm_by_day',
  firstComeDay: 'lottery_first_come_day',
  nonResidentDelayDays: 'lottery_non_resident_delay_days',
  maxWishes: 'lottery_max_wishes',
  maxWinsPerson: 'lottery_max_wins_person',
  maxWinsGroup: 'lottery_max_wins_group',
};

/** The allowed range of each rule; days stay within 1–28 so every month has them. */
export const LOTTERY_RULE_LIMITS: Record<keyof LotteryRules, [number, number]> = {
  monthsAhead: [1, 6],
  entryOpensDay: [1, 28],
  entryClosesDay: [1, 28],
  drawDay: [1, 28],
  confirmByDay: [1, 28],
  firstComeDay: [1, 28],
  nonResidentDelayDays: [0, 20],
  maxWishes: [1, 10],
  maxWinsPerson: [1, 31],
  maxWinsGroup: [1, 31],
};

/** The order the steps must keep: entries close before the draw, winners confirm before first-come opens. */
export function rulesIssue(r: LotteryRules): string | undefined {
  for (const [name, [min, max]] of Object.entries(LOTTERY_RULE_LIMITS) as [keyof LotteryRules, [number, number]][]) {
    const v = r[name];
    if (!Number.isInteger(v) || v < min || v > max) return name;
  }
  if (!(r.entryOpensDay <= r.entryClosesDay)) return 'entryClosesDay';
  if (!(r.entryClosesDay < r.drawDay)) return 'drawDay';
  if (!(r.drawDay < r.confirmByDay)) return 'confirmByDay';
  if (!(r.confirmByDay < r.firstComeDay)) return 'firstComeDay';
  // Users from outside the city must still get their turn before the month itself begins.
  if (r.monthsAhead === 1 && r.firstComeDay + r.nonResidentDelayDays > 28) return 'nonResidentDelayDays';
  return undefined;
}

/** The instant a Tokyo wall-clock time happens (Japan has no daylight saving: always +09:00). */
export function tokyoInstant(date: LocalDate, time = '00:00:00'): Date {
  return new Date(`${date}T${time}+09:00`);
}

export interface LotterySchedule {
  month: YearMonth;
  entryOpensAt: Date;
  /** The first instant entries are no longer taken (the day after the last entry day, 00:00). */
  entryClosesAt: Date;
  drawAt: Date;
  /** The first instant an unconfirmed win lapses. */
  confirmClosesAt: Date;
  firstComeOpensAt: Date;
  firstComeOpensAtNonResident: Date;
  /** The last day to enter and to confirm, for people. */
  lastEntryDay: LocalDate;
  lastConfirmDay: LocalDate;
}

function dayOf(month: YearMonth, day: number): LocalDate {
  return `${month}-${String(day).padStart(2, '0')}`;
}

export function lotterySchedule(month: YearMonth, r: LotteryRules): LotterySchedule {
  const run = addMonths(month, -r.monthsAhead);
  const lastEntryDay = dayOf(run, r.entryClosesDay);
  const lastConfirmDay = dayOf(run, r.confirmByDay);
  const firstComeDay = dayOf(run, r.firstComeDay);
  return {
    month,
    entryOpensAt: tokyoInstant(dayOf(run, r.entryOpensDay)),
    entryClosesAt: tokyoInstant(addDays(lastEntryDay, 1)),
    drawAt: tokyoInstant(dayOf(run, r.drawDay)),
    confirmClosesAt: tokyoInstant(addDays(lastConfirmDay, 1)),
    firstComeOpensAt: tokyoInstant(firstComeDay, '09:00:00'),
    firstComeOpensAtNonResident: tokyoInstant(addDays(firstComeDay, r.nonResidentDelayDays), '09:00:00'),
    lastEntryDay,
    lastConfirmDay,
  };
}

/** When a room allocated by lottery opens first-come for a cell's month, for this kind of user. */
export function firstComeOpensAt(month: YearMonth, r: LotteryRules, nonResident: boolean): Date {
  const s = lotterySchedule(month, r);
  return nonResident ? s.firstComeOpensAtNonResident : s.firstComeOpensAt;
}
