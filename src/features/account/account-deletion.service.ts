/**
 * Account deletion (退会). A resident deletes their own account after re-entering their password; a
 * clerk deletes the account of a resident registered at the counter (no password) at their request,
 * with the reason in the audit log (household.policy.ts says who may).
 *
 * Refused while the person represents a group: a group always has a representative (group.policy.ts),
 * so they hand over first. Otherwise, in one transaction: their upcoming bookings are cancelled through
 * the booking cancellation (cells freed, months marked, mails), their lottery entries not yet drawn are
 * withdrawn, sessions, API tokens, reset links and the LINE link removed, memberships, invitations and the household
 * link removed, and the row emptied of personal data. The row stays, with its 利用者番号, as an anonymous
 * booker: past reservations keep pointing at it, so the insights count them as before; the age band of
 * each booking is frozen on it first, since the birth year goes. The email is free to register again.
 */
import type { Db } from '../../db/database.ts';
import { ConflictError, ForbiddenError, InvalidInputError, NotFoundError } from '../../lib/errors.ts';
import { type Clock, todayIn } from '../../lib/time.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import { toUser, type User } from '../../platform/authz/actor.ts';
import { actorById } from '../../platform/authz/assignments.ts';
import { requireMayLeave } from '../../platform/authz/group.policy.ts';
import { isStaff } from '../../platform/authz/policy.ts';
import { requireMayDeleteAccountFor } from '../../platform/household/household.policy.ts';
import { leaveOnAccountDeletion } from '../../platform/household/household-actions.service.ts';
import { deleteCodeOfUser, deleteLinkOfUser } from '../../platform/notify/line/line.repository.ts';
import { cancelUpcomingOfLeavingPerson } from '../booking/reservations.service.ts';
import { ageBandOf } from '../insights/usage-count.ts';
import { withdrawOpenEntriesOfLeavingPerson } from '../lottery/lottery.service.ts';
import { accountJa } from './account.messages.ts';
import * as repo from './account.repository.ts';
import { lockUser } from './group.repository.ts';
import { groupsOf } from './group.service.ts';
import { verifyPassword } from './password.ts';

/**
 * The name an emptied account shows wherever it is still listed (a past booking on a day sheet). Read from
 * the texts themselves: this is stored in the database, and is made while modules load, before startup
 * installs the dictionaries.
 */
export const DELETED_USER_NAME = accountJa.deletedUserName;

/** The groups the person represents: while any, the account cannot be deleted (hand over first). */
export async function groupsBlockingDeletion(db: Db, userId: string): Promise<string[]> {
  return (await groupsOf(db, userId)).filter((g) => g.role === 'representative').map((g) => g.name);
}

/** The resident deletes their own account; the password is asked again, so a left-open session cannot. */
export async function deleteOwnAccount(db: Db, clock: Clock, user: User, password: string): Promise<void> {
  const row = await repo.findUserById(db, user.id);
  if (!row || row.deleted_at) throw new ConflictError('errAccountDeleted');
  if (!row.password_hash || !(await verifyPassword(password, row.password_hash))) {
    throw new InvalidInputError([{ field: 'password', key: 'errDeletePassword' }]);
  }
  await deleteAccount(db, clock, toUser(row), { operatorId: user.id, channel: 'web', reason: null });
}

/** A clerk deletes a counter resident's account at their request; the reason is audited. */
export async function deleteAccountAtCounter(
  db: Db,
  clock: Clock,
  staff: User | undefined,
  residentId: string,
  input: { reason: string; channel: 'counter' | 'phone' },
): Promise<void> {
  const row = await repo.findUserById(db, residentId);
  if (!row || row.deleted_at) throw new NotFoundError('page');
  const clerk = requireMayDeleteAccountFor(staff, {
    isStaff: isStaff(await actorById(db, row.id)),
    hasPassword: row.password_hash !== null,
  });
  await deleteAccount(db, clock, toUser(row), { operatorId: clerk.id, channel: input.channel, reason: input.reason });
}

async function deleteAccount(
  db: Db,
  clock: Clock,
  person: User,
  operator: { operatorId: string; channel: 'web' | 'counter' | 'phone'; reason: string | null },
): Promise<void> {
  const now = clock.now();
  const today = todayIn(clock);
  await db.transaction().execute(async (trx) => {
    // Held first: a second deletion, or a hand-over to this person, waits for this one and then sees it.
    await lockUser(trx, person.id);
    const current = await repo.findUserById(trx, person.id);
    if (!current || current.deleted_at) throw new ConflictError('errAccountDeleted');
    for (const g of await groupsOf(trx, person.id)) {
      try {
        requireMayLeave({ groupId: g.id, role: g.role });
      } catch (error) {
        if (error instanceof ForbiddenError) throw new ForbiddenError(error.reason, 'errDeleteHandOverFirst');
        throw error;
      }
    }
    const cancelled = await cancelUpcomingOfLeavingPerson(trx, clock, person);
    const withdrawn = await withdrawOpenEntriesOfLeavingPerson(trx, person.id);
    await repo.deleteCredentials(trx, person.id);
    // LINE stops at once: the link and any pending link code go with the account.
    await deleteLinkOfUser(trx, person.id);
    await deleteCodeOfUser(trx, person.id);
    await repo.deleteMemberships(trx, person.id);
    await leaveOnAccountDeletion(trx, now, today, person.id, operator.operatorId);
    if (person.birthYear !== null) {
      for (const year of await repo.bookingYearsOf(trx, person.id)) {
        await repo.freezeAgeBand(trx, person.id, year, ageBandOf(person.birthYear, Number(year)));
      }
    }
    if (!(await repo.anonymiseUser(trx, person.id, now.toISOString(), DELETED_USER_NAME))) throw new ConflictError('errAccountDeleted');
    // No personal data in the log: the row it names is emptied, and the log is never edited.
    await recordAudit(trx, now, {
      actorId: operator.operatorId,
      action: 'account.delete',
      targetType: 'user',
      targetId: person.id,
      reason: operator.reason,
      before: { number: person.number },
      after: { channel: operator.channel, cancelledReservations: cancelled, withdrawnEntries: withdrawn },
    });
  });
}
