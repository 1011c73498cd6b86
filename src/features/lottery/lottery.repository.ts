/**
 * Lottery reads and writes: months (seed, status, the hold entries take on them), entries with their ranked
 * wishes and tickets, the confirmation of wins, and the lottery rooms. The draw's own are in
 * lottery.draw.repository.ts. Writes take a transaction.
 */
import type { Insertable, Updateable } from 'kysely';
import type { Db, Trx } from '../../db/database.ts';
import type { LotteryEntryTable, LotteryMonthTable, LotteryTicketTable, LotteryWishTable, ReservationTable } from '../../db/schema.ts';

export async function findMonth(db: Db, month: string) {
  return db.selectFrom('lottery_months').selectAll().where('month', '=', month).executeTakeFirst();
}

/** Inserts the month with its seed unless it exists; concurrent callers all end up with the same row. */
export async function insertMonthIfMissing(trx: Trx, row: Omit<Insertable<LotteryMonthTable>, 'status' | 'drawn_at' | 'draw_input'>) {
  await trx
    .insertInto('lottery_months')
    .values({ ...row, status: 'open' })
    .onConflict((oc) => oc.column('month').doNothing())
    .execute();
}

export async function listMonths(db: Db, months: readonly string[]) {
  if (months.length === 0) return [];
  return db.selectFrom('lottery_months').selectAll().where('month', 'in', months).execute();
}

/**
 * Holds a month while it is still open (a row lock on PostgreSQL; SQLite runs one writer at a time), so
 * the draw waits for the transaction; false when it is no longer open.
 */
export async function holdOpenMonth(trx: Trx, month: string): Promise<boolean> {
  const held = await trx
    .updateTable('lottery_months')
    .set({ status: 'open' })
    .where('month', '=', month)
    .where('status', '=', 'open')
    .executeTakeFirst();
  return Number(held.numUpdatedRows) === 1;
}

/** How many entries each of the months has (months without any are missing from the map). */
export async function countEntriesByMonth(db: Db, months: readonly string[]): Promise<Map<string, number>> {
  if (months.length === 0) return new Map();
  const rows = await db
    .selectFrom('lottery_entries')
    .select(['month', (eb) => eb.fn.countAll<string | number>().as('n')])
    .where('month', 'in', months)
    .groupBy('month')
    .execute();
  return new Map(rows.map((r) => [r.month, Number(r.n)]));
}

export async function insertEntry(trx: Trx, entry: Insertable<LotteryEntryTable>, wishes: Insertable<LotteryWishTable>[]) {
  await trx.insertInto('lottery_entries').values(entry).execute();
  await trx.insertInto('lottery_wishes').values(wishes).execute();
}

export async function findEntry(db: Db, id: string) {
  return db.selectFrom('lottery_entries').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function listWishes(db: Db, entryIds: readonly string[]) {
  if (entryIds.length === 0) return [];
  return db.selectFrom('lottery_wishes').selectAll().where('entry_id', 'in', entryIds).orderBy('entry_id').orderBy('rank').execute();
}

/** Entries the user submitted or that belong to one of the user's groups, newest month first. */
export async function listEntriesVisibleTo(db: Db, userId: string, groupIds: readonly string[]) {
  return db
    .selectFrom('lottery_entries')
    .selectAll()
    .where((eb) => (groupIds.length > 0 ? eb.or([eb('user_id', '=', userId), eb('group_id', 'in', groupIds)]) : eb('user_id', '=', userId)))
    .orderBy('month', 'desc')
    .orderBy('created_at', 'desc')
    .limit(100)
    .execute();
}

export async function memberIdsOf(db: Db, groupId: string): Promise<string[]> {
  return (await db.selectFrom('organisation_members').select('user_id').where('group_id', '=', groupId).execute()).map((r) => r.user_id);
}

/** Every entry of a month with its wishes, for the draw and the export. */
export async function entriesOfMonth(db: Db, month: string) {
  const entries = await db.selectFrom('lottery_entries').selectAll().where('month', '=', month).orderBy('id').execute();
  const wishes = await db
    .selectFrom('lottery_wishes')
    .innerJoin('lottery_entries', 'lottery_entries.id', 'lottery_wishes.entry_id')
    .selectAll('lottery_wishes')
    .where('lottery_entries.month', '=', month)
    .orderBy('lottery_wishes.entry_id')
    .orderBy('lottery_wishes.rank')
    .execute();
  return { entries, wishes };
}

/** A person's own entries (not a group's) in months not drawn yet. */
export async function listOwnEntriesInOpenMonths(db: Db, userId: string) {
  return db
    .selectFrom('lottery_entries')
    .innerJoin('lottery_months', 'lottery_months.month', 'lottery_entries.month')
    .select(['lottery_entries.id', 'lottery_entries.month'])
    .where('lottery_entries.user_id', '=', userId)
    .where('lottery_entries.group_id', 'is', null)
    .where('lottery_months.status', '=', 'open')
    .execute();
}

/** Deletes an entry; its wishes and tickets go with it (foreign keys on delete cascade). */
export async function deleteEntry(trx: Trx, id: string) {
  await trx.deleteFrom('lottery_entries').where('id', '=', id).execute();
}

/** Whether any room is allocated by lottery at all (no months are seeded otherwise). */
export async function hasLotteryRoom(db: Db): Promise<boolean> {
  return (await db.selectFrom('rooms').select('id').where('allocation', '=', 'lottery').limit(1).executeTakeFirst()) !== undefined;
}

export async function hasEntries(db: Db, month: string): Promise<boolean> {
  return (await db.selectFrom('lottery_entries').select('id').where('month', '=', month).limit(1).executeTakeFirst()) !== undefined;
}

/** The winner keeps a win still in status 'won' (not one that lapsed or was declined); false otherwise. */
export async function confirmWonReservation(
  trx: Trx,
  id: string,
  values: Pick<Updateable<ReservationTable>, 'status' | 'payment_due_on' | 'updated_at'>,
): Promise<boolean> {
  const result = await trx.updateTable('reservations').set(values).where('id', '=', id).where('status', '=', 'won').executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function markEntryConfirmed(trx: Trx, id: string, at: string) {
  await trx.updateTable('lottery_entries').set({ confirmed_at: at }).where('id', '=', id).execute();
}

export async function listReservationStatuses(db: Db, ids: readonly string[]) {
  if (ids.length === 0) return [];
  return db.selectFrom('reservations').select(['id', 'status']).where('id', 'in', ids).execute();
}

export async function listGroupNames(db: Db, ids: readonly string[]) {
  if (ids.length === 0) return [];
  return db.selectFrom('organisations').select(['id', 'name']).where('id', 'in', ids).execute();
}

/** The tickets any of `holders` holds in the month on these dates, with the group of the entry carrying each. */
export async function listHeldTickets(db: Db, month: string, holders: readonly string[], dates: readonly string[]) {
  return db
    .selectFrom('lottery_tickets')
    .innerJoin('lottery_entries', 'lottery_entries.id', 'lottery_tickets.entry_id')
    .select(['lottery_tickets.room_id', 'lottery_tickets.date', 'lottery_tickets.band', 'lottery_entries.group_id'])
    .where('lottery_tickets.month', '=', month)
    .where('lottery_tickets.user_id', 'in', [...holders])
    .where('lottery_tickets.date', 'in', [...dates])
    .execute();
}

/** Inserts tickets in chunks that keep each statement inside both databases' limits on bound parameters. */
export async function insertTicketRows(trx: Trx, rows: readonly Insertable<LotteryTicketTable>[]) {
  for (let i = 0; i < rows.length; i += 500)
    await trx
      .insertInto('lottery_tickets')
      .values(rows.slice(i, i + 500))
      .execute();
}

/** The rooms allocated by lottery with their facilities' names, in the order of the facilities' kana. */
export async function listLotteryRooms(db: Db) {
  return db
    .selectFrom('rooms')
    .innerJoin('facilities', 'facilities.id', 'rooms.facility_id')
    .select(['rooms.id', 'rooms.name', 'rooms.facility_id', 'facilities.name as facility_name', 'facilities.name_kana'])
    .where('rooms.allocation', '=', 'lottery')
    .orderBy('facilities.name_kana')
    .orderBy('rooms.sort_order')
    .execute();
}
