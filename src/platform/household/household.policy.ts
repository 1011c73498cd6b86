/**
 * Who may do what to a household, and whose account may be deleted by whom: every permission question of
 * households and account deletion in one module, so the scoped roles replace the staff helpers here and
 * nowhere else.
 *
 * | who                                  | sees names | registers | adds people | removes people | moves out |
 * | a person of the household (web)      | yes        | their own | without account | themselves (leave) | yes |
 * | staff whose scope covers its ward    | yes        | yes       | yes         | yes            | yes       |
 * | an officer of its 自治会 or 班        | yes        | in it     | yes         | yes            | yes       |
 * | anyone else                          | no: a match shows its address and head count only             |
 */
import { ForbiddenError } from '../../lib/errors.ts';
import type { User } from '../authz/actor.ts';
import { STAFF_ROLES } from '../authz/actor.ts';
import { isAdmin, isStaff } from '../authz/policy.ts';
import { type HouseholdChannel, OFFICER_ROLES } from './household.ts';

/** A membership of the actor in an association or 班 (organisation_members), with its term. */
export interface OfficerMembership {
  organisationId: string;
  role: string;
  termEndsOn: string | null;
}

/** Why the actor may act on a household; undefined: they may not. */
export type HouseholdAccess = 'member' | 'staff' | 'officer';

/**
 * Staff whose work is in the ward: city admins, and anyone holding a staff role whose scope lies in it
 * (the ward's officers, its ward office's counter clerks and sections, the clerks of its 市民センター).
 * Households are registered where residents come: the counter of the ward office or their centre's desk.
 */
export function staffCoversWard(user: User | undefined, wardId: string): boolean {
  if (!user || !isStaff(user)) return false;
  return isAdmin(user) || user.assignments.some((a) => STAFF_ROLES.includes(a.role) && a.wardId === wardId);
}

/** An officer of the association (or of the 班) on `today`: a role in OFFICER_ROLES whose term runs. */
export function isOfficerOf(
  memberships: readonly OfficerMembership[],
  place: { associationId: string | null; hanId?: string | null },
  today: string,
): boolean {
  return memberships.some(
    (m) =>
      (m.organisationId === place.associationId || (place.hanId != null && m.organisationId === place.hanId)) &&
      (OFFICER_ROLES as readonly string[]).includes(m.role) &&
      (m.termEndsOn === null || m.termEndsOn >= today),
  );
}

export interface HouseholdRef {
  wardId: string;
  associationId: string | null;
  hanId: string | null;
}

/** How the actor may reach this household: as one of its people, as staff, as an officer, or not. */
export function householdAccess(
  user: User | undefined,
  household: HouseholdRef,
  facts: { isPerson: boolean; officerships: readonly OfficerMembership[]; today: string },
): HouseholdAccess | undefined {
  if (!user) return undefined;
  if (facts.isPerson) return 'member';
  if (staffCoversWard(user, household.wardId)) return 'staff';
  if (household.associationId && isOfficerOf(facts.officerships, household, facts.today)) return 'officer';
  return undefined;
}

/** The channel an action is recorded under, from why the actor may take it. */
export function channelOf(access: HouseholdAccess): HouseholdChannel {
  return access === 'member' ? 'web' : access === 'staff' ? 'counter' : 'officer';
}

/** Sees the household with its people's names, adds people, moves it out: anyone with access. */
export function requireHouseholdAccess(access: HouseholdAccess | undefined): HouseholdAccess {
  if (!access) throw new ForbiddenError('not their household', 'errHouseholdForbidden');
  return access;
}

/** Removes a person other than oneself: staff and officers only (a member leaves, or asks them). */
export function requireMayRemovePeople(access: HouseholdAccess | undefined): void {
  if (access !== 'staff' && access !== 'officer') throw new ForbiddenError('staff or officers only', 'errHouseholdForbidden');
}

/**
 * Registers a household for other people (no email needed): staff covering its ward, or an officer of
 * the association it is registered in. Answers the channel it is recorded under.
 */
export function requireMayRegisterFor(
  user: User | undefined,
  place: HouseholdRef,
  officerships: readonly OfficerMembership[],
  today: string,
): HouseholdChannel {
  if (staffCoversWard(user, place.wardId)) return 'counter';
  if (place.associationId && isOfficerOf(officerships, place, today)) return 'officer';
  throw new ForbiddenError('not staff of the ward nor an officer of the association', 'errHouseholdRegisterForbidden');
}

/**
 * Deletes a resident's account for them at the counter, without their password: any staff member, and
 * only for a resident registered at the counter (no password to re-enter). Someone with a password
 * deletes their own account, so nobody ends an account its owner could still use by themselves.
 */
export function requireMayDeleteAccountFor(staff: User | undefined, resident: { isStaff: boolean; hasPassword: boolean }): User {
  if (!staff || !isStaff(staff)) throw new ForbiddenError('staff only');
  if (resident.isStaff || resident.hasPassword) throw new ForbiddenError('not a counter resident', 'errDeleteNotCounterResident');
  return staff;
}
