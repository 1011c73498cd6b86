/**
 * The role_assignments table: loading a person with every assignment they hold in one query (the session
 * and the bearer lookups, and getUser, go through actorById), listing staff, granting and revoking. Each
 * assignment comes with the ward its scope lies in, joined here once, so that no policy check queries.
 * Writes take a Transaction: the caller audits the change in the same one.
 */
import type { Db, Trx } from '../../db/database.ts';
import type { UserRow } from '../../db/schema.ts';
import { isOneOf } from '../../lib/collections.ts';
import { newId } from '../../lib/ids.ts';
import { isRole, type RoleAssignment, SCOPE_KINDS, SCOPE_OF_ROLE, type Scope, toUser, type User } from './actor.ts';

function assignmentsQuery(db: Db) {
  return db
    .selectFrom('role_assignments as ra')
    .leftJoin('facilities as f', (j) => j.onRef('f.id', '=', 'ra.scope_id').on('ra.scope_kind', '=', 'facility'))
    .leftJoin('organisations as o', (j) => j.onRef('o.id', '=', 'ra.scope_id').on('ra.scope_kind', 'in', ORGANISATION_SCOPES))
    .select([
      'ra.id',
      'ra.user_id',
      'ra.role',
      'ra.scope_kind',
      'ra.scope_id',
      'ra.granted_at',
      'ra.granted_by',
      'f.ward_id as facility_ward_id',
      'o.ward_id as organisation_ward_id',
    ]);
}

/** The scope kinds whose id names a row of organisations. */
const ORGANISATION_SCOPES = ['ward_office', 'department', 'organisation'];

type AssignmentJoinRow = {
  role: string | null;
  scope_kind: string | null;
  scope_id: string | null;
  facility_ward_id: string | null;
  organisation_ward_id: string | null;
};

/** The assignment of a joined row; undefined for the empty side of a left join or a role no longer known. */
function toAssignment(r: AssignmentJoinRow): RoleAssignment | undefined {
  if (r.role === null || r.scope_kind === null || !isRole(r.role) || !isOneOf(SCOPE_KINDS, r.scope_kind)) return undefined;
  if (SCOPE_OF_ROLE[r.role] !== r.scope_kind) return undefined;
  const wardId =
    r.scope_kind === 'ward'
      ? r.scope_id
      : r.scope_kind === 'facility'
        ? r.facility_ward_id
        : ORGANISATION_SCOPES.includes(r.scope_kind)
          ? r.organisation_ward_id
          : null;
  return { role: r.role, scope: { kind: r.scope_kind, id: r.scope_id }, wardId };
}

/** A person with their assignments, in one query (users left-joined to their assignments). */
export async function actorById(db: Db, userId: string): Promise<User | undefined> {
  const rows = await db
    .selectFrom('users')
    .leftJoin('role_assignments as ra', 'ra.user_id', 'users.id')
    .leftJoin('facilities as f', (j) => j.onRef('f.id', '=', 'ra.scope_id').on('ra.scope_kind', '=', 'facility'))
    .leftJoin('organisations as o', (j) => j.onRef('o.id', '=', 'ra.scope_id').on('ra.scope_kind', 'in', ORGANISATION_SCOPES))
    .selectAll('users')
    .select([
      'ra.role as ra_role',
      'ra.scope_kind as ra_scope_kind',
      'ra.scope_id as ra_scope_id',
      'f.ward_id as facility_ward_id',
      'o.ward_id as organisation_ward_id',
    ])
    .where('users.id', '=', userId)
    .orderBy('ra.role')
    .orderBy('ra.scope_id')
    .execute();
  const first = rows[0];
  if (!first) return undefined;
  const { ra_role: _r, ra_scope_kind: _k, ra_scope_id: _s, facility_ward_id: _f, organisation_ward_id: _o, ...user } = first;
  const assignments = rows.flatMap((r) => {
    const a = toAssignment({
      role: r.ra_role,
      scope_kind: r.ra_scope_kind,
      scope_id: r.ra_scope_id,
      facility_ward_id: r.facility_ward_id,
      organisation_ward_id: r.organisation_ward_id,
    });
    return a ? [a] : [];
  });
  return toUser(user as UserRow, assignments);
}

/** An assignment as the staff page lists it: with its row id (to revoke it) and when it was granted. */
export interface AssignmentRecord extends RoleAssignment {
  id: string;
  userId: string;
  grantedAt: string;
  grantedBy: string | null;
}

/** Every assignment of these people (or of everyone holding one, when `userIds` is omitted). */
export async function listAssignments(db: Db, userIds?: readonly string[]): Promise<AssignmentRecord[]> {
  if (userIds?.length === 0) return [];
  const rows = await assignmentsQuery(db)
    .$if(userIds !== undefined, (q) => q.where('ra.user_id', 'in', userIds as string[]))
    .orderBy('ra.user_id')
    .orderBy('ra.role')
    .orderBy('ra.scope_id')
    .execute();
  return rows.flatMap((r) => {
    const a = toAssignment(r);
    return a ? [{ ...a, id: r.id, userId: r.user_id, grantedAt: r.granted_at, grantedBy: r.granted_by }] : [];
  });
}

export async function findAssignment(db: Db, id: string): Promise<AssignmentRecord | undefined> {
  const row = await assignmentsQuery(db).where('ra.id', '=', id).executeTakeFirst();
  const a = row ? toAssignment(row) : undefined;
  return row && a ? { ...a, id: row.id, userId: row.user_id, grantedAt: row.granted_at, grantedBy: row.granted_by } : undefined;
}

export async function holdsAssignment(db: Db, userId: string, role: string, scope: Scope): Promise<boolean> {
  const row = await db
    .selectFrom('role_assignments')
    .select('id')
    .where('user_id', '=', userId)
    .where('role', '=', role)
    .where('scope_kind', '=', scope.kind)
    .$call((q) => (scope.id === null ? q.where('scope_id', 'is', null) : q.where('scope_id', '=', scope.id)))
    .executeTakeFirst();
  return row !== undefined;
}

/** How many people hold the city's admin role: the last one may not be revoked. */
export async function countAdmins(db: Db): Promise<number> {
  const row = await db
    .selectFrom('role_assignments')
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .where('role', '=', 'admin')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function insertAssignment(
  trx: Trx,
  a: { userId: string; role: string; scope: Scope; grantedBy: string | null; at: Date },
): Promise<string> {
  const id = newId('ra');
  await trx
    .insertInto('role_assignments')
    .values({
      id,
      user_id: a.userId,
      role: a.role,
      scope_kind: a.scope.kind,
      scope_id: a.scope.id,
      granted_by: a.grantedBy,
      granted_at: a.at.toISOString(),
    })
    .execute();
  return id;
}

export async function deleteAssignment(trx: Trx, id: string): Promise<void> {
  await trx.deleteFrom('role_assignments').where('id', '=', id).execute();
}
