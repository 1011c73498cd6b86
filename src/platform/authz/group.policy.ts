/**
 * Who may do what in a group (README "Groups"), for every feature that acts for one (account, booking,
 * lottery). Plain functions, called by the services before acting; a refusal is a ForbiddenError whose
 * key is the plain sentence the person sees (403).
 *
 * | action                                        | representative | member                     |
 * | invite, withdraw an invitation, remove        | yes            | no                         |
 * | change the group's details, hand over         | yes            | no                         |
 * | book for the group, submit its lottery entry  | yes            | yes                        |
 * | cancel a group booking                        | any            | only the ones they made    |
 * | withdraw the entry, confirm its wins          | yes            | only an entry they submitted |
 * | leave the group                               | hand over first | yes                       |
 */
import { ForbiddenError } from '../../lib/errors.ts';

export type GroupRole = 'representative' | 'member';

/** A person's place in a group; undefined when they are not a member. */
export interface Membership {
  groupId: string;
  role: GroupRole | string;
}

export function isRepresentative(m: Membership | undefined): boolean {
  return m?.role === 'representative';
}

export function requireRepresentative(m: Membership | undefined): void {
  if (!isRepresentative(m)) throw new ForbiddenError('only the representative', 'errGroupRepresentativeOnly');
}

/**
 * A booking may be cancelled by the person who made it, or, for a group's booking, by the group's
 * representative. Members cannot cancel each other's bookings.
 */
export function mayCancelBooking(actorId: string, booking: { user_id: string | null; group_id: string | null }, m: Membership | undefined) {
  return booking.user_id === actorId || (booking.group_id !== null && isRepresentative(m));
}

export function requireMayCancelBooking(
  actorId: string,
  booking: { user_id: string | null; group_id: string | null },
  m: Membership | undefined,
) {
  if (!mayCancelBooking(actorId, booking, m)) throw new ForbiddenError('not their booking', 'errGroupCancelOwnOnly');
}

/**
 * A group's lottery entry may be withdrawn (or its wins confirmed) by its submitter or the representative.
 * Pages ask the same question to show the buttons only to them (and say who can to the others).
 */
export function mayChangeEntry(actorId: string, entry: { user_id: string; group_id: string | null }, m: Membership | undefined) {
  return entry.user_id === actorId || (entry.group_id !== null && isRepresentative(m));
}

export function requireMayChangeEntry(actorId: string, entry: { user_id: string; group_id: string | null }, m: Membership | undefined) {
  if (!mayChangeEntry(actorId, entry, m)) throw new ForbiddenError('not their entry', 'errGroupEntryOwnOnly');
}

/** The representative leaves only after handing over: a group always has one. */
export function requireMayLeave(m: Membership | undefined): void {
  if (!m) throw new ForbiddenError('not a member', 'errForbidden');
  if (isRepresentative(m)) throw new ForbiddenError('representative must hand over first', 'errGroupHandOverFirst');
}
