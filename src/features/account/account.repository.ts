/** Queries for residents, sessions, API tokens and password resets (groups: group.repository.ts). */
import type { Insertable } from 'kysely';
import type { Db, Trx } from '../../db/database.ts';
import type { UserTable } from '../../db/schema.ts';

export async function insertUser(trx: Trx, row: Insertable<UserTable>) {
  await trx.insertInto('users').values(row).execute();
}

export async function findUserById(db: Db, id: string) {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findUserByEmail(db: Db, email: string) {
  return db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst();
}

export async function findUserByNumber(db: Db, number: string) {
  return db.selectFrom('users').selectAll().where('number', '=', number).executeTakeFirst();
}

export async function updateUser(trx: Trx, id: string, values: Partial<Insertable<UserTable>>) {
  await trx.updateTable('users').set(values).where('id', '=', id).execute();
}

export async function deleteSessionsOfUser(trx: Trx, userId: string) {
  await trx.deleteFrom('sessions').where('user_id', '=', userId).execute();
}

export async function insertApiToken(trx: Trx, row: { id: string; user_id: string; token_hash: string; name: string; created_at: string }) {
  await trx
    .insertInto('api_tokens')
    .values({ ...row, last_used_at: null, revoked_at: null })
    .execute();
}

export async function listApiTokens(db: Db, userId: string) {
  return db
    .selectFrom('api_tokens')
    .select(['id', 'name', 'created_at', 'last_used_at'])
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .orderBy('created_at', 'desc')
    .execute();
}

export async function revokeApiToken(trx: Trx, userId: string, id: string, at: string): Promise<boolean> {
  const result = await trx
    .updateTable('api_tokens')
    .set({ revoked_at: at })
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function insertPasswordReset(trx: Trx, row: { token_hash: string; user_id: string; created_at: string; expires_at: string }) {
  await trx
    .insertInto('password_resets')
    .values({ ...row, used_at: null })
    .execute();
}

export async function findPasswordReset(db: Db, tokenHash: string) {
  return db.selectFrom('password_resets').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
}

/** Marks a reset token used; false when it was already used (a second click, or a race). */
export async function consumePasswordReset(trx: Trx, tokenHash: string, at: string): Promise<boolean> {
  const result = await trx
    .updateTable('password_resets')
    .set({ used_at: at })
    .where('token_hash', '=', tokenHash)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Marks every still-open reset link of an account used: once one link is used, the others are void. */
export async function closeOpenPasswordResets(trx: Trx, userId: string, at: string) {
  await trx.updateTable('password_resets').set({ used_at: at }).where('user_id', '=', userId).where('used_at', 'is', null).execute();
}

/** Applies for 多目的利用者登録 unless already applied for or approved. */
export async function markMultipurposeRequested(trx: Trx, userId: string, at: string) {
  await trx
    .updateTable('users')
    .set({ multipurpose_status: 'pending', multipurpose_requested_at: at, updated_at: at })
    .where('id', '=', userId)
    .where('multipurpose_status', 'in', ['none', 'rejected'])
    .execute();
}

// Account deletion (account-deletion.service.ts): what goes with an account, each in the caller's transaction.

/** Removes everything that lets the account act: sessions, API tokens, open reset links. */
export async function deleteCredentials(trx: Trx, userId: string) {
  await trx.deleteFrom('sessions').where('user_id', '=', userId).execute();
  await trx.deleteFrom('api_tokens').where('user_id', '=', userId).execute();
  await trx.deleteFrom('password_resets').where('user_id', '=', userId).execute();
}

/** Memberships (the caller has made sure none is a representative's) and open invitations to the person. */
export async function deleteMemberships(trx: Trx, userId: string) {
  await trx.deleteFrom('organisation_members').where('user_id', '=', userId).execute();
  await trx.deleteFrom('group_invitations').where('user_id', '=', userId).execute();
}

/** The years the person has bookings in (their age band is frozen per year). */
export async function bookingYearsOf(db: Db, userId: string): Promise<string[]> {
  const rows = await db.selectFrom('reservations').select('date').where('user_id', '=', userId).execute();
  return [...new Set(rows.map((r) => r.date.slice(0, 4)))].sort();
}

export async function freezeAgeBand(trx: Trx, userId: string, year: string, band: string) {
  await trx
    .updateTable('reservations')
    .set({ booker_age_band: band })
    .where('user_id', '=', userId)
    .where('date', '>=', `${year}-01-01`)
    .where('date', '<=', `${year}-12-31`)
    .where('booker_age_band', 'is', null)
    .execute();
}

/**
 * Empties the row of personal data and marks it deleted; false if it was deleted already (a second click
 * or a race: the condition makes the second one change nothing). The row itself stays: reservations,
 * entries and the audit log point at it, as an anonymous booker.
 */
export async function anonymiseUser(trx: Trx, userId: string, at: string, name: string): Promise<boolean> {
  const result = await trx
    .updateTable('users')
    .set({
      name,
      name_kana: '',
      phone: '',
      email: null,
      birth_year: null,
      password_hash: null,
      multipurpose_status: 'none',
      multipurpose_requested_at: null,
      multipurpose_expires_on: null,
      multipurpose_note: null,
      deleted_at: at,
      updated_at: at,
    })
    .where('id', '=', userId)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
