/**
 * The draw's reads and writes: claiming a month, the won reservations and their cells, the wishes'
 * outcomes, what the result mails and the pricing of wins read, and the wins that lapse unconfirmed.
 * Writes take the draw's transaction: a month is drawn with all its outcomes or not at all.
 */
import type { Insertable } from 'kysely';
import type { Db, Trx } from '../../db/database.ts';
import type { ReservationTable } from '../../db/schema.ts';

/** Lists of ids are read in chunks that keep each statement inside both databases' bound-parameter limits. */
const ID_CHUNK = 1000;

/** Marks an open month drawn, with what the draw read; false when it is no longer open (drawn already). */
export async function claimMonthForDraw(trx: Trx, month: string, drawnAt: string, drawInput: string): Promise<boolean> {
  const claimed = await trx
    .updateTable('lottery_months')
    .set({ status: 'drawn', drawn_at: drawnAt, draw_input: drawInput })
    .where('month', '=', month)
    .where('status', '=', 'open')
    .executeTakeFirst();
  return Number(claimed.numUpdatedRows) === 1;
}

/** The ids of a month's entries, in id order (the order entriesOfMonth reads them in). */
export async function listEntryIdsOfMonth(db: Db, month: string): Promise<string[]> {
  return (await db.selectFrom('lottery_entries').select('id').where('month', '=', month).orderBy('id').execute()).map((r) => r.id);
}

/** 予約番号 already taken that start with `prefix`. */
export async function listReservationNumbersStartingWith(db: Db, prefix: string): Promise<string[]> {
  return (await db.selectFrom('reservations').select('number').where('number', 'like', `${prefix}%`).execute()).map((r) => r.number);
}

/**
 * Inserts the won reservations and the cells each holds (`bands` of its room and date); the primary key
 * of the cells refuses one already held. Chunks keep each statement inside the bound-parameter limits.
 */
export async function insertWonReservations(trx: Trx, wins: readonly { row: Insertable<ReservationTable>; bands: readonly string[] }[]) {
  for (let i = 0; i < wins.length; i += 500) {
    const chunk = wins.slice(i, i + 500);
    await trx
      .insertInto('reservations')
      .values(chunk.map((w) => w.row))
      .execute();
    await trx
      .insertInto('reservation_cells')
      .values(
        chunk.flatMap((w) =>
          w.bands.map((band) => ({ room_id: w.row.room_id, date: w.row.date, band, reservation_id: w.row.id as string })),
        ),
      )
      .execute();
  }
}

/** Every wish of the month becomes 'lost' in one statement; the draw then marks the others. */
export async function markWishesOfMonthLost(trx: Trx, month: string) {
  await trx
    .updateTable('lottery_wishes')
    .set({ outcome: 'lost' })
    .where('entry_id', 'in', (eb) => eb.selectFrom('lottery_entries').select('id').where('month', '=', month))
    .execute();
}

export async function markWishOverCap(trx: Trx, entryId: string, rank: number) {
  await trx.updateTable('lottery_wishes').set({ outcome: 'over_cap' }).where('entry_id', '=', entryId).where('rank', '=', rank).execute();
}

/** A won wish, with the reservation it became and the fee it was priced at. */
export async function markWishWon(trx: Trx, entryId: string, rank: number, win: { reservationId: string; fee: number; feeDetail: string }) {
  await trx
    .updateTable('lottery_wishes')
    .set({ outcome: 'won', reservation_id: win.reservationId, fee: win.fee, fee_detail: win.feeDetail })
    .where('entry_id', '=', entryId)
    .where('rank', '=', rank)
    .execute();
}

/** Name and address of each of the users. */
export async function listUsersByIds(db: Db, ids: readonly string[]) {
  const rows: { id: string; name: string; email: string | null }[] = [];
  for (let i = 0; i < ids.length; i += ID_CHUNK) {
    rows.push(
      ...(await db
        .selectFrom('users')
        .select(['id', 'name', 'email'])
        .where('id', 'in', ids.slice(i, i + ID_CHUNK))
        .execute()),
    );
  }
  return rows;
}

/** Each room's name with its facility's, in Japanese and in English (null where none was given). */
export async function listRoomNames(db: Db, roomIds: readonly string[]) {
  const rows: { id: string; name: string; name_en: string | null; facility_name: string; facility_name_en: string | null }[] = [];
  for (let i = 0; i < roomIds.length; i += ID_CHUNK) {
    rows.push(
      ...(await db
        .selectFrom('rooms')
        .innerJoin('facilities', 'facilities.id', 'rooms.facility_id')
        .select(['rooms.id', 'rooms.name', 'rooms.name_en', 'facilities.name as facility_name', 'facilities.name_en as facility_name_en'])
        .where('rooms.id', 'in', roomIds.slice(i, i + ID_CHUNK))
        .execute()),
    );
  }
  return rows;
}

/** The verification of each group, as the pricing of its wins needs it (lottery.fees.ts). */
export async function listGroupVerifications(db: Db, groupIds: readonly string[]) {
  const rows: { id: string; type: string; verification_status: string; verified_type: string | null }[] = [];
  for (let i = 0; i < groupIds.length; i += ID_CHUNK) {
    rows.push(
      ...(await db
        .selectFrom('organisations')
        .select(['id', 'type', 'verification_status', 'verified_type'])
        .where('id', 'in', groupIds.slice(i, i + ID_CHUNK))
        .execute()),
    );
  }
  return rows;
}

/** The months drawn so far, with the rules each was announced with. */
export async function listDrawnMonths(db: Db) {
  return db.selectFrom('lottery_months').select(['month', 'rules']).where('status', '=', 'drawn').execute();
}

/** Up to `limit` wins of these months still waiting for confirmation, with the winner's name, by id. */
export async function listUnconfirmedWins(db: Db, months: readonly string[], limit: number) {
  return db
    .selectFrom('reservations')
    .innerJoin('lottery_wishes', 'lottery_wishes.reservation_id', 'reservations.id')
    .innerJoin('lottery_entries', 'lottery_entries.id', 'lottery_wishes.entry_id')
    .leftJoin('users', 'users.id', 'lottery_entries.user_id')
    .select([
      'reservations.id',
      'reservations.number',
      'reservations.date',
      'lottery_entries.month',
      'lottery_entries.user_id',
      'users.name',
    ])
    .where('reservations.status', '=', 'won')
    .where('lottery_entries.month', 'in', [...months])
    .orderBy('reservations.id')
    .limit(limit)
    .execute();
}
