/**
 * Staff accounts and their role assignments (README "Staff back office"): creating a staff account,
 * granting a role at a scope to an existing account, revoking one, and the list the admin page shows.
 * The CLI (`npx tsunagu staff add|grant|revoke`) and the admin page both come here; every change is audited
 * in its own transaction. Bad input (an unknown role, a scope that does not exist or is of the wrong
 * kind, a role already held) is an InvalidInputError before anything is written.
 */
import type { Db } from '../../db/database.ts';
import { isUniqueViolation } from '../../db/errors.ts';
import { InvalidInputError, NotFoundError } from '../../lib/errors.ts';
import type { Clock } from '../../lib/time.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import { type Role, SCOPE_OF_ROLE, type Scope, type ScopeKind, type User } from '../../platform/authz/actor.ts';
import {
  type AssignmentRecord,
  actorById,
  countAdmins,
  deleteAssignment,
  findAssignment,
  holdsAssignment,
  insertAssignment,
  listAssignments,
} from '../../platform/authz/assignments.ts';
import { requireMayGrant, requireMayRevoke } from '../../platform/authz/policy.ts';
import { findUserByEmail } from '../account/account.repository.ts';
import { registerResident } from '../account/account.service.ts';

/** The field a scope is given in: the CLI option (`--ward-office`) and the page's error both use it. */
export const SCOPE_FIELD: Record<Exclude<ScopeKind, 'city'>, string> = {
  ward: 'ward',
  facility: 'facility',
  ward_office: 'ward-office',
  department: 'department',
  organisation: 'organisation',
};

/** The organisation kinds each organisation-scoped kind accepts (platform/organisation's kinds). */
const ORGANISATION_KINDS_OF: Record<'ward_office' | 'department' | 'organisation', readonly string[]> = {
  ward_office: ['ward_office'],
  department: ['city_department', 'ward_section'],
  organisation: ['community_council', 'association', 'han', 'npo', 'company', 'university', 'circle'],
};

const UNKNOWN_SCOPE_KEY = {
  ward: 'errUnknownWard',
  facility: 'errNotFoundFacility',
  ward_office: 'errUnknownWardOffice',
  department: 'errUnknownDepartment',
  organisation: 'errUnknownOrganisation',
} as const;

/**
 * The scope a role is granted at, checked against the database: the city takes no id; a ward, a facility
 * or an organisation of the right kind must exist (a department is a city department or a ward office's
 * section, a ward office is an organisation of kind ward_office).
 */
export async function checkedScope(db: Db, role: Role, scopeId: string | undefined): Promise<Scope> {
  const kind = SCOPE_OF_ROLE[role];
  const id = scopeId?.trim() || undefined;
  if (kind === 'city') {
    if (id !== undefined) throw new InvalidInputError([{ field: 'scope', key: 'errScopeNotForAdmin' }]);
    return { kind, id: null };
  }
  const field = SCOPE_FIELD[kind];
  if (id === undefined) throw new InvalidInputError([{ field, key: 'errScopeRequired', params: { option: `--${field}` } }]);
  const found =
    kind === 'ward'
      ? await db.selectFrom('wards').select('id').where('id', '=', id).executeTakeFirst()
      : kind === 'facility'
        ? await db.selectFrom('facilities').select('id').where('id', '=', id).executeTakeFirst()
        : await db
            .selectFrom('organisations')
            .select('id')
            .where('id', '=', id)
            .where('kind', 'in', ORGANISATION_KINDS_OF[kind])
            .executeTakeFirst();
  if (!found) throw new InvalidInputError([{ field, key: UNKNOWN_SCOPE_KEY[kind] }]);
  return { kind, id };
}

export interface GrantRequest {
  role: Role;
  scopeId?: string | undefined;
}

/**
 * Grants a role to an existing account. `admin` is the admin at the page, or null for the CLI (whoever
 * runs it on the server is trusted with the database already); the audit row names them either way.
 */
export async function grantRole(db: Db, clock: Clock, admin: User | null, userId: string, req: GrantRequest): Promise<Scope> {
  if (admin !== null) requireMayGrant(admin);
  if (!(await actorById(db, userId))) throw new InvalidInputError([{ field: 'user', key: 'errUserNumberUnknown' }]);
  const scope = await checkedScope(db, req.role, req.scopeId);
  if (await holdsAssignment(db, userId, req.role, scope)) throw new InvalidInputError([{ field: 'role', key: 'errRoleHeld' }]);
  try {
    await db.transaction().execute(async (trx) => {
      const at = clock.now();
      await insertAssignment(trx, { userId, role: req.role, scope, grantedBy: admin?.id ?? null, at });
      await recordAudit(trx, at, {
        actorId: admin?.id ?? null,
        action: 'staff.grant',
        targetType: 'user',
        targetId: userId,
        facilityId: scope.kind === 'facility' ? scope.id : null,
        after: { role: req.role, scope },
      });
    });
  } catch (error) {
    // Granted by someone else between the check and the insert: the same answer as the check's.
    if (isUniqueViolation(error)) throw new InvalidInputError([{ field: 'role', key: 'errRoleHeld' }]);
    throw error;
  }
  return scope;
}

/**
 * Revokes one assignment. An admin may not revoke their own admin role (policy.ts), and nobody — the CLI
 * included — the city's last admin: there would be no one left to grant anything.
 */
export async function revokeRole(db: Db, clock: Clock, admin: User | null, assignmentId: string): Promise<AssignmentRecord> {
  const assignment = await findAssignment(db, assignmentId);
  if (!assignment) throw new NotFoundError('page');
  if (admin !== null) requireMayRevoke(admin, assignment);
  if (assignment.role === 'admin' && (await countAdmins(db)) <= 1) throw new InvalidInputError([{ field: 'role', key: 'errLastAdmin' }]);
  await db.transaction().execute(async (trx) => {
    await deleteAssignment(trx, assignment.id);
    await recordAudit(trx, clock.now(), {
      actorId: admin?.id ?? null,
      action: 'staff.revoke',
      targetType: 'user',
      targetId: assignment.userId,
      facilityId: assignment.scope.kind === 'facility' ? assignment.scope.id : null,
      before: { role: assignment.role, scope: assignment.scope },
    });
  });
  return assignment;
}

export interface NewStaff extends GrantRequest {
  email: string;
  password: string;
  name: string;
}

/** Creates a staff account holding one role (CLI and the admin page); audited as staff.create. */
export async function addStaff(db: Db, clock: Clock, admin: User | null, input: NewStaff): Promise<{ user: User; scope: Scope }> {
  if (admin !== null) requireMayGrant(admin);
  // Everything that can be wrong is checked before the account is written: nothing half made.
  const scope = await checkedScope(db, input.role, input.scopeId);
  if (await findUserByEmail(db, input.email)) throw new InvalidInputError([{ field: 'email', key: 'errEmailTaken' }]);
  // The account and its role are one transaction: a crash between the two never leaves a staff account
  // without a role. A collision of the random 利用者番号 aborts it (on PostgreSQL the transaction is
  // then unusable), so the whole transaction is tried again, as registerResident does on its own.
  const user = await retryOnUniqueViolation(db, input.email, () =>
    db.transaction().execute(async (trx) => {
      const created = await registerResident(trx, clock, {
        name: input.name,
        nameKana: 'ショクイン',
        phone: '000-0000-0000',
        email: input.email,
        residency: 'resident',
        password: input.password,
      });
      const at = clock.now();
      await insertAssignment(trx, { userId: created.id, role: input.role, scope, grantedBy: admin?.id ?? null, at });
      await recordAudit(trx, at, {
        actorId: admin?.id ?? null,
        action: 'staff.create',
        targetType: 'user',
        targetId: created.id,
        facilityId: scope.kind === 'facility' ? scope.id : null,
        after: { role: input.role, scope, email: created.email },
      });
      return created;
    }),
  );
  const saved = await actorById(db, user.id);
  if (!saved) throw new Error('staff vanished after insert');
  return { user: saved, scope };
}

/**
 * Runs the account's transaction again after a unique violation: the random 利用者番号 collided, or the
 * address was taken meanwhile, which is then bad input. On PostgreSQL the violation inside
 * registerResident surfaces as the aborted transaction (25P02) its own retry ran into.
 */
async function retryOnUniqueViolation<T>(db: Db, email: string, attempt: () => Promise<T>): Promise<T> {
  for (let tries = 1; ; tries++) {
    try {
      return await attempt();
    } catch (error) {
      const collided = isUniqueViolation(error) || (error as { code?: unknown }).code === '25P02';
      if (!collided) throw error;
      if (await findUserByEmail(db, email)) throw new InvalidInputError([{ field: 'email', key: 'errEmailTaken' }]);
      if (tries >= 5) throw error;
    }
  }
}

/** A staff member as the admin page lists them: who, and each role with the name of where it holds. */
export interface StaffListing {
  id: string;
  name: string;
  email: string | null;
  number: string;
  assignments: (AssignmentRecord & { scopeName: string | null })[];
}

/** Everyone holding any role, with their assignments and the names of the scopes (three look-ups, not one per row). */
export async function staffWithRoles(db: Db): Promise<StaffListing[]> {
  const assignments = await listAssignments(db);
  const ids = (kinds: ScopeKind[]) => [...new Set(assignments.filter((a) => kinds.includes(a.scope.kind)).map((a) => a.scope.id ?? ''))];
  const userIds = [...new Set(assignments.map((a) => a.userId))];
  if (userIds.length === 0) return [];
  const [users, wards, facilities, organisations] = await Promise.all([
    db
      .selectFrom('users')
      .select(['id', 'name', 'email', 'number'])
      .where('id', 'in', userIds)
      .orderBy('name_kana')
      .orderBy('id')
      .execute(),
    db
      .selectFrom('wards')
      .select(['id', 'name'])
      .where('id', 'in', [...ids(['ward']), ''])
      .execute(),
    db
      .selectFrom('facilities')
      .select(['id', 'name'])
      .where('id', 'in', [...ids(['facility']), ''])
      .execute(),
    db
      .selectFrom('organisations')
      .select(['id', 'name'])
      .where('id', 'in', [...ids(['ward_office', 'department', 'organisation']), ''])
      .execute(),
  ]);
  const names = new Map([...wards, ...facilities, ...organisations].map((r) => [r.id, r.name]));
  return users.map((u) => ({
    ...u,
    assignments: assignments
      .filter((a) => a.userId === u.id)
      .map((a) => ({ ...a, scopeName: a.scope.id === null ? null : (names.get(a.scope.id) ?? null) })),
  }));
}
