/** Queries for groups (団体) only a booking group has: creation, the cap, hand-over, invitations, verification. */
import type { Insertable } from 'kysely';
import type { Db, Trx } from '../../db/database.ts';
import type { OrganisationTable } from '../../db/schema.ts';

export async function insertGroup(trx: Trx, group: Insertable<OrganisationTable> & { representative_id: string; created_at: string }) {
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
export async function lockUser(trx: Trx, userId: string) {
  await trx
    .updateTable('users')
    .set((eb) => ({ updated_at: eb.ref('updated_at') }))
    .where('id', '=', userId)
    .execute();
}

export async function countRepresentedBy(db: Db, userId: string): Promise<number> {
  const row = await db
    .selectFrom('organisations')
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .where('representative_id', '=', userId)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

// A group's row and its members are the registry's (platform/organisation/membership.repository.ts); the
// verification desk reads and writes the row through these two names.
export {
  findOrganisation as findGroup,
  updateOrganisation as updateGroup,
} from '../../platform/organisation/membership.repository.ts';

/** Makes `to` (a member) the representative and `from` a member, in the group and its members. */
export async function handOver(trx: Trx, groupId: string, from: string, to: string): Promise<boolean> {
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
  trx: Trx,
  row: { id: string; group_id: string; user_id: string; invited_by: string; created_at: string },
) {
  await trx.insertInto('group_invitations').values(row).execute();
}

export async function findInvitation(db: Db, id: string) {
  return db.selectFrom('group_invitations').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function deleteInvitation(trx: Trx, id: string): Promise<boolean> {
  const result = await trx.deleteFrom('group_invitations').where('id', '=', id).executeTakeFirst();
  return Number(result.numDeletedRows) === 1;
}

/** Open invitations a person has received, with the group's name and type. */
export async function listInvitationsOfUser(db: Db, userId: string) {
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
export async function listInvitationsOfGroup(db: Db, groupId: string) {
  return db
    .selectFrom('group_invitations')
    .innerJoin('users', 'users.id', 'group_invitations.user_id')
    .select(['group_invitations.id', 'group_invitations.created_at', 'users.name', 'users.number'])
    .where('group_invitations.group_id', '=', groupId)
    .orderBy('group_invitations.created_at')
    .execute();
}

/** Groups waiting for staff to verify their type, oldest request first, with the representative. */
export async function listPendingVerification(db: Db) {
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

export async function findUserContact(db: Db, id: string) {
  return db.selectFrom('users').select(['id', 'name', 'email', 'number']).where('id', '=', id).executeTakeFirst();
}
