/**
 * Cells of an availability grid, shared by the resident's month grid (availability) and the desk's day
 * and week (staff): the class app.css colours a cell by, and the link that books a free cell. The words
 * of a cell (○ 空き …) are availability's (cell-text.ts); these take them as text.
 */
type CellState = 'free' | 'booked' | 'closed';

/** td.f, td.b, td.x in app.css. */
export const cellClass = (state: CellState) => (state === 'free' ? 'f' : state === 'booked' ? 'b' : 'x');

/** The booking form at `path` (/book for the resident, /staff/book for a clerk booking for a caller) for one cell. */
export const bookingHref = (path: string, roomId: string, date: string, band: string) => `${path}?room=${roomId}&date=${date}&band=${band}`;

/**
 * A link from a free cell to its booking form (bookingHref). `hiddenText` tells a screen reader what the
 * link does or which cell it is, as the visible text alone does not.
 */
export function CellLink(props: { href: string; text: string; hiddenText: string }) {
  return (
    <a href={props.href}>
      {props.text}
      <span class="visually-hidden">{props.hiddenText}</span>
    </a>
  );
}
