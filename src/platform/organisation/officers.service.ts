/**
 * Officers (役員) of a registry entry and their terms: staff name a person by 利用者番号 with a role and a
 * term; a term ends on a day (the 総会 of the hand-over) and the row stays, so the list shows who served
 * when. One role per person and body at a time (the membership key): a new office replaces the old one.
 */
import type { Db } from '../../db/database.ts';
import { InvalidInputError, NotFoundError } from '../../lib/errors.ts';
import { type Clock, todayIn } from '../../lib/time.ts';
import { recordAudit } from '../audit/audit.ts';
import type { User } from '../authz/actor.ts';
import * as members from './membership.repository.ts';
import { requireManageRegistry } from './organisation.policy.ts';
import { type MemberRole, toOrganisation } from './organisation.ts';

export interface Officer {
  userId: string;
  name: string;
  number: string;
  role: string;
  termStartsOn: string | null;
  termEndsOn: string | null;
  /** Serving today: no end, or an end today or later. */
  current: boolean;
}

export async function listOfficers(db: Db, clock: Clock, organisationId: string): Promise<Officer[]> {
  const today = todayIn(clock);
  const rows = await members.listOfficers(db, organisationId);
  const officers = rows.map((r) => ({
    userId: r.user_id,
    name: r.name,
    number: r.number,
    role: r.role,
    termStartsOn: r.term_starts_on,
    termEndsOn: r.term_ends_on,
    current: (r.term_starts_on === null || r.term_starts_on <= today) && (r.term_ends_on === null || r.term_ends_on >= today),
  }));
  return [...officers.filter((o) => o.current), ...officers.filter((o) => !o.current)];
}

async function entryInScope(db: Db, actor: User | undefined, organisationId: string) {
  const row = await members.findOrganisation(db, organisationId);
  if (!row || Number(row.official) !== 1) throw new NotFoundError('organisation');
  return { row, staff: requireManageRegistry(actor, row.ward_id) };
}

export interface OfficeInput {
  number: string;
  role: MemberRole;
  termStartsOn?: string | undefined;
  termEndsOn?: string | undefined;
}

export async function appointOfficer(db: Db, clock: Clock, actor: User | undefined, organisationId: string, input: OfficeInput) {
  const now = clock.now();
  await db.transaction().execute(async (trx) => {
    const { row, staff } = await entryInScope(trx, actor, organisationId);
    if (input.role === 'han_leader' && toOrganisation(row).kind !== 'han')
      throw new InvalidInputError([{ field: 'role', key: 'errOfficerHanLeader' }]);
    if (input.termStartsOn && input.termEndsOn && input.termEndsOn < input.termStartsOn) {
      throw new InvalidInputError([{ field: 'termEndsOn', key: 'errOfficerTermOrder' }]);
    }
    const person = await members.findUserIdByNumber(trx, input.number);
    if (!person) throw new InvalidInputError([{ field: 'number', key: 'errOfficerUnknownNumber' }]);
    const office = { role: input.role, termStartsOn: input.termStartsOn ?? null, termEndsOn: input.termEndsOn ?? null };
    const before = await members.findMember(trx, organisationId, person.id);
    if (before) await members.setOffice(trx, organisationId, person.id, office);
    else await members.addMember(trx, organisationId, person.id, now.toISOString(), office);
    await recordAudit(trx, now, {
      actorId: staff.id,
      action: 'organisation.officer.appoint',
      targetType: 'organisation',
      targetId: organisationId,
      before: before
        ? { user_id: person.id, role: before.role, term_starts_on: before.term_starts_on, term_ends_on: before.term_ends_on }
        : undefined,
      after: { user_id: person.id, role: office.role, term_starts_on: office.termStartsOn, term_ends_on: office.termEndsOn },
    });
  });
}

export async function endOfficerTerm(
  db: Db,
  clock: Clock,
  actor: User | undefined,
  organisationId: string,
  userId: string,
  endsOn: string,
) {
  const now = clock.now();
  await db.transaction().execute(async (trx) => {
    const { staff } = await entryInScope(trx, actor, organisationId);
    const before = await members.findMember(trx, organisationId, userId);
    if (!before || before.role === 'member') throw new NotFoundError('page');
    if (before.term_starts_on && endsOn < before.term_starts_on)
      throw new InvalidInputError([{ field: 'endsOn', key: 'errOfficerTermOrder' }]);
    await members.endTerm(trx, organisationId, userId, endsOn);
    await recordAudit(trx, now, {
      actorId: staff.id,
      action: 'organisation.officer.end_term',
      targetType: 'organisation',
      targetId: organisationId,
      before: { user_id: userId, term_ends_on: before.term_ends_on },
      after: { user_id: userId, term_ends_on: endsOn },
    });
  });
}
