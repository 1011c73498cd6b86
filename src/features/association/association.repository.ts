/**
 * Queries of an association's page and of joining by passcode. The registry and households are the
 * kernel's tables; this module reads them and writes only the join itself (a conditional update of the
 * household) and its own tables. Writes take the caller's transaction.
 */
import type { Db, Trx } from '../../db/database.ts';

export async function findAssociation(db: Db, id: string) {
  return db
    .selectFrom('organisations')
    .select(['id', 'name', 'ward_id', 'parent_id', 'school_district_id'])
    .where('id', '=', id)
    .where('kind', '=', 'association')
    .where('official', '=', 1)
    .executeTakeFirst();
}

export async function listHan(db: Db, associationId: string) {
  return db
    .selectFrom('organisations')
    .select(['id', 'name'])
    .where('parent_id', '=', associationId)
    .where('kind', '=', 'han')
    .orderBy('name')
    .orderBy('id')
    .execute();
}

/** The 校区: the association's own, else its council's (the usual place: 校区 → 自治会). */
export async function schoolDistrictName(db: Db, association: { school_district_id: string | null; parent_id: string | null }) {
  let districtId = association.school_district_id;
  if (!districtId && association.parent_id) {
    const council = await db
      .selectFrom('organisations')
      .select('school_district_id')
      .where('id', '=', association.parent_id)
      .executeTakeFirst();
    districtId = council?.school_district_id ?? null;
  }
  if (!districtId) return null;
  const row = await db.selectFrom('school_districts').select('name').where('id', '=', districtId).executeTakeFirst();
  return row?.name ?? null;
}

export async function wardName(db: Db, wardId: string | null) {
  if (!wardId) return null;
  const row = await db.selectFrom('wards').select('name').where('id', '=', wardId).executeTakeFirst();
  return row?.name ?? null;
}

/** Member households: the active households that name the association. */
export async function countHouseholds(db: Db, associationId: string): Promise<number> {
  const row = await db
    .selectFrom('households')
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .where('association_id', '=', associationId)
    .where('status', '=', 'active')
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** The member households with their people (names and phones: for the association's officers only). */
export async function listMemberHouseholds(db: Db, associationId: string) {
  return db
    .selectFrom('households')
    .leftJoin('household_people', 'household_people.household_id', 'households.id')
    .leftJoin('users', 'users.id', 'household_people.user_id')
    .select([
      'households.id as household_id',
      'households.address_line',
      'households.han_id',
      'household_people.name',
      'household_people.phone as person_phone',
      'users.phone as account_phone',
    ])
    .where('households.association_id', '=', associationId)
    .where('households.status', '=', 'active')
    .orderBy('households.address_key')
    .orderBy('households.id')
    .orderBy('household_people.created_at')
    .limit(5000)
    .execute();
}

export async function insertPasscode(
  trx: Trx,
  row: { id: string; code: string; association_id: string; han_id: string | null; created_by: string; created_at: string },
) {
  await trx
    .insertInto('association_passcodes')
    .values({ ...row, revoked_at: null, revoked_by: null })
    .execute();
}

export async function listPasscodes(db: Db, associationId: string) {
  return db
    .selectFrom('association_passcodes')
    .leftJoin('organisations as han', 'han.id', 'association_passcodes.han_id')
    .select([
      'association_passcodes.id',
      'association_passcodes.code',
      'association_passcodes.han_id',
      'han.name as han_name',
      'association_passcodes.created_at',
      'association_passcodes.revoked_at',
    ])
    .where('association_passcodes.association_id', '=', associationId)
    .orderBy('association_passcodes.revoked_at', 'desc')
    .orderBy('association_passcodes.created_at', 'desc')
    .limit(200)
    .execute();
}

export async function findPasscode(db: Db, id: string) {
  return db.selectFrom('association_passcodes').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findPasscodeByCode(db: Db, code: string) {
  return db.selectFrom('association_passcodes').selectAll().where('code', '=', code).executeTakeFirst();
}

/** False when it was revoked already (of two revocations, one counts). */
export async function revokePasscode(trx: Trx, id: string, by: string, at: string): Promise<boolean> {
  const result = await trx
    .updateTable('association_passcodes')
    .set({ revoked_at: at, revoked_by: by })
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function requiresApproval(db: Db, associationId: string): Promise<boolean> {
  const row = await db
    .selectFrom('association_join_settings')
    .select('requires_approval')
    .where('association_id', '=', associationId)
    .executeTakeFirst();
  return Number(row?.requires_approval ?? 0) === 1;
}

export async function setRequiresApproval(trx: Trx, associationId: string, value: boolean, by: string, at: string) {
  const values = { requires_approval: value ? 1 : 0, updated_by: by, updated_at: at };
  await trx
    .insertInto('association_join_settings')
    .values({ association_id: associationId, ...values })
    .onConflict((oc) => oc.column('association_id').doUpdateSet(values))
    .execute();
}

/**
 * Puts the household in the association (and 班) only if it is in none: the condition is the guard, so of
 * two joins racing for one household one updates the row and the other none.
 */
export async function joinHousehold(trx: Trx, householdId: string, place: { associationId: string; hanId: string | null }, at: string) {
  const result = await trx
    .updateTable('households')
    .set({ association_id: place.associationId, han_id: place.hanId, updated_at: at })
    .where('id', '=', householdId)
    .where('status', '=', 'active')
    .where('association_id', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function insertJoinRequest(
  trx: Trx,
  row: {
    id: string;
    association_id: string;
    han_id: string | null;
    household_id: string;
    passcode_id: string;
    requested_by: string;
    created_at: string;
  },
) {
  await trx
    .insertInto('association_join_requests')
    .values({ ...row, status: 'pending', decided_by: null, decided_at: null })
    .execute();
}

export async function findPendingRequestOfHousehold(db: Db, householdId: string) {
  return db
    .selectFrom('association_join_requests')
    .innerJoin('organisations', 'organisations.id', 'association_join_requests.association_id')
    .select(['association_join_requests.id', 'association_join_requests.association_id', 'organisations.name as association_name'])
    .where('association_join_requests.household_id', '=', householdId)
    .where('association_join_requests.status', '=', 'pending')
    .executeTakeFirst();
}

/** Pending requests with the household's address and the requester's name (officers only). */
export async function listPendingRequests(db: Db, associationId: string) {
  return db
    .selectFrom('association_join_requests')
    .innerJoin('households', 'households.id', 'association_join_requests.household_id')
    .innerJoin('users', 'users.id', 'association_join_requests.requested_by')
    .leftJoin('organisations as han', 'han.id', 'association_join_requests.han_id')
    .select([
      'association_join_requests.id',
      'association_join_requests.created_at',
      'households.address_line',
      'users.name as requester_name',
      'han.name as han_name',
    ])
    .where('association_join_requests.association_id', '=', associationId)
    .where('association_join_requests.status', '=', 'pending')
    .orderBy('association_join_requests.created_at')
    .limit(500)
    .execute();
}

export async function findRequest(db: Db, id: string) {
  return db.selectFrom('association_join_requests').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Ends a pending request; false when it was decided already (two officers at once: one decides). */
export async function decideRequest(trx: Trx, id: string, status: 'approved' | 'declined', by: string, at: string): Promise<boolean> {
  const result = await trx
    .updateTable('association_join_requests')
    .set({ status, decided_by: by, decided_at: at })
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
