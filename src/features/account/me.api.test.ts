/** GET /api/v1/me: who the bearer token belongs to and what they may do, for residents and staff alike. */
import { beforeAll, expect, it } from 'vitest';
import { api, tokenFor } from '../../../test/api.ts';
import { describeEachDialect, testApp } from '../../../test/db.ts';
import { grant, makeFacility, makeGroup, makeStaff, makeUser } from '../../../test/factories.ts';
import { newId } from '../../lib/ids.ts';
import { makeAssociation, makePaperHousehold } from '../../platform/household/household-fixtures.test-helpers.ts';
import { meJsonSchema } from './account.schema.ts';

describeEachDialect('GET /api/v1/me', (ctx) => {
  let app: ReturnType<typeof testApp>;
  let facilityId: string;
  let hanako: { id: string; number: string };
  let groupId: string;
  let circleId: string;
  const tokens: Record<string, string> = {};
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    const db = ctx().db.kysely;
    app = testApp(ctx());
    facilityId = await makeFacility(db, { ward_id: 'tobata' });
    hanako = await makeUser(db, { number: '20260001', name: '山田 花子' });
    const other = await makeUser(db);
    groupId = await makeGroup(db, hanako.id, { name: '中原町内会', type: 'community', verification: 'pending' });
    circleId = await makeGroup(db, other.id, { name: '書道の会', type: 'circle', members: [hanako.id] });
    const people = {
      hanako,
      clerk: await makeStaff(db, 'clerk', { facilityId }),
      ward: await makeStaff(db, 'ward', { wardId: 'tobata' }),
      admin: await makeStaff(db, 'admin'),
    };
    for (const [name, person] of Object.entries(people)) {
      tokens[name] = await tokenFor(ctx(), person.id);
      ids[name] = person.id;
    }
  });

  const me = (who: string) => api(app, 'GET', '/api/v1/me', tokens[who]);

  it('tells a resident who they are, their groups with their role and verification, and no staff role', async () => {
    const { status, json } = await me('hanako');
    expect(status).toBe(200);
    expect(meJsonSchema.parse(json)).toEqual({
      id: hanako.id,
      number: '20260001',
      name: '山田 花子',
      roleAssignments: [],
      organisations: [
        { id: groupId, name: '中原町内会', type: 'community', role: 'representative', verification: 'pending' },
        { id: circleId, name: '書道の会', type: 'circle', role: 'member', verification: 'none' },
      ],
      household: null,
    });
  });

  it('gives staff their role with its scope: a facility, a ward, the city', async () => {
    expect((await me('clerk')).json.roleAssignments).toEqual([{ role: 'centre_staff', scope: { kind: 'facility', id: facilityId } }]);
    expect((await me('ward')).json.roleAssignments).toEqual([{ role: 'ward_officer', scope: { kind: 'ward', id: 'tobata' } }]);
    const admin = await me('admin');
    expect(admin.json.roleAssignments).toEqual([{ role: 'admin', scope: { kind: 'city', id: null } }]);
    expect(admin.json.id).toBe(ids.admin);
    meJsonSchema.parse(admin.json);
  });

  it('lists every assignment from the table, as soon as it is granted, of every scope kind', async () => {
    const db = ctx().db.kysely;
    const second = await makeFacility(db, { ward_id: 'tobata' });
    const section = newId('org');
    await db
      .insertInto('organisations')
      .values({
        id: section,
        name: '戸畑区コミュニティ支援課',
        type: 'community',
        member_count: 0,
        representative_id: null,
        created_at: '2026-11-01T00:00:00Z',
        kind: 'ward_section',
        official: 1,
        ward_id: 'tobata',
      })
      .execute();
    await grant(db, ids.clerk as string, 'centre_staff', second);
    await grant(db, ids.clerk as string, 'coordinator', section);
    const { json } = await me('clerk');
    meJsonSchema.parse(json);
    expect(new Set(meJsonSchema.parse(json).roleAssignments.map((a) => JSON.stringify(a)))).toEqual(
      new Set([
        JSON.stringify({ role: 'centre_staff', scope: { kind: 'facility', id: facilityId } }),
        JSON.stringify({ role: 'centre_staff', scope: { kind: 'facility', id: second } }),
        JSON.stringify({ role: 'coordinator', scope: { kind: 'department', id: section } }),
      ]),
    );
  });

  it('gives the household: address, 自治会 and 班 with ids and names, and the people count', async () => {
    const db = ctx().db.kysely;
    const association = await makeAssociation(db, { name: '中原町内会', han: ['2班'] });
    const home = await makePaperHousehold(db, {
      address: '中原1-1',
      associationId: association.id,
      hanId: association.han[0],
      people: [['山田 太郎', 'ヤマダ タロウ']],
    });
    await db
      .insertInto('household_people')
      .values({ id: 'hp_me', household_id: home.id, user_id: hanako.id, name: '山田 花子', name_kana: 'ヤマダ ハナコ', created_at: 'x' })
      .execute();
    const { json } = await me('hanako');
    expect(meJsonSchema.parse(json).household).toEqual({
      id: home.id,
      addressLine: '中原1-1',
      wardId: 'kokurakita',
      association: { id: association.id, name: '中原町内会' },
      han: { id: association.han[0], name: '2班' },
      peopleCount: 2,
    });
    expect((await me('admin')).json.household).toBeNull();
  });

  it('answers 401 problems without a token or with a bad one', async () => {
    const none = await api(app, 'GET', '/api/v1/me');
    expect(none.status).toBe(401);
    expect(none.json.type).toBe('urn:tsunagu:problem:unauthorized');
    expect((await api(app, 'GET', '/api/v1/me', 'revoked-or-made-up')).status).toBe(401);
  });
});
