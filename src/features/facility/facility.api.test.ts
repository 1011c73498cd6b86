import { beforeAll, expect, it } from 'vitest';
import { describeEachDialect, testApp } from '../../../test/db.ts';
import { makeFacility, makeRoom } from '../../../test/factories.ts';
import { facilityDetailJsonSchema, facilityJsonSchema, wardJsonSchema } from './facility.schema.ts';

describeEachDialect('catalogue API', (ctx) => {
  let app: ReturnType<typeof testApp>;
  let facilityId: string;

  beforeAll(async () => {
    const { db } = ctx();
    app = testApp(ctx());
    facilityId = await makeFacility(db.kysely, { ward_id: 'tobata', name: '戸畑テスト市民センター' });
    await makeRoom(db.kysely, facilityId, { name: '和室', room_type: 'japanese_room', capacity: 20, sort_order: 2 });
    await makeRoom(db.kysely, facilityId, {
      name: '調理室',
      room_type: 'cooking_room',
      capacity: 16,
      equipment: ['kitchen'],
      sort_order: 1,
    });
    await makeFacility(db.kysely, { ward_id: 'moji', kind: 'lifelong_learning_centre', name: '門司テスト生涯学習センター' });
  });

  it('GET /healthz answers 200 when the database answers', async () => {
    const res = await app.request('/healthz');
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'ok', database: ctx().dialect });
  });

  it('lists the 7 wards with facility counts', async () => {
    const res = await app.request('/api/v1/wards');
    expect(res.status).toBe(200);
    const body = (await res.json()) as { wards: unknown[] };
    expect(body.wards).toHaveLength(7);
    const wards = body.wards.map((w) => wardJsonSchema.parse(w));
    expect(wards.find((w) => w.id === 'tobata')).toMatchObject({ name: '戸畑区', facilityCount: 1 });
    expect(wards.find((w) => w.id === 'yahatanishi')).toMatchObject({ facilityCount: 0 });
  });

  it('filters facilities by ward and kind', async () => {
    const byWard = (await (await app.request('/api/v1/facilities?ward=tobata')).json()) as { facilities: unknown[] };
    expect(byWard.facilities.map((f) => facilityJsonSchema.parse(f).name)).toEqual(['戸畑テスト市民センター']);
    const byKind = (await (await app.request('/api/v1/facilities?kind=lifelong_learning_centre')).json()) as {
      facilities: { name: string }[];
    };
    expect(byKind.facilities.map((f) => f.name)).toEqual(['門司テスト生涯学習センター']);
    const both = (await (await app.request('/api/v1/facilities?ward=tobata&kind=lifelong_learning_centre')).json()) as {
      facilities: unknown[];
    };
    expect(both.facilities).toEqual([]);
  });

  it('returns one facility with its rooms in display order and their bands', async () => {
    const res = await app.request(`/api/v1/facilities/${facilityId}`);
    expect(res.status).toBe(200);
    const body = facilityDetailJsonSchema.parse(await res.json());
    expect(body.rooms.map((r) => r.name)).toEqual(['調理室', '和室']);
    expect(body.rooms[0]?.equipment).toEqual(['kitchen']);
    expect(body.rooms[0]?.bands.map((b) => `${b.label} ${b.start}-${b.end}`)).toEqual([
      '午前 09:00-12:00',
      '午後 13:00-17:00',
      '夜間 18:00-21:00',
    ]);
    expect(body.openingHours).toHaveLength(6);
  });

  it('answers bad input with a JSON problem and field errors, in Japanese or English', async () => {
    const res = await app.request('/api/v1/facilities?kind=castle');
    expect(res.status).toBe(422);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    const body = (await res.json()) as { status: number; errors: { field: string; message: string }[] };
    expect(body.status).toBe(422);
    expect(body.errors[0]?.field).toBe('kind');
    expect(body.errors[0]?.message).toMatch(/施設の種類/);

    const en = await app.request('/api/v1/facilities?ward=atlantis', { headers: { 'accept-language': 'en-GB,en;q=0.9' } });
    expect(en.status).toBe(422);
    expect(((await en.json()) as { errors: { message: string }[] }).errors[0]?.message).toBe('Choose a ward from the list.');
  });

  it('answers unknown and malformed ids with 404 problems', async () => {
    for (const path of ['/api/v1/facilities/nope', "/api/v1/facilities/1'%20OR%201=1", `/api/v1/facilities/${'x'.repeat(300)}`]) {
      const res = await app.request(path);
      expect(res.status, path).toBe(404);
      expect(((await res.json()) as { title: string }).title).toBe('施設が見つかりません。');
    }
    expect((await app.request('/api/v1/nothing-here')).status).toBe(404);
  });

  it('serves an OpenAPI document that describes every endpoint', async () => {
    const res = await app.request('/api/v1/openapi.json');
    expect(res.status).toBe(200);
    const doc = (await res.json()) as { openapi: string; paths: Record<string, unknown>; components: { schemas: Record<string, unknown> } };
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/healthz',
        '/api/v1/wards',
        '/api/v1/facilities',
        '/api/v1/facilities/{id}',
        '/api/v1/rooms/{id}/availability',
        '/api/v1/search',
        '/api/v1/lottery/months/{month}',
        '/api/v1/lottery/entries',
        '/api/v1/lottery/entries/{id}/confirm',
      ]),
    );
    expect(doc.components.schemas.RoomAvailability).toBeDefined();
    // Every route the app serves under /api/v1, with its method (the document itself aside).
    const served = app.routes
      .filter((r) => r.path.startsWith('/api/v1/') && r.method !== 'ALL' && r.path !== '/api/v1/openapi.json')
      .map((r) => [r.method.toLowerCase(), r.path.replace(/:(\w+)/g, '{$1}')] as const);
    expect(served.length).toBeGreaterThan(10);
    const undocumented = served.filter(([method, path]) => !(doc.paths[path] as Record<string, unknown> | undefined)?.[method]);
    expect(undocumented).toEqual([]);
  });
});
