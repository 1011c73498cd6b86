/**
 * Who may change the registry and the 校区 data. The one place this module asks the staff policy
 * (platform/authz): city admins keep the whole city (departments, every ward, the 校区 table); a ward
 * officer keeps their own ward's tree; an officer of a registry association may link the group they
 * represent to it. Everyone else reads the public views only.
 */
import { ForbiddenError } from '../../lib/errors.ts';
import type { User } from '../authz/actor.ts';
import { canOverseeWard, requireAdmin, requireStaff, resolveStaffScope } from '../authz/policy.ts';

/** The ward a staff member's registry pages show: undefined for the whole city (admins). */
export function registryScope(user: User | undefined): { wardId: string | undefined } {
  const scope = resolveStaffScope(user, {});
  // A centre's clerk keeps one facility: the registry is wider than that.
  if (scope.facilityId) throw new ForbiddenError('registry is for ward officers and admins');
  return { wardId: scope.wardId };
}

/** May change entries of this ward (null: the city level, its departments and top-level bodies). */
export function mayManageRegistry(user: User | undefined, wardId: string | null): boolean {
  try {
    requireManageRegistry(user, wardId);
    return true;
  } catch (error) {
    if (error instanceof ForbiddenError) return false;
    throw error;
  }
}

export function requireManageRegistry(user: User | undefined, wardId: string | null): User {
  const staff = requireStaff(user);
  if (wardId === null) return requireAdmin(staff);
  // The ward as a whole: its officers and admins; a centre's clerk never (canOverseeWard).
  if (!canOverseeWard(staff, wardId)) throw new ForbiddenError('ward out of scope');
  return staff;
}

/** The 校区 table covers the city: admins import it. */
export function requireImportDistricts(user: User | undefined): User {
  return requireAdmin(requireStaff(user));
}

/**
 * A resident's group may be linked to a registry entry by staff of its ward, or by someone who both
 * holds a current office in the entry and represents the group: the officer vouches that the group is
 * the body, and the group cannot link itself on its own word.
 */
export function mayLinkGroup(
  user: User | undefined,
  facts: { entryWardId: string | null; isCurrentOfficer: boolean; representsGroup: boolean },
): boolean {
  if (!user) return false;
  if (mayManageRegistry(user, facts.entryWardId)) return true;
  return facts.isCurrentOfficer && facts.representsGroup;
}

/** Ending a link (a mistaken or disputed one) is for staff only. */
export function requireUnlink(user: User | undefined, entryWardId: string | null): User {
  return requireManageRegistry(user, entryWardId);
}
