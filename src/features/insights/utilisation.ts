/**
 * Utilisation (稼働率) = booked cells ÷ open cells. A cell is open when the centre is open for that room,
 * date and band: closed days, holidays, 年末年始, temporary closures and bands outside the opening hours
 * are not in the denominator. Cells still held for the lottery, and cells in the past, are open.
 */
import type { CellReason, DayAvailability } from '../availability/availability.ts';

/** Reasons that take a cell out of the denominator: the calendar, not time passing or the lottery. */
export const CLOSED_FOR_USE: ReadonlySet<CellReason> = new Set(['year_end', 'closure', 'holiday', 'closed_day', 'outside_hours']);

export interface CellCounts {
  openCells: number;
  bookedCells: number;
}

export function countCells(days: readonly DayAvailability[]): CellCounts {
  let openCells = 0;
  let bookedCells = 0;
  for (const day of days) {
    for (const cell of day.cells) {
      if (cell.state === 'closed' && cell.reason !== undefined && CLOSED_FOR_USE.has(cell.reason)) continue;
      openCells++;
      if (cell.state === 'booked') bookedCells++;
    }
  }
  return { openCells, bookedCells };
}

/** Percent with one decimal, or null when nothing was open (a rate of 0/0 is not 0%). */
export function ratePercent(c: CellCounts): number | null {
  return c.openCells === 0 ? null : Math.round((c.bookedCells / c.openCells) * 1000) / 10;
}
