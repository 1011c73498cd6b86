/**
 * Membership queries every body of the registry shares: a booking group's members and a 自治会's officers
 * are rows of the same table (organisation_members), keyed by (organisation, person): one role at a time.
 * Reads take any executor; writes take a transaction, so a write outside one does not compile.
 */
import type { Updateable } from 'kysely';
import type { Db, Trx } from '../../db/database.ts';
import type { OrganisationTable } from '../../db/schema.ts';
import { kanaFoldKey } from '../../lib/normalize.ts';

export async function findOrganisation(db: Db, id: string) {
  return db.selectFrom('organisations').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function updateOrganisation(trx: Trx, id: string, values: Updateable<OrganisationTable>) {
  await trx.updateTable('organisations').set(values).where('id', '=', id).execute();
}

export async function findMember(db: Db, organisationId: string, userId: string) {
  return db
    .selectFrom('organisation_members')
    .selectAll()
    .where('group_id', '=', organisationId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
}

/** The organisations a person belongs to, with their role, by name. */
export async function listOrganisationsOfUser(db: Db, userId: string) {
  return db
    .selectFrom('organisations')
    .innerJoin('organisation_members', 'organisation_members.group_id', 'organisations.id')
    .selectAll('organisations')
    .select('organisation_members.role as member_role')
    .where('organisation_members.user_id', '=', userId)
    .orderBy('organisations.name')
    .execute();
}

/** In フリガナ order: it is stored as typed (カタカナ, ひらがな or 半角ｶﾅ), so it is compared folded. */
export async function listMembers(db: Db, organisationId: string) {
  const rows = await db
    .selectFrom('organisation_members')
    .innerJoin('users', 'users.id', 'organisation_members.user_id')
    .select(['users.id', 'users.name', 'users.name_kana', 'users.number', 'organisation_members.role'])
    .where('organisation_members.group_id', '=', organisationId)
    .execute();
  const key = new Map(rows.map((r) => [r.id, kanaFoldKey(r.name_kana)]));
  return rows
    .sort((a, b) => (key.get(a.id) ?? '').localeCompare(key.get(b.id) ?? '', 'ja') || a.id.localeCompare(b.id))
    .map(({ name_kana: _kana, ...member }) => member);
}

export async function addMember(
  trx: Trx,
  organisationId: string,
  userId: string,
  at: string,
  office: { role?: string; termStartsOn?: string | null; termEndsOn?: string | null } = {},
) {
  await trx
    .insertInto('organisation_members')
    .values({
      group_id: organisationId,
      user_id: userId,
      role: office.role ?? 'member',
      created_at: at,
      term_starts_on: office.termStartsOn ?? null,
      term_ends_on: office.termEndsOn ?? null,
    })
    .execute();
}

/** Removes a plain member; the representative hands over first, so a group always has one. */
export async function removeMember(trx: Trx, organisationId: string, userId: string): Promise<boolean> {
  const result = await trx
    .deleteFrom('organisation_members')
    .where('group_id', '=', organisationId)
    .where('user_id', '=', userId)
    .where('role', '=', 'member')
    .executeTakeFirst();
  return Number(result.numDeletedRows) === 1;
}

/** A new office (or the next term of one) for a person already in the body: one role per person. */
export async function setOffice(
  trx: Trx,
  organisationId: string,
  userId: string,
  office: { role: string; termStartsOn: string | null; termEndsOn: string | null },
) {
  await trx
    .updateTable('organisation_members')
    .set({ role: office.role, term_starts_on: office.termStartsOn, term_ends_on: office.termEndsOn })
    .where('group_id', '=', organisationId)
    .where('user_id', '=', userId)
    .execute();
}

/** Ends a term on a day (the 総会 of the hand-over); the row stays, so past officers are still listed. */
export async function endTerm(trx: Trx, organisationId: string, userId: string, endsOn: string): Promise<boolean> {
  const result = await trx
    .updateTable('organisation_members')
    .set({ term_ends_on: endsOn })
    .where('group_id', '=', organisationId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Officers (any role but member) with their terms, current first, then by when their term began. */
export async function listOfficers(db: Db, organisationId: string) {
  return db
    .selectFrom('organisation_members')
    .innerJoin('users', 'users.id', 'organisation_members.user_id')
    .select([
      'users.id as user_id',
      'users.name',
      'users.number',
      'organisation_members.role',
      'organisation_members.term_starts_on',
      'organisation_members.term_ends_on',
    ])
    .where('organisation_members.group_id', '=', organisationId)
    .where('organisation_members.role', '<>', 'member')
    .orderBy('organisation_members.term_starts_on', 'desc')
    .orderBy('users.id')
    .execute();
}

export async function countMembers(db: Db, organisationIds: readonly string[]): Promise<Map<string, number>> {
  if (organisationIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('organisation_members')
    .select(['group_id', (eb) => eb.fn.countAll<string | number>().as('n')])
    .where('group_id', 'in', organisationIds)
    .groupBy('group_id')
    .execute();
  return new Map(rows.map((r) => [r.group_id, Number(r.n)]));
}

/** A person by 利用者番号: how staff name an officer at the counter. */
export async function findUserIdByNumber(db: Db, number: string) {
  return db.selectFrom('users').select(['id', 'name', 'number']).where('number', '=', number).executeTakeFirst();
}
