import { beforeAll, expect, it } from 'vitest';
import { api, tokenFor } from '../../../test/api.ts';
import { countRows, describeEachDialect, testApp } from '../../../test/db.ts';
import { makeFacility, makeGroup, makeRoom, makeRoomFees, makeUser } from '../../../test/factories.ts';
import { reservationJsonSchema } from './booking.schema.ts';

describeEachDialect('reservations API', (ctx) => {
  let app: ReturnType<typeof testApp>;
  let roomId: string;
  let smallRoomId: string;
  let alice: { id: string; token: string };
  let bob: { id: string; token: string };
  let outsider: { id: string; token: string };
  let approved: { id: string; token: string };
  let groupId: string;

  const booking = (over: Record<string, unknown> = {}) => ({
    roomId,
    date: '2026-12-10',
    bands: ['morning'],
    purpose: '自治会の役員会',
    attendees: 12,
    category: 'general',
    ...over,
  });

  beforeAll(async () => {
    const db = ctx().db.kysely;
    app = testApp(ctx()); // now: Tue 2026-11-24 10:00 Tokyo
    const facilityId = await makeFacility(db, { name: '予約テスト市民センター' });
    roomId = await makeRoom(db, facilityId, { capacity: 30 });
    smallRoomId = await makeRoom(db, facilityId, { capacity: 10, sort_order: 2 });
    await makeRoomFees(db, roomId, { morning: 500, afternoon: 700, evening: 700 });
    const user = async (o: Parameters<typeof makeUser>[1] = {}) => {
      const u = await makeUser(db, o);
      return { id: u.id, token: await tokenFor(ctx(), u.id) };
    };
    alice = await user();
    bob = await user();
    outsider = await user({ residency: 'non_resident' });
    approved = await user({ multipurpose_status: 'approved' });
    groupId = await makeGroup(db, alice.id, { type: 'community', members: [bob.id] });
  });

  it('books free cells: 201 with number, fee and status; the cells then show as booked', async () => {
    const { status, json, res } = await api(app, 'POST', '/api/v1/reservations', alice.token, booking({ bands: ['morning', 'afternoon'] }));
    expect(status).toBe(201);
    expect(json).toMatchObject({
      status: 'confirmed',
      date: '2026-12-10',
      fee: 1200,
      channel: 'api',
      cancellableUntil: '2026-12-08',
      cancellable: true,
    });
    expect(String(json.number)).toMatch(/^2612-\d{6}$/);
    reservationJsonSchema.parse(json); // the documented shape, exactly
    expect(res.headers.get('location')).toBe(`/api/v1/reservations/${json.id}`);
    const grid = await api(app, 'GET', `/api/v1/rooms/${roomId}/availability?from=2026-12-10&to=2026-12-10`);
    const bands = (grid.json as { days: { bands: { band: string; state: string }[] }[] }).days[0]?.bands;
    expect(bands?.map((b) => b.state)).toEqual(['booked', 'booked', 'free']);
    expect(JSON.stringify(grid.json)).not.toContain(alice.id);
  });

  it('answers 409 with a clear message when any requested cell is taken, and writes nothing', async () => {
    const before = await countRows(ctx(), 'reservations');
    const { status, json } = await api(app, 'POST', '/api/v1/reservations', bob.token, booking({ bands: ['afternoon', 'evening'] }));
    expect(status).toBe(409);
    expect(json.title).toContain('ほかの方が先に予約しました');
    expect(await countRows(ctx(), 'reservations')).toBe(before);
    const evening = await ctx()
      .db.kysely.selectFrom('reservation_cells')
      .selectAll()
      .where('room_id', '=', roomId)
      .where('date', '=', '2026-12-10')
      .where('band', '=', 'evening')
      .execute();
    expect(evening).toEqual([]);
  });

  it('returns the original reservation for a retried Idempotency-Key, never a second one', async () => {
    const headers = { 'idempotency-key': 'retry-key-0001' };
    const first = await api(app, 'POST', '/api/v1/reservations', alice.token, booking({ date: '2026-12-11' }), headers);
    const again = await api(app, 'POST', '/api/v1/reservations', alice.token, booking({ date: '2026-12-11' }), headers);
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.res.headers.get('idempotent-replayed')).toBe('true');
    expect(again.json.id).toBe(first.json.id);
    const rows = await ctx().db.kysely.selectFrom('reservations').select('id').where('idempotency_key', '=', 'retry-key-0001').execute();
    expect(rows).toHaveLength(1);
    // The same key from another user is a different request.
    const other = await api(app, 'POST', '/api/v1/reservations', bob.token, booking({ date: '2026-12-11', bands: ['evening'] }), headers);
    expect(other.status).toBe(201);
    expect(other.json.id).not.toBe(first.json.id);
  });

  it('explains each booking rule in plain Japanese with 422 and field errors', async () => {
    const cases: [Record<string, unknown>, string, RegExp][] = [
      [{ date: '2026-11-23' }, 'date', /すでに始まっているか、過ぎています/], // past (and a holiday)
      [{ date: '2026-11-24', bands: ['morning'] }, 'bands', /すでに始まっている/], // started at 09:00 today
      [{ date: '2026-12-27' }, 'date', /2026-11-26から始まります/], // beyond the 31-day window (also a Sunday)
      [{ date: '2026-12-26', bands: ['morning', 'evening'] }, 'bands', /続けて選んでください/],
      [{ date: '2026-12-13' }, 'bands', /休館日などのため/], // Sunday
      [{ date: '2026-12-12', attendees: 31 }, 'attendees', /定員（30人）を超えて/],
      [{ date: '2026-12-12', category: 'multipurpose' }, 'category', /多目的利用者登録/],
      [{ date: '2026-12-12', commercial: true }, 'commercial', /利用の種類「多目的」/],
      [{ date: '2026-12-12', groupId: 'grp_not_mine' }, 'groupId', /メンバーではありません/],
    ];
    for (const [over, field, message] of cases) {
      const { status, json } = await api(app, 'POST', '/api/v1/reservations', bob.token, booking(over));
      expect(status, JSON.stringify(over)).toBe(422);
      const error = json.errors?.find((e) => e.field === field);
      expect(error?.message, JSON.stringify(over)).toMatch(message);
    }
  });

  it('refuses malformed requests with 422 problems, never a 500', async () => {
    const bodies: unknown[] = [
      '{"roomId":',
      '[]',
      'null',
      { ...booking(), bands: 5 },
      { ...booking(), bands: [] },
      { ...booking(), bands: ['night'] },
      { ...booking(), attendees: '十二' },
      { ...booking(), attendees: -1 },
      { ...booking(), date: '2026-02-30' },
      { ...booking(), purpose: 'x'.repeat(101) },
      { ...booking(), purpose: '' },
      { ...booking(), roomId: "' OR 1=1 --" },
      { ...booking(), extra: 'field' },
    ];
    for (const body of bodies) {
      const { status, json } = await api(app, 'POST', '/api/v1/reservations', alice.token, body);
      expect(status, JSON.stringify(body)).toBe(422);
      expect(json.errors?.length, JSON.stringify(body)).toBeGreaterThan(0);
    }
    const wrongType = await app.request('/api/v1/reservations', {
      method: 'POST',
      headers: { authorization: `Bearer ${alice.token}`, 'content-type': 'text/plain' },
      body: 'hi',
    });
    expect(wrongType.status).toBe(422);
    const badKey = await api(app, 'POST', '/api/v1/reservations', alice.token, booking(), { 'idempotency-key': 'short' });
    expect(badKey.status).toBe(422);
    const unknownRoom = await api(app, 'POST', '/api/v1/reservations', alice.token, booking({ roomId: 'no-such-room' }));
    expect(unknownRoom.status).toBe(404);
  });

  it('needs a valid bearer token: 401 without, with a bad one, or with a session cookie only', async () => {
    expect((await api(app, 'POST', '/api/v1/reservations', undefined, booking())).status).toBe(401);
    expect((await api(app, 'GET', '/api/v1/reservations', 'tsu_made_up')).status).toBe(401);
    expect((await api(app, 'GET', '/api/v1/reservations', undefined, undefined, { cookie: 'tsunagu_session=whatever' })).status).toBe(401);
  });

  it('adds multipliers for 市外 users and 多目的 commercial use, stacked and rounded down to 10 yen', async () => {
    const outside = await api(
      app,
      'POST',
      '/api/v1/reservations',
      outsider.token,
      booking({ date: '2026-12-14', bands: ['afternoon'], admission: true }),
    );
    expect(outside.status).toBe(201);
    expect(outside.json.fee).toBe(1570); // 700 × 1.5 × 1.5 = 1575 → 1570
    const business = await api(
      app,
      'POST',
      '/api/v1/reservations',
      approved.token,
      booking({ date: '2026-12-14', bands: ['morning'], category: 'multipurpose', commercial: true }),
    );
    expect(business.status).toBe(201);
    expect(business.json.fee).toBe(1000);
  });

  it('books for a group; a 自治会 community activity is free (100% 減免); members see it, others get 404', async () => {
    const made = await api(
      app,
      'POST',
      '/api/v1/reservations',
      alice.token,
      booking({ date: '2026-12-15', category: 'community', groupId }),
    );
    expect(made.status).toBe(201);
    expect(made.json).toMatchObject({ fee: 0, groupId, feeDetail: { base: 500, reductionPercent: 100 } });
    const id = String(made.json.id);
    expect((await api(app, 'GET', `/api/v1/reservations/${id}`, bob.token)).status).toBe(200); // group member
    const ics = await app.request(`/api/v1/reservations/${id}/ics`, { headers: { authorization: `Bearer ${bob.token}` } });
    expect(ics.headers.get('content-type')).toContain('text/calendar');
    expect(await ics.text()).toContain('DTSTART:20261215T000000Z');
    expect((await app.request(`/api/v1/reservations/${id}/ics`, { headers: { authorization: `Bearer ${outsider.token}` } })).status).toBe(
      404,
    );
    const list = await api(app, 'GET', '/api/v1/reservations', bob.token);
    expect((list.json.reservations as { id: string }[]).map((r) => r.id)).toContain(id);
    expect((await api(app, 'GET', `/api/v1/reservations/${id}`, outsider.token)).status).toBe(404);
    expect((await api(app, 'DELETE', `/api/v1/reservations/${id}`, outsider.token)).status).toBe(404);
    expect((await api(app, 'GET', '/api/v1/reservations/rsv_guessed_id_0001', outsider.token)).status).toBe(404);
    const theirs = await api(app, 'GET', '/api/v1/reservations', outsider.token);
    expect((theirs.json.reservations as { id: string }[]).map((r) => r.id)).not.toContain(id);
  });

  it('cancels before the deadline, freeing the cells; refuses after it with whom to call (409)', async () => {
    const made = await api(app, 'POST', '/api/v1/reservations', bob.token, booking({ date: '2026-12-16', bands: ['evening'] }));
    const cancelled = await api(app, 'DELETE', `/api/v1/reservations/${made.json.id}`, bob.token);
    expect(cancelled.status).toBe(200);
    expect(cancelled.json).toMatchObject({ status: 'cancelled', cancellable: false });
    expect((await api(app, 'DELETE', `/api/v1/reservations/${made.json.id}`, bob.token)).status).toBe(409);
    // The freed cell can be booked again by someone else.
    expect((await api(app, 'POST', '/api/v1/reservations', alice.token, booking({ date: '2026-12-16', bands: ['evening'] }))).status).toBe(
      201,
    );

    // Two days ahead is the deadline: a booking for the day after tomorrow can still be cancelled today,
    // one for tomorrow cannot.
    const soon = await api(
      app,
      'POST',
      '/api/v1/reservations',
      bob.token,
      booking({ date: '2026-11-25', roomId: smallRoomId, attendees: 5 }),
    );
    expect(soon.json.cancellable).toBe(false);
    const refused = await api(app, 'DELETE', `/api/v1/reservations/${soon.json.id}`, bob.token);
    expect(refused.status).toBe(409);
    expect(refused.json.title).toContain('093-000-0000');
    const ok = await api(
      app,
      'POST',
      '/api/v1/reservations',
      bob.token,
      booking({ date: '2026-11-26', roomId: smallRoomId, attendees: 5 }),
    );
    expect(ok.json.cancellable).toBe(true);
  });

  it('enforces the monthly quota per booker (12 bands by default)', async () => {
    const carol = await makeUser(ctx().db.kysely);
    const token = await tokenFor(ctx(), carol.id);
    const days = ['2026-12-01', '2026-12-02', '2026-12-03', '2026-12-04'];
    for (const date of days) {
      const r = await api(
        app,
        'POST',
        '/api/v1/reservations',
        token,
        booking({ roomId: smallRoomId, attendees: 5, date, bands: ['morning', 'afternoon', 'evening'] }),
      );
      expect(r.status, date).toBe(201);
    }
    const over = await api(app, 'POST', '/api/v1/reservations', token, booking({ roomId: smallRoomId, attendees: 5, date: '2026-12-05' }));
    expect(over.status).toBe(422);
    expect(over.json.errors?.[0]?.message).toContain('12コマまで');
    // Another month is a fresh quota.
    expect(
      (await api(app, 'POST', '/api/v1/reservations', token, booking({ roomId: smallRoomId, attendees: 5, date: '2026-11-30' }))).status,
    ).toBe(201);
  });

  it('exchanges email and password for a token (POST /api/v1/auth/token)', async () => {
    const u = await makeUser(ctx().db.kysely, { email: 'api-user@example.com' });
    const ok = await api(app, 'POST', '/api/v1/auth/token', undefined, {
      email: 'API-user@example.com',
      password: 'correct-horse-battery',
    });
    expect(ok.status).toBe(201);
    expect(ok.json).toMatchObject({ tokenType: 'Bearer', userNumber: u.number });
    expect((await api(app, 'GET', '/api/v1/reservations', String(ok.json.token))).status).toBe(200);
    expect((await api(app, 'POST', '/api/v1/auth/token', undefined, { email: 'api-user@example.com', password: 'wrong' })).status).toBe(
      401,
    );
    expect((await api(app, 'POST', '/api/v1/auth/token', undefined, { email: 'not-an-email', password: 'x' })).status).toBe(422);
    expect((await api(app, 'POST', '/api/v1/auth/token', undefined, '{oops')).status).toBe(422);
  });
});
