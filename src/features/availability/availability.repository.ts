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
