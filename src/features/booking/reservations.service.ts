/**
 * A resident's reservations: the ones they may see (their own and their groups'), and cancelling one,
 * which the group rules narrow (group.policy.ts: a member cancels only what they booked, the
 * representative any group booking) and report to the representative and to whoever made the booking.
 */
import type { Db, Trx } from '../../db/database.ts';
import { ConflictError, NotFoundError } from '../../lib/errors.ts';
import { type Clock, todayIn } from '../../lib/time.ts';
import type { User } from '../../platform/authz/actor.ts';
import { mayCancelBooking, requireMayCancelBooking } from '../../platform/authz/group.policy.ts';
import { clockAt, notify } from '../../platform/notify/notify.ts';
import { membershipOf, notifyRepresentative } from '../account/group.service.ts';
import * as facilityRepo from '../facility/facility.repository.ts';
import { loadBandSchemes } from '../facility/facility.service.ts';
import { toFacility, toRoom } from '../facility/facility.ts';
import { bookingCancelledMail, groupBookingChangeText } from './booking.mail.ts';
import * as repo from './booking.repository.ts';
import { cancelDeadline, LIVE_STATUSES, type ReservationView, toReservation } from './booking.ts';

type Row = Awaited<ReturnType<typeof repo.listVisibleTo>>[number];

/** Whether the group rules let this person cancel the row (group.policy.ts), given their roles in groups. */
function mayCancel(userId: string, row: Row, roles: ReadonlyMap<string, string>): boolean {
  const role = row.group_id ? roles.get(row.group_id) : undefined;
  return mayCancelBooking(userId, row, row.group_id && role ? { groupId: row.group_id, role } : undefined);
}

async function rolesOf(db: Db, userId: string): Promise<Map<string, string>> {
  return new Map((await repo.groupRolesOf(db, userId)).map((r) => [r.group_id, r.role]));
}

async function viewsOf(
  db: Db,
  clock: Clock,
  rows: readonly Row[],
  allowed: (row: Row) => boolean = () => true,
): Promise<ReservationView[]> {
  const roomIds = [...new Set(rows.map((r) => r.room_id))];
  if (roomIds.length === 0) return [];
  const rooms = new Map((await facilityRepo.listRoomRowsByIds(db, roomIds)).map((r) => [r.id, toRoom(r, [])]));
  const facilityIds = [...new Set([...rooms.values()].map((r) => r.facilityId))];
  const [facilityRows, hours] = await Promise.all([
    facilityRepo.listFacilityRowsByIds(db, facilityIds),
    facilityRepo.listHours(db, facilityIds),
  ]);
  const facilities = new Map(
    facilityRows.map((f) => [
      f.id,
      toFacility(
        f,
        hours.filter((h) => h.facility_id === f.id),
      ),
    ]),
  );
  const schemes = await loadBandSchemes(
    db,
    [...rooms.values()].map((r) => r.bandSchemeId),
  );
  const today = todayIn(clock);
  return rows.flatMap((row) => {
    const reservation = toReservation(row);
    const room = rooms.get(row.room_id);
    const facility = room ? facilities.get(room.facilityId) : undefined;
    if (!room || !facility) return [];
    const scheme = schemes.get(room.bandSchemeId) ?? [];
    const cancelUntil = cancelDeadline(reservation.date, room.cancelDeadlineDays);
    return [
      {
        reservation,
        facility,
        room,
        bands: scheme.filter((b) => reservation.bands.includes(b.code)),
        cancelUntil,
        cancellable: LIVE_STATUSES.includes(reservation.status) && today <= cancelUntil && allowed(row),
        mayCancel: allowed(row),
      },
    ];
  });
}

export async function listMyReservations(db: Db, clock: Clock, user: User): Promise<ReservationView[]> {
  const roles = await rolesOf(db, user.id);
  return viewsOf(db, clock, await repo.listVisibleTo(db, user.id, [...roles.keys()]), (row) => mayCancel(user.id, row, roles));
}

/** One reservation with its room and facility. No authorisation here: callers check who may see it. */
export async function getReservationView(db: Db, clock: Clock, id: string): Promise<ReservationView> {
  const row = await repo.findReservation(db, id);
  const [view] = row ? await viewsOf(db, clock, [row]) : [];
  if (!view) throw new NotFoundError('reservation');
  return view;
}

/** One reservation the user may see (their own or their group's); anything else is "not found". */
export async function getMyReservation(db: Db, clock: Clock, user: User, id: string): Promise<ReservationView> {
  const row = await repo.findReservation(db, id);
  if (!row) throw new NotFoundError('reservation');
  const roles = await rolesOf(db, user.id);
  const mine = row.user_id === user.id || (row.group_id !== null && roles.has(row.group_id));
  if (!mine) throw new NotFoundError('reservation');
  const [view] = await viewsOf(db, clock, [row], (r) => mayCancel(user.id, r, roles));
  if (!view) throw new NotFoundError('reservation');
  return view;
}

/**
 * Cancels a reservation online. Who may: the person who booked it, or the representative for a group's
 * booking (else 403 with the rule in plain words). The canceller is mailed, and so are the member who
 * made the booking and the group's representative when someone else cancelled it.
 */
export async function cancelMyReservation(db: Db, clock: Clock, user: User, id: string): Promise<ReservationView> {
  const row = await repo.findReservation(db, id);
  const view = await getMyReservation(db, clock, user, id);
  if (!row) throw new NotFoundError('reservation');
  requireMayCancelBooking(user.id, row, row.group_id ? await membershipOf(db, row.group_id, user.id) : undefined);
  if (!LIVE_STATUSES.includes(view.reservation.status)) throw new ConflictError('errAlreadyCancelled');
  if (!view.cancellable) {
    throw new ConflictError('errCancelDeadline', { date: view.cancelUntil, facility: view.facility.name, phone: view.facility.phone });
  }
  const now = clock.now();
  await db.transaction().execute((trx) => cancelAndTell(trx, now, user, row, view));
  return getMyReservation(db, clock, user, id);
}

/**
 * The cancellation itself, in the caller's transaction: the cells freed and the month marked (the
 * repository), the canceller mailed, and the booker and the group's representative when someone else
 * cancelled it. Online cancellation and account deletion both cancel through here.
 */
async function cancelAndTell(
  trx: Trx,
  now: Date,
  canceller: Pick<User, 'id' | 'name' | 'email'>,
  row: { id: string; user_id: string | null; group_id: string | null },
  view: ReservationView,
): Promise<void> {
  if (!(await repo.cancelReservation(trx, row.id, now.toISOString()))) throw new ConflictError('errAlreadyCancelled');
  const about = { kind: 'booking.cancelled', facilityId: view.facility.id };
  await notify(trx, clockAt(now), { ...about, to: canceller.id, template: (lang) => bookingCancelledMail(lang, canceller, view) });
  if (row.user_id && row.user_id !== canceller.id) {
    const booker = await trx.selectFrom('users').select('name').where('id', '=', row.user_id).executeTakeFirst();
    if (booker)
      await notify(trx, clockAt(now), { ...about, to: row.user_id, template: (lang) => bookingCancelledMail(lang, booker, view) });
  }
  if (row.group_id) await notifyRepresentative(trx, now, row.group_id, canceller.id, groupBookingChangeText('cancelled', view));
}

/**
 * Account deletion (account-deletion.service.ts): every live booking the person holds for themselves (not
 * a group's: the group keeps the room) from today on is cancelled, past the online deadline too — a room
 * nobody will come to is better freed — through the same cancellation as online, in the caller's
 * transaction. The person is mailed while they still have an address. Answers the cancelled ids.
 */
export async function cancelUpcomingOfLeavingPerson(trx: Trx, clock: Clock, person: User): Promise<string[]> {
  const now = clock.now();
  const rows = await repo.listUpcomingOwn(trx, person.id, todayIn(clock));
  for (const row of rows) await cancelAndTell(trx, now, person, row, await getReservationView(trx, clock, row.id));
  return rows.map((r) => r.id);
}
