/**
 * What happens to a household after it is registered: people added and removed, one person leaving (the
 * last one leaving ends the household), the whole household moving out (転出: it leaves its 班 and
 * association and is kept for the record, its accounts free to join another), and the person whose
 * account is deleted leaving with it. Every change is audited with the operator and the channel, in the
 * same transaction; the household row is held first, so two changes to one household queue up.
 */
import type { Db, Trx } from '../../db/database.ts';
import { isUniqueViolation } from '../../db/errors.ts';
import { ConflictError, InvalidInputError, NotFoundError } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';
import { type Clock, type LocalDate, todayIn } from '../../lib/time.ts';
import { recordAudit } from '../audit/audit.ts';
import type { User } from '../authz/actor.ts';
import { channelOf, requireHouseholdAccess, requireMayRemovePeople } from './household.policy.ts';
import * as repo from './household.repository.ts';
import { accessTo, accountByNumber, type NewPerson, personRow } from './household.service.ts';

async function householdWithAccess(db: Db, clock: Clock, actor: User | undefined, householdId: string) {
  const row = await repo.findHousehold(db, householdId);
  if (!row) throw new NotFoundError('page');
  const access = requireHouseholdAccess(await accessTo(db, clock, actor, row));
  return { row, access };
}

/** Holds the household; a moved-out one takes no more changes (409). */
async function holdActive(trx: Trx, householdId: string, at: string): Promise<void> {
  if (!(await repo.lockActiveHousehold(trx, householdId, at))) throw new ConflictError('errHouseholdEnded');
}

/**
 * Adds a person. A person of the household adds someone without an account (a child, a parent reached
 * on paper); staff and officers may also link a person to their account by 利用者番号.
 */
export async function addPerson(db: Db, clock: Clock, actor: User, householdId: string, person: NewPerson): Promise<string> {
  const { access } = await householdWithAccess(db, clock, actor, householdId);
  const linkNumber = access === 'member' ? undefined : person.userNumber;
  const linked = linkNumber ? await accountByNumber(db, linkNumber) : undefined;
  const now = clock.now();
  const id = newId('hp');
  try {
    await db.transaction().execute(async (trx) => {
      await holdActive(trx, householdId, now.toISOString());
      await repo.insertPerson(trx, personRow(id, householdId, person, linked?.id ?? null, now.toISOString()));
      await recordAudit(trx, now, {
        actorId: actor.id,
        action: 'household.person_add',
        targetType: 'household',
        targetId: householdId,
        after: { personId: id, withAccount: linked !== undefined, channel: channelOf(access) },
      });
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new InvalidInputError([{ field: 'userNumber', key: 'errHouseholdPersonHasHousehold' }]);
    throw error;
  }
  return id;
}

/**
 * Takes a person out and, when nobody is left, ends the household (moved out on `today`). In the
 * caller's transaction, with the household held. Answers whether the household ended.
 */
async function takeOut(trx: Trx, householdId: string, personId: string, today: LocalDate, at: string): Promise<boolean> {
  if (!(await repo.deletePerson(trx, householdId, personId))) throw new NotFoundError('page');
  if ((await repo.countPeople(trx, householdId)) > 0) return false;
  await repo.endHousehold(trx, householdId, today, at);
  return true;
}

/** Staff or an officer remove a person (moved away, passed away); the last one ends the household. */
export async function removePerson(db: Db, clock: Clock, actor: User, householdId: string, personId: string): Promise<void> {
  const { access } = await householdWithAccess(db, clock, actor, householdId);
  requireMayRemovePeople(access);
  const now = clock.now();
  await db.transaction().execute(async (trx) => {
    await holdActive(trx, householdId, now.toISOString());
    const ended = await takeOut(trx, householdId, personId, todayIn(clock), now.toISOString());
    await recordAudit(trx, now, {
      actorId: actor.id,
      action: 'household.person_remove',
      targetType: 'household',
      targetId: householdId,
      after: { personId, householdEnded: ended, channel: channelOf(access) },
    });
  });
}

/** The person leaves their household; if they were the last one, the household ends. */
export async function leaveHousehold(db: Db, clock: Clock, user: User): Promise<{ householdEnded: boolean }> {
  const mine = await repo.findHouseholdOfUser(db, user.id);
  if (!mine) throw new ConflictError('errHouseholdNone');
  const now = clock.now();
  return db.transaction().execute(async (trx) => {
    await holdActive(trx, mine.id, now.toISOString());
    const ended = await takeOut(trx, mine.id, mine.person_id, todayIn(clock), now.toISOString());
    await recordAudit(trx, now, {
      actorId: user.id,
      action: 'household.leave',
      targetType: 'household',
      targetId: mine.id,
      after: { personId: mine.person_id, householdEnded: ended, channel: 'web' },
    });
    return { householdEnded: ended };
  });
}

/**
 * 転出: the whole household moves out on `on` (today unless given; not in the future, which would be a
 * plan, not a move). It leaves its 班 and association, keeps its address and people for the record, and
 * its people's accounts are free to join or register another household.
 */
export async function moveOut(
  db: Db,
  clock: Clock,
  actor: User,
  householdId: string,
  input: { on?: LocalDate | undefined; reason?: string | undefined } = {},
): Promise<void> {
  const { row, access } = await householdWithAccess(db, clock, actor, householdId);
  const today = todayIn(clock);
  const on = input.on ?? today;
  if (on > today) throw new InvalidInputError([{ field: 'on', key: 'errHouseholdMoveOutFuture' }]);
  const now = clock.now();
  await db.transaction().execute(async (trx) => {
    await holdActive(trx, householdId, now.toISOString());
    await repo.endHousehold(trx, householdId, on, now.toISOString());
    await recordAudit(trx, now, {
      actorId: actor.id,
      action: 'household.move_out',
      targetType: 'household',
      targetId: householdId,
      reason: input.reason ?? null,
      before: { status: row.status, associationId: row.association_id, hanId: row.han_id },
      after: { status: 'moved_out', movedOutOn: on, channel: channelOf(access) },
    });
  });
}

/**
 * Inside an account deletion's transaction: the person's link to their household goes with their row
 * (their name with it); the last person leaving ends the household. Nothing when they have none.
 */
export async function leaveOnAccountDeletion(trx: Trx, now: Date, today: LocalDate, userId: string, operatorId: string): Promise<void> {
  const mine = await repo.findHouseholdOfUser(trx, userId);
  if (!mine) return;
  await holdActive(trx, mine.id, now.toISOString());
  const ended = await takeOut(trx, mine.id, mine.person_id, today, now.toISOString());
  await recordAudit(trx, now, {
    actorId: operatorId,
    action: 'household.leave',
    targetType: 'household',
    targetId: mine.id,
    reason: 'account deleted',
    after: { personId: mine.person_id, householdEnded: ended },
  });
}
