/**
 * Lottery tickets: one person holds at most one ticket per cell of a month, whichever entries carry it.
 *
 * Who holds an entry's tickets: a personal entry's, the person; a group entry's, the member who submits
 * it and every member of the group at that moment (the representative included). So the same person
 * cannot wish a cell both personally and through a group, nor through two groups they belong to, nor
 * through as many groups as they care to create. Members who join after the entry was submitted hold
 * none of its tickets (joining is by invitation, and an accepted invitation never fails on a ticket).
 *
 * The rule lives in the unique index lottery_tickets_one_per_person (migration 2026-12-02-08): two
 * submissions racing through different groups cannot both commit. The check before inserting only makes
 * the message name the cell; a lost race is answered with the same message.
 */
import type { Db, Trx } from '../../db/database.ts';
import { isUniqueViolation } from '../../db/errors.ts';
import type { FieldIssue } from '../../lib/errors.ts';
import { monthOf } from '../../lib/time.ts';
import * as repo from './lottery.repository.ts';

/** One cell of a wish, with the words that name it in a message ("大ホール 2027-02-06 午後"). */
export interface TicketCell {
  roomId: string;
  date: string;
  band: string;
  label: string;
}

export async function ticketHoldersOf(db: Db, submitterId: string, groupId: string | undefined): Promise<string[]> {
  if (!groupId) return [submitterId];
  return [...new Set([submitterId, ...(await repo.memberIdsOf(db, groupId))])];
}

/** The cells any of `holders` already holds a ticket for, as field issues naming the first such cell. */
export async function ticketClashIssues(
  db: Db,
  holders: readonly string[],
  cells: readonly TicketCell[],
  forGroup: boolean,
): Promise<FieldIssue[]> {
  if (cells.length === 0 || holders.length === 0) return [];
  const month = monthOf(cells[0]?.date ?? '');
  const held = await repo.listHeldTickets(db, month, holders, [...new Set(cells.map((c) => c.date))]);
  for (const cell of cells) {
    const clash = held.find((h) => h.room_id === cell.roomId && h.date === cell.date && h.band === cell.band);
    if (!clash) continue;
    // Who holds it decides the words: a member's own entry, a group's, or another group's.
    const key = !forGroup ? 'errWishHeldByGroup' : clash.group_id === null ? 'errWishHeldByMember' : 'errWishHeldByOtherGroup';
    return [{ field: 'wishes', key, params: { cell: cell.label } }];
  }
  return [];
}

export async function insertTickets(trx: Trx, entryId: string, holders: readonly string[], cells: readonly TicketCell[]) {
  await repo.insertTicketRows(
    trx,
    holders.flatMap((user_id) =>
      cells.map((c) => ({ month: monthOf(c.date), room_id: c.roomId, date: c.date, band: c.band, user_id, entry_id: entryId })),
    ),
  );
}

/** A unique violation of the tickets' index (PostgreSQL names the index, SQLite the table's columns). */
export function isTicketViolation(error: unknown): boolean {
  if (!isUniqueViolation(error)) return false;
  const e = error as { constraint?: string; message?: string };
  return /lottery_tickets/.test(`${e.constraint ?? ''} ${e.message ?? ''}`);
}
