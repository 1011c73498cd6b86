/**
 * The availability grid (空き状況): one cell per (room, date, band), each free, booked or closed with a
 * reason. buildRoomDays is pure: the service loads the data, this decides every cell's state.
 */
import type { Holiday } from '../../lib/holidays.ts';
import { eachDate, isoWeekday, type LocalDate, type LocalTime } from '../../lib/time.ts';
import { bandWithinHours, type CalendarRules, type ClosedReason, type ClosureSpan, dayStatus } from '../facility/calendar.ts';
import type { Band } from '../facility/facility.ts';

export type CellState = 'free' | 'booked' | 'closed';
/** 'lottery': the cell's month is still being allocated by lottery and has not opened first-come. */
export type CellReason = ClosedReason | 'outside_hours' | 'past' | 'lottery';

export interface Cell {
  band: string;
  label: string;
  labelEn: string;
  start: LocalTime;
  end: LocalTime;
  state: CellState;
  reason?: CellReason;
  /** The closure notice (e.g. 選挙事務) when reason is 'closure'. */
  closure?: ClosureSpan;
}

export interface DayAvailability {
  date: LocalDate;
  weekday: number;
  holiday?: Holiday;
  cells: Cell[];
}

export function cellKey(roomId: string, date: LocalDate, band: string): string {
  return `${roomId}|${date}|${band}`;
}

export interface BuildRoomDaysInput {
  roomId: string;
  rules: CalendarRules;
  bands: readonly Band[];
  closures: readonly ClosureSpan[];
  /** Keys from cellKey() of the occupied cells (a Set, or the read model's view of one). */
  occupied: { has(cellKey: string): boolean };
  from: LocalDate;
  to: LocalDate;
  /** Tokyo local now: cells that have started are no longer offered. */
  now: { date: LocalDate; time: LocalTime };
  /** For a room allocated by lottery: whether a date's free cells are still held for the lottery. */
  heldForLottery?: (date: LocalDate) => boolean;
}

export function buildRoomDays(input: BuildRoomDaysInput): DayAvailability[] {
  const { roomId, rules, bands, closures, occupied, now } = input;
  const dates = input.from === input.to ? [input.from] : eachDate(input.from, input.to);
  return dates.map((date) => {
    const status = dayStatus(rules, date, closures, roomId);
    const cells = bands.map((band): Cell => {
      const base = { band: band.code, label: band.label, labelEn: band.labelEn, start: band.start, end: band.end };
      if (!status.open) {
        return status.closure
          ? { ...base, state: 'closed', reason: status.reason, closure: status.closure }
          : { ...base, state: 'closed', reason: status.reason };
      }
      if (!bandWithinHours(band, status.opens, status.closes)) return { ...base, state: 'closed', reason: 'outside_hours' };
      if (occupied.has(cellKey(roomId, date, band.code))) return { ...base, state: 'booked' };
      if (date < now.date || (date === now.date && band.start <= now.time)) return { ...base, state: 'closed', reason: 'past' };
      if (input.heldForLottery?.(date)) return { ...base, state: 'closed', reason: 'lottery' };
      return { ...base, state: 'free' };
    });
    const day: DayAvailability = { date, weekday: isoWeekday(date), cells };
    if (status.holiday) day.holiday = status.holiday;
    return day;
  });
}
