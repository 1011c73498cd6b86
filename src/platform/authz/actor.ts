/**
 * The actor: who is asking, as every layer sees them (c.var.user, the services' first argument after the
 * database), with the role assignments they hold. In the kernel because the session lookup, the policies
 * and every feature need the same shape; the account feature owns the flows that create and change it
 * (registration, profile), platform/authz/assignments.ts loads and changes the assignments.
 */
import type { UserRow } from '../../db/schema.ts';
import { isOneOf } from '../../lib/collections.ts';

export const RESIDENCIES = ['resident', 'worker', 'student', 'non_resident'] as const;
export type Residency = (typeof RESIDENCIES)[number];

/** Where a role holds (DESIGN "Who uses it"). */
export const SCOPE_KINDS = ['city', 'ward', 'facility', 'ward_office', 'department', 'organisation'] as const;
export type ScopeKind = (typeof SCOPE_KINDS)[number];

/**
 * The roles, each with the one scope kind it is held at:
 * admin (本庁) the city; ward_officer (区役所) a ward; centre_staff (館長・職員, the old 'clerk') a facility;
 * counter_clerk (区役所窓口) a ward office; department_staff (所管課) a department — an organisation of kind
 * city_department or ward_section; coordinator (地域振興課, a ward's コミュニティ支援課) a department, whose
 * ward (if any) bounds its reach; organisation_officer (会長・役員, NPO representative) an organisation.
 */
export const SCOPE_OF_ROLE = {
  admin: 'city',
  ward_officer: 'ward',
  centre_staff: 'facility',
  counter_clerk: 'ward_office',
  department_staff: 'department',
  coordinator: 'department',
  organisation_officer: 'organisation',
} as const satisfies Record<string, ScopeKind>;
export type Role = keyof typeof SCOPE_OF_ROLE;
export const ROLES = Object.keys(SCOPE_OF_ROLE) as Role[];
/** The city's staff: everyone but an organisation's own officers, who are residents acting for their body. */
export const STAFF_ROLES: readonly Role[] = ROLES.filter((r) => r !== 'organisation_officer');
/** The old spellings (users.role before 2026-12-03-14), still accepted where a person types a role. */
export const ROLE_ALIASES: Readonly<Record<string, Role>> = { clerk: 'centre_staff', ward: 'ward_officer' };

/** The role a person typed: its name or an old spelling, any case; undefined if it is neither. */
export function roleNamed(name: string | undefined): Role | undefined {
  const key = name?.trim().toLowerCase() ?? '';
  return isOneOf(ROLES, key) ? key : ROLE_ALIASES[key];
}

export interface Scope {
  kind: ScopeKind;
  /** null only for the city. */
  id: string | null;
}

export interface RoleAssignment {
  role: Role;
  scope: Scope;
  /**
   * The ward the scope lies in, looked up with the assignment: a ward's own id, a facility's ward, a ward
   * office's or ward section's ward. null for the city and for bodies of the whole city (地域振興課).
   */
  wardId: string | null;
}

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
  multipurposeStatus: MultipurposeStatus;
  /** Last day an approved 多目的利用者登録 holds (null: no end date). */
  multipurposeExpiresOn: string | null;
  /** Every role the person holds, loaded with them; empty for a resident. Read only through policy.ts. */
  assignments: readonly RoleAssignment[];
}

export function isRole(value: string): value is Role {
  return isOneOf(ROLES, value);
}

/**
 * The user of a row with the assignments loaded beside it. A User made without them holds no role: a
 * caller that forgets to load them gets less, never more.
 */
export function toUser(row: UserRow, assignments: readonly RoleAssignment[] = []): User {
  return {
    id: row.id,
    number: row.number,
    email: row.email,
    name: row.name,
    nameKana: row.name_kana,
    phone: row.phone,
    residency: isOneOf(RESIDENCIES, row.residency) ? row.residency : 'resident',
    birthYear: row.birth_year === null ? null : Number(row.birth_year),
    multipurposeExpiresOn: row.multipurpose_expires_on ?? null,
    multipurposeStatus: isOneOf(MULTIPURPOSE_STATUSES, row.multipurpose_status) ? row.multipurpose_status : 'none',
    assignments,
  };
}
