/**
 * Table types of the lottery (抽選): its months, entries, wishes and the tickets that hold a cell for one
 * entrant (migration 2026-12-01-04-lottery and after). Composed into `Database` by schema.ts.
 */
import type { Generated } from 'kysely';

/**
 * Who holds a lottery ticket for which cell of a month. Unique on (month, room, date, band, user): one
 * ticket per person and cell, whichever entries carry it. Deleted with the entry (withdrawal).
 */
export interface LotteryTicketTable {
  month: string;
  room_id: string;
  date: string;
  band: string;
  user_id: string;
  entry_id: string;
}

export interface LotteryMonthTable {
  month: string;
  /** Secret until the draw; its SHA-256 is public from the month's first appearance. */
  seed: string;
  seed_hash: string;
  /** JSON of the LotteryRules the month was announced with. */
  rules: string;
  pseudonym_salt: string;
  status: Generated<string>;
  created_at: string;
  drawn_at: string | null;
  draw_input: string | null;
}

export interface LotteryEntryTable {
  id: string;
  month: string;
  /** 'g:' + group id for a group's entry, 'u:' + user id otherwise: one entry per booker and month. */
  booker_key: string;
  /** Who submitted it. */
  user_id: string;
  group_id: string | null;
  purpose: string;
  attendees: number;
  category: string;
  commercial: Generated<number>;
  admission: Generated<number>;
  channel: string;
  created_at: string;
  confirmed_at: string | null;
}

export interface LotteryWishTable {
  entry_id: string;
  rank: number;
  room_id: string;
  date: string;
  bands: string;
  fee: number;
  fee_detail: string;
  outcome: string | null;
  reservation_id: string | null;
}
