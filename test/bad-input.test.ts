/**
 * Generated bad input against every form and JSON endpoint (fast-check): whatever arrives, the answer is
 * a 4xx or a success, never a 5xx, and rejected requests change nothing.
 */
import fc from 'fast-check';
import { beforeAll, expect, it } from 'vitest';
import { fixedClock } from '../src/lib/time.ts';
import { api, tokenFor } from './api.ts';
import { PageClient } from './browser.ts';
import { countRows, describeEachDialect, testApp } from './db.ts';
import { makeFacility, makeRoom, makeUser, TEST_PASSWORD } from './factories.ts';

const nasty = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.constantFrom(
    '',
    ' ',
    '２０２６－１２－０５',
    '2026-02-30',
    '2026-13-01',
    "'; DROP TABLE reservations; --",
    '<script>alert(1)</script>',
    '\u0000\u0001\u001f',
    '%E0%A4%A',
    '9'.repeat(400),
    'x'.repeat(5000),
    '-1',
    '1e9',
    'NaN',
    'null',
  ),
);
const jsonValue = fc.oneof(
  nasty,
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(nasty, { maxLength: 4 }),
  fc.object({ maxDepth: 1 }),
);

describeEachDialect('bad input', (ctx) => {
  let app: ReturnType<typeof testApp>;
  let token: string;
  let client: PageClient;
  let roomId: string;

  beforeAll(async () => {
    const db = ctx().db.kysely;
    app = testApp(ctx());
    roomId = await makeRoom(db, await makeFacility(db));
    const user = await makeUser(db, { email: 'fuzz@example.com' });
    token = await tokenFor(ctx(), user.id);
    client = new PageClient(app);
    await client.logIn('fuzz@example.com', TEST_PASSWORD);
  });

  const tables = ['users', 'reservations', 'reservation_cells', 'organisations', 'notify_messages', 'notify_deliveries'];
  const snapshot = async () => Promise.all(tables.map((t) => countRows(ctx(), t)));

  it('JSON API: generated bodies and queries never cause a 5xx; rejected bookings write nothing', async () => {
    const before = await snapshot();
    await fc.assert(
      fc.asyncProperty(
        fc.record(
          {
            roomId: fc.oneof(fc.constant(roomId), nasty),
            date: nasty,
            bands: jsonValue,
            purpose: jsonValue,
            attendees: jsonValue,
            category: jsonValue,
          },
          { requiredKeys: [] },
        ),
        fc.dictionary(fc.constantFrom('date', 'from', 'to', 'band', 'ward', 'minCapacity', 'roomType', 'equipment'), nasty),
        async (body, query) => {
          const booked = await api(app, 'POST', '/api/v1/reservations', token, body);
          expect(booked.status, JSON.stringify(body)).toBeLessThan(500);
          if (booked.status >= 400) expect(booked.json?.title ?? '', JSON.stringify(body)).not.toBe('');
          const qs = new URLSearchParams(query).toString();
          expect((await app.request(`/api/v1/search?${qs}`)).status, qs).toBeLessThan(500);
          expect((await app.request(`/api/v1/rooms/${encodeURIComponent(String(body.roomId))}/availability?${qs}`)).status).toBeLessThan(
            500,
          );
          expect((await app.request(`/api/v1/facilities?${qs}`)).status).toBeLessThan(500);
        },
      ),
      { numRuns: 150 },
    );
    for (const raw of ['{', '[1,2', '"just a string"', '{"roomId":{"$gt":""}}', '\u0000']) {
      expect((await api(app, 'POST', '/api/v1/reservations', token, raw)).status).toBe(422);
      expect((await api(app, 'POST', '/api/v1/auth/token', undefined, raw)).status).toBe(422);
    }
    const huge = await api(app, 'POST', '/api/v1/reservations', token, { purpose: 'x'.repeat(200_000) });
    expect(huge.status).toBe(413);
    // Only valid bookings may have been written; every rejected one left the database as it was.
    const after = await snapshot();
    const booked = (await countRows(ctx(), 'reservations')) - (before[1] ?? 0);
    expect(after[0]).toBe(before[0]);
    expect(after[3]).toBe(before[3]);
    expect(booked).toBeGreaterThanOrEqual(0);
  });

  it('refuses control characters (PostgreSQL cannot store NUL) with a message, in forms and JSON', async () => {
    const login = await new PageClient(app).post('/login', { login: '\u0000\u0001', password: 'x' });
    expect(login.res.status).toBe(422);
    expect(login.html).toContain('制御文字');
    const booked = await api(app, 'POST', '/api/v1/reservations', token, {
      roomId,
      date: '2026-12-01',
      bands: ['morning'],
      purpose: 'a\u0000b',
      attendees: 1,
      category: 'general',
    });
    expect(booked.status).toBe(422);
    expect(booked.json.errors).toEqual([{ field: 'purpose', message: '使えない文字（制御文字）が含まれています。入力し直してください。' }]);
    expect((await app.request('/api/v1/search?date=2026-12-01&ward=%00')).status).toBe(422);
    expect((await app.request('/search?date=2026-12-01&ward=%00')).status).toBe(422);
  });

  it('forms: generated submissions to every form re-render with an answer, never a 5xx, and change nothing', async () => {
    const before = await snapshot();
    await fc.assert(
      fc.asyncProperty(
        fc.dictionary(
          fc.constantFrom(
            'name',
            'nameKana',
            'phone',
            'email',
            'residency',
            'birthYear',
            'password',
            'passwordConfirm',
            'login',
            'type',
            'memberCount',
            'number',
            'token',
            'roomId',
            'date',
            'bands',
            'purpose',
            'attendees',
            'category',
            'groupId',
            'next',
          ),
          nasty,
        ),
        async (form) => {
          for (const path of [
            '/register',
            '/login',
            '/password/forgot',
            '/password/reset',
            '/groups',
            '/book/confirm',
            '/book',
            '/book/form',
          ]) {
            const { res } = await client.post(path, form);
            expect(res.status, `${path} ${JSON.stringify(form)}`).toBeLessThan(500);
          }
          const qs = new URLSearchParams(form).toString();
          for (const path of ['/search', `/book`, '/facilities/kokurakita-llc/availability']) {
            expect((await client.get(`${path}?${qs}`)).res.status, `${path}?${qs}`).toBeLessThan(500);
          }
        },
      ),
      { numRuns: 60 },
    );
    const after = await snapshot();
    expect(after[0]).toBe(before[0]); // no user registered from garbage
    expect(after[3]).toBe(before[3]);
  });

  it('lottery: generated entries (JSON and form) and months never cause a 5xx and write nothing', async () => {
    const db = ctx().db.kysely;
    const hall = await makeRoom(db, await makeFacility(db), { room_type: 'hall', allocation: 'lottery' });
    const open = testApp(ctx(), fixedClock('2026-12-02T01:00:00Z')); // entries for 2027-02 are being taken
    const browser = new PageClient(open);
    await browser.logIn('fuzz@example.com', TEST_PASSWORD);
    await browser.get('/lottery/apply');
    const wish = fc.record({ roomId: fc.oneof(fc.constant(hall), nasty), date: nasty, bands: jsonValue }, { requiredKeys: [] });
    await fc.assert(
      fc.asyncProperty(
        fc.record(
          {
            wishes: fc.oneof(fc.array(fc.oneof(wish, jsonValue), { maxLength: 12 }), jsonValue),
            purpose: jsonValue,
            attendees: jsonValue,
            category: jsonValue,
            groupId: jsonValue,
          },
          { requiredKeys: [] },
        ),
        fc.dictionary(
          fc.constantFrom('wish0Room', 'wish0Date', 'wish0Bands', 'wish1Room', 'wish1Date', 'purpose', 'attendees', 'category', 'groupId'),
          nasty,
        ),
        nasty,
        async (body, form, month) => {
          const entered = await api(open, 'POST', '/api/v1/lottery/entries', token, body);
          expect(entered.status, JSON.stringify(body)).toBeLessThan(500);
          expect(entered.status).toBeGreaterThanOrEqual(400);
          expect((await api(open, 'GET', `/api/v1/lottery/months/${encodeURIComponent(month)}`)).status, month).toBeLessThan(500);
          for (const path of [`/api/v1/lottery/entries/${encodeURIComponent(month)}/confirm`]) {
            expect((await api(open, 'POST', path, token)).status).toBeLessThan(500);
          }
          const page = await browser.post('/lottery/apply', form);
          expect(page.res.status, JSON.stringify(form)).toBeLessThan(500);
          expect((await browser.post(`/lottery/entries/${encodeURIComponent(month)}/withdraw`, {})).res.status).toBeLessThan(500);
        },
      ),
      { numRuns: 60 },
    );
    expect(await countRows(ctx(), 'lottery_entries')).toBe(0);
    expect(await countRows(ctx(), 'lottery_wishes')).toBe(0);
    // The same token and app do take a valid entry: the refusals above were about the input.
    const valid = {
      purpose: '練習',
      attendees: 5,
      category: 'general',
      wishes: [{ roomId: hall, date: '2027-02-06', bands: ['morning'] }],
    };
    const entered = await api(open, 'POST', '/api/v1/lottery/entries', token, valid);
    expect(entered.status).toBe(201);
    expect((await api(open, 'DELETE', `/api/v1/lottery/entries/${entered.json.id}`, token)).status).toBe(204);
  });
});
