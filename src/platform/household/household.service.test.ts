/**
 * Households: registering with no email, finding and joining the paper household one already lives in
 * (never seeing a name), one household per person (the database's rule), and the race for a paper row.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { describeEachDialect } from '../../../test/db.ts';
import { makeFacility, makeStaff, makeUser } from '../../../test/factories.ts';
import { type ConflictError, ForbiddenError, InvalidInputError } from '../../lib/errors.ts';
import { fixedClock } from '../../lib/time.ts';
import type { User } from '../authz/actor.ts';
import { actorById } from '../authz/assignments.ts';
import {
  createOwnHousehold,
  findMatches,
  householdFor,
  householdOfUser,
  joinHousehold,
  registerHousehold,
  searchHouseholds,
} from './household.service.ts';
import { addressKey } from './household.ts';
import { makeAssociation, makeMembership, makePaperHousehold } from './household-fixtures.test-helpers.ts';

const clock = fixedClock('2026-11-24T01:00:00Z');

describe('addressKey', () => {
  it('reads the same dwelling written in different ways as one address', () => {
    const key = addressKey('中央1-2-3', '小倉北区');
    expect(addressKey('北九州市小倉北区中央一丁目２番３号', '小倉北区')).toBe(key);
    expect(addressKey('中央１丁目２－３', '小倉北区')).toBe(key);
    expect(addressKey(' 中央 1丁目2番地3 ', '小倉北区')).toBe(key);
    expect(addressKey('中央1-2-4', '小倉北区')).not.toBe(key);
    expect(addressKey('中央十二丁目1-1')).toBe('中央12-1-1');
  });
});

describeEachDialect('households', (ctx) => {
  const db = () => ctx().db.kysely;
  let association: { id: string; han: string[] };
  let other: { id: string; han: string[] };
  let wardOfficer: User;
  let admin: User;
  let clerk: User;

  // The actor as a request sees them: the row with the role assignments they hold.
  const userOf = async (id: string): Promise<User> => {
    const actor = await actorById(db(), id);
    if (!actor) throw new Error(`no user ${id}`);
    return actor;
  };
  const resident = async (kana: string, phone = '093-000-1111') => {
    const made = await makeUser(db(), { name: '山田 花子', name_kana: kana });
    await db().updateTable('users').set({ phone }).where('id', '=', made.id).execute();
    return userOf(made.id);
  };

  beforeAll(async () => {
    association = await makeAssociation(db(), { name: '中央一丁目自治会' });
    other = await makeAssociation(db(), { wardId: 'tobata', name: '戸畑の自治会' });
    wardOfficer = await userOf((await makeStaff(db(), 'ward', { wardId: 'kokurakita' })).id);
    admin = await userOf((await makeStaff(db(), 'admin')).id);
    // A centre clerk in another ward (戸畑区): their desk covers their own ward's households only.
    clerk = await userOf((await makeStaff(db(), 'clerk', { facilityId: await makeFacility(db(), { ward_id: 'tobata' }) })).id);
  });

  it('lets ward staff register a paper household with a person and no email, audited with the channel', async () => {
    const id = await registerHousehold(db(), clock, wardOfficer, {
      wardId: 'kokurakita',
      addressLine: '中央1丁目5-5',
      hanId: association.han[0],
      person: { name: '佐藤 一郎', nameKana: 'サトウ イチロウ' },
    });
    const { view, access } = await householdFor(db(), clock, wardOfficer, id);
    expect(access).toBe('staff');
    expect(view).toMatchObject({
      associationId: association.id,
      associationName: '中央一丁目自治会',
      hanName: '1班',
      channel: 'counter',
      paperOnly: true,
      people: [{ name: '佐藤 一郎', userId: null }],
    });
    const audit = await db().selectFrom('audit_log').selectAll().where('target_id', '=', id).executeTakeFirstOrThrow();
    expect(audit).toMatchObject({ actor_id: wardOfficer.id, action: 'household.register' });
    expect(JSON.parse(audit.after_json ?? '{}')).toMatchObject({ channel: 'counter' });
  });

  it('lets the clerk of a 市民センター in the ward register a household at the centre desk', async () => {
    const centreClerk = await userOf(
      (await makeStaff(db(), 'clerk', { facilityId: await makeFacility(db(), { ward_id: 'kokurakita' }) })).id,
    );
    const id = await registerHousehold(db(), clock, centreClerk, {
      wardId: 'kokurakita',
      addressLine: 'センター前1-1',
      person: { name: '窓口 花子', nameKana: 'マドグチ ハナコ' },
    });
    const audit = await db().selectFrom('audit_log').selectAll().where('target_id', '=', id).executeTakeFirstOrThrow();
    expect(audit).toMatchObject({ actor_id: centreClerk.id, action: 'household.register' });
  });

  it('refuses a 班 outside the ward, and staff whose scope does not cover the ward, changing nothing', async () => {
    const before = await db().selectFrom('households').select('id').execute();
    const place = { wardId: 'kokurakita', addressLine: '中央1-1-1', person: { name: 'A', nameKana: 'エー' } };
    await expect(registerHousehold(db(), clock, wardOfficer, { ...place, hanId: other.han[0] })).rejects.toBeInstanceOf(InvalidInputError);
    await expect(registerHousehold(db(), clock, clerk, place)).rejects.toBeInstanceOf(ForbiddenError);
    const tobataOfficer = await userOf((await makeStaff(db(), 'ward', { wardId: 'tobata' })).id);
    await expect(registerHousehold(db(), clock, tobataOfficer, place)).rejects.toBeInstanceOf(ForbiddenError);
    expect(await db().selectFrom('households').select('id').execute()).toHaveLength(before.length);
  });

  it('lets an officer of the association register in it (channel officer), and no other association', async () => {
    const officer = await resident('ヤクイン');
    await makeMembership(db(), association.id, officer.id, 'han_leader');
    const id = await registerHousehold(db(), clock, officer, {
      wardId: 'kokurakita',
      addressLine: '中央1-9-9',
      hanId: association.han[1],
      person: { name: '鈴木 次郎', nameKana: 'スズキ ジロウ' },
    });
    expect((await householdFor(db(), clock, officer, id)).view.channel).toBe('officer');
    await expect(
      registerHousehold(db(), clock, officer, { wardId: 'kokurakita', addressLine: '中央9-9', person: { name: 'B', nameKana: 'ビー' } }),
    ).rejects.toBeInstanceOf(ForbiddenError);
    const expired = await resident('キゲンギレ');
    await makeMembership(db(), association.id, expired.id, 'president', '2026-03-31');
    await expect(householdFor(db(), clock, expired, id)).rejects.toBeInstanceOf(ForbiddenError);
  });

  it('offers the paper household only when the address and the フリガナ or the phone match, and never a name', async () => {
    const paper = await makePaperHousehold(db(), {
      address: '中央二丁目３番４号',
      people: [
        ['高橋 ハナ', 'たかはし はな'],
        ['高橋 太一', 'タカハシ タイチ', '093-555-0001'],
      ],
    });
    const hana = await resident('タカハシ ハナ');
    const matches = await findMatches(db(), hana, { wardId: 'kokurakita', addressLine: '北九州市小倉北区中央2-3-4' });
    expect(matches).toEqual([{ id: paper.id, addressLine: '中央二丁目３番４号', peopleCount: 2 }]);
    expect(JSON.stringify(matches)).not.toContain('高橋');

    const stranger = await resident('ベツジン');
    expect(await findMatches(db(), stranger, { wardId: 'kokurakita', addressLine: '中央2-3-4' })).toEqual([]);
    expect(await findMatches(db(), hana, { wardId: 'kokurakita', addressLine: '中央2-3-5' })).toEqual([]);
    expect(await findMatches(db(), hana, { wardId: 'tobata', addressLine: '中央2-3-4' })).toEqual([]);
    const byPhone = await resident('ベツノヨミ', '0935550001');
    expect((await findMatches(db(), byPhone, { wardId: 'kokurakita', addressLine: '中央2-3-4' })).map((m) => m.id)).toEqual([paper.id]);

    // A stranger who learned the id cannot join without matching.
    await expect(joinHousehold(db(), clock, stranger, paper.id, { wardId: 'kokurakita', addressLine: '中央2-3-4' })).rejects.toMatchObject({
      key: 'errHouseholdNoMatch',
    });
  });

  it('joins by claiming the paper person row instead of making a second household', async () => {
    const paper = await makePaperHousehold(db(), { address: '中央3-1-1', people: [['伊藤 光', 'イトウ ヒカリ']] });
    const hikari = await resident('いとう ひかり');
    await joinHousehold(db(), clock, hikari, paper.id, { wardId: 'kokurakita', addressLine: '中央三丁目1-1' });
    const mine = await householdOfUser(db(), hikari.id);
    expect(mine?.id).toBe(paper.id);
    expect(mine?.people).toEqual([expect.objectContaining({ id: paper.people[0], userId: hikari.id })]);
    await expect(createOwnHousehold(db(), clock, hikari, { wardId: 'kokurakita', addressLine: '別の住所1-1' })).rejects.toMatchObject({
      key: 'errHouseholdAlready',
    });
  });

  it('lets one of two people claiming the same paper row at once win; the other is told and nothing of theirs changes', async () => {
    const paper = await makePaperHousehold(db(), { address: '中央4-4-4', people: [['渡辺 空', 'ワタナベ ソラ']] });
    const a = await resident('ワタナベ ソラ');
    const b = await resident('ﾜﾀﾅﾍﾞ ｿﾗ');
    const address = { wardId: 'kokurakita', addressLine: '中央4-4-4' };
    const results = await Promise.allSettled([
      joinHousehold(db(), clock, a, paper.id, address),
      joinHousehold(db(), clock, b, paper.id, address),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const lost = results.find((r) => r.status === 'rejected');
    // 409 when both looked before either committed; when the winner had committed first, the row no
    // longer matches and the loser hears what anyone not matching hears (403), never who has an account.
    expect(['errHouseholdPersonTaken', 'errHouseholdNoMatch']).toContain(lost?.status === 'rejected' && (lost.reason as ConflictError).key);
    const rows = await db().selectFrom('household_people').selectAll().where('household_id', '=', paper.id).execute();
    expect(rows).toHaveLength(1);
    const winners = [a, b].filter((u) => rows[0]?.user_id === u.id);
    expect(winners).toHaveLength(1);
    const loser = [a, b].find((u) => u !== winners[0]);
    expect(await householdOfUser(db(), loser?.id ?? '')).toBeUndefined();
  });

  it('answers a claim of a paper row already linked to an account as no match, not revealing the account', async () => {
    const paper = await makePaperHousehold(db(), { address: '中央4-5-6', people: [['中村 海', 'ナカムラ ウミ']] });
    const first = await resident('ナカムラ ウミ');
    const later = await resident('なかむら うみ');
    const address = { wardId: 'kokurakita', addressLine: '中央4-5-6' };
    await joinHousehold(db(), clock, first, paper.id, address);
    await expect(joinHousehold(db(), clock, later, paper.id, address)).rejects.toMatchObject({ key: 'errHouseholdNoMatch' });
    expect(await householdOfUser(db(), later.id)).toBeUndefined();
  });

  it('keeps a person in at most one household, by the database, even when two registrations race', async () => {
    const person = await resident('ヒトリ');
    const results = await Promise.allSettled([
      createOwnHousehold(db(), clock, person, { wardId: 'kokurakita', addressLine: '南1-1' }),
      createOwnHousehold(db(), clock, person, { wardId: 'kokurakita', addressLine: '北2-2' }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const links = await db().selectFrom('household_people').select('household_id').where('user_id', '=', person.id).execute();
    expect(links).toHaveLength(1);
    const paper = await makePaperHousehold(db(), { address: '東3-3', people: [] });
    await expect(
      db()
        .insertInto('household_people')
        .values({ id: 'hp_dup', household_id: paper.id, user_id: person.id, name: 'x', name_kana: 'x', phone: null, created_at: 'now' })
        .execute(),
    ).rejects.toThrow(/unique|UNIQUE/);
  });

  it('finds households for staff by address or 利用者番号 within their wards only', async () => {
    const owner = await resident('ケンサク');
    const id = await createOwnHousehold(db(), clock, owner, { wardId: 'kokurakita', addressLine: '検索町７－７' });
    expect((await searchHouseholds(db(), wardOfficer, '検索町7')).map((h) => h.id)).toEqual([id]);
    const number = (await db().selectFrom('users').select('number').where('id', '=', owner.id).executeTakeFirstOrThrow()).number;
    expect((await searchHouseholds(db(), admin, number)).map((h) => h.id)).toEqual([id]);
    const tobataOfficer = await userOf((await makeStaff(db(), 'ward', { wardId: 'tobata' })).id);
    expect(await searchHouseholds(db(), tobataOfficer, '検索町7')).toEqual([]);
    expect(await searchHouseholds(db(), clerk, '検索町')).toEqual([]); // a 戸畑区 centre: not this ward
    const cityDepartment = await userOf((await makeStaff(db(), 'department_staff', { id: 'org_city_dept' })).id);
    await expect(searchHouseholds(db(), cityDepartment, '検索町')).rejects.toBeInstanceOf(ForbiddenError);
  });
});
