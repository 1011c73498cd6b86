/**
 * Problem `type`s are stable lower-case slugs (urn:tsunagu:problem:cell-taken), never message keys or
 * about:blank, and every type a response carries is one the OpenAPI document lists.
 */
import { beforeAll, expect, it } from 'vitest';
import { api, tokenFor } from '../../test/api.ts';
import { describeEachDialect, testApp } from '../../test/db.ts';
import { makeFacility, makeRoom, makeUser } from '../../test/factories.ts';

const SLUG_TYPE = /^urn:tsunagu:problem:[a-z0-9]+(-[a-z0-9]+)*$/;

describeEachDialect('problem types', (ctx) => {
  let app: ReturnType<typeof testApp>;
  let documented: string[];
  let roomId: string;
  let facilityId: string;
  let token: string;

  beforeAll(async () => {
    const db = ctx().db.kysely;
    app = testApp(ctx());
    facilityId = await makeFacility(db);
    roomId = await makeRoom(db, facilityId);
    token = await tokenFor(ctx(), (await makeUser(db, { email: 'slug@example.com' })).id);
    const doc = (await api(app, 'GET', '/api/v1/openapi.json')).json as {
      components: { schemas: { Problem: { properties: { type: { enum: string[] } } } } };
    };
    documented = doc.components.schemas.Problem.properties.type.enum;
  });

  it('lists only slugs in the OpenAPI document, the conflicts among them', () => {
    expect(documented.length).toBeGreaterThan(10);
    expect(documented.filter((t) => !SLUG_TYPE.test(t))).toEqual([]);
    expect(documented).toContain('urn:tsunagu:problem:cell-taken');
    expect(documented).toContain('urn:tsunagu:problem:invalid-input');
  });

  it('sends a documented slug with every kind of refusal', async () => {
    const booking = { roomId, date: '2026-12-02', bands: ['morning'], purpose: '練習', attendees: 5, category: 'general' };
    expect((await api(app, 'POST', '/api/v1/reservations', token, booking)).status).toBe(201);
    const answers = {
      'cell-taken': await api(app, 'POST', '/api/v1/reservations', token, booking),
      'invalid-input': await api(app, 'POST', '/api/v1/reservations', token, {}),
      unauthorized: await api(app, 'GET', '/api/v1/reservations'),
      'invalid-token': await api(app, 'GET', '/api/v1/reservations', 'not-a-token'),
      'login-failed': await api(app, 'POST', '/api/v1/auth/token', undefined, { email: 'slug@example.com', password: 'wrong-password' }),
      forbidden: await api(app, 'GET', `/api/v1/staff/facilities/${facilityId}/day?date=2026-12-02`, token),
      'not-found': await api(app, 'GET', '/api/v1/reservations/rsv_nothing', token),
      'method-not-allowed': await api(app, 'PUT', '/api/v1/reservations', token),
      'payload-too-large': await api(app, 'POST', '/api/v1/reservations', token, { purpose: 'x'.repeat(70 * 1024) }),
    };
    for (const [slug, answer] of Object.entries(answers)) {
      expect(answer.res.headers.get('content-type'), slug).toContain('application/problem+json');
      expect(answer.json.type, slug).toBe(`urn:tsunagu:problem:${slug}`);
      expect(documented, slug).toContain(answer.json.type);
    }
  });
});
