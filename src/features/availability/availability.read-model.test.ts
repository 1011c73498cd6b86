/**
 * The public read side from the read model, with two app processes on one database (two apps on two
 * connections, as WORKERS=2 has): a booking is seen at once by its booker on either process and by anyone
 * on the process that took it; the other process's anonymous visitors see it within the feed's delivery
 * time. Anonymous answers carry an ETag and are revalidated with 304 until what they show changes;
 * signed-in answers stay no-store.
 */
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { api, tokenFor } from '../../../test/api.ts';
import { PageClient } from '../../../test/browser.ts';
import { describeEachDialect, testApp } from '../../../test/db.ts';
import { makeBooking, makeClosure, makeFacility, makeRoom, makeUser, TEST_PASSWORD } from '../../../test/factories.ts';
import type { ChangeFeed } from '../../db/change-feed.ts';
import type { DatabaseHandle } from '../../db/database.ts';

type Days = { days: { date: string; bands: { band: string; state: string; reason?: string }[] }[] };

describeEachDialect('the read model behind the public pages', (ctx) => {
  let second: DatabaseHandle;
  let appA: ReturnType<typeof testApp>;
  let appB: ReturnType<typeof testApp>;
  let facilityId: string;
  let roomId: string;
  let alice: { id: string; token: string };

  beforeAll(async () => {
    const db = ctx().db.kysely;
    second = ctx().connectAgain();
    appA = testApp(ctx());
    appB = testApp({ ...ctx(), db: second });
    facilityId = await makeFacility(db, { name: '読みモデル市民センター' });
    roomId = await makeRoom(db, facilityId, { capacity: 30 });
    const user = await makeUser(db, { email: 'reader@example.com' });
    alice = { id: user.id, token: await tokenFor(ctx(), user.id) };
    // PostgreSQL: both processes' listeners are up before the first read is kept.
    await vi.waitFor(() => expect(ctx().db.changes.catchUp() && second.changes.catchUp()).toBe(true), { timeout: 5000 });
  });

  afterAll(async () => {
    await second.close();
  });

  async function state(app: typeof appA, date: string, band: string, token?: string): Promise<string | undefined> {
    const { json } = await api(
      app,
      'GET',
      `/api/v1/rooms/${roomId}/availability?from=${date.slice(0, 8)}01&to=${date.slice(0, 8)}28`,
      token,
    );
    return (json as unknown as Days).days.find((d) => d.date === date)?.bands.find((b) => b.band === band)?.state;
  }

  it('shows a booking at once to its booker on either process and to anyone on the process that took it', async () => {
    for (const app of [appA, appB]) {
      expect(await state(app, '2026-12-10', 'morning')).toBe('free'); // now kept in both processes' memory
    }
    const booked = await api(appA, 'POST', '/api/v1/reservations', alice.token, {
      roomId,
      date: '2026-12-10',
      bands: ['morning'],
      purpose: '読書会',
      attendees: 8,
      category: 'general',
    });
    expect(booked.status).toBe(201);
    expect(await state(appA, '2026-12-10', 'morning', alice.token)).toBe('booked');
    expect(await state(appB, '2026-12-10', 'morning', alice.token)).toBe('booked');
    expect(await state(appA, '2026-12-10', 'morning')).toBe('booked');
    await vi.waitFor(async () => expect(await state(appB, '2026-12-10', 'morning')).toBe('booked'), { timeout: 5000, interval: 10 });
  });

  it('shows a booking to its booker even on a process that has not heard of it (a feed that delivers nothing)', async () => {
    const deaf: ChangeFeed = { subscribe: () => () => {}, catchUp: () => true, settle: () => true, close: async () => {} };
    const appC = testApp({ ...ctx(), db: { ...second, changes: deaf } });
    expect(await state(appC, '2026-12-17', 'evening')).toBe('free');
    await makeBooking(ctx().db.kysely, roomId, '2026-12-17', ['evening'], { user_id: alice.id });
    expect(await state(appC, '2026-12-17', 'evening')).toBe('free'); // nobody told this process
    expect(await state(appC, '2026-12-17', 'evening', alice.token)).toBe('booked');
  });

  it('answers an anonymous visitor with an ETag to revalidate, and 304 until the grid changes', async () => {
    const path = `/facilities/${facilityId}/availability?month=2026-12`;
    // Both processes show the same grid (the previous tests' bookings have reached both): the same ETag,
    // the hash of its bytes.
    await vi.waitFor(
      async () => expect((await appA.request(path)).headers.get('etag')).toBe((await appB.request(path)).headers.get('etag')),
      { timeout: 5000, interval: 10 },
    );
    const first = await appB.request(path);
    expect(first.status).toBe(200);
    const etag = first.headers.get('etag') ?? '';
    expect(etag).toMatch(/^W\/".+"$/);
    expect(first.headers.get('cache-control')).toBe('public, no-cache');
    expect(first.headers.get('vary')).toContain('Cookie');
    const again = await appB.request(path, { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');

    await makeBooking(ctx().db.kysely, roomId, '2026-12-11', ['afternoon']);
    await vi.waitFor(
      async () => {
        const changed = await appB.request(path, { headers: { 'if-none-match': etag } });
        expect(changed.status).toBe(200);
        expect(changed.headers.get('etag')).not.toBe(etag);
      },
      { timeout: 5000, interval: 10 },
    );
  });

  it('sends the kept bytes gzipped to a browser that accepts it', async () => {
    const path = `/facilities/${facilityId}/availability?month=2026-12`;
    const plain = await (await appA.request(path)).text();
    const zipped = await appA.request(path, { headers: { 'accept-encoding': 'gzip, deflate' } });
    expect(zipped.headers.get('content-encoding')).toBe('gzip');
    expect(gunzipSync(Buffer.from(await zipped.arrayBuffer())).toString()).toBe(plain);
  });

  it('keeps signed-in answers no-store, without an ETag', async () => {
    const json = await api(appA, 'GET', `/api/v1/rooms/${roomId}/availability?from=2026-12-01&to=2026-12-28`, alice.token);
    expect(json.res.headers.get('cache-control')).toBe('no-store');
    expect(json.res.headers.get('etag')).toBeNull();
    const client = new PageClient(appA);
    await client.logIn('reader@example.com', TEST_PASSWORD);
    const { res } = await client.get(`/facilities/${facilityId}/availability?month=2026-12`);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('etag')).toBeNull();
  });

  it('shows a closure entered on the other process (a catalogue change) in the kept grid', async () => {
    expect(await state(appA, '2026-12-15', 'morning')).toBe('free');
    await makeClosure(second.kysely, facilityId, { startsOn: '2026-12-15', endsOn: '2026-12-15', reason: 'election' });
    await vi.waitFor(async () => expect(await state(appA, '2026-12-15', 'morning')).toBe('closed'), { timeout: 5000, interval: 10 });
  });
});
