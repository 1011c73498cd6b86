/**
 * Utilisation (稼働率) = booked cells ÷ open cells. A cell is open when the centre is open for that room,
 * date and band: closed days, holidays, 年末年始, temporary closures and bands outside the opening hours
 * are not in the denominator. Cells still held for the lottery, and cells in the past, are open. The
 * counting is utilisation.query.ts; this is the rate shown in files.
 */

export interface CellCounts {
  openCells: number;
  bookedCells: number;
}

/** Percent with one decimal, or null when nothing was open (a rate of 0/0 is not 0%). */
export function ratePercent(c: CellCounts): number | null {
  return c.openCells === 0 ? null : Math.round((c.bookedCells / c.openCells) * 1000) / 10;
}
