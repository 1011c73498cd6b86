/**
 * Guarantee 3 for the API: a JSON body with a field the operation does not know is refused (422), the
 * problem names that field (at the top level and inside a list), and nothing is written.
 */
import { beforeAll, expect, it } from 'vitest';
import { api, tokenFor } from '../../test/api.ts';
import { countRows, describeEachDialect, testApp } from '../../test/db.ts';
import { makeFacility, makeRoom, makeStaff, makeUser } from '../../test/factories.ts';

describeEachDialect('an unknown field in a JSON body', (ctx) => {
  let app: ReturnType<typeof testApp>;
  let roomId: string;
  let resident: { id: string; number: string };
  let residentToken: string;
  let clerkToken: string;

  beforeAll(async () => {
    const db = ctx().db.kysely;
    app = testApp(ctx());
    const facilityId = await makeFacility(db);
    roomId = await makeRoom(db, facilityId);
    resident = await makeUser(db, { email: 'strict@example.com' });
    residentToken = await tokenFor(ctx(), resident.id);
    clerkToken = await tokenFor(ctx(), (await makeStaff(db, 'clerk', { facilityId })).id);
  });

  const booking = () => ({ roomId, date: '2026-12-02', bands: ['morning'], purpose: '練習', attendees: 5, category: 'general' });

  it('is named in the problem for a reservation, and nothing is booked', async () => {
    const before = await countRows(ctx(), 'reservations');
    const { status, json } = await api(app, 'POST', '/api/v1/reservations', residentToken, { ...booking(), colour: 'red', sizeX: 1 });
    expect(status).toBe(422);
    expect(json.type).toBe('urn:tsunagu:problem:invalid-input');
    expect(json.errors?.map((e) => e.field)).toEqual(['colour', 'sizeX']);
    expect(json.errors?.[0]?.message).toContain('colour');
    expect(await countRows(ctx(), 'reservations')).toBe(before);
  });

  it('is named in English too', async () => {
    const { json } = await api(
      app,
      'POST',
      '/api/v1/reservations',
      residentToken,
      { ...booking(), colour: 'red' },
      { 'accept-language': 'en' },
    );
    expect(json.errors).toEqual([{ field: 'colour', message: expect.stringContaining('"colour"') }]);
  });

  it('is named with its place inside a list (a lottery wish)', async () => {
    const { status, json } = await api(app, 'POST', '/api/v1/lottery/entries', residentToken, {
      purpose: '練習',
      attendees: 5,
      category: 'general',
      wishes: [{ roomId, date: '2027-02-02', bands: ['morning'], priority: 1 }],
    });
    expect(status).toBe(422);
    expect(json.errors?.map((e) => e.field)).toContain('wishes.0.priority');
  });

  it('is named for a token request and for a proxy booking', async () => {
    const token = await api(app, 'POST', '/api/v1/auth/token', undefined, { email: 'strict@example.com', password: 'x', remember: true });
    expect(token.status).toBe(422);
    expect(token.json.errors?.map((e) => e.field)).toEqual(['remember']);
    const proxy = await api(app, 'POST', '/api/v1/staff/reservations', clerkToken, {
      ...booking(),
      residentId: resident.id,
      channel: 'phone',
      operator: 'someone',
    });
    expect(proxy.status).toBe(422);
    expect(proxy.json.errors?.map((e) => e.field)).toEqual(['operator']);
  });
});
