/**
 * The export of a drawn month: seed, caps, the cells that could not be won, the entries (pseudonymous)
 * and their results, everything `npx tsunagu lottery verify` needs to run the draw again (verify.ts).
 */
import type { Db } from '../../db/database.ts';
import { isOneOf } from '../../lib/collections.ts';
import { ConflictError, InvalidInputError } from '../../lib/errors.ts';
import { isYearMonth, type YearMonth } from '../../lib/time.ts';
import type { DrawEntry, DrawResult } from './draw.ts';
import { groupByEntry, pseudonym } from './lottery.draw.service.ts';
import * as repo from './lottery.repository.ts';
import { type LotteryRules, OUTCOMES, type Outcome } from './lottery.ts';

export interface DrawExport {
  format: 'tsunagu-lottery-draw/1';
  month: YearMonth;
  seed: string;
  seedHash: string;
  drawnAt: string | null;
  maxWinsPerson: number;
  maxWinsGroup: number;
  unavailable: string[];
  entries: DrawEntry[];
  results: DrawResult[];
}

/** Seed, caps, the cells that could not be won, entries (pseudonymous) and results of a drawn month. */
export async function exportDraw(db: Db, month: YearMonth): Promise<DrawExport> {
  if (!isYearMonth(month)) throw new InvalidInputError([{ field: 'month', key: 'errMonthFormat' }]);
  const row = await repo.findMonth(db, month);
  if (row?.status !== 'drawn') throw new ConflictError('errLotteryNotDrawn');
  const stored = JSON.parse(row.draw_input ?? '{}') as { rules?: LotteryRules; unavailable?: string[] }; // written by drawOnce
  const salt = row.pseudonym_salt;
  const { entries, wishes } = await repo.entriesOfMonth(db, month);
  const byEntry = groupByEntry(wishes);
  return {
    format: 'tsunagu-lottery-draw/1',
    month,
    seed: row.seed,
    seedHash: row.seed_hash,
    drawnAt: row.drawn_at,
    maxWinsPerson: stored.rules?.maxWinsPerson ?? 0,
    maxWinsGroup: stored.rules?.maxWinsGroup ?? 0,
    unavailable: stored.unavailable ?? [],
    entries: entries.map((e) => ({
      id: e.id,
      booker: pseudonym(salt, e.booker_key),
      kind: e.group_id ? 'group' : 'person',
      wishes: (byEntry.get(e.id) ?? []).map((w) => ({ rank: Number(w.rank), roomId: w.room_id, date: w.date, bands: w.bands.split(',') })),
    })),
    results: wishes.map((w) => ({
      entryId: w.entry_id,
      rank: Number(w.rank),
      outcome: isOneOf(OUTCOMES, w.outcome ?? '') ? (w.outcome as Outcome) : 'lost',
    })),
  };
}
