/**
 * The double-booking guarantee under real concurrency: many clients race over HTTP for the same cells.
 * Exactly one wins; every other gets 409; the database holds exactly one reservation for those cells.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { tokenFor } from '../../../test/api.ts';
import { describeEachDialect, testApp } from '../../../test/db.ts';
import { makeFacility, makeRoom, makeUser } from '../../../test/factories.ts';
import { listen } from '../../../test/server.ts';

const CLIENTS = 30;

describeEachDialect('booking under concurrency', (ctx) => {
  let server: Awaited<ReturnType<typeof listen>>;
  let roomId: string;
  let tokens: string[];

  beforeAll(async () => {
    const db = ctx().db.kysely;
    const facilityId = await makeFacility(db);
    roomId = await makeRoom(db, facilityId, { capacity: 40 });
    tokens = [];
    for (let i = 0; i < CLIENTS; i++) tokens.push(await tokenFor(ctx(), (await makeUser(db)).id));
    server = await listen(testApp(ctx()));
  });
  afterAll(async () => {
    await server?.close();
  });

  const post = (token: string, date: string, bands: string[], headers: Record<string, string> = {}) =>
    fetch(`${server.url}/api/v1/reservations`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ roomId, date, bands, purpose: '競争', attendees: 5, category: 'general' }),
    });

  it(`${CLIENTS} clients racing for the same two cells: exactly one 201, the rest 409`, async () => {
    const responses = await Promise.all(tokens.map((token) => post(token, '2026-12-09', ['morning', 'afternoon'])));
    const statuses = responses.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(CLIENTS - 1);
    const bodies = await Promise.all(responses.filter((r) => r.status === 409).map((r) => r.json() as Promise<{ title: string }>));
    expect(bodies.every((b) => b.title.includes('ほかの方が先に予約しました'))).toBe(true);

    const db = ctx().db.kysely;
    const cells = await db
      .selectFrom('reservation_cells')
      .selectAll()
      .where('room_id', '=', roomId)
      .where('date', '=', '2026-12-09')
      .execute();
    expect(cells).toHaveLength(2);
    expect(new Set(cells.map((c) => c.reservation_id)).size).toBe(1);
    const reservations = await db
      .selectFrom('reservations')
      .select('id')
      .where('room_id', '=', roomId)
      .where('date', '=', '2026-12-09')
      .execute();
    expect(reservations).toHaveLength(1);
  });

  it('overlapping requests (午前・午後 against 午後・夜間) never share a cell', async () => {
    const responses = await Promise.all(
      tokens.map((token, i) => post(token, '2026-12-10', i % 2 === 0 ? ['morning', 'afternoon'] : ['afternoon', 'evening'])),
    );
    expect(responses.filter((r) => r.status === 201)).toHaveLength(1);
    expect(responses.every((r) => r.status === 201 || r.status === 409)).toBe(true);
    const cells = await ctx()
      .db.kysely.selectFrom('reservation_cells')
      .select(['band', 'reservation_id'])
      .where('room_id', '=', roomId)
      .where('date', '=', '2026-12-10')
      .execute();
    expect(cells).toHaveLength(2);
    // No orphan: every reservation row on that day has its cells.
    const reservations = await ctx()
      .db.kysely.selectFrom('reservations')
      .select('id')
      .where('room_id', '=', roomId)
      .where('date', '=', '2026-12-10')
      .execute();
    expect(reservations.map((r) => r.id)).toEqual([cells[0]?.reservation_id]);
  });

  it('retries racing with one Idempotency-Key all return the same single reservation', async () => {
    const token = tokens[0] ?? '';
    const responses = await Promise.all(
      Array.from({ length: 10 }, () => post(token, '2026-12-11', ['evening'], { 'idempotency-key': 'race-key-000001' })),
    );
    expect(responses.map((r) => r.status)).toEqual(Array(10).fill(201));
    const ids = new Set(await Promise.all(responses.map(async (r) => ((await r.json()) as { id: string }).id)));
    expect(ids.size).toBe(1);
    const rows = await ctx().db.kysely.selectFrom('reservations').select('id').where('idempotency_key', '=', 'race-key-000001').execute();
    expect(rows).toHaveLength(1);
  });
});
