/**
 * Who among the staff may act where. Plain functions, called before acting: centre staff (clerk) on their
 * own facility, ward officers on their ward's facilities, city admins everywhere. Residents nowhere.
 */

import { ForbiddenError } from '../../lib/errors.ts';
import type { User } from '../account/account.ts';
import { STAFF_ROLES } from '../account/account.ts';
import type { Facility } from '../facility/facility.ts';

export function isStaff(user: User | undefined): user is User {
  return user !== undefined && STAFF_ROLES.includes(user.role);
}

/** The user if staff; otherwise a ForbiddenError (403) for any route or service that is staff-only. */
export function requireStaff(user: User | undefined): User {
  if (!isStaff(user)) throw new ForbiddenError('staff only');
  return user;
}

export function canActOnFacility(user: User | undefined, facility: Pick<Facility, 'id' | 'wardId'>): boolean {
  if (!isStaff(user)) return false;
  if (user.role === 'admin') return true;
  if (user.role === 'ward') return user.staffWardId === facility.wardId;
  return user.staffFacilityId === facility.id;
}
