import { beforeAll, expect, it } from 'vitest';
import { api } from '../../../test/api.ts';
import { describeEachDialect, testApp } from '../../../test/db.ts';
import { makeGroup, makeUser } from '../../../test/factories.ts';
import { lookupJsonSchema, organisationJsonSchema, treeJsonSchema } from './organisation.schema.ts';
import { makeRegistry } from './registry-fixtures.test-helpers.ts';

describeEachDialect('organisations and 校区 API', (ctx) => {
  let app: ReturnType<typeof testApp>;
  let ids: Awaited<ReturnType<typeof makeRegistry>>;
  let circleId: string;

  beforeAll(async () => {
    const db = ctx().db.kysely;
    app = testApp(ctx());
    ids = await makeRegistry(db);
    const rep = await makeUser(db, { name: '代表 花子' });
    circleId = await makeGroup(db, rep.id, { name: '中央町内会（予約用）', type: 'community' });
  });

  const lookup = async (address: string, lang?: string) => {
    const res = await api(
      app,
      'GET',
      `/api/v1/school-districts/lookup?address=${encodeURIComponent(address)}`,
      undefined,
      undefined,
      lang ? { 'accept-language': lang } : {},
    );
    return res;
  };

  it.each([
    '小倉北区中央1-2-3',
    '〒802-0001 北九州市小倉北区中央一丁目2番3号',
    '小倉北区中央１丁目',
    '小倉北区 中央1丁目',
    '福岡県北九州市小倉北区中央１－２－３',
  ])('finds 中央小学校区 from %s, with its council and associations, without a login', async (address) => {
    const { status, json } = await lookup(address);
    expect(status).toBe(200);
    const body = lookupJsonSchema.parse(json);
    expect(body.matches).toHaveLength(1);
    expect(body.matches[0]).toMatchObject({
      ward: { id: 'kokurakita' },
      town: '中央一丁目',
      schoolDistrict: { name: '中央小学校区' },
      council: { id: ids.council, name: '中央校区まちづくり協議会' },
      associations: [{ id: ids.association, name: '中央町内会' }],
    });
  });

  it('gives every ward’s 中央一丁目 when the ward is left out, and the postcode narrows it', async () => {
    expect(lookupJsonSchema.parse((await lookup('中央1-2-3')).json).matches.map((m) => m.ward.id)).toEqual(['kokurakita', 'kokuraminami']);
    expect(lookupJsonSchema.parse((await lookup('〒802-0999 中央1-2-3')).json).matches.map((m) => m.ward.id)).toEqual(['kokuraminami']);
  });

  it('answers a postcode alone when it lies in one 校区, and an unknown address with no match', async () => {
    expect(lookupJsonSchema.parse((await lookup('〒803-0831')).json).matches[0]?.schoolDistrict.name).toBe('日明小学校区');
    expect(lookupJsonSchema.parse((await lookup('小倉北区どこか町9-9')).json).matches).toEqual([]);
  });

  it('refuses an empty or overlong address with a problem naming the field, in English when asked', async () => {
    const empty = await api(app, 'GET', '/api/v1/school-districts/lookup?address=%20');
    expect(empty.status).toBe(422);
    expect(empty.json.errors?.[0]).toEqual({ field: 'address', message: '住所を入力してください。' });
    const missing = await api(app, 'GET', '/api/v1/school-districts/lookup', undefined, undefined, { 'accept-language': 'en' });
    expect(missing.status).toBe(422);
    expect(missing.json.errors?.[0]?.message).toBe('Enter an address.');
    expect((await lookup('あ'.repeat(201))).status).toBe(422);
  });

  it('lists the registry tree in order, filters by ward and kind, and counts by kind', async () => {
    const all = treeJsonSchema.parse((await api(app, 'GET', '/api/v1/organisations')).json);
    const names = all.organisations.map((o) => `${o.depth}:${o.name}`);
    expect(names.indexOf('0:小倉北区役所')).toBeLessThan(names.indexOf('1:中央校区まちづくり協議会'));
    expect(names.indexOf('1:中央校区まちづくり協議会') + 1).toBe(names.indexOf('2:中央町内会'));
    expect(names).toContain('3:中央町内会 1班');
    expect(all.organisations.map((o) => o.id)).not.toContain(circleId); // residents' groups are not the registry
    const ward = treeJsonSchema.parse((await api(app, 'GET', '/api/v1/organisations?ward=kokurakita')).json);
    expect(ward.organisations.map((o) => o.id)).not.toContain(ids.department);
    expect(ward.counts).toMatchObject({ ward_office: 1, community_council: 1, association: 1, han: 1 });
    const han = treeJsonSchema.parse((await api(app, 'GET', '/api/v1/organisations?kind=han')).json);
    expect(han.organisations).toEqual([expect.objectContaining({ id: ids.han, depth: 0, parentId: ids.association })]);
    expect((await api(app, 'GET', '/api/v1/organisations?kind=club')).status).toBe(422);
    expect((await api(app, 'GET', '/api/v1/organisations?ward=nowhere')).status).toBe(422);
  });

  it('shows one entry with its parent chain and children; a residents’ group only as a circle, with no personal data', async () => {
    const entry = organisationJsonSchema.parse((await api(app, 'GET', `/api/v1/organisations/${ids.association}`)).json);
    expect(entry.parents.map((p) => p.id)).toEqual([ids.office, ids.council]);
    expect(entry.children.map((c) => c.id)).toEqual([ids.han]);
    expect(entry.official).toBe(true);
    const { json } = await api(app, 'GET', `/api/v1/organisations/${circleId}`);
    const circle = organisationJsonSchema.parse(json);
    expect(circle).toMatchObject({ kind: 'circle', official: false, name: '中央町内会（予約用）', parents: [], registryEntry: null });
    expect(JSON.stringify(json)).not.toContain('代表');
  });

  it('answers an unknown id with 404', async () => {
    expect((await api(app, 'GET', '/api/v1/organisations/org_nope')).status).toBe(404);
    expect((await api(app, 'GET', '/api/v1/organisations/%E3%81%82')).status).toBe(404);
  });
});
