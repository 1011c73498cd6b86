/**
 * A resident joins an association with a passcode: their household (kernel) gets the association and the
 * passcode's 班, at once or after an officer's approval, as the association chose. Nothing changes for a
 * household that is in an association already (this one or another): the resident is told which.
 * Officers approve or decline waiting joins; both are audited, as is the join itself.
 */
import type { Db } from '../../db/database.ts';
import { isUniqueViolation } from '../../db/errors.ts';
import { InvalidInputError, NotFoundError } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';
import type { Clock } from '../../lib/time.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import type { User } from '../../platform/authz/actor.ts';
import { findHouseholdOfUser } from '../../platform/household/household.repository.ts';
import { requireManagesJoining } from './association.policy.ts';
import * as repo from './association.repository.ts';
import { officerViewOf, PASSCODE_LENGTH } from './association.service.ts';

export type JoinOutcome =
  | { kind: 'joined'; associationId: string; associationName: string; hanName: string | null }
  | { kind: 'pending'; associationId: string; associationName: string }
  | { kind: 'alreadyPending'; associationName: string }
  | { kind: 'alreadyMember'; associationName: string }
  | { kind: 'elsewhere'; associationName: string }
  | { kind: 'otherWard'; associationName: string }
  | { kind: 'noHousehold' };

/** What a resident typed, as the code is stored: full-width digits, spaces and hyphens allowed. */
export function normalizePasscode(typed: string): string {
  return typed.normalize('NFKC').replace(/[\s\-ー－‐]/g, '');
}

export function isPasscodeShape(code: string): boolean {
  return new RegExp(`^\\d{${PASSCODE_LENGTH}}$`).test(code);
}

/** "1234 5678": how a code is printed and shown, in two halves that are easy to read out. */
export function formatPasscode(code: string): string {
  return `${code.slice(0, 4)} ${code.slice(4)}`;
}

async function nameOf(db: Db, id: string) {
  return (await repo.findAssociation(db, id))?.name ?? '';
}

/**
 * Joins with a code already checked for its shape (the caller counted the try against the guess budget).
 * A wrong or revoked code is a field error; everything else an outcome the page explains.
 */
export async function joinByPasscode(db: Db, clock: Clock, actor: User, code: string): Promise<JoinOutcome> {
  const passcode = await repo.findPasscodeByCode(db, code);
  if (!passcode) throw new InvalidInputError([{ field: 'code', key: 'errAssocPasscodeUnknown' }]);
  if (passcode.revoked_at) throw new InvalidInputError([{ field: 'code', key: 'errAssocPasscodeRevoked' }]);
  const association = await repo.findAssociation(db, passcode.association_id);
  if (!association) throw new InvalidInputError([{ field: 'code', key: 'errAssocPasscodeUnknown' }]);
  const household = await findHouseholdOfUser(db, actor.id);
  if (household?.status !== 'active') return { kind: 'noHousehold' };
  if (household.association_id === association.id) return { kind: 'alreadyMember', associationName: association.name };
  if (household.association_id) return { kind: 'elsewhere', associationName: await nameOf(db, household.association_id) };
  if (association.ward_id && association.ward_id !== household.ward_id) return { kind: 'otherWard', associationName: association.name };
  const place = { associationId: association.id, hanId: passcode.han_id };
  const now = clock.now();
  const audit = { actorId: actor.id, targetType: 'household', targetId: household.id };

  if (await repo.requiresApproval(db, association.id)) {
    const waiting = await repo.findPendingRequestOfHousehold(db, household.id);
    if (waiting) return { kind: 'alreadyPending', associationName: waiting.association_name };
    try {
      await db.transaction().execute(async (trx) => {
        const requestId = newId('ajr');
        await repo.insertJoinRequest(trx, {
          id: requestId,
          association_id: association.id,
          han_id: passcode.han_id,
          household_id: household.id,
          passcode_id: passcode.id,
          requested_by: actor.id,
          created_at: now.toISOString(),
        });
        await recordAudit(trx, now, { ...audit, action: 'association.join.request', after: { request_id: requestId, ...place } });
      });
    } catch (error) {
      // Two requests of one household at once: the one-pending index lets one in.
      if (!isUniqueViolation(error)) throw error;
      return { kind: 'alreadyPending', associationName: association.name };
    }
    return { kind: 'pending', associationId: association.id, associationName: association.name };
  }

  const joined = await db.transaction().execute(async (trx) => {
    if (!(await repo.joinHousehold(trx, household.id, place, now.toISOString()))) return false;
    await recordAudit(trx, now, {
      ...audit,
      action: 'association.join',
      before: { association_id: null, han_id: null },
      after: { association_id: place.associationId, han_id: place.hanId, channel: 'web', passcode_id: passcode.id },
    });
    return true;
  });
  if (!joined) {
    // Someone of the household (or the same person twice) got there first: say where it is now.
    const current = await findHouseholdOfUser(db, actor.id);
    if (current?.association_id === association.id) return { kind: 'alreadyMember', associationName: association.name };
    return { kind: 'elsewhere', associationName: current?.association_id ? await nameOf(db, current.association_id) : association.name };
  }
  const hanName = passcode.han_id ? ((await repo.listHan(db, association.id)).find((h) => h.id === passcode.han_id)?.name ?? null) : null;
  return { kind: 'joined', associationId: association.id, associationName: association.name, hanName };
}

/**
 * An officer approves or declines a waiting join. Approving puts the household in the association unless
 * it joined another meanwhile (then nothing changes and the officer is told: decline it).
 */
export async function decideJoinRequest(
  db: Db,
  clock: Clock,
  actor: User,
  associationId: string,
  requestId: string,
  decision: 'approved' | 'declined',
): Promise<void> {
  requireManagesJoining(await officerViewOf(db, clock, actor, associationId));
  const request = await repo.findRequest(db, requestId);
  if (!request || request.association_id !== associationId) throw new NotFoundError('page');
  const now = clock.now();
  await db.transaction().execute(async (trx) => {
    if (!(await repo.decideRequest(trx, requestId, decision, actor.id, now.toISOString()))) {
      throw new InvalidInputError([{ field: 'request', key: 'errAssocRequestDecided' }]);
    }
    const place = { associationId, hanId: request.han_id };
    if (decision === 'approved' && !(await repo.joinHousehold(trx, request.household_id, place, now.toISOString()))) {
      throw new InvalidInputError([{ field: 'request', key: 'errAssocRequestHouseholdTaken' }]);
    }
    await recordAudit(trx, now, {
      actorId: actor.id,
      action: decision === 'approved' ? 'association.join.approve' : 'association.join.decline',
      targetType: 'household',
      targetId: request.household_id,
      before: { request_id: requestId, status: 'pending' },
      after: { request_id: requestId, status: decision, ...(decision === 'approved' ? place : {}) },
    });
  });
}
