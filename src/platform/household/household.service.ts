/**
 * Households: registering one (a resident their own online; staff or an officer one with people and no
 * email), finding the paper household a resident joining online already lives in, and joining it by
 * claiming their person row instead of making a second household. Changes to people and moving out:
 * household-actions.service.ts. Who may: household.policy.ts, asked before acting.
 *
 * A stranger is never shown a name: a household is offered as a match only when the address AND the
 * フリガナ of a person without an account (or a phone on record) match theirs, and then only its address and
 * how many people it has.
 */
import type { Db } from '../../db/database.ts';
import { isUniqueViolation } from '../../db/errors.ts';
import type { HouseholdRow } from '../../db/schema.ts';
import { ConflictError, ForbiddenError, InvalidInputError, NotFoundError } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';
import { kanaFoldKey } from '../../lib/normalize.ts';
import { type Clock, todayIn } from '../../lib/time.ts';
import { recordAudit } from '../audit/audit.ts';
import type { User } from '../authz/actor.ts';
import { isAdmin, isStaff } from '../authz/policy.ts';
import {
  type HouseholdAccess,
  householdAccess,
  requireHouseholdAccess,
  requireMayRegisterFor,
  staffCoversWard,
} from './household.policy.ts';
import * as repo from './household.repository.ts';
import {
  addressKey,
  type HouseholdChannel,
  type HouseholdMatch,
  type HouseholdView,
  phoneDigits,
  toHousehold,
  toPerson,
} from './household.ts';

export interface AddressInput {
  wardId: string;
  addressLine: string;
  postcode?: string | undefined;
  /** A 班 of an association of the ward; the association follows from it. */
  hanId?: string | undefined;
}

export interface NewPerson {
  name: string;
  nameKana: string;
  phone?: string | undefined;
  /** Staff and officers may link a person to their account by 利用者番号. */
  userNumber?: string | undefined;
}

/** Where a household is: its ward, and its 自治会 and 班 when chosen, checked against the registry. */
export interface Place {
  wardId: string;
  wardName: string;
  associationId: string | null;
  hanId: string | null;
}

export async function resolvePlace(
  db: Db,
  input: { wardId: string; hanId?: string | undefined; associationId?: string | undefined },
): Promise<Place> {
  const ward = (await repo.wardNames(db)).find((w) => w.id === input.wardId);
  if (!ward) throw new InvalidInputError([{ field: 'wardId', key: 'errHouseholdWard' }]);
  if (input.hanId) {
    const han = await repo.findOrganisation(db, input.hanId);
    const association = han?.parent_id ? await repo.findOrganisation(db, han.parent_id) : undefined;
    const valid =
      han?.kind === 'han' &&
      association?.kind === 'association' &&
      Number(association.official) === 1 &&
      (association.ward_id === null || association.ward_id === ward.id) &&
      (input.associationId === undefined || input.associationId === association.id);
    if (!valid || !association) throw new InvalidInputError([{ field: 'hanId', key: 'errHouseholdHan' }]);
    return { wardId: ward.id, wardName: ward.name, associationId: association.id, hanId: han.id };
  }
  if (input.associationId) {
    const association = await repo.findOrganisation(db, input.associationId);
    if (
      association?.kind !== 'association' ||
      Number(association.official) !== 1 ||
      (association.ward_id && association.ward_id !== ward.id)
    ) {
      throw new InvalidInputError([{ field: 'associationId', key: 'errHouseholdHan' }]);
    }
    return { wardId: ward.id, wardName: ward.name, associationId: association.id, hanId: null };
  }
  return { wardId: ward.id, wardName: ward.name, associationId: null, hanId: null };
}

/** The household with its people and the names of its ward, 自治会 and 班. */
export async function viewOf(db: Db, row: HouseholdRow): Promise<HouseholdView> {
  const household = toHousehold(row);
  const [people, names, wards, withEmail] = await Promise.all([
    repo.listPeople(db, [row.id]),
    repo.organisationNames(
      db,
      [row.association_id, row.han_id].filter((id): id is string => id !== null),
    ),
    repo.wardNames(db),
    repo.countPeopleWithEmail(db, row.id),
  ]);
  return {
    ...household,
    wardName: wards.find((w) => w.id === row.ward_id)?.name ?? row.ward_id,
    associationName: row.association_id ? (names.get(row.association_id) ?? null) : null,
    hanName: row.han_id ? (names.get(row.han_id) ?? null) : null,
    people: people.map(toPerson),
    paperOnly: withEmail === 0,
  };
}

/** The household the person belongs to, or undefined. */
export async function householdOfUser(db: Db, userId: string): Promise<HouseholdView | undefined> {
  const row = await repo.findHouseholdOfUser(db, userId);
  return row ? viewOf(db, row) : undefined;
}

/** Why the actor may act on the household (a person of it, staff, an officer), or undefined. */
export async function accessTo(db: Db, clock: Clock, actor: User | undefined, row: HouseholdRow): Promise<HouseholdAccess | undefined> {
  if (!actor) return undefined;
  const mine = await repo.findHouseholdOfUser(db, actor.id);
  const officerships = row.association_id ? await repo.officershipsOf(db, actor.id) : [];
  return householdAccess(
    actor,
    { wardId: row.ward_id, associationId: row.association_id, hanId: row.han_id },
    { isPerson: mine?.id === row.id, officerships, today: todayIn(clock) },
  );
}

/** A household as someone with access sees it (names included); anyone else is refused (403). */
export async function householdFor(db: Db, clock: Clock, actor: User | undefined, id: string) {
  const row = await repo.findHousehold(db, id);
  if (!row) throw new NotFoundError('page');
  const access = requireHouseholdAccess(await accessTo(db, clock, actor, row));
  return { view: await viewOf(db, row), access };
}

/**
 * Paper households the resident may be part of: at the same address (folded) in the ward, and with a
 * person without an account whose フリガナ is theirs, or a person whose phone is theirs. Only the address
 * and the head count are answered.
 */
export async function findMatches(db: Db, user: User, address: { wardId: string; addressLine: string }): Promise<HouseholdMatch[]> {
  return (await householdsAtAddress(db, user, address)).filter((h) => h.matches).map((h) => h.match);
}

/** The active households at the address, each with whether it matches the user (a paper row of their フリガナ, or their phone). */
async function householdsAtAddress(db: Db, user: User, address: { wardId: string; addressLine: string }) {
  const place = await resolvePlace(db, { wardId: address.wardId });
  const key = addressKey(address.addressLine, place.wardName);
  if (key === '') return [];
  const households = await repo.listActiveAtAddress(db, place.wardId, key);
  const people = await repo.listPeople(
    db,
    households.map((h) => h.id),
  );
  const kana = kanaFoldKey(user.nameKana);
  const phone = phoneDigits(user.phone);
  return households.map((h) => {
    const own = people.filter((p) => p.household_id === h.id);
    const sameKana = (p: (typeof own)[number]) => kana !== '' && kanaFoldKey(p.name_kana) === kana;
    return {
      match: { id: h.id, addressLine: h.address_line, peopleCount: own.length },
      matches: own.some((p) => (p.user_id === null && sameKana(p)) || (phone.length >= 10 && phoneDigits(p.phone) === phone)),
    };
  });
}

function requireNoHousehold(existing: unknown): void {
  if (existing) throw new ConflictError('errHouseholdAlready');
}

/** Runs a write that links an account to a person row; the unique index refuses a second household. */
async function linking<T>(run: () => Promise<T>, onTaken: () => Error): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (isUniqueViolation(error)) throw onTaken();
    throw error;
  }
}

function householdRow(place: Place, input: AddressInput, createdBy: string, channel: HouseholdChannel, now: string) {
  return {
    id: newId('hh'),
    address_line: input.addressLine,
    address_key: addressKey(input.addressLine, place.wardName),
    postcode: input.postcode ?? null,
    ward_id: place.wardId,
    association_id: place.associationId,
    han_id: place.hanId,
    status: 'active',
    moved_out_on: null,
    created_by: createdBy,
    channel,
    created_at: now,
    updated_at: now,
  };
}

/** A resident registers their own household online, with themselves as its first person. */
export async function createOwnHousehold(db: Db, clock: Clock, user: User, input: AddressInput): Promise<string> {
  requireNoHousehold(await repo.findHouseholdOfUser(db, user.id));
  const place = await resolvePlace(db, input);
  const now = clock.now();
  const row = householdRow(place, input, user.id, 'web', now.toISOString());
  const personId = newId('hp');
  await linking(
    () =>
      db.transaction().execute(async (trx) => {
        await repo.insertHousehold(trx, row);
        await repo.insertPerson(trx, {
          id: personId,
          household_id: row.id,
          user_id: user.id,
          name: user.name,
          name_kana: user.nameKana,
          phone: null,
          created_at: row.created_at,
        });
        await recordAudit(trx, now, {
          actorId: user.id,
          action: 'household.create',
          targetType: 'household',
          targetId: row.id,
          after: { wardId: row.ward_id, associationId: row.association_id, hanId: row.han_id, people: [personId], channel: 'web' },
        });
      }),
    () => new ConflictError('errHouseholdAlready'),
  );
  return row.id;
}

/**
 * "This is my household": links the resident's account to the matched household, to the person row
 * without an account whose フリガナ is theirs when there is one (else they are added as a new person: the
 * match was by phone). The match is checked again here from what they typed, so a household id alone
 * never lets anyone in. Of two people claiming the same paper row at once, one gets it; the other is told
 * (409) and nothing of theirs changes.
 */
export async function joinHousehold(
  db: Db,
  clock: Clock,
  user: User,
  householdId: string,
  address: { wardId: string; addressLine: string },
): Promise<void> {
  requireNoHousehold(await repo.findHouseholdOfUser(db, user.id));
  const chosen = (await householdsAtAddress(db, user, address)).find((h) => h.match.id === householdId);
  // A paper row already claimed by an account gets the same answer as no match at all: telling "taken"
  // here would let anyone who knows an address and a フリガナ learn that the person has an account. Only
  // a claim that raced ours inside the transaction below is told (409).
  if (!chosen?.matches) throw new ForbiddenError('not a matching household', 'errHouseholdNoMatch');
  const kana = kanaFoldKey(user.nameKana);
  const now = clock.now();
  await linking(
    () =>
      db.transaction().execute(async (trx) => {
        if (!(await repo.lockActiveHousehold(trx, householdId, now.toISOString()))) throw new ConflictError('errHouseholdEnded');
        const people = await repo.listPeople(trx, [householdId]);
        const sameKana = people.filter((p) => kanaFoldKey(p.name_kana) === kana);
        const row = sameKana.find((p) => p.user_id === null);
        // Their paper row was claimed by someone else meanwhile: never a second row for the same person.
        if (!row && sameKana.length > 0) throw new ConflictError('errHouseholdPersonTaken');
        let personId: string;
        if (row) {
          if (!(await repo.claimPerson(trx, row.id, user.id, { name: user.name, nameKana: user.nameKana }))) {
            throw new ConflictError('errHouseholdPersonTaken');
          }
          personId = row.id;
        } else {
          personId = newId('hp');
          await repo.insertPerson(trx, {
            id: personId,
            household_id: householdId,
            user_id: user.id,
            name: user.name,
            name_kana: user.nameKana,
            phone: null,
            created_at: now.toISOString(),
          });
        }
        await recordAudit(trx, now, {
          actorId: user.id,
          action: 'household.join',
          targetType: 'household',
          targetId: householdId,
          after: { personId, claimed: row !== undefined, channel: 'web' },
        });
      }),
    () => new ConflictError('errHouseholdAlready'),
  );
}

/**
 * Staff covering the ward, or an officer of the association, register a household at the counter or on
 * paper, with its first person (no email needed). A 利用者番号 links that person to their account.
 */
export async function registerHousehold(
  db: Db,
  clock: Clock,
  actor: User,
  input: AddressInput & { associationId?: string | undefined; person: NewPerson },
): Promise<string> {
  const place = await resolvePlace(db, input);
  const officerships = await repo.officershipsOf(db, actor.id);
  const channel = requireMayRegisterFor(actor, place, officerships, todayIn(clock));
  const linkedUser = input.person.userNumber ? await accountByNumber(db, input.person.userNumber) : undefined;
  const now = clock.now();
  const row = householdRow(place, input, actor.id, channel, now.toISOString());
  const personId = newId('hp');
  await linking(
    () =>
      db.transaction().execute(async (trx) => {
        await repo.insertHousehold(trx, row);
        await repo.insertPerson(trx, personRow(personId, row.id, input.person, linkedUser?.id ?? null, row.created_at));
        await recordAudit(trx, now, {
          actorId: actor.id,
          action: 'household.register',
          targetType: 'household',
          targetId: row.id,
          after: { wardId: row.ward_id, associationId: row.association_id, hanId: row.han_id, people: [personId], channel },
        });
      }),
    () => new InvalidInputError([{ field: 'userNumber', key: 'errHouseholdPersonHasHousehold' }]),
  );
  return row.id;
}

export function personRow(id: string, householdId: string, person: NewPerson, userId: string | null, at: string) {
  return {
    id,
    household_id: householdId,
    user_id: userId,
    name: person.name,
    name_kana: person.nameKana,
    phone: person.phone ?? null,
    created_at: at,
  };
}

/** The account a 利用者番号 names (not a deleted one), or a field problem. */
export async function accountByNumber(db: Db, number: string) {
  const row = await repo.findAccountByNumber(db, number);
  if (!row) throw new InvalidInputError([{ field: 'userNumber', key: 'errUserNumberUnknown' }]);
  return row;
}

/**
 * Households staff may look up: by 利用者番号 (8 digits) of a person in it, or by any part of the address.
 * Only in the wards their scope covers; a centre clerk covers none (403).
 */
export async function searchHouseholds(db: Db, staff: User | undefined, query: string) {
  if (!staff || !isStaff(staff)) throw new ForbiddenError('staff only');
  const wards = (await repo.wardNames(db)).filter((w) => staffCoversWard(staff, w.id));
  if (wards.length === 0) throw new ForbiddenError('no ward in scope', 'errHouseholdStaffScope');
  const q = query.normalize('NFKC').trim();
  const wardIds = isAdmin(staff) ? ('all' as const) : wards.map((w) => w.id);
  const rows = /^\d{8}$/.test(q)
    ? await repo.searchHouseholds(db, { wardIds, userNumber: q })
    : await repo.searchHouseholds(db, { wardIds, addressKey: addressKey(q) });
  const people = await repo.listPeople(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((r) => ({
    ...toHousehold(r),
    wardName: wards.find((w) => w.id === r.ward_id)?.name ?? r.ward_id,
    peopleCount: people.filter((p) => p.household_id === r.id).length,
  }));
}

/** The wards the actor may register households in as staff (a ward officer's one, or every ward). */
export async function wardsCovered(db: Db, staff: User | undefined) {
  return (await repo.wardNames(db)).filter((w) => staffCoversWard(staff, w.id));
}

export async function wardChoices(db: Db) {
  return repo.wardNames(db);
}

/** The 班 a household of the ward can be in, with their association, for a choice list. */
export async function hanChoices(db: Db, wardId: string) {
  return repo.listHanOfWard(db, wardId);
}
