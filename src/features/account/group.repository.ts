/** Queries for groups (団体): the groups, their members, invitations and verification. */
import type { Insertable, Kysely, Updateable } from 'kysely';
import type { Database, OrganisationTable } from '../../db/schema.ts';
import { kanaFoldKey } from '../../lib/normalize.ts';

type Executor = Kysely<Database>;

export async function insertGroup(trx: Executor, group: Insertable<OrganisationTable> & { representative_id: string; created_at: string }) {
  await trx.insertInto('organisations').values(group).execute();
  await trx
    .insertInto('organisation_members')
    .values({ group_id: group.id, user_id: group.representative_id, role: 'representative', created_at: group.created_at })
    .execute();
}

/**
 * Takes the person's row for the rest of the transaction (a row lock on PostgreSQL; SQLite has one writer
 * at a time), so two requests counting that person's groups cannot both pass the cap.
 */
export async function lockUser(trx: Executor, userId: string) {
  await trx
    .updateTable('users')
    .set((eb) => ({ updated_at: eb.ref('updated_at') }))
    .where('id', '=', userId)
    .execute();
}

export async function countRepresentedBy(db: Executor, userId: string): Promise<number> {
  const row = await db
    .selectFrom('organisations')
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .where('representative_id', '=', userId)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

export async function findGroup(db: Executor, id: string) {
  return db.selectFrom('organisations').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function updateGroup(trx: Executor, id: string, values: Updateable<OrganisationTable>) {
  await trx.updateTable('organisations').set(values).where('id', '=', id).execute();
}

export async function listGroupsOfUser(db: Executor, userId: string) {
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
export async function listGroupMembers(db: Executor, groupId: string) {
  const rows = await db
    .selectFrom('organisation_members')
    .innerJoin('users', 'users.id', 'organisation_members.user_id')
    .select(['users.id', 'users.name', 'users.name_kana', 'users.number', 'organisation_members.role'])
    .where('organisation_members.group_id', '=', groupId)
    .execute();
  const key = new Map(rows.map((r) => [r.id, kanaFoldKey(r.name_kana)]));
  return rows
    .sort((a, b) => (key.get(a.id) ?? '').localeCompare(key.get(b.id) ?? '', 'ja') || a.id.localeCompare(b.id))
    .map(({ name_kana: _kana, ...member }) => member);
}

export async function findMember(db: Executor, groupId: string, userId: string) {
  return db.selectFrom('organisation_members').selectAll().where('group_id', '=', groupId).where('user_id', '=', userId).executeTakeFirst();
}

export async function addGroupMember(trx: Executor, groupId: string, userId: string, at: string) {
  await trx.insertInto('organisation_members').values({ group_id: groupId, user_id: userId, role: 'member', created_at: at }).execute();
}

export async function removeGroupMember(trx: Executor, groupId: string, userId: string): Promise<boolean> {
  const result = await trx
    .deleteFrom('organisation_members')
    .where('group_id', '=', groupId)
    .where('user_id', '=', userId)
    .where('role', '=', 'member') // the representative hands over first
    .executeTakeFirst();
  return Number(result.numDeletedRows) === 1;
}

/** Makes `to` (a member) the representative and `from` a member, in the group and its members. */
export async function handOver(trx: Executor, groupId: string, from: string, to: string): Promise<boolean> {
  const moved = await trx
    .updateTable('organisations')
    .set({ representative_id: to })
    .where('id', '=', groupId)
    .where('representative_id', '=', from)
    .executeTakeFirst();
  if (Number(moved.numUpdatedRows) !== 1) return false;
  await trx
    .updateTable('organisation_members')
    .set({ role: 'member' })
    .where('group_id', '=', groupId)
    .where('user_id', '=', from)
    .execute();
  await trx
    .updateTable('organisation_members')
    .set({ role: 'representative' })
    .where('group_id', '=', groupId)
    .where('user_id', '=', to)
    .execute();
  return true;
}

export async function insertInvitation(
  trx: Executor,
  row: { id: string; group_id: string; user_id: string; invited_by: string; created_at: string },
) {
  await trx.insertInto('group_invitations').values(row).execute();
}

export async function findInvitation(db: Executor, id: string) {
  return db.selectFrom('group_invitations').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function deleteInvitation(trx: Executor, id: string): Promise<boolean> {
  const result = await trx.deleteFrom('group_invitations').where('id', '=', id).executeTakeFirst();
  return Number(result.numDeletedRows) === 1;
}

/** Open invitations a person has received, with the group's name and type. */
export async function listInvitationsOfUser(db: Executor, userId: string) {
  return db
    .selectFrom('group_invitations')
    .innerJoin('organisations', 'organisations.id', 'group_invitations.group_id')
    .innerJoin('users as inviter', 'inviter.id', 'group_invitations.invited_by')
    .select([
      'group_invitations.id',
      'group_invitations.created_at',
      'organisations.id as group_id',
      'organisations.name as group_name',
      'organisations.type',
    ])
    .select('inviter.name as invited_by_name')
    .where('group_invitations.user_id', '=', userId)
    .orderBy('group_invitations.created_at')
    .execute();
}

/** Open invitations of a group, with who is invited. */
export async function listInvitationsOfGroup(db: Executor, groupId: string) {
  return db
    .selectFrom('group_invitations')
    .innerJoin('users', 'users.id', 'group_invitations.user_id')
    .select(['group_invitations.id', 'group_invitations.created_at', 'users.name', 'users.number'])
    .where('group_invitations.group_id', '=', groupId)
    .orderBy('group_invitations.created_at')
    .execute();
}

/** Groups waiting for staff to verify their type, oldest request first, with the representative. */
export async function listPendingVerification(db: Executor) {
  return db
    .selectFrom('organisations')
    .innerJoin('users', 'users.id', 'organisations.representative_id')
    .select([
      'organisations.id',
      'organisations.name',
      'organisations.type',
      'organisations.member_count',
      'organisations.verification_requested_at',
    ])
    .select(['users.name as representative_name', 'users.number as representative_number', 'users.phone as representative_phone'])
    .where('organisations.verification_status', '=', 'pending')
    .orderBy('organisations.verification_requested_at')
    .limit(200)
    .execute();
}

export async function findUserContact(db: Executor, id: string) {
  return db.selectFrom('users').select(['id', 'name', 'email', 'number']).where('id', '=', id).executeTakeFirst();
}
