/**
 * Who among the staff may act where. Plain functions, called before acting: centre staff (clerk) on their
 * own facility, ward officers on their ward's facilities, city admins everywhere. Residents nowhere.
 */
import { ForbiddenError, InvalidInputError } from '../../lib/errors.ts';
import { STAFF_ROLES, type User } from './actor.ts';

/** What a policy needs of a facility: which one, and the ward it is in. */
type FacilityRef = { id: string; wardId: string };

export function isStaff(user: User | undefined): user is User {
  return user !== undefined && STAFF_ROLES.includes(user.role);
}

/** The user if staff; otherwise a ForbiddenError (403) for any route or service that is staff-only. */
export function requireStaff(user: User | undefined): User {
  if (!isStaff(user)) throw new ForbiddenError('staff only');
  return user;
}

/** City configuration (fees, quotas, bands, rooms, lottery rules) and group verification: admins only. */
export function requireAdmin(user: User): void {
  if (user.role !== 'admin') throw new ForbiddenError('admins only');
}

export function canActOnFacility(user: User | undefined, facility: FacilityRef): boolean {
  if (!isStaff(user)) return false;
  if (user.role === 'admin') return true;
  if (user.role === 'ward') return user.staffWardId === facility.wardId;
  return user.staffFacilityId === facility.id;
}

/** The part of the city a staff question is about: a facility (with its ward), a ward, or nothing (the city). */
export interface StaffScope {
  wardId?: string | undefined;
  facilityId?: string | undefined;
}

/**
 * Resolves the scope a staff member asks about against their own: nothing asked means all they may see
 * (a clerk's facility, a ward officer's ward, the city); a facility or a ward they may not see is a
 * ForbiddenError (403), never narrowed or widened silently. The facility comes looked up, as its ward
 * decides: a facility of another ward can never ride along with the caller's own ward. A facility asked
 * with a ward it is not in is bad input (InvalidInputError): the two would name different scopes.
 */
export function resolveStaffScope(
  user: User | undefined,
  asked: { wardId?: string | undefined; facility?: FacilityRef | undefined },
): StaffScope {
  const staff = requireStaff(user);
  const { wardId, facility } = asked;
  if (facility && !canActOnFacility(staff, facility)) throw new ForbiddenError('facility out of scope');
  if (wardId) {
    // A clerk's scope is one facility: a ward-wide question is wider than it, even about their own ward.
    const wardInScope =
      staff.role === 'admin' ||
      (staff.role === 'ward' ? wardId === staff.staffWardId : facility !== undefined && wardId === facility.wardId);
    if (!wardInScope) throw new ForbiddenError('ward out of scope');
    if (facility && facility.wardId !== wardId) throw new InvalidInputError([{ field: 'facility', key: 'errFacilityNotInWard' }]);
  }
  if (facility) return { facilityId: facility.id, wardId: facility.wardId };
  if (staff.role === 'admin') return wardId ? { wardId } : {};
  if (staff.role === 'ward') return { wardId: staff.staffWardId ?? '-' };
  return { facilityId: staff.staffFacilityId ?? '-' };
}
