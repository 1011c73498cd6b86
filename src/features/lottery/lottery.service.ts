/**
 * The lottery (抽選) as residents and the scheduler use it: a month's seed, entries with ranked wishes,
 * the draw, confirmation by winners, and the lapse of wins nobody confirmed.
 *
 * Entry rule (one person, one chance per cell): each booker — a person, or a group — has at most one
 * entry per month (a unique index, so two members racing to enter for their group cannot both win the
 * race). And one person holds at most one ticket per cell, whichever entries carry it (lottery.tickets.ts:
 * who holds a group entry's tickets, and the unique index that decides a race).
 */
import { createHmac, randomBytes } from 'node:crypto';
import type { Insertable, Kysely } from 'kysely';
import { uniqueViolationOn } from '../../db/errors.ts';
import type { Database, ReservationTable } from '../../db/schema.ts';
import { isOneOf } from '../../lib/collections.ts';
import { ConflictError, type FieldIssue, InvalidInputError, NotFoundError } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';
import { addMonths, type Clock, isYearMonth, monthOf, monthRange, todayIn, toTokyo, type YearMonth } from '../../lib/time.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import type { User } from '../../platform/authz/actor.ts';
import { mayChangeEntry, requireMayChangeEntry } from '../../platform/authz/group.policy.ts';
import { requireAdmin } from '../../platform/authz/policy.ts';
import { markMonthsChanged } from '../../platform/marks/marks.ts';
import { clockAt, notify } from '../../platform/notify/notify.ts';
import { membershipOf, notifyRepresentative } from '../account/group.service.ts';
import { buildGrids } from '../availability/availability.service.ts';
import { cancelReservation, groupIdsOf, groupRolesOf } from '../booking/booking.repository.ts';
import { CellTakenError, type PreparedBooking, paymentDueOn, prepareBooking, reservationNumber } from '../booking/booking.service.ts';
import type { Category, Channel } from '../booking/booking.ts';
import * as facilityRepo from '../facility/facility.repository.ts';
import { loadBandSchemes, loadFacilitiesByIds } from '../facility/facility.service.ts';
import { type Band, type Room, toFacility, toRoom } from '../facility/facility.ts';
import { type DrawEntry, type DrawInput, type DrawResult, drawCellKey, drawLottery, seedHash } from './draw.ts';
import { priceWinsAtDraw } from './lottery.fees.ts';
import { drawResultMail, entryChangeText, entryReceivedMail, winConfirmedMail, winLapsedMail } from './lottery.mail.ts';
import * as repo from './lottery.repository.ts';
import { loadLotteryRules, rulesForMonth, storedRules } from './lottery.rules.ts';
import { insertTickets, isTicketViolation, type TicketCell, ticketClashIssues, ticketHoldersOf } from './lottery.tickets.ts';
import {
  type LotteryPhase,
  type LotteryRules,
  type LotterySchedule,
  lotteryPhase,
  lotterySchedule,
  OUTCOMES,
  type Outcome,
} from './lottery.ts';

type Executor = Kysely<Database>;

export interface WishRequest {
  roomId: string;
  date: string;
  bands: string[];
}

export interface EntryRequest {
  groupId?: string | undefined;
  purpose: string;
  attendees: number;
  category: Category;
  commercial: boolean;
  admission: boolean;
  channel: Channel;
  /** Best first. */
  wishes: WishRequest[];
}

export interface MonthView {
  month: YearMonth;
  /** The rules the month was announced with (its calendar, wishes per entry, caps). */
  rules: LotteryRules;
  schedule: LotterySchedule;
  phase: LotteryPhase;
  seedHash: string;
  /** Revealed once the draw has run. */
  seed: string | null;
  drawnAt: string | null;
}

export interface WishView {
  rank: number;
  room: Room;
  facilityId: string;
  facilityName: string;
  date: string;
  bands: Band[];
  fee: number;
  outcome: Outcome | 'pending';
  reservationId: string | null;
  reservationStatus: string | null;
}

export interface EntryView {
  id: string;
  month: MonthView;
  group: { id: string; name: string } | null;
  purpose: string;
  attendees: number;
  category: string;
  createdAt: string;
  confirmedAt: string | null;
  wishes: WishView[];
  /** The group rules let the viewer withdraw it and confirm its wins (group.policy.ts mayChangeEntry). */
  mayChange: boolean;
  /** Before the entry window closes. */
  withdrawOpen: boolean;
  /** Won wishes waiting for confirmation, before the deadline. */
  confirmOpen: boolean;
  /** Open, and the viewer may: what the pages offer a button for and the API reports. */
  canWithdraw: boolean;
  canConfirm: boolean;
}

// ---------------------------------------------------------------------------------------------------
// Months and seeds

type MonthRow = NonNullable<Awaited<ReturnType<typeof repo.findMonth>>>;

/**
 * The month's row, created on first use with a fresh 256-bit seed and the rules in force then. The seed's
 * SHA-256 is public from that moment, so the seed is fixed before entries close and cannot be chosen
 * after seeing them; the rules stay with the month, so its calendar cannot change under its entrants.
 */
export async function ensureMonth(db: Executor, clock: Clock, month: YearMonth): Promise<MonthRow> {
  const existing = await repo.findMonth(db, month);
  if (existing) return existing;
  const seed = randomBytes(32).toString('hex');
  await repo.insertMonthIfMissing(db, {
    month,
    seed,
    seed_hash: seedHash(seed),
    rules: JSON.stringify(await loadLotteryRules(db)),
    pseudonym_salt: randomBytes(16).toString('hex'),
    created_at: clock.now().toISOString(),
  });
  const row = await repo.findMonth(db, month);
  if (!row) throw new Error(`lottery month ${month} vanished`);
  return row;
}

function monthView(row: MonthRow, now: Date): MonthView {
  const rules = storedRules(row.rules);
  const schedule = lotterySchedule(row.month, rules);
  const drawn = row.status === 'drawn';
  return {
    month: row.month,
    rules,
    schedule,
    phase: lotteryPhase(schedule, now, drawn),
    seedHash: row.seed_hash,
    seed: drawn ? row.seed : null,
    drawnAt: row.drawn_at,
  };
}

/**
 * The months near now that residents can act on (the one taking entries and its neighbours), announced
 * once their entry window has opened. Only these are ever created from a request.
 */
export async function currentMonths(db: Executor, clock: Clock, options: { fromThisMonth?: boolean } = {}): Promise<MonthView[]> {
  const current = await loadLotteryRules(db);
  const now = clock.now();
  const base = monthOf(todayIn(clock));
  // Staff also see the months already in use (this one and the next) to follow their lapses and bookings.
  const first = options.fromThisMonth ? 0 : current.monthsAhead - 1;
  const views: MonthView[] = [];
  for (let ahead = first; ahead <= current.monthsAhead + 1; ahead++) {
    const month = addMonths(base, ahead);
    const row = await repo.findMonth(db, month);
    if (row) views.push(monthView(row, now));
    else if (now >= lotterySchedule(month, current).entryOpensAt) views.push(monthView(await ensureMonth(db, clock, month), now));
  }
  return views;
}

/** A month for the public API: announced months only (404 otherwise), never created by a visitor. */
export async function getMonth(db: Executor, clock: Clock, month: YearMonth): Promise<MonthView> {
  if (!isYearMonth(month)) throw new InvalidInputError([{ field: 'month', key: 'errMonthFormat' }]);
  const near = (await currentMonths(db, clock)).find((m) => m.month === month);
  if (near) return near;
  const row = await repo.findMonth(db, month);
  if (!row) throw new NotFoundError('page');
  return monthView(row, clock.now());
}

/**
 * Inside a transaction: holds the month while it is still open (a row lock on PostgreSQL; SQLite runs one
 * writer at a time), so an entry or a withdrawal and the draw cannot interleave at the closing second.
 */
async function lockOpenMonth(trx: Executor, month: YearMonth): Promise<void> {
  const held = await trx
    .updateTable('lottery_months')
    .set({ status: 'open' })
    .where('month', '=', month)
    .where('status', '=', 'open')
    .executeTakeFirst();
  if (Number(held.numUpdatedRows) !== 1) throw new ConflictError('errLotteryAlreadyDrawn');
}

// ---------------------------------------------------------------------------------------------------
// Entries

function bookerKeyOf(user: User, groupId: string | undefined): string {
  return groupId ? `g:${groupId}` : `u:${user.id}`;
}

function cellsOf(roomId: string, date: string, bands: readonly string[]): string[] {
  return bands.map((b) => drawCellKey(roomId, date, b));
}

export async function submitEntry(db: Executor, clock: Clock, user: User, req: EntryRequest): Promise<EntryView> {
  const issues: FieldIssue[] = [];
  if (req.wishes.length === 0) throw new InvalidInputError([{ field: 'wishes', key: 'errWishRequired' }]);
  const months = new Set(req.wishes.map((w) => monthOf(w.date)));
  const month = req.wishes[0] ? monthOf(req.wishes[0].date) : '';
  if (months.size > 1) throw new InvalidInputError([{ field: 'wishes', key: 'errWishesOneMonth' }]);
  const rules = await rulesForMonth(db, month);
  if (req.wishes.length > rules.maxWishes)
    throw new InvalidInputError([{ field: 'wishes', key: 'errTooManyWishes', params: { max: rules.maxWishes } }]);
  const schedule = lotterySchedule(month, rules);
  const now = clock.now();
  if (lotteryPhase(schedule, now, false) !== 'entry') {
    throw new ConflictError('errLotteryEntryClosed', {
      from: toTokyo(schedule.entryOpensAt).date,
      to: schedule.lastEntryDay,
    });
  }

  // Each wish must be a bookable request for a lottery room; prepareBooking knows every booking rule.
  const prepared: PreparedBooking[] = [];
  const seen = new Set<string>(); // this entry's cells: the same cell twice is a mistake in the form
  for (const [i, wish] of req.wishes.entries()) {
    const field = `wishes.${i}`;
    try {
      const p = await prepareBooking(
        db,
        clock,
        user,
        { ...req, roomId: wish.roomId, date: wish.date, bands: wish.bands, groupId: req.groupId },
        { quota: true, window: true },
      );
      if (p.room.allocation !== 'lottery') issues.push({ field, key: 'errNotLotteryRoom' });
      const cells = cellsOf(
        wish.roomId,
        wish.date,
        p.bands.map((b) => b.code),
      );
      if (cells.some((k) => seen.has(k))) issues.push({ field, key: 'errWishDuplicate' });
      for (const k of cells) seen.add(k);
      prepared.push(p);
    } catch (error) {
      if (error instanceof CellTakenError) issues.push({ field, key: 'errWishTaken' });
      else if (error instanceof InvalidInputError) issues.push(...error.issues.map((e) => ({ ...e, field: `${field}.${e.field}` })));
      else if (error instanceof NotFoundError) issues.push({ field, key: 'errRoomUnknown' });
      else throw error;
    }
  }
  if (issues.length > 0) throw new InvalidInputError(issues);

  await ensureMonth(db, clock, month);
  const entryId = newId('lot');
  const at = now.toISOString();
  const cells: TicketCell[] = prepared.flatMap((p, i) =>
    p.bands.map((b) => {
      const date = req.wishes[i]?.date ?? '';
      return { roomId: p.room.id, date, band: b.code, label: `${p.room.name} ${date} ${b.label}` };
    }),
  );
  try {
    await db.transaction().execute(async (trx) => {
      await lockOpenMonth(trx, month);
      // Checked under the month's lock only to name the cell; the unique index on the tickets decides.
      const holders = await ticketHoldersOf(trx, user.id, req.groupId);
      const doubled = await ticketClashIssues(trx, holders, cells, req.groupId !== undefined);
      if (doubled.length > 0) throw new InvalidInputError(doubled);
      await repo.insertEntry(
        trx,
        {
          id: entryId,
          month,
          booker_key: bookerKeyOf(user, req.groupId),
          user_id: user.id,
          group_id: req.groupId ?? null,
          purpose: req.purpose,
          attendees: req.attendees,
          category: req.category,
          commercial: req.commercial ? 1 : 0,
          admission: req.admission ? 1 : 0,
          channel: req.channel,
          created_at: at,
          confirmed_at: null,
        },
        prepared.map((p, i) => ({
          entry_id: entryId,
          rank: i + 1,
          room_id: p.room.id,
          date: req.wishes[i]?.date ?? '',
          bands: p.bands.map((b) => b.code).join(','),
          fee: p.fee.total,
          fee_detail: JSON.stringify(p.fee),
          outcome: null,
          reservation_id: null,
        })),
      );
      await insertTickets(trx, entryId, holders, cells);
      await notify(trx, clockAt(now), {
        to: user.id,
        kind: 'lottery.entry_received',
        template: () => entryReceivedMail(user, month, schedule, prepared, req.wishes),
      });
      if (req.groupId) await notifyRepresentative(trx, now, req.groupId, user.id, entryChangeText('submitted', month));
    });
  } catch (error) {
    if (isTicketViolation(error)) {
      // Lost a race for a ticket: the winner has committed, so the check now names the cell.
      const doubled = await ticketClashIssues(db, await ticketHoldersOf(db, user.id, req.groupId), cells, req.groupId !== undefined);
      throw new InvalidInputError(
        doubled.length > 0 ? doubled : [{ field: 'wishes', key: 'errWishHeldByOtherGroup', params: { cell: '' } }],
      );
    }
    if (uniqueViolationOn(error) === 'other') throw new ConflictError(req.groupId ? 'errLotteryGroupEntered' : 'errLotteryEntered');
    throw error;
  }
  return getMyEntry(db, clock, user, entryId);
}

async function visibleEntry(db: Executor, user: User, id: string) {
  const entry = await repo.findEntry(db, id);
  if (!entry) throw new NotFoundError('page');
  const groups = await groupIdsOf(db, user.id);
  if (entry.user_id !== user.id && !(entry.group_id && groups.includes(entry.group_id))) throw new NotFoundError('page');
  return entry;
}

export async function listMyEntries(db: Executor, clock: Clock, user: User): Promise<EntryView[]> {
  const entries = await repo.listEntriesVisibleTo(db, user.id, await groupIdsOf(db, user.id));
  return entryViews(db, clock, user, entries);
}

export async function getMyEntry(db: Executor, clock: Clock, user: User, id: string): Promise<EntryView> {
  const [view] = await entryViews(db, clock, user, [await visibleEntry(db, user, id)]);
  if (!view) throw new NotFoundError('page');
  return view;
}

type EntryRow = NonNullable<Awaited<ReturnType<typeof repo.findEntry>>>;

async function entryViews(db: Executor, clock: Clock, viewer: User, entries: readonly EntryRow[]): Promise<EntryView[]> {
  if (entries.length === 0) return [];
  const now = clock.now();
  const roles = new Map((await groupRolesOf(db, viewer.id)).map((r) => [r.group_id, r.role]));
  const mayChange = (e: EntryRow) => {
    const role = e.group_id ? roles.get(e.group_id) : undefined;
    return mayChangeEntry(viewer.id, e, e.group_id && role ? { groupId: e.group_id, role } : undefined);
  };
  const wishes = await repo.listWishes(
    db,
    entries.map((e) => e.id),
  );
  const months = new Map((await repo.listMonths(db, [...new Set(entries.map((e) => e.month))])).map((m) => [m.month, monthView(m, now)]));
  const roomRows = await facilityRepo.listRoomRowsByIds(db, [...new Set(wishes.map((w) => w.room_id))]);
  const rooms = new Map(roomRows.map((r) => [r.id, toRoom(r, [])]));
  const facilityRows = await facilityRepo.listFacilityRowsByIds(db, [...new Set(roomRows.map((r) => r.facility_id))]);
  const facilities = new Map(facilityRows.map((f) => [f.id, toFacility(f, [])]));
  const schemes = await loadBandSchemes(
    db,
    roomRows.map((r) => r.band_scheme_id),
  );
  const reservationIds = wishes.flatMap((w) => (w.reservation_id ? [w.reservation_id] : []));
  const statuses = new Map(
    reservationIds.length === 0
      ? []
      : (await db.selectFrom('reservations').select(['id', 'status']).where('id', 'in', reservationIds).execute()).map((r) => [
          r.id,
          r.status,
        ]),
  );
  const groupIds = [...new Set(entries.flatMap((e) => (e.group_id ? [e.group_id] : [])))];
  const groups = new Map(
    groupIds.length === 0
      ? []
      : (await db.selectFrom('organisations').select(['id', 'name']).where('id', 'in', groupIds).execute()).map((g) => [g.id, g]),
  );
  return entries.flatMap((e) => {
    const month = months.get(e.month);
    if (!month) return [];
    const own = wishes.filter((w) => w.entry_id === e.id);
    const wishViews = own.flatMap((w): WishView[] => {
      const room = rooms.get(w.room_id);
      const facility = room ? facilities.get(room.facilityId) : undefined;
      if (!room || !facility) return [];
      const codes = w.bands.split(',');
      return [
        {
          rank: Number(w.rank),
          room,
          facilityId: facility.id,
          facilityName: facility.name,
          date: w.date,
          bands: (schemes.get(room.bandSchemeId) ?? []).filter((b) => codes.includes(b.code)),
          fee: Number(w.fee),
          outcome: w.outcome && isOneOf(OUTCOMES, w.outcome) ? w.outcome : 'pending',
          reservationId: w.reservation_id,
          reservationStatus: w.reservation_id ? (statuses.get(w.reservation_id) ?? null) : null,
        },
      ];
    });
    const group = e.group_id ? groups.get(e.group_id) : undefined;
    const withdrawOpen = month.phase === 'entry';
    const confirmOpen = now < month.schedule.confirmClosesAt && wishViews.some((w) => w.reservationStatus === 'won');
    const allowed = mayChange(e);
    return [
      {
        id: e.id,
        month,
        group: group ? { id: group.id, name: group.name } : null,
        purpose: e.purpose,
        attendees: Number(e.attendees),
        category: e.category,
        createdAt: e.created_at,
        confirmedAt: e.confirmed_at,
        wishes: wishViews,
        mayChange: allowed,
        withdrawOpen,
        confirmOpen,
        canWithdraw: withdrawOpen && allowed,
        canConfirm: confirmOpen && allowed,
      },
    ];
  });
}

/** Withdraws an entry while entries are still taken (to change it: withdraw and enter again). */
export async function withdrawEntry(db: Executor, clock: Clock, user: User, id: string): Promise<void> {
  const entry = await visibleEntry(db, user, id);
  await requireMayChange(db, user, entry);
  const view = await getMyEntry(db, clock, user, id);
  if (!view.withdrawOpen) throw new ConflictError('errLotteryWithdrawClosed');
  const now = clock.now();
  await db.transaction().execute(async (trx) => {
    await lockOpenMonth(trx, view.month.month); // never once the draw has taken the month
    await trx.deleteFrom('lottery_entries').where('id', '=', id).execute(); // its wishes and tickets go with it
    if (entry.group_id) await notifyRepresentative(trx, now, entry.group_id, user.id, entryChangeText('withdrawn', entry.month));
  });
}

/**
 * Account deletion (account-deletion.service.ts): the person's own entries (not a group's: the group
 * keeps its entry) in months not drawn yet are withdrawn, in the caller's transaction, each month held
 * as a withdrawal holds it so the draw cannot take it meanwhile. Answers how many.
 */
export async function withdrawOpenEntriesOfLeavingPerson(trx: Executor, userId: string): Promise<number> {
  const entries = await repo.listOwnEntriesInOpenMonths(trx, userId);
  for (const entry of entries) {
    await lockOpenMonth(trx, entry.month as YearMonth);
    await repo.deleteEntry(trx, entry.id); // its wishes and tickets go with it
  }
  return entries.length;
}

/** A group's entry is changed only by its submitter or the group's representative (group.policy.ts). */
async function requireMayChange(db: Executor, user: User, entry: EntryRow): Promise<void> {
  const membership = entry.group_id ? await membershipOf(db, entry.group_id, user.id) : undefined;
  requireMayChangeEntry(user.id, entry, membership);
}

/** The winner keeps the won cells: 'won' becomes confirmed (or 仮予約 where the room needs approval). */
export async function confirmWins(db: Executor, clock: Clock, user: User, id: string): Promise<EntryView> {
  const entry = await visibleEntry(db, user, id);
  await requireMayChange(db, user, entry);
  const view = await getMyEntry(db, clock, user, id);
  const won = view.wishes.filter((w) => w.reservationStatus === 'won');
  if (won.length === 0) {
    if (view.confirmedAt) return view; // a repeated click: already done
    throw new ConflictError('errLotteryNothingToConfirm');
  }
  const now = clock.now();
  if (now >= view.month.schedule.confirmClosesAt)
    throw new ConflictError('errLotteryConfirmClosed', { date: view.month.schedule.lastConfirmDay });
  const today = todayIn(clock);
  await db.transaction().execute(async (trx) => {
    const kept: WishView[] = [];
    for (const w of won) {
      const needsApproval = w.room.requiresApproval;
      const result = await trx
        .updateTable('reservations')
        .set({
          status: needsApproval ? 'provisional' : 'confirmed',
          payment_due_on: needsApproval && w.fee > 0 ? paymentDueOn(today, w.date) : null,
          updated_at: now.toISOString(),
        })
        .where('id', '=', w.reservationId ?? '')
        .where('status', '=', 'won') // not if it lapsed or was declined a moment ago
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) === 1) kept.push(w);
    }
    if (kept.length === 0) throw new ConflictError('errLotteryConfirmClosed', { date: view.month.schedule.lastConfirmDay });
    await trx.updateTable('lottery_entries').set({ confirmed_at: now.toISOString() }).where('id', '=', id).execute();
    await notify(trx, clockAt(now), { to: user.id, kind: 'lottery.win_confirmed', template: () => winConfirmedMail(user, view, kept) });
    if (entry.group_id) await notifyRepresentative(trx, now, entry.group_id, user.id, entryChangeText('confirmed', entry.month));
  });
  return getMyEntry(db, clock, user, id);
}

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
 * Pseudonymous booker of an export: stable within the month (the caps need that), and salted with a
 * secret of the month so nobody can test whether a known person or group is behind it.
 */
function pseudonym(salt: string, bookerKey: string): string {
  return `b_${createHmac('sha256', salt).update(bookerKey).digest('hex').slice(0, 16)}`;
}

/** Everything the draw depends on, read from the database. */
async function drawInputOf(db: Executor, clock: Clock, month: YearMonth, seed: string, salt: string, rules: LotteryRules) {
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

function groupByEntry<W extends { entry_id: string }>(wishes: readonly W[]): Map<string, W[]> {
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
export async function drawMonth(db: Executor, clock: Clock, month: YearMonth, actor: User | null): Promise<DrawSummary> {
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

async function drawOnce(db: Executor, clock: Clock, month: MonthRow, actor: User | null): Promise<DrawSummary> {
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
    const claimed = await trx
      .updateTable('lottery_months')
      .set({ status: 'drawn', drawn_at: at, draw_input: JSON.stringify({ rules, unavailable: input.unavailable }) })
      .where('month', '=', month.month)
      .where('status', '=', 'open')
      .executeTakeFirst();
    if (Number(claimed.numUpdatedRows) !== 1) throw new ConflictError('errLotteryAlreadyDrawn');
    // An entry (or a withdrawal) that committed after the entries were read would be missing from the
    // draw: compare, and draw again from a fresh read if anything changed.
    const current = await trx.selectFrom('lottery_entries').select('id').where('month', '=', month.month).orderBy('id').execute();
    if (current.length !== entries.length || current.some((r, i) => r.id !== entries[i]?.id)) throw new EntriesChanged();
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
    // Chunks keep each statement well inside both databases' limits on bound parameters.
    for (let i = 0; i < winners.length; i += 500) {
      const chunk = winners.slice(i, i + 500);
      await trx
        .insertInto('reservations')
        .values(chunk.map((w) => w.row))
        .execute();
      await trx
        .insertInto('reservation_cells')
        .values(
          chunk.flatMap((w) =>
            w.wish.bands
              .split(',')
              .map((band) => ({ room_id: w.wish.room_id, date: w.wish.date, band, reservation_id: w.row.id as string })),
          ),
        )
        .execute();
    }
    await markMonthsChanged(
      trx,
      winners.map((w) => w.wish.date),
    );
    // Every wish of the month is 'lost' unless the draw says otherwise: one statement for the many.
    await trx
      .updateTable('lottery_wishes')
      .set({ outcome: 'lost' })
      .where('entry_id', 'in', (eb) => eb.selectFrom('lottery_entries').select('id').where('month', '=', month.month))
      .execute();
    for (const r of results.filter((x) => x.outcome === 'over_cap')) {
      await trx
        .updateTable('lottery_wishes')
        .set({ outcome: 'over_cap' })
        .where('entry_id', '=', r.entryId)
        .where('rank', '=', r.rank)
        .execute();
    }
    for (const w of winners) {
      await trx
        .updateTable('lottery_wishes')
        .set({ outcome: 'won', reservation_id: w.row.id as string, fee: w.row.fee, fee_detail: w.row.fee_detail ?? w.wish.fee_detail })
        .where('entry_id', '=', w.wish.entry_id)
        .where('rank', '=', w.wish.rank)
        .execute();
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
async function unusedNumbers(db: Executor, month: YearMonth): Promise<() => string> {
  const prefix = reservationNumber(`${month}-01`).slice(0, 5);
  const used = new Set(
    (await db.selectFrom('reservations').select('number').where('number', 'like', `${prefix}%`).execute()).map((r) => r.number),
  );
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
  trx: Executor,
  clock: Clock,
  month: YearMonth,
  schedule: LotterySchedule,
  entries: readonly EntryRow[],
  wishesByEntry: ReadonlyMap<string, readonly { rank: number; room_id: string; date: string }[]>,
  outcome: ReadonlyMap<string, DrawResult['outcome']>,
) {
  const userIds = [...new Set(entries.map((e) => e.user_id))];
  const users = new Map<string, { name: string; email: string | null }>();
  for (let i = 0; i < userIds.length; i += 1000) {
    const rows = await trx
      .selectFrom('users')
      .select(['id', 'name', 'email'])
      .where('id', 'in', userIds.slice(i, i + 1000))
      .execute();
    for (const u of rows) users.set(u.id, u);
  }
  const roomIds = [...new Set([...wishesByEntry.values()].flatMap((ws) => ws.map((w) => w.room_id)))];
  const roomNames = new Map<string, string>();
  for (let i = 0; i < roomIds.length; i += 1000) {
    const rows = await trx
      .selectFrom('rooms')
      .innerJoin('facilities', 'facilities.id', 'rooms.facility_id')
      .select(['rooms.id', 'rooms.name', 'facilities.name as facility_name'])
      .where('rooms.id', 'in', roomIds.slice(i, i + 1000))
      .execute();
    for (const r of rows) roomNames.set(r.id, `${r.facility_name} ${r.name}`);
  }
  for (const e of entries) {
    const user = users.get(e.user_id);
    if (!user) continue;
    const lines = (wishesByEntry.get(e.id) ?? []).map((w) => ({
      rank: Number(w.rank),
      place: roomNames.get(w.room_id) ?? w.room_id,
      date: w.date,
      outcome: outcome.get(`${e.id}#${w.rank}`) ?? 'lost',
    }));
    await notify(trx, clock, {
      to: e.user_id,
      kind: 'lottery.draw_result',
      template: () => drawResultMail({ name: user.name }, month, schedule, lines),
    });
  }
}

// ---------------------------------------------------------------------------------------------------
// Export and verification

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
export async function exportDraw(db: Executor, month: YearMonth): Promise<DrawExport> {
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

// ---------------------------------------------------------------------------------------------------
// Scheduled work

export interface LotteryJobReport {
  seeded: YearMonth[];
  drawn: DrawSummary[];
  lapsed: number;
  /** Months with entries whose first-come opening came before any draw ran. */
  missed: YearMonth[];
  /** Draws that failed this run (tried again at the next). */
  failed: { month: YearMonth; error: unknown }[];
}

/**
 * Hourly: make the seeds of months whose entries open within the next month (so their hash is public
 * well before), draw months whose draw day has come, and lapse wins nobody confirmed in time.
 */
export async function runLotteryJobs(db: Executor, clock: Clock): Promise<LotteryJobReport> {
  const current = await loadLotteryRules(db);
  const now = clock.now();
  const base = monthOf(todayIn(clock));
  const report: LotteryJobReport = { seeded: [], drawn: [], lapsed: 0, missed: [], failed: [] };
  const anyLotteryRoom = await db.selectFrom('rooms').select('id').where('allocation', '=', 'lottery').limit(1).executeTakeFirst();
  for (let ahead = 0; ahead <= current.monthsAhead + 1; ahead++) {
    const month = addMonths(base, ahead);
    let row = await repo.findMonth(db, month);
    if (!row) {
      const schedule = lotterySchedule(month, current);
      const soon = now.getTime() >= schedule.entryOpensAt.getTime() - 31 * 86_400_000 && now < schedule.entryClosesAt;
      if (!anyLotteryRoom || !soon) continue;
      row = await ensureMonth(db, clock, month);
      report.seeded.push(month);
    }
    const schedule = lotterySchedule(month, storedRules(row.rules));
    if (row.status !== 'open' || now < schedule.drawAt) continue;
    if (now >= schedule.firstComeOpensAt) {
      // Past its first-come opening without a draw (the server was down from the draw day on): the draw
      // can no longer run fairly. Said loudly so the city can contact the entrants.
      const entries = await db.selectFrom('lottery_entries').select('id').where('month', '=', month).limit(1).execute();
      if (entries.length > 0) report.missed.push(month);
      continue;
    }
    try {
      report.drawn.push(await drawMonth(db, clock, month, null));
    } catch (error) {
      // Drawn meanwhile by an admin (a ConflictError) is fine; anything else is reported and retried at
      // the next run, and must not keep the other months or the lapses from running.
      if (!(error instanceof ConflictError)) report.failed.push({ month, error });
    }
  }
  report.lapsed = await lapseUnconfirmedWins(db, clock);
  return report;
}

/** Wins not confirmed by the deadline of their month are cancelled, freeing their cells for first-come. */
export async function lapseUnconfirmedWins(db: Executor, clock: Clock): Promise<number> {
  const now = clock.now();
  // Only months whose confirmation deadline has passed (by the rules each was announced with).
  const drawn = await db.selectFrom('lottery_months').select(['month', 'rules']).where('status', '=', 'drawn').execute();
  const due = new Map(
    drawn.map((m) => [m.month, lotterySchedule(m.month, storedRules(m.rules))] as const).filter(([, s]) => now >= s.confirmClosesAt),
  );
  if (due.size === 0) return 0;
  let lapsed = 0;
  for (;;) {
    const batch = await db
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
      .where('lottery_entries.month', 'in', [...due.keys()])
      .orderBy('reservations.id')
      .limit(1000)
      .execute();
    if (batch.length === 0) return lapsed;
    for (const r of batch) {
      const schedule = due.get(r.month);
      if (!schedule) continue;
      const done = await db.transaction().execute(async (trx) => {
        if (!(await cancelReservation(trx, r.id, now.toISOString(), { statuses: ['won'] }))) return false;
        await recordAudit(trx, now, {
          actorId: null,
          action: 'lottery.win_lapsed',
          targetType: 'reservation',
          targetId: r.id,
          reason: `確認期限（${schedule.lastConfirmDay}）を過ぎたため`,
          before: { status: 'won' },
          after: { status: 'cancelled' },
        });
        if (r.user_id) {
          const template = () => winLapsedMail({ name: r.name ?? '' }, r.number, r.date, schedule);
          await notify(trx, clockAt(now), { to: r.user_id, kind: 'lottery.win_lapsed', template });
        }
        return true;
      });
      if (done) lapsed++;
    }
  }
}
