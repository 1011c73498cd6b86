/**
 * The actor: who is asking, as every layer sees them (c.var.user, the services' first argument after the
 * database). In the kernel because the session lookup, the policies and every feature need the same
 * shape; the account feature owns the flows that create and change it (registration, profile).
 */
import type { UserRow } from '../../db/schema.ts';
import { isOneOf } from '../../lib/collections.ts';

export const RESIDENCIES = ['resident', 'worker', 'student', 'non_resident'] as const;
export type Residency = (typeof RESIDENCIES)[number];

/** resident: books for themselves; clerk: one facility; ward: one ward's facilities; admin: the city. */
export const ROLES = ['resident', 'clerk', 'ward', 'admin'] as const;
export type Role = (typeof ROLES)[number];
export const STAFF_ROLES: readonly Role[] = ['clerk', 'ward', 'admin'];

export const MULTIPURPOSE_STATUSES = ['none', 'pending', 'approved', 'rejected'] as const;
export type MultipurposeStatus = (typeof MULTIPURPOSE_STATUSES)[number];

export interface User {
  id: string;
  number: string;
  email: string | null;
  name: string;
  nameKana: string;
  phone: string;
  residency: Residency;
  birthYear: number | null;
  role: Role;
  multipurposeStatus: MultipurposeStatus;
  /** Last day an approved 多目的利用者登録 holds (null: no end date). */
  multipurposeExpiresOn: string | null;
  /** Scope of a clerk (one facility) or a ward officer (one ward); admins and residents have none. */
  staffFacilityId: string | null;
  staffWardId: string | null;
}

export function toUser(row: UserRow): User {
  return {
    id: row.id,
    number: row.number,
    email: row.email,
    name: row.name,
    nameKana: row.name_kana,
    phone: row.phone,
    residency: isOneOf(RESIDENCIES, row.residency) ? row.residency : 'resident',
    birthYear: row.birth_year === null ? null : Number(row.birth_year),
    role: isOneOf(ROLES, row.role) ? row.role : 'resident',
    staffFacilityId: row.staff_facility_id ?? null,
    staffWardId: row.staff_ward_id ?? null,
    multipurposeExpiresOn: row.multipurpose_expires_on ?? null,
    multipurposeStatus: isOneOf(MULTIPURPOSE_STATUSES, row.multipurpose_status) ? row.multipurpose_status : 'none',
  };
}
