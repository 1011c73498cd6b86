/**
 * The lottery's draw (once per month, after its entries close): winners' cells become reservations, the
 * entrants are told their results. A drawn month's export (lottery.export.service.ts) lets anyone verify it.
 */
import { createHmac } from 'node:crypto';
import type { Insertable } from 'kysely';
import type { Db, Trx } from '../../db/database.ts';
import { uniqueViolationOn } from '../../db/errors.ts';
import type { ReservationTable } from '../../db/schema.ts';
import { ConflictError, InvalidInputError } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';
import { type Clock, isYearMonth, monthRange, type YearMonth } from '../../lib/time.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import type { User } from '../../platform/authz/actor.ts';
import { requireAdmin } from '../../platform/authz/policy.ts';
import { markMonthsChanged } from '../../platform/marks/marks.ts';
import { notify } from '../../platform/notify/notify.ts';
import { buildGrids } from '../availability/availability.service.ts';
import { placeName } from '../booking/booking.mail.ts';
import { reservationNumber } from '../booking/booking.service.ts';
import * as facilityRepo from '../facility/facility.repository.ts';
import { loadFacilitiesByIds } from '../facility/facility.service.ts';
import { toRoom } from '../facility/facility.ts';
import { type DrawEntry, type DrawInput, type DrawResult, drawCellKey, drawLottery } from './draw.ts';
import * as drawRepo from './lottery.draw.repository.ts';
import { priceWinsAtDraw } from './lottery.fees.ts';
import { drawResultMail, type ResultLine } from './lottery.mail.ts';
import { ensureMonth, type MonthRow } from './lottery.months.service.ts';
import * as repo from './lottery.repository.ts';
import { rulesForMonth, storedRules } from './lottery.rules.ts';
import { cellsOf, type EntryRow } from './lottery.service.ts';
import { type LotteryRules, type LotterySchedule, lotterySchedule } from './lottery.ts';

// ---------------------------------------------------------------------------------------------------
// The draw

export interface DrawSummary {
  month: YearMonth;
  entries: number;
  wishes: number;
  won: number;
  lost: number;
  overCap: number;
}

/**
 * Pseudonymous booker of the draw's input and its export: stable within the month (the caps need that), and salted with a
 * secret of the month so nobody can test whether a known person or group is behind it.
 */
export function pseudonym(salt: string, bookerKey: string): string {
  return `b_${createHmac('sha256', salt).update(bookerKey).digest('hex').slice(0, 16)}`;
}

/** Everything the draw depends on, read from the database. */
async function drawInputOf(db: Db, clock: Clock, month: YearMonth, seed: string, salt: string, rules: LotteryRules) {
  const { entries, wishes } = await repo.entriesOfMonth(db, month);
  const byEntry = groupByEntry(wishes);

  // Cells already booked (e.g. by staff, with the window set aside) or closed meanwhile cannot be won.
  const roomIds = [...new Set(wishes.map((w) => w.room_id))];
  const unavailable: string[] = [];
  if (roomIds.length > 0) {
    const roomRows = await facilityRepo.listRoomRowsByIds(db, roomIds);
    const facilities = await loadFacilitiesByIds(db, [...new Set(roomRows.map((r) => r.facility_id))]);
    const { from, to } = monthRange(month);
    const wished = new Set(wishes.flatMap((w) => cellsOf(w.room_id, w.date, w.bands.split(','))));
    const grids = await buildGrids(
      db,
      clock,
      facilities,
      roomRows.map((r) => toRoom(r, [])),
      from,
      to,
    );
    for (const grid of grids) {
      for (const day of grid.days) {
        for (const cell of day.cells) {
          const key = drawCellKey(grid.room.id, day.date, cell.band);
          const open = cell.state === 'free' || (cell.state === 'closed' && cell.reason === 'lottery');
          if (!open && wished.has(key)) unavailable.push(key);
        }
      }
    }
  }
  const input: DrawInput = {
    seed,
    maxWinsPerson: rules.maxWinsPerson,
    maxWinsGroup: rules.maxWinsGroup,
    unavailable: unavailable.sort(),
    entries: entries.map(
      (e): DrawEntry => ({
        id: e.id,
        booker: pseudonym(salt, e.booker_key),
        kind: e.group_id ? 'group' : 'person',
        wishes: (byEntry.get(e.id) ?? []).map((w) => ({
          rank: Number(w.rank),
          roomId: w.room_id,
          date: w.date,
          bands: w.bands.split(','),
        })),
      }),
    ),
  };
  return { input, entries, wishes };
}

export function groupByEntry<W extends { entry_id: string }>(wishes: readonly W[]): Map<string, W[]> {
  const out = new Map<string, W[]>();
  for (const w of wishes) {
    const list = out.get(w.entry_id);
    if (list) list.push(w);
    else out.set(w.entry_id, [w]);
  }
  return out;
}

/** Thrown inside the draw's transaction when the entries changed after they were read: draw again. */
class EntriesChanged extends Error {}

/**
 * Runs the draw of a month: once, after its entry window has closed and before first-come opens. Winners'
 * cells become reservations in status 'won' in the same transaction that marks the month drawn, so a
 * second draw (a double click, the scheduler racing an admin) finds the month drawn and changes nothing.
 */
export async function drawMonth(db: Db, clock: Clock, month: YearMonth, actor: User | null): Promise<DrawSummary> {
  if (!isYearMonth(month)) throw new InvalidInputError([{ field: 'month', key: 'errMonthFormat' }]);
  if (actor) requireAdmin(actor);
  const schedule = lotterySchedule(month, await rulesForMonth(db, month));
  if (clock.now() < schedule.entryClosesAt) throw new ConflictError('errLotteryStillTakingEntries', { date: schedule.lastEntryDay });
  // Once first-come has opened, cells may already be booked by anyone: a draw then would be unfair.
  if (clock.now() >= schedule.firstComeOpensAt) throw new ConflictError('errLotteryTooLate');
  for (let attempt = 0; ; attempt++) {
    const row = await ensureMonth(db, clock, month);
    if (row.status !== 'open') throw new ConflictError('errLotteryAlreadyDrawn');
    try {
      return await drawOnce(db, clock, row, actor);
    } catch (error) {
      // Read again and draw again (same seed) when something moved between reading and writing: a cell
      // booked by staff, an entry that committed at the closing second, a reservation number just used.
      const retry = error instanceof EntriesChanged || ['cell', 'reservation_number'].includes(uniqueViolationOn(error) ?? '');
      if (retry && attempt < 3) continue;
      throw error;
    }
  }
}

async function drawOnce(db: Db, clock: Clock, month: MonthRow, actor: User | null): Promise<DrawSummary> {
  const rules = storedRules(month.rules);
  const { input, entries, wishes } = await drawInputOf(db, clock, month.month, month.seed, month.pseudonym_salt, rules);
  const results = drawLottery(input);
  const outcome = new Map(results.map((r) => [`${r.entryId}#${r.rank}`, r.outcome]));
  const now = clock.now();
  const at = now.toISOString();
  const entryById = new Map(entries.map((e) => [e.id, e]));
  const numbers = await unusedNumbers(db, month.month);
  const winners: { wish: (typeof wishes)[number]; row: Insertable<ReservationTable> }[] = [];
  for (const w of wishes) {
    if (outcome.get(`${w.entry_id}#${w.rank}`) !== 'won') continue;
    const e = entryById.get(w.entry_id);
    if (!e) continue;
    winners.push({
      wish: w,
      row: {
        id: newId('rsv'),
        number: numbers(),
        room_id: w.room_id,
        date: w.date,
        status: 'won',
        category: e.category,
        purpose: e.purpose,
        attendees: e.attendees,
        channel: e.channel,
        created_at: at,
        user_id: e.user_id,
        group_id: e.group_id,
        operator_id: null,
        bands: w.bands,
        fee: w.fee,
        fee_detail: w.fee_detail,
        commercial: e.commercial,
        admission: e.admission,
        idempotency_key: null,
        payment_due_on: null,
        cancelled_at: null,
        updated_at: at,
      },
    });
  }
  const summary: DrawSummary = {
    month: month.month,
    entries: entries.length,
    wishes: wishes.length,
    won: results.filter((r) => r.outcome === 'won').length,
    lost: results.filter((r) => r.outcome === 'lost').length,
    overCap: results.filter((r) => r.outcome === 'over_cap').length,
  };
  await db.transaction().execute(async (trx) => {
    // Claim the month first: from here on entries and withdrawals wait for this transaction, then fail.
    const drawInput = JSON.stringify({ rules, unavailable: input.unavailable });
    if (!(await drawRepo.claimMonthForDraw(trx, month.month, at, drawInput))) throw new ConflictError('errLotteryAlreadyDrawn');
    // An entry (or a withdrawal) that committed after the entries were read would be missing from the
    // draw: compare, and draw again from a fresh read if anything changed.
    const current = await drawRepo.listEntryIdsOfMonth(trx, month.month);
    if (current.length !== entries.length || current.some((id, i) => id !== entries[i]?.id)) throw new EntriesChanged();
    // A win is priced now, with each group's verification as committed (lottery.fees.ts).
    const prices = await priceWinsAtDraw(
      trx,
      winners.map((w) => ({ groupId: w.row.group_id ?? null, category: w.row.category, fee: w.wish.fee, feeDetail: w.wish.fee_detail })),
    );
    for (const [i, price] of prices.entries()) {
      const w = winners[i] as (typeof winners)[number];
      w.row.fee = price.fee;
      w.row.fee_detail = price.feeDetail;
    }
    await drawRepo.insertWonReservations(
      trx,
      winners.map((w) => ({ row: w.row, bands: w.wish.bands.split(',') })),
    );
    await markMonthsChanged(
      trx,
      winners.map((w) => w.wish.date),
    );
    // Every wish of the month is 'lost' unless the draw says otherwise.
    await drawRepo.markWishesOfMonthLost(trx, month.month);
    for (const r of results.filter((x) => x.outcome === 'over_cap')) await drawRepo.markWishOverCap(trx, r.entryId, r.rank);
    for (const w of winners) {
      const win = { reservationId: w.row.id as string, fee: w.row.fee ?? w.wish.fee, feeDetail: w.row.fee_detail ?? w.wish.fee_detail };
      await drawRepo.markWishWon(trx, w.wish.entry_id, w.wish.rank, win);
    }
    await notifyResults(trx, clock, month.month, lotterySchedule(month.month, rules), entries, groupByEntry(wishes), outcome);
    await recordAudit(trx, now, {
      actorId: actor?.id ?? null,
      action: 'lottery.draw',
      targetType: 'lottery_month',
      targetId: month.month,
      after: summary,
    });
  });
  return summary;
}

/** A source of 予約番号 for the month not used by any reservation yet (and not twice by this draw). */
async function unusedNumbers(db: Db, month: YearMonth): Promise<() => string> {
  const prefix = reservationNumber(`${month}-01`).slice(0, 5);
  const used = new Set(await drawRepo.listReservationNumbersStartingWith(db, prefix));
  return () => {
    for (;;) {
      const n = reservationNumber(`${month}-01`);
      if (!used.has(n)) {
        used.add(n);
        return n;
      }
    }
  };
}

async function notifyResults(
  trx: Trx,
  clock: Clock,
  month: YearMonth,
  schedule: LotterySchedule,
  entries: readonly EntryRow[],
  wishesByEntry: ReadonlyMap<string, readonly { rank: number; room_id: string; date: string }[]>,
  outcome: ReadonlyMap<string, DrawResult['outcome']>,
) {
  const userIds = [...new Set(entries.map((e) => e.user_id))];
  const users = new Map((await drawRepo.listUsersByIds(trx, userIds)).map((u) => [u.id, u]));
  const roomIds = [...new Set([...wishesByEntry.values()].flatMap((ws) => ws.map((w) => w.room_id)))];
  const roomNames = new Map<string, ResultLine['place']>();
  for (const r of await drawRepo.listRoomNames(trx, roomIds)) {
    const [facility, room] = [
      { name: r.facility_name, nameEn: r.facility_name_en },
      { name: r.name, nameEn: r.name_en },
    ];
    roomNames.set(r.id, { ja: placeName('ja', facility, room), en: placeName('en', facility, room) });
  }
  for (const e of entries) {
    const user = users.get(e.user_id);
    if (!user) continue;
    const lines = (wishesByEntry.get(e.id) ?? []).map((w) => ({
      rank: Number(w.rank),
      place: roomNames.get(w.room_id) ?? { ja: w.room_id, en: w.room_id },
      date: w.date,
      outcome: outcome.get(`${e.id}#${w.rank}`) ?? 'lost',
    }));
    await notify(trx, clock, {
      to: e.user_id,
      kind: 'lottery.draw_result',
      template: (lang) => drawResultMail(lang, { name: user.name }, month, schedule, lines),
    });
  }
}
