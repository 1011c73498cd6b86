/**
 * An association's page (the public part and what its officers see) and the officers' joining tools:
 * passcodes for the association or one 班, revoked when a paper goes astray, and whether a join waits
 * for approval. Every officer action is in the audit log, in the transaction of the change.
 */
import type { Db } from '../../db/database.ts';
import { isUniqueViolation } from '../../db/errors.ts';
import { InvalidInputError, NotFoundError } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';
import { type Clock, todayIn } from '../../lib/time.ts';
import { randomDigits } from '../../lib/tokens.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import type { User } from '../../platform/authz/actor.ts';
import { officershipsOf } from '../../platform/household/household.repository.ts';
import { listOfficers, type Officer } from '../../platform/organisation/officers.service.ts';
import { type OfficerView, officerView, requireManagesJoining } from './association.policy.ts';
import * as repo from './association.repository.ts';

/** Digits only: a keypad on any phone, read out on the phone, no letters to confuse (0/O, 1/I). */
export const PASSCODE_LENGTH = 8;

export interface MemberHousehold {
  id: string;
  addressLine: string;
  people: { name: string; phone: string | null }[];
}

export interface AssociationPage {
  id: string;
  name: string;
  wardName: string | null;
  districtName: string | null;
  han: { id: string; name: string }[];
  householdCount: number;
  /** Only for the association's officers. */
  officer?: {
    view: OfficerView;
    officers: Officer[];
    /** Per 班 the officer sees, in the 班 order; '' for households in no 班 (association officers only). */
    households: { hanId: string; hanName: string | null; households: MemberHousehold[] }[];
  };
}

async function associationOrThrow(db: Db, id: string) {
  const row = await repo.findAssociation(db, id);
  if (!row) throw new NotFoundError('organisation');
  return row;
}

/** What the actor, if any, may see of the association as an officer. */
export async function officerViewOf(db: Db, clock: Clock, actor: User | undefined, associationId: string, hanIds?: string[]) {
  if (!actor) return undefined;
  const ids = hanIds ?? (await repo.listHan(db, associationId)).map((h) => h.id);
  return officerView(await officershipsOf(db, actor.id), { id: associationId, hanIds: ids }, todayIn(clock));
}

export async function associationPage(db: Db, clock: Clock, actor: User | undefined, id: string): Promise<AssociationPage> {
  const row = await associationOrThrow(db, id);
  const [han, wardName, districtName, householdCount] = await Promise.all([
    repo.listHan(db, id),
    repo.wardName(db, row.ward_id),
    repo.schoolDistrictName(db, row),
    repo.countHouseholds(db, id),
  ]);
  const page: AssociationPage = { id, name: row.name, wardName, districtName, han, householdCount };
  const view = await officerViewOf(
    db,
    clock,
    actor,
    id,
    han.map((h) => h.id),
  );
  if (!view) return page;
  const byHousehold = new Map<string, MemberHousehold & { hanId: string }>();
  for (const r of await repo.listMemberHouseholds(db, id)) {
    if (view.han !== 'all' && (!r.han_id || !view.han.includes(r.han_id))) continue;
    let h = byHousehold.get(r.household_id);
    if (!h) {
      h = { id: r.household_id, addressLine: r.address_line, hanId: r.han_id ?? '', people: [] };
      byHousehold.set(r.household_id, h);
    }
    if (r.name !== null) h.people.push({ name: r.name, phone: r.person_phone ?? r.account_phone ?? null });
  }
  const groups = [...han.map((h) => ({ hanId: h.id, hanName: h.name })), { hanId: '', hanName: null }]
    .filter((g) => view.han === 'all' || view.han.includes(g.hanId))
    .map((g) => ({ ...g, households: [...byHousehold.values()].filter((h) => h.hanId === g.hanId) }));
  page.officer = { view, officers: await listOfficers(db, clock, id), households: groups };
  return page;
}

export interface JoiningTools {
  association: { id: string; name: string };
  han: { id: string; name: string }[];
  requiresApproval: boolean;
  passcodes: Awaited<ReturnType<typeof repo.listPasscodes>>;
  pending: Awaited<ReturnType<typeof repo.listPendingRequests>>;
}

/** The officer page of joining: 403 for anyone who does not run joining in this association. */
export async function joiningTools(db: Db, clock: Clock, actor: User, id: string): Promise<JoiningTools> {
  const row = await associationOrThrow(db, id);
  const han = await repo.listHan(db, id);
  requireManagesJoining(
    await officerViewOf(
      db,
      clock,
      actor,
      id,
      han.map((h) => h.id),
    ),
  );
  const [requiresApproval, passcodes, pending] = await Promise.all([
    repo.requiresApproval(db, id),
    repo.listPasscodes(db, id),
    repo.listPendingRequests(db, id),
  ]);
  return { association: { id, name: row.name }, han, requiresApproval, passcodes, pending };
}

async function requireJoinManager(db: Db, clock: Clock, actor: User, associationId: string) {
  await associationOrThrow(db, associationId);
  requireManagesJoining(await officerViewOf(db, clock, actor, associationId));
}

/** A new passcode for the association or one of its 班; a (rare) clash with an existing code draws again. */
export async function createPasscode(db: Db, clock: Clock, actor: User, associationId: string, hanId: string | undefined) {
  await requireJoinManager(db, clock, actor, associationId);
  if (hanId && !(await repo.listHan(db, associationId)).some((h) => h.id === hanId)) {
    throw new InvalidInputError([{ field: 'hanId', key: 'errAssocHan' }]);
  }
  const now = clock.now();
  for (let attempt = 0; attempt < 5; attempt++) {
    const row = {
      id: newId('apc'),
      code: randomDigits(PASSCODE_LENGTH),
      association_id: associationId,
      han_id: hanId ?? null,
      created_by: actor.id,
      created_at: now.toISOString(),
    };
    try {
      await db.transaction().execute(async (trx) => {
        await repo.insertPasscode(trx, row);
        await recordAudit(trx, now, {
          actorId: actor.id,
          action: 'association.passcode.create',
          targetType: 'organisation',
          targetId: associationId,
          after: { passcode_id: row.id, han_id: row.han_id },
        });
      });
      return row;
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
    }
  }
  throw new Error('could not draw a free passcode');
}

export async function revokePasscode(db: Db, clock: Clock, actor: User, associationId: string, passcodeId: string) {
  await requireJoinManager(db, clock, actor, associationId);
  const now = clock.now();
  await db.transaction().execute(async (trx) => {
    const row = await repo.findPasscode(trx, passcodeId);
    if (!row || row.association_id !== associationId) throw new NotFoundError('page');
    if (!(await repo.revokePasscode(trx, passcodeId, actor.id, now.toISOString()))) return;
    await recordAudit(trx, now, {
      actorId: actor.id,
      action: 'association.passcode.revoke',
      targetType: 'organisation',
      targetId: associationId,
      before: { passcode_id: passcodeId, revoked_at: null },
      after: { passcode_id: passcodeId, revoked_at: now.toISOString() },
    });
  });
}

/** A passcode of the association, for its printed slip (officers who run joining only). */
export async function passcodeForPrint(db: Db, clock: Clock, actor: User, associationId: string, passcodeId: string) {
  const tools = await joiningTools(db, clock, actor, associationId);
  const code = tools.passcodes.find((p) => p.id === passcodeId);
  if (!code) throw new NotFoundError('page');
  return { association: tools.association, code };
}

export async function setRequiresApproval(db: Db, clock: Clock, actor: User, associationId: string, value: boolean) {
  await requireJoinManager(db, clock, actor, associationId);
  const now = clock.now();
  await db.transaction().execute(async (trx) => {
    const before = await repo.requiresApproval(trx, associationId);
    await repo.setRequiresApproval(trx, associationId, value, actor.id, now.toISOString());
    await recordAudit(trx, now, {
      actorId: actor.id,
      action: 'association.join_settings.update',
      targetType: 'organisation',
      targetId: associationId,
      before: { requires_approval: before },
      after: { requires_approval: value },
    });
  });
}
