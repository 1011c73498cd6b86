/**
 * Lottery entries (抽選) as residents make them: ranked wishes, submission, withdrawal and confirmation of
 * wins. Months live in lottery.months.service.ts, the draw in lottery.draw.service.ts, its export in
 * lottery.export.service.ts, the scheduler's work in lottery.jobs.service.ts.
 *
 * Entry rule (one person, one chance per cell): each booker — a person, or a group — has at most one
 * entry per month (a unique index, so two members racing to enter for their group cannot both win the
 * race). And one person holds at most one ticket per cell, whichever entries carry it (lottery.tickets.ts:
 * who holds a group entry's tickets, and the unique index that decides a race).
 */
import type { Db, Trx } from '../../db/database.ts';
import { uniqueViolationOn } from '../../db/errors.ts';
import { isOneOf } from '../../lib/collections.ts';
import { ConflictError, type FieldIssue, InvalidInputError, NotFoundError } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';
import { type Clock, monthOf, todayIn, toTokyo, type YearMonth } from '../../lib/time.ts';
import type { User } from '../../platform/authz/actor.ts';
import { mayChangeEntry, requireMayChangeEntry } from '../../platform/authz/group.policy.ts';
import { clockAt, type MessageTemplate, notify } from '../../platform/notify/notify.ts';
import { membershipOf, notifyRepresentative } from '../account/group.service.ts';
import { groupIdsOf, groupRolesOf } from '../booking/booking.repository.ts';
import { CellTakenError, paymentDueOn, prepareBooking } from '../booking/booking.service.ts';
import type { Category, Channel, PreparedBooking } from '../booking/booking.ts';
import * as facilityRepo from '../facility/facility.repository.ts';
import { loadBandSchemes } from '../facility/facility.service.ts';
import { toFacility, toRoom } from '../facility/facility.ts';
import { drawCellKey } from './draw.ts';
import { entryChangeText, entryReceivedMail, winConfirmedMail } from './lottery.mail.ts';
import { ensureMonth, lockOpenMonth, monthView } from './lottery.months.service.ts';
import * as repo from './lottery.repository.ts';
import { rulesForMonth } from './lottery.rules.ts';
import { insertTickets, isTicketViolation, type TicketCell, ticketClashIssues, ticketHoldersOf } from './lottery.tickets.ts';
import { type EntryView, lotteryPhase, lotterySchedule, OUTCOMES, type WishRequest, type WishView } from './lottery.ts';

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

// ---------------------------------------------------------------------------------------------------
// Entries

function bookerKeyOf(user: User, groupId: string | undefined): string {
  return groupId ? `g:${groupId}` : `u:${user.id}`;
}

export function cellsOf(roomId: string, date: string, bands: readonly string[]): string[] {
  return bands.map((b) => drawCellKey(roomId, date, b));
}

/** The rooms one can wish for, by facility (in kana order), for the entry form and the season's page. */
export async function lotteryRooms(db: Db): Promise<{ id: string; name: string; facilityId: string; facilityName: string }[]> {
  return (await repo.listLotteryRooms(db)).map((r) => ({
    id: r.id,
    name: r.name,
    facilityId: r.facility_id,
    facilityName: r.facility_name,
  }));
}

export async function submitEntry(db: Db, clock: Clock, user: User, req: EntryRequest): Promise<EntryView> {
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
        template: (lang) => entryReceivedMail(lang, user, month, schedule, prepared, req.wishes),
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

async function visibleEntry(db: Db, user: User, id: string) {
  const entry = await repo.findEntry(db, id);
  if (!entry) throw new NotFoundError('page');
  const groups = await groupIdsOf(db, user.id);
  if (entry.user_id !== user.id && !(entry.group_id && groups.includes(entry.group_id))) throw new NotFoundError('page');
  return entry;
}

export async function listMyEntries(db: Db, clock: Clock, user: User): Promise<EntryView[]> {
  const entries = await repo.listEntriesVisibleTo(db, user.id, await groupIdsOf(db, user.id));
  return entryViews(db, clock, user, entries);
}

export async function getMyEntry(db: Db, clock: Clock, user: User, id: string): Promise<EntryView> {
  const [view] = await entryViews(db, clock, user, [await visibleEntry(db, user, id)]);
  if (!view) throw new NotFoundError('page');
  return view;
}

export type EntryRow = NonNullable<Awaited<ReturnType<typeof repo.findEntry>>>;

async function entryViews(db: Db, clock: Clock, viewer: User, entries: readonly EntryRow[]): Promise<EntryView[]> {
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
  const statuses = new Map((await repo.listReservationStatuses(db, reservationIds)).map((r) => [r.id, r.status]));
  const groupIds = [...new Set(entries.flatMap((e) => (e.group_id ? [e.group_id] : [])))];
  const groups = new Map((await repo.listGroupNames(db, groupIds)).map((g) => [g.id, g]));
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
          facilityNameEn: facility.nameEn,
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
export async function withdrawEntry(db: Db, clock: Clock, user: User, id: string): Promise<void> {
  const entry = await visibleEntry(db, user, id);
  await requireMayChange(db, user, entry);
  const view = await getMyEntry(db, clock, user, id);
  if (!view.withdrawOpen) throw new ConflictError('errLotteryWithdrawClosed');
  const now = clock.now();
  await db.transaction().execute(async (trx) => {
    await lockOpenMonth(trx, view.month.month); // never once the draw has taken the month
    await repo.deleteEntry(trx, id); // its wishes and tickets go with it
    if (entry.group_id) await notifyRepresentative(trx, now, entry.group_id, user.id, entryChangeText('withdrawn', entry.month));
  });
}

/**
 * Account deletion (account-deletion.service.ts): the person's own entries (not a group's: the group
 * keeps its entry) in months not drawn yet are withdrawn, in the caller's transaction, each month held
 * as a withdrawal holds it so the draw cannot take it meanwhile. Answers how many.
 */
export async function withdrawOpenEntriesOfLeavingPerson(trx: Trx, userId: string): Promise<number> {
  const entries = await repo.listOwnEntriesInOpenMonths(trx, userId);
  for (const entry of entries) {
    await lockOpenMonth(trx, entry.month as YearMonth);
    await repo.deleteEntry(trx, entry.id); // its wishes and tickets go with it
  }
  return entries.length;
}

/** A group's entry is changed only by its submitter or the group's representative (group.policy.ts). */
async function requireMayChange(db: Db, user: User, entry: EntryRow): Promise<void> {
  const membership = entry.group_id ? await membershipOf(db, entry.group_id, user.id) : undefined;
  requireMayChangeEntry(user.id, entry, membership);
}

/** The winner keeps the won cells: 'won' becomes confirmed (or 仮予約 where the room needs approval). */
export async function confirmWins(db: Db, clock: Clock, user: User, id: string): Promise<EntryView> {
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
      const confirmed = await repo.confirmWonReservation(trx, w.reservationId ?? '', {
        status: needsApproval ? 'provisional' : 'confirmed',
        payment_due_on: needsApproval && w.fee > 0 ? paymentDueOn(today, w.date) : null,
        updated_at: now.toISOString(),
      });
      if (confirmed) kept.push(w); // not if it lapsed or was declined a moment ago
    }
    if (kept.length === 0) throw new ConflictError('errLotteryConfirmClosed', { date: view.month.schedule.lastConfirmDay });
    await repo.markEntryConfirmed(trx, id, now.toISOString());
    const template: MessageTemplate = (lang) => winConfirmedMail(lang, user, view, kept);
    await notify(trx, clockAt(now), { to: user.id, kind: 'lottery.win_confirmed', template });
    if (entry.group_id) await notifyRepresentative(trx, now, entry.group_id, user.id, entryChangeText('confirmed', entry.month));
  });
  return getMyEntry(db, clock, user, id);
}
