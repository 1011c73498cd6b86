/**
 * The world of the association tests: 中央町内会 (registry fixture, 中央小学校区, 1班) with a 2班, its
 * 会長 and 1班's 班長, a member household on paper, and another association with its own 会長.
 */

import { makeUser } from '../../../test/factories.ts';
import type { Db } from '../../db/database.ts';
import { makeAssociation, makeMembership, makePaperHousehold } from '../../platform/household/household-fixtures.test-helpers.ts';
import { makeRegistry } from '../organisation/registry-fixtures.test-helpers.ts';

export async function makeAssociationWorld(db: Db) {
  const ids = await makeRegistry(db);
  await db
    .insertInto('organisations')
    .values({
      id: 'org_t_han2',
      kind: 'han',
      name: '中央町内会 2班',
      parent_id: ids.association,
      ward_id: 'kokurakita',
      official: 1,
      type: 'community',
      member_count: 0,
      representative_id: null,
      created_at: '2026-11-01T00:00:00.000Z',
    })
    .execute();
  const president = await makeUser(db, { name: '会長 一郎' });
  await makeMembership(db, ids.association, president.id, 'president');
  const hanLeader = await makeUser(db, { name: '班長 二郎' });
  await makeMembership(db, ids.han, hanLeader.id, 'han_leader');
  const member = await makePaperHousehold(db, {
    address: '中央一丁目1番1号',
    associationId: ids.association,
    hanId: ids.han,
    people: [['山田 花子', 'ヤマダ ハナコ', '093-111-2222']],
  });
  const member2 = await makePaperHousehold(db, {
    address: '中央二丁目2番2号',
    associationId: ids.association,
    hanId: 'org_t_han2',
    people: [['佐藤 三郎', 'サトウ サブロウ', '093-333-4444']],
  });
  const other = await makeAssociation(db, { name: '日明町内会' });
  const otherPresident = await makeUser(db, { name: '他会長 四郎' });
  await makeMembership(db, other.id, otherPresident.id, 'president');
  return { ...ids, han2: 'org_t_han2', president, hanLeader, member, member2, other, otherPresident };
}

/** A resident with an account and a household of their own (in an association or not). */
export async function makeResidentWithHousehold(
  db: Db,
  o: { name?: string; address: string; associationId?: string; hanId?: string; wardId?: string; wardName?: string },
) {
  const user = await makeUser(db, { name: o.name ?? '住民 太郎' });
  const household = await makePaperHousehold(db, { ...o, people: [[o.name ?? '住民 太郎', 'ジュウミン タロウ']] });
  await db
    .updateTable('household_people')
    .set({ user_id: user.id })
    .where('id', '=', household.people[0] as string)
    .execute();
  return { user, householdId: household.id };
}

/** Adds a second person with an account to a household (two people of one household joining at once). */
export async function addAccountToHousehold(db: Db, householdId: string, name: string) {
  const user = await makeUser(db, { name });
  await db
    .insertInto('household_people')
    .values({
      id: `hp_${user.id}`,
      household_id: householdId,
      user_id: user.id,
      name,
      name_kana: 'カゾク',
      phone: null,
      created_at: '2026-11-01T00:00:00.000Z',
    })
    .execute();
  return user;
}
