/** Reads of occupied cells. Only (room, date, band) leave this module: public views never see bookers. */
import type { Db } from '../../db/database.ts';
import type { LocalDate } from '../../lib/time.ts';

// PostgreSQL caps bind parameters at 65,535; chunking keeps large searches well inside that.
const CHUNK = 1000;

export async function listOccupiedCells(
  db: Db,
  roomIds: readonly string[],
  from: LocalDate,
  to: LocalDate,
): Promise<{ room_id: string; date: string; band: string }[]> {
  const out: { room_id: string; date: string; band: string }[] = [];
  for (let i = 0; i < roomIds.length; i += CHUNK) {
    const chunk = roomIds.slice(i, i + CHUNK);
    const rows = await db
      .selectFrom('reservation_cells')
      .select(['room_id', 'date', 'band'])
      .where('room_id', 'in', chunk)
      .where('date', '>=', from)
      .where('date', '<=', to)
      .execute();
    for (const row of rows) out.push(row); // not push(...rows): a year of a city overflows the call stack
  }
  return out;
}

/**
 * The cells of one person's live bookings in these rooms and dates: laid over the read model's cells, so
 * a person never sees a cell free after their own booking succeeded, whichever process answers.
 */
export async function listOwnCells(
  db: Db,
  userId: string,
  roomIds: readonly string[],
  from: LocalDate,
  to: LocalDate,
): Promise<{ room_id: string; date: string; band: string }[]> {
  if (roomIds.length === 0) return [];
  return (
    db
      .selectFrom('reservation_cells')
      .innerJoin('reservations', 'reservations.id', 'reservation_cells.reservation_id')
      .select(['reservation_cells.room_id', 'reservation_cells.date', 'reservation_cells.band'])
      .where('reservations.user_id', '=', userId)
      // A reservation's cells are on its date: the (user_id, date) index finds the person's few.
      .where('reservations.date', '>=', from)
      .where('reservations.date', '<=', to)
      .where('reservation_cells.room_id', 'in', roomIds)
      .where('reservation_cells.date', '>=', from)
      .where('reservation_cells.date', '<=', to)
      .execute()
  );
}
