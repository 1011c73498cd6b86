/**
 * Cells of an availability grid, shared by the resident's month grid (availability) and the desk's day
 * and week (staff): the class app.css colours a cell by, and the link that books a free cell. The words
 * of a cell (○ 空き …) stay with availability; these take them as text.
 */
type CellState = 'free' | 'booked' | 'closed';

/** td.f, td.b, td.x in app.css. */
export const cellClass = (state: CellState) => (state === 'free' ? 'f' : state === 'booked' ? 'b' : 'x');

/**
 * A link from a free cell to the booking form at `path` (/book for the resident, /staff/book for a clerk
 * booking for a caller), for the cell's room, date and band. `hiddenText` tells a screen reader what the
 * link does or which cell it is, as the visible text alone does not.
 */
export function CellLink(props: { path: string; roomId: string; date: string; band: string; text: string; hiddenText: string }) {
  return (
    <a href={`${props.path}?room=${props.roomId}&date=${props.date}&band=${props.band}`}>
      {props.text}
      <span class="visually-hidden">{props.hiddenText}</span>
    </a>
  );
}
