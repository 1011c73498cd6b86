/** Queries for households and their people. Writes take the caller's transaction. */
import { type Insertable, sql } from 'kysely';
import type { Db, Trx } from '../../db/database.ts';
import { likeContains } from '../../db/like.ts';
import type { HouseholdPersonTable, HouseholdTable } from '../../db/schema.ts';

export async function insertHousehold(trx: Trx, row: Insertable<HouseholdTable>) {
  await trx.insertInto('households').values(row).execute();
}

export async function insertPerson(trx: Trx, row: Insertable<HouseholdPersonTable>) {
  await trx.insertInto('household_people').values(row).execute();
}

export async function findHousehold(db: Db, id: string) {
  return db.selectFrom('households').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The household the account belongs to (at most one: the unique index on household_people.user_id). */
export async function findHouseholdOfUser(db: Db, userId: string) {
  return db
    .selectFrom('households')
    .innerJoin('household_people', 'household_people.household_id', 'households.id')
    .selectAll('households')
    .select('household_people.id as person_id')
    .where('household_people.user_id', '=', userId)
    .executeTakeFirst();
}

export async function listPeople(db: Db, householdIds: readonly string[]) {
  if (householdIds.length === 0) return [];
  return db
    .selectFrom('household_people')
    .selectAll()
    .where('household_id', 'in', householdIds)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

/** Emails of the household's people with accounts: none means it is reached on paper. */
export async function countPeopleWithEmail(db: Db, householdId: string): Promise<number> {
  const row = await db
    .selectFrom('household_people')
    .innerJoin('users', 'users.id', 'household_people.user_id')
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .where('household_people.household_id', '=', householdId)
    .where('users.email', 'is not', null)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

export async function countPeople(db: Db, householdId: string): Promise<number> {
  const row = await db
    .selectFrom('household_people')
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .where('household_id', '=', householdId)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

export async function listActiveAtAddress(db: Db, wardId: string, addressKey: string) {
  return db
    .selectFrom('households')
    .selectAll()
    .where('ward_id', '=', wardId)
    .where('address_key', '=', addressKey)
    .where('status', '=', 'active')
    .execute();
}

/**
 * Links the account to a person row nobody has claimed yet; false when someone else got it first (the
 * condition on user_id is the guard: of two concurrent claims, one updates the row, the other none).
 */
export async function claimPerson(trx: Trx, personId: string, userId: string, name: { name: string; nameKana: string }) {
  const result = await trx
    .updateTable('household_people')
    .set({ user_id: userId, name: name.name, name_kana: name.nameKana })
    .where('id', '=', personId)
    .where('user_id', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function deletePerson(trx: Trx, householdId: string, personId: string): Promise<boolean> {
  const result = await trx
    .deleteFrom('household_people')
    .where('id', '=', personId)
    .where('household_id', '=', householdId)
    .executeTakeFirst();
  return Number(result.numDeletedRows) === 1;
}

/**
 * Holds the household for the rest of the transaction (a row lock on PostgreSQL; SQLite has one writer),
 * so a leave and a move-out, or two last people leaving, see each other's outcome. False if not active.
 */
export async function lockActiveHousehold(trx: Trx, id: string, at: string): Promise<boolean> {
  const result = await trx
    .updateTable('households')
    .set({ updated_at: at })
    .where('id', '=', id)
    .where('status', '=', 'active')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** 転出 / the last person left: moved out, out of its 班 and association, accounts free to join elsewhere. */
export async function endHousehold(trx: Trx, id: string, on: string, at: string): Promise<void> {
  await trx
    .updateTable('households')
    .set({ status: 'moved_out', moved_out_on: on, association_id: null, han_id: null, updated_at: at })
    .where('id', '=', id)
    .execute();
  await trx.updateTable('household_people').set({ user_id: null }).where('household_id', '=', id).execute();
}

export async function findOrganisation(db: Db, id: string) {
  return db
    .selectFrom('organisations')
    .select(['id', 'name', 'kind', 'official', 'parent_id', 'ward_id'])
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function organisationNames(db: Db, ids: readonly string[]) {
  if (ids.length === 0) return new Map<string, string>();
  const rows = await db.selectFrom('organisations').select(['id', 'name']).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}

export async function wardNames(db: Db) {
  const rows = await db.selectFrom('wards').select(['id', 'name']).orderBy('sort_order').execute();
  return rows;
}

/** The official 班 of the ward's official associations, for a choice list, in the associations' order. */
export async function listHanOfWard(db: Db, wardId: string) {
  return db
    .selectFrom('organisations as han')
    .innerJoin('organisations as assoc', 'assoc.id', 'han.parent_id')
    .select(['han.id as han_id', 'han.name as han_name', 'assoc.id as association_id', 'assoc.name as association_name'])
    .where('han.kind', '=', 'han')
    .where('han.official', '=', 1)
    .where('assoc.kind', '=', 'association')
    .where('assoc.official', '=', 1)
    .where('assoc.ward_id', '=', wardId)
    .orderBy('assoc.name')
    .orderBy('han.name')
    .limit(2000)
    .execute();
}

/** The person's memberships in associations and 班 (the policy decides which make an officer). */
export async function officershipsOf(db: Db, userId: string) {
  const rows = await db
    .selectFrom('organisation_members')
    .innerJoin('organisations', 'organisations.id', 'organisation_members.group_id')
    .select(['organisation_members.group_id', 'organisation_members.role', 'organisation_members.term_ends_on'])
    .where('organisation_members.user_id', '=', userId)
    .where('organisations.kind', 'in', ['association', 'han'])
    .execute();
  return rows.map((r) => ({ organisationId: r.group_id, role: r.role, termEndsOn: r.term_ends_on ?? null }));
}

/** Households by folded address (any part of it) or by a person's 利用者番号, within the given wards. */
export async function searchHouseholds(db: Db, query: { wardIds: readonly string[] | 'all'; addressKey?: string; userNumber?: string }) {
  let q = db.selectFrom('households').selectAll('households').orderBy('households.address_key').limit(50);
  if (query.wardIds !== 'all') {
    if (query.wardIds.length === 0) return [];
    q = q.where('households.ward_id', 'in', query.wardIds);
  }
  if (query.userNumber) {
    q = q
      .innerJoin('household_people', 'household_people.household_id', 'households.id')
      .innerJoin('users', 'users.id', 'household_people.user_id')
      .where('users.number', '=', query.userNumber);
  } else if (query.addressKey) {
    // The key is a fold of what staff typed, found anywhere in the folded address, taken literally.
    q = q.where(likeContains(sql.ref<string>('households.address_key'), query.addressKey));
  }
  return q.execute();
}

/** A live account by its 利用者番号 (a deleted one names nobody). */
export async function findAccountByNumber(db: Db, number: string) {
  return db.selectFrom('users').select(['id', 'name']).where('number', '=', number).where('deleted_at', 'is', null).executeTakeFirst();
}
