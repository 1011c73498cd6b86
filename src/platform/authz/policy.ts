/**
 * The one policy module: who may do what, where, read from the actor's role assignments (actor.ts). Plain
 * functions, called by routes and services before acting; a refusal is a ForbiddenError (403). Nothing
 * here queries: the assignments and the ward of each scope come loaded with the actor.
 *
 * A person may hold several assignments (centre staff at two facilities, a ward officer who also keeps a
 * centre's desk): what they may reach is the union of them.
 *
 * | role             | room desk (facilities)   | insights              | city configuration, staff roles |
 * | admin            | every facility           | the city, any ward    | yes                             |
 * | ward_officer     | the ward's facilities    | the ward, its centres | no                              |
 * | centre_staff     | the facility             | the facility          | no                              |
 * | other staff roles| none yet (their modules come with their issues)  | no                              |
 */
import { ForbiddenError, InvalidInputError } from '../../lib/errors.ts';
import { type Role, type RoleAssignment, type Scope, STAFF_ROLES, type User } from './actor.ts';

/** What a policy needs of a facility: which one, and the ward it is in. */
export type FacilityRef = { id: string; wardId: string };

const assignmentsOf = (actor: User | undefined): readonly RoleAssignment[] => actor?.assignments ?? [];

/** Whether the actor holds the role; at exactly that scope when one is given. */
export function hasRole(actor: User | undefined, role: Role, scope?: Scope): boolean {
  return assignmentsOf(actor).some(
    (a) => a.role === role && (scope === undefined || (a.scope.kind === scope.kind && a.scope.id === scope.id)),
  );
}

/** The city's staff (any staff role, anywhere): they land on the back office and see its link. */
export function isStaff(actor: User | undefined): boolean {
  return assignmentsOf(actor).some((a) => STAFF_ROLES.includes(a.role));
}

export function isAdmin(actor: User | undefined): boolean {
  return hasRole(actor, 'admin');
}

/** The user if staff; otherwise a ForbiddenError (403) for any route or service that is staff-only. */
export function requireStaff(actor: User | undefined): User {
  if (!actor || !isStaff(actor)) throw new ForbiddenError('staff only');
  return actor;
}

/** City configuration (fees, quotas, bands, rooms, lottery rules), group verification, staff roles: admins only. */
export function requireAdmin(actor: User | undefined): User {
  if (!actor || !isAdmin(actor)) throw new ForbiddenError('admins only');
  return actor;
}

/** The facilities a person's room-desk roles reach: the whole city, or these wards' and these facilities. */
export type FacilityReach =
  | { city: true }
  | { city: false; wardIds: readonly string[]; facilityIds: readonly string[]; facilityWardIds: readonly string[] };

export function facilityReach(actor: User | undefined): FacilityReach {
  const held = assignmentsOf(actor);
  if (held.some((a) => a.role === 'admin')) return { city: true };
  const ids = (role: Role, pick: (a: RoleAssignment) => string | null) =>
    [...new Set(held.filter((a) => a.role === role).flatMap((a) => pick(a) ?? []))].sort();
  return {
    city: false,
    wardIds: ids('ward_officer', (a) => a.scope.id),
    facilityIds: ids('centre_staff', (a) => a.scope.id),
    facilityWardIds: ids('centre_staff', (a) => a.wardId),
  };
}

export function canActOnFacility(actor: User | undefined, facility: FacilityRef): boolean {
  const reach = facilityReach(actor);
  return reach.city || reach.wardIds.includes(facility.wardId) || reach.facilityIds.includes(facility.id);
}

/** A ward as a whole (its figures, all its centres): admins, and the ward's officers; centre staff never. */
export function canOverseeWard(actor: User | undefined, wardId: string): boolean {
  const reach = facilityReach(actor);
  return reach.city || reach.wardIds.includes(wardId);
}

/** The part of the city a staff question is about: a facility (with its ward), a ward, or nothing (the city). */
export interface StaffScope {
  wardId?: string | undefined;
  facilityId?: string | undefined;
}

/**
 * Resolves the scope a staff member asks about against their own: a facility or a ward they may not see
 * is a ForbiddenError (403), never narrowed or widened silently. The facility comes looked up, as its
 * ward decides: a facility of another ward can never ride along with the caller's own ward. A facility
 * asked with a ward it is not in is bad input (InvalidInputError): the two would name different scopes.
 *
 * Nothing asked means the widest one place they may see: the city for an admin, else their ward, else
 * their facility. Someone holding several (two centres, or two wards) gets the first of the widest kind,
 * by id, and asks for the others by name: figures are kept per city, ward and facility, and a sum over
 * an arbitrary set of them would need its own small-count suppression.
 */
export function resolveStaffScope(
  actor: User | undefined,
  asked: { wardId?: string | undefined; facility?: FacilityRef | undefined },
): StaffScope {
  const staff = requireStaff(actor);
  const { wardId, facility } = asked;
  if (facility && !canActOnFacility(staff, facility)) throw new ForbiddenError('facility out of scope');
  if (wardId) {
    // A centre's staff reach one facility: a ward-wide question is wider than it, even about their own
    // ward — unless it names the facility too, which then is the scope.
    const wardInScope = canOverseeWard(staff, wardId) || (facility !== undefined && wardId === facility.wardId);
    if (!wardInScope) throw new ForbiddenError('ward out of scope');
    if (facility && facility.wardId !== wardId) throw new InvalidInputError([{ field: 'facility', key: 'errFacilityNotInWard' }]);
  }
  if (facility) return { facilityId: facility.id, wardId: facility.wardId };
  if (wardId) return { wardId };
  const reach = facilityReach(staff);
  if (reach.city) return {};
  const ward = reach.wardIds[0];
  if (ward) return { wardId: ward };
  // No room-desk role at all (a counter clerk, say): a scope that matches no facility.
  return { facilityId: reach.facilityIds[0] ?? '-' };
}

/** Granting and revoking roles is the city's: admins only. */
export function requireMayGrant(actor: User | undefined): User {
  return requireAdmin(actor);
}

/**
 * An admin may revoke any assignment but their own admin one: the city would otherwise be one slip away
 * from having no admin left to put it right (the last admin is, by then, the one revoking).
 */
export function requireMayRevoke(actor: User | undefined, assignment: { userId: string; role: Role }): User {
  const admin = requireAdmin(actor);
  if (assignment.userId === admin.id && assignment.role === 'admin') throw new ForbiddenError('own admin role', 'errRevokeOwnAdmin');
  return admin;
}

/**
 * Whose print list a paper message lands on (platform/notify): a message about a facility goes to who
 * keeps that facility's desk (its centre staff, its ward's officers); any other to the staff of the
 * person's ward (ward officers, the ward office's counter clerks); admins see every list.
 */
export type PaperReach =
  | { city: true }
  | { city: false; facilityIds: readonly string[]; facilityWardIds: readonly string[]; wardIds: readonly string[] };

export function paperReach(actor: User | undefined): PaperReach {
  const reach = facilityReach(actor);
  if (reach.city) return { city: true };
  const counterWards = assignmentsOf(actor).flatMap((a) => (a.role === 'counter_clerk' && a.wardId ? [a.wardId] : []));
  return {
    city: false,
    facilityIds: reach.facilityIds,
    facilityWardIds: reach.wardIds,
    wardIds: [...new Set([...reach.wardIds, ...counterWards])].sort(),
  };
}

/** What a policy needs of a ward office or 出張所: which one, and its ward. */
export type OfficeRef = { id: string; wardId: string | null };

/**
 * A ward office's figures (its counters' waits, bookings, no-shows): admins, the office's counter clerks,
 * and the officers of its ward. No person is named in them.
 */
export function canOverseeOffice(actor: User | undefined, office: OfficeRef): boolean {
  return assignmentsOf(actor).some(
    (a) =>
      a.role === 'admin' ||
      (a.role === 'counter_clerk' && a.scope.id === office.id) ||
      (a.role === 'ward_officer' && office.wardId !== null && a.scope.id === office.wardId),
  );
}

/**
 * A ward office's counter catalogue (features/appointment/catalogue*: counters, hours, exception days,
 * services, life events, the call screen's sound): admins and the officers of the office's ward. Not
 * its counter clerks: a kiosk at the entrance is a browser signed in as one.
 */
export function canManageCounterCatalogue(actor: User | undefined, office: OfficeRef): boolean {
  return assignmentsOf(actor).some(
    (a) => a.role === 'admin' || (a.role === 'ward_officer' && office.wardId !== null && a.scope.id === office.wardId),
  );
}

/**
 * The queue of a ward office's day (features/appointment/queue*): check-ins, walk-in numbers, calling,
 * serving and transferring. Admins anywhere, and the counter clerks of that office; a kiosk at the
 * entrance is a browser signed in as one of them.
 */
export function canWorkCounter(actor: User | undefined, officeId: string): boolean {
  return isAdmin(actor) || hasRole(actor, 'counter_clerk', { kind: 'ward_office', id: officeId });
}

export function requireCounterWork(actor: User | undefined, officeId: string): User {
  if (!actor || !canWorkCounter(actor, officeId)) throw new ForbiddenError('not a counter clerk of this office');
  return actor;
}
