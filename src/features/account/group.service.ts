/**
 * Groups (団体): registration (at most a few per representative), their details, verification of the
 * type that gives a 減免 (decided by staff, staff/group-verification.service.ts), and membership, which
 * is always by invitation: a person becomes a member only by accepting. Who may do what: group.policy.ts.
 */
import type { Db, Trx } from '../../db/database.ts';
import { isUniqueViolation } from '../../db/errors.ts';
import { ConflictError, InvalidInputError, NotFoundError } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';
import type { Clock } from '../../lib/time.ts';
import { type Membership, requireMayLeave, requireRepresentative } from '../../platform/authz/group.policy.ts';
import { clockAt, notify } from '../../platform/notify/notify.ts';
import * as registry from '../../platform/organisation/membership.repository.ts';
import { integerBetween, type NumberSetting, readNumber } from '../../platform/settings/settings.ts';
import { findUserByNumber } from './account.repository.ts';
import { type Group, type GroupType, initialVerification, REDUCTION_GROUP_TYPES, toGroup } from './account.ts';
import { type ChangeText, groupChangedMail, invitationMail, membershipChangeText } from './group.mail.ts';
import * as repo from './group.repository.ts';

/** How many groups one person may represent unless the city sets `max_groups_represented`. */
export const DEFAULT_MAX_GROUPS_REPRESENTED = 5;

export const MAX_GROUPS_REPRESENTED_SETTING: NumberSetting = {
  key: 'max_groups_represented',
  fallback: DEFAULT_MAX_GROUPS_REPRESENTED,
  accepts: integerBetween(1, Number.MAX_SAFE_INTEGER),
};

export async function maxGroupsRepresented(db: Db): Promise<number> {
  return readNumber(db, MAX_GROUPS_REPRESENTED_SETTING);
}

/** Inside a transaction: refuses a person who already represents as many groups as allowed. */
async function requireUnderCap(trx: Trx, userId: string, field: string): Promise<void> {
  await repo.lockUser(trx, userId);
  const max = await maxGroupsRepresented(trx);
  if ((await repo.countRepresentedBy(trx, userId)) >= max) throw new InvalidInputError([{ field, key: 'errGroupLimit', params: { max } }]);
}

export interface GroupDetails {
  name: string;
  type: GroupType;
  memberCount: number;
}

/** Registers a group with the person as its representative. A type with a 減免 waits for staff. */
export async function registerGroup(db: Db, clock: Clock, representativeId: string, input: GroupDetails): Promise<Group> {
  const now = clock.now().toISOString();
  const verification = initialVerification(input.type);
  const group = {
    id: newId('grp'),
    name: input.name,
    type: input.type,
    member_count: input.memberCount,
    representative_id: representativeId,
    created_at: now,
    verification_status: verification,
    verification_requested_at: verification === 'pending' ? now : null,
  };
  await db.transaction().execute(async (trx) => {
    await requireUnderCap(trx, representativeId, 'name');
    await repo.insertGroup(trx, group);
  });
  const saved = await registry.findOrganisation(db, group.id);
  if (!saved) throw new Error('group vanished after insert');
  return toGroup(saved);
}

/**
 * The representative changes the group's details. A new type undoes a verification (it was of the old
 * type); saving a refused group asks staff again.
 */
export async function updateGroupDetails(db: Db, clock: Clock, actorId: string, groupId: string, input: GroupDetails): Promise<void> {
  const now = clock.now().toISOString();
  await db.transaction().execute(async (trx) => {
    const group = await registry.findOrganisation(trx, groupId);
    if (!group) throw new NotFoundError('page');
    requireRepresentative(await membershipOf(trx, groupId, actorId));
    const askAgain = input.type !== group.type || group.verification_status === 'refused';
    const status = askAgain ? initialVerification(input.type) : group.verification_status;
    await registry.updateOrganisation(trx, groupId, {
      name: input.name,
      type: input.type,
      member_count: input.memberCount,
      ...(askAgain
        ? {
            verification_status: status,
            verified_type: null,
            verified_at: null,
            verified_by: null,
            verification_note: null,
            verification_requested_at: status === 'pending' ? now : null,
          }
        : {}),
    });
  });
}

export async function membershipOf(db: Db, groupId: string, userId: string): Promise<Membership | undefined> {
  const row = await registry.findMember(db, groupId, userId);
  return row ? { groupId, role: row.role } : undefined;
}

export async function groupsOf(db: Db, userId: string) {
  const rows = await registry.listOrganisationsOfUser(db, userId);
  return rows.map((r) => {
    const group = toGroup(r);
    // Its type would give a 減免 that waits for staff: forms say so next to the group's name.
    const awaitsVerification = REDUCTION_GROUP_TYPES.includes(group.type) && !group.reductionVerified;
    return { ...group, role: r.member_role, awaitsVerification };
  });
}

/** A group's page: only its members may see it; the representative also sees open invitations. */
export async function groupForMember(db: Db, groupId: string, userId: string) {
  const row = await registry.findOrganisation(db, groupId);
  if (!row) throw new NotFoundError('page');
  const members = await registry.listMembers(db, groupId);
  const me = members.find((m) => m.id === userId);
  if (!me) throw new NotFoundError('page');
  const invitations = me.role === 'representative' ? await repo.listInvitationsOfGroup(db, groupId) : [];
  return { group: toGroup(row), members, invitations, isRepresentative: me.role === 'representative' };
}

/**
 * The representative invites a resident by 利用者番号. The person is mailed (when they have an email) and
 * becomes a member only by accepting on their account page — or at a counter, for a resident registered
 * there without email (staff see the open invitation when they look the person up).
 */
export async function invite(db: Db, clock: Clock, actorId: string, groupId: string, number: string): Promise<void> {
  const now = clock.now();
  const group = await registry.findOrganisation(db, groupId);
  if (!group) throw new NotFoundError('page');
  requireRepresentative(await membershipOf(db, groupId, actorId));
  const user = await findUserByNumber(db, number);
  if (!user) throw new InvalidInputError([{ field: 'number', key: 'errUserNumberUnknown' }]);
  if (await registry.findMember(db, groupId, user.id)) throw new InvalidInputError([{ field: 'number', key: 'errAlreadyMember' }]);
  const inviter = await repo.findUserContact(db, actorId);
  try {
    await db.transaction().execute(async (trx) => {
      await repo.insertInvitation(trx, {
        id: newId('inv'),
        group_id: groupId,
        user_id: user.id,
        invited_by: actorId,
        created_at: now.toISOString(),
      });
      await notify(trx, clockAt(now), {
        to: user.id,
        kind: 'group.invitation',
        template: (lang) => invitationMail(lang, { name: user.name }, group.name, inviter?.name ?? ''),
      });
    });
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    throw new InvalidInputError([{ field: 'number', key: 'errAlreadyInvited' }]);
  }
}

/** A person's open invitations (their account page; a clerk's view of the resident they serve). */
export async function invitationsFor(db: Db, userId: string) {
  return repo.listInvitationsOfUser(db, userId);
}

type Invitation = NonNullable<Awaited<ReturnType<typeof repo.findInvitation>>>;

/**
 * The invited person accepts (becomes a member) or declines; either way the invitation is gone. A clerk
 * answering for them at the counter or on the phone passes `within`, which records who did, in the same
 * transaction (staff/resident-invitations.service.ts).
 */
export async function answerInvitation(
  db: Db,
  clock: Clock,
  userId: string,
  invitationId: string,
  accept: boolean,
  within?: (trx: Trx, invitation: Invitation) => Promise<void>,
): Promise<string> {
  const now = clock.now();
  return db.transaction().execute(async (trx) => {
    const invitation = await repo.findInvitation(trx, invitationId);
    if (!invitation || invitation.user_id !== userId) throw new NotFoundError('page');
    if (!(await repo.deleteInvitation(trx, invitationId))) throw new ConflictError('errInvitationGone');
    if (within) await within(trx, invitation);
    if (accept && !(await registry.findMember(trx, invitation.group_id, userId))) {
      await registry.addMember(trx, invitation.group_id, userId, now.toISOString());
    }
    await notifyRepresentative(trx, now, invitation.group_id, userId, membershipChangeText(accept ? 'joined' : 'declined'));
    return invitation.group_id;
  });
}

/** The representative withdraws an invitation nobody has answered yet. */
export async function withdrawInvitation(db: Db, actorId: string, groupId: string, invitationId: string): Promise<void> {
  requireRepresentative(await membershipOf(db, groupId, actorId));
  const invitation = await repo.findInvitation(db, invitationId);
  if (!invitation || invitation.group_id !== groupId) throw new NotFoundError('page');
  await db.transaction().execute((trx) => repo.deleteInvitation(trx, invitationId));
}

/** The representative removes a member (not themselves: they hand over first). */
export async function removeMember(db: Db, actorId: string, groupId: string, memberId: string): Promise<void> {
  requireRepresentative(await membershipOf(db, groupId, actorId));
  if (memberId === actorId) requireMayLeave(await membershipOf(db, groupId, actorId));
  await db.transaction().execute(async (trx) => {
    if (!(await registry.removeMember(trx, groupId, memberId))) throw new NotFoundError('page');
  });
}

/** A member leaves the group; the representative is told. */
export async function leaveGroup(db: Db, clock: Clock, userId: string, groupId: string): Promise<void> {
  requireMayLeave(await membershipOf(db, groupId, userId));
  const now = clock.now();
  await db.transaction().execute(async (trx) => {
    if (!(await registry.removeMember(trx, groupId, userId))) throw new NotFoundError('page');
    await notifyRepresentative(trx, now, groupId, userId, membershipChangeText('left'));
  });
}

/** The representative hands the group over to a member, who must be under the cap of groups represented. */
export async function handOverGroup(db: Db, clock: Clock, actorId: string, groupId: string, toUserId: string): Promise<void> {
  requireRepresentative(await membershipOf(db, groupId, actorId));
  const target = await membershipOf(db, groupId, toUserId);
  if (!target || toUserId === actorId) throw new InvalidInputError([{ field: 'memberId', key: 'errHandOverMember' }]);
  const now = clock.now();
  await db.transaction().execute(async (trx) => {
    await requireUnderCap(trx, toUserId, 'memberId');
    if (!(await repo.handOver(trx, groupId, actorId, toUserId))) throw new ConflictError('errGroupChanged');
    const group = await registry.findOrganisation(trx, groupId);
    const to = await repo.findUserContact(trx, toUserId);
    if (group && to) {
      await notify(trx, clockAt(now), {
        to: toUserId,
        kind: 'group.changed',
        template: (lang) => groupChangedMail(lang, { name: to.name }, group.name, '', membershipChangeText('representative')(lang)),
      });
    }
  });
}

/**
 * Tells the representative, by mail, of a change another member made to the group (a booking, a
 * cancellation, the lottery entry, membership). Nothing when the representative made it. Runs in the
 * caller's transaction, so the message exists exactly when the change does.
 */
export async function notifyRepresentative(trx: Trx, now: Date, groupId: string, actorId: string, what: ChangeText): Promise<void> {
  const group = await registry.findOrganisation(trx, groupId);
  if (!group?.representative_id || group.representative_id === actorId) return;
  const [rep, actor] = await Promise.all([repo.findUserContact(trx, group.representative_id), repo.findUserContact(trx, actorId)]);
  if (!rep) return;
  await notify(trx, clockAt(now), {
    to: group.representative_id,
    kind: 'group.changed',
    template: (lang) => groupChangedMail(lang, { name: rep.name }, group.name, actor?.name ?? '', what(lang)),
  });
}
