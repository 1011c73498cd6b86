/** Registry entries and households for tests: an official 自治会 with its 班, a paper household. */
import type { Db } from '../../db/database.ts';
import { newId } from '../../lib/ids.ts';
import { addressKey } from './household.ts';

const STAMP = '2026-11-01T00:00:00.000Z';

/** An official association (自治会) of the ward with its 班, as staff or an import enter them. */
export async function makeAssociation(db: Db, o: { wardId?: string; name?: string; han?: string[] } = {}) {
  const id = newId('org');
  const wardId = o.wardId ?? 'kokurakita';
  const base = { type: 'community', member_count: 0, representative_id: null, created_at: STAMP, official: 1, ward_id: wardId };
  await db
    .insertInto('organisations')
    .values({ ...base, id, name: o.name ?? `テスト${id.slice(-4)}自治会`, kind: 'association' })
    .execute();
  const han: string[] = [];
  for (const name of o.han ?? ['1班', '2班']) {
    const hanId = newId('org');
    await db
      .insertInto('organisations')
      .values({ ...base, id: hanId, name, kind: 'han', parent_id: id })
      .execute();
    han.push(hanId);
  }
  return { id, han };
}

/** An officer (or any role) of an organisation, with an optional end of term. */
export async function makeMembership(db: Db, organisationId: string, userId: string, role: string, termEndsOn: string | null = null) {
  await db
    .insertInto('organisation_members')
    .values({ group_id: organisationId, user_id: userId, role, created_at: STAMP, term_ends_on: termEndsOn })
    .execute();
}

/** A household registered on paper (no accounts): people given as [name, kana, phone?]. */
export async function makePaperHousehold(
  db: Db,
  o: { wardId?: string; wardName?: string; address: string; associationId?: string; hanId?: string; people: [string, string, string?][] },
) {
  const id = newId('hh');
  await db
    .insertInto('households')
    .values({
      id,
      address_line: o.address,
      address_key: addressKey(o.address, o.wardName ?? '小倉北区'),
      postcode: null,
      ward_id: o.wardId ?? 'kokurakita',
      association_id: o.associationId ?? null,
      han_id: o.hanId ?? null,
      status: 'active',
      moved_out_on: null,
      created_by: null,
      channel: 'counter',
      created_at: STAMP,
      updated_at: STAMP,
    })
    .execute();
  const people: string[] = [];
  for (const [name, kana, phone] of o.people) {
    const personId = newId('hp');
    await db
      .insertInto('household_people')
      .values({ id: personId, household_id: id, user_id: null, name, name_kana: kana, phone: phone ?? null, created_at: STAMP })
      .execute();
    people.push(personId);
  }
  return { id, people };
}
