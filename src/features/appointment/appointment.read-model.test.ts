/**
 * The slots API from the read model on both databases, with two app processes on one database (two apps
 * on two connections, as WORKERS=2 has): a booking and a cancellation show at once on the process that
 * took them and to the booker on either process, and on the other process within the feed's delivery
 * time; a change of the counter's days (closed, fewer desks), by any connection, shows the same way; time
 * passing moves the booking window and drops the starts gone by; anonymous answers are revalidated with
 * an ETag until what they show changes.
 */
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { api, tokenFor } from '../../../test/api.ts';
import { describeEachDialect, testApp } from '../../../test/db.ts';
import { makeUser } from '../../../test/factories.ts';
import type { ChangeFeed } from '../../db/change-feed.ts';
import type { DatabaseHandle } from '../../db/database.ts';
import type { Clock } from '../../lib/time.ts';
import { DAY, makeCounter, makeOffice, makeService } from './appointment.test-helpers.ts';

type Days = {
  days: { date: string; open: boolean; closedReason: string | null; bookable: boolean; slots: { starts: string; free: number }[] }[];
};

/** A clock the test moves: Tokyo 2026-11-24 10:00 (Tuesday), as test/db.ts's frozen one, to start with. */
function movingClock(): Clock & { advance(minutes: number): void } {
  let at = Date.parse('2026-11-24T01:00:00Z');
  return {
    now: () => new Date(at),
    advance(minutes) {
      at += minutes * 60_000;
    },
  };
}

describeEachDialect('slots from the read model', (ctx) => {
  let second: DatabaseHandle;
  let appA: ReturnType<typeof testApp>;
  let appB: ReturnType<typeof testApp>;
  let counterId: string;
  let serviceId: string;

  beforeAll(async () => {
    const db = ctx().db.kysely;
    second = ctx().connectAgain();
    appA = testApp(ctx());
    appB = testApp({ ...ctx(), db: second });
    const office = await makeOffice(db, { wardId: 'kokurakita' });
    counterId = await makeCounter(db, office, { desks: 2 });
    serviceId = await makeService(db, counterId);
    // PostgreSQL: both processes' listeners are up before the first read is kept.
    await vi.waitFor(() => expect(ctx().db.changes.catchUp() && second.changes.catchUp()).toBe(true), { timeout: 5000 });
  });

  afterAll(async () => {
    await second.close();
  });

  async function slots(app: typeof appA, token?: string, service = serviceId, from = DAY, to = '2026-12-04') {
    const { status, json, res } = await api(app, 'GET', `/api/v1/services/${service}/slots?from=${from}&to=${to}`, token);
    expect(status).toBe(200);
    return { days: (json as unknown as Days).days, etag: res.headers.get('etag') };
  }

  const freeAt = async (app: typeof appA, date: string, start: string, token?: string) =>
    (await slots(app, token)).days.find((d) => d.date === date)?.slots.find((s) => s.starts === start)?.free;

  async function resident() {
    const user = await makeUser(ctx().db.kysely);
    return tokenFor(ctx(), user.id);
  }

  it('shows a booking and its cancellation at once on the process that took them, and on the other one within the feed’s delay', async () => {
    for (const app of [appA, appB]) expect(await freeAt(app, DAY, '09:00')).toBe(2); // now kept in both processes' memory
    const token = await resident();
    const booked = await api(appA, 'POST', '/api/v1/appointments', token, { serviceIds: [serviceId], date: DAY, start: '09:00' });
    expect(booked.status).toBe(201);
    expect(await freeAt(appA, DAY, '09:00')).toBe(1);
    expect(await freeAt(appB, DAY, '09:00', token)).toBe(1); // the booker, on a process that may not have heard yet
    await vi.waitFor(async () => expect(await freeAt(appB, DAY, '09:00')).toBe(1), { timeout: 5000, interval: 10 });

    const { number, secret } = booked.json as { number: string; secret: string };
    const cancelled = await api(appA, 'DELETE', `/api/v1/appointments/${number}`, undefined, undefined, { 'x-appointment-secret': secret });
    expect(cancelled.status).toBe(200);
    expect(await freeAt(appA, DAY, '09:00')).toBe(2);
    await vi.waitFor(async () => expect(await freeAt(appB, DAY, '09:00')).toBe(2), { timeout: 5000, interval: 10 });
  });

  it('shows a booking made on the other process to that process at once (its own commit) and here soon after', async () => {
    expect(await freeAt(appA, DAY, '09:30')).toBe(2);
    const booked = await api(appB, 'POST', '/api/v1/appointments', await resident(), {
      serviceIds: [serviceId],
      date: DAY,
      start: '09:30',
    });
    expect(booked.status).toBe(201);
    expect(await freeAt(appB, DAY, '09:30')).toBe(1);
    await vi.waitFor(async () => expect(await freeAt(appA, DAY, '09:30')).toBe(1), { timeout: 5000, interval: 10 });
  });

  it('shows the booker their own seat taken even on a process that hears nothing', async () => {
    const deaf: ChangeFeed = { subscribe: () => () => {}, catchUp: () => true, settle: () => true, close: async () => {} };
    const appC = testApp({ ...ctx(), db: { ...second, changes: deaf } });
    const token = await resident();
    expect(await freeAt(appC, DAY, '10:00', token)).toBe(2);
    expect((await api(appA, 'POST', '/api/v1/appointments', token, { serviceIds: [serviceId], date: DAY, start: '10:00' })).status).toBe(
      201,
    );
    expect(await freeAt(appC, DAY, '10:00')).toBe(2); // nobody told this process
    expect(await freeAt(appC, DAY, '10:00', token)).toBe(1);
  });

  it('drops the counter’s schedule when its days change, whichever connection changes them', async () => {
    const thursday = '2026-12-03';
    for (const app of [appA, appB]) expect(await freeAt(app, thursday, '13:00')).toBe(2);
    await second.kysely
      .insertInto('appointment_days')
      .values({ counter_id: counterId, date: thursday, status: 'desks', opens: null, closes: null, desks: 1, note: '' })
      .execute();
    expect(await freeAt(appB, thursday, '13:00')).toBe(1); // the process whose connection wrote it (its own commit)
    await vi.waitFor(async () => expect(await freeAt(appA, thursday, '13:00')).toBe(1), { timeout: 5000, interval: 10 });

    await ctx()
      .db.kysely.updateTable('appointment_days')
      .set({ status: 'closed', desks: null, note: 'システム停止' })
      .where('counter_id', '=', counterId)
      .where('date', '=', thursday)
      .execute();
    const closed = (await slots(appA)).days.find((d) => d.date === thursday);
    expect(closed).toMatchObject({ open: false, closedReason: 'closed_day', slots: [] });
    await vi.waitFor(async () => expect((await slots(appB)).days.find((d) => d.date === thursday)?.open).toBe(false), {
      timeout: 5000,
      interval: 10,
    });
  });

  it('refuses a booking on a day just closed, on the process that closed it at once and on the other one once told', async () => {
    const friday = '2026-12-04';
    const book = async (app: typeof appA) =>
      api(app, 'POST', '/api/v1/appointments', await resident(), { serviceIds: [serviceId], date: friday, start: '15:00' });
    expect(await freeAt(appA, friday, '15:00')).toBe(2); // the schedule is kept in memory now
    await second.kysely
      .insertInto('appointment_days')
      .values({ counter_id: counterId, date: friday, status: 'closed', opens: null, closes: null, desks: null, note: '停電' })
      .execute();
    const here = await book(appB);
    expect(here.status).toBe(422);
    expect(here.json.errors?.[0]?.field).toBe('date');
    await vi.waitFor(async () => expect((await book(appA)).status).toBe(422), { timeout: 5000, interval: 10 });
    const seats = await ctx().db.kysely.selectFrom('appointment_seats').select('slot').where('date', '=', friday).execute();
    expect(seats).toEqual([]);
  });

  it('moves the booking window and drops the starts gone by as time passes, though nothing was written', async () => {
    const clock = movingClock();
    const app = testApp(ctx(), clock);
    const sameDay = await makeService(ctx().db.kysely, counterId, { bookFromDays: 14, bookUntilDays: 0 });
    const today = async () => (await slots(app, undefined, sameDay, '2026-11-24', '2026-12-09')).days;
    const first = await today();
    expect(first[0]?.slots[0]?.starts).toBe('10:15'); // 10:00 has begun
    expect(first.find((d) => d.date === '2026-12-08')?.bookable).toBe(true);
    expect(first.find((d) => d.date === '2026-12-09')?.bookable).toBe(false); // 15 days ahead: not yet
    clock.advance(15);
    expect((await today())[0]?.slots[0]?.starts).toBe('10:30');
    clock.advance(24 * 60);
    const tomorrow = await today();
    expect(tomorrow[0]?.slots).toEqual([]); // yesterday now
    expect(tomorrow.find((d) => d.date === '2026-12-09')?.bookable).toBe(true);
  });

  it('answers anonymous callers with an ETag, 304 while nothing changed, and a new one once a seat is taken', async () => {
    const { etag } = await slots(appA);
    expect(etag).toMatch(/^W\/"/);
    const path = `/api/v1/services/${serviceId}/slots?from=${DAY}&to=2026-12-04`;
    const again = await api(appA, 'GET', path, undefined, undefined, { 'if-none-match': etag as string });
    expect(again.status).toBe(304);
    expect(again.res.headers.get('cache-control')).toBe('public, no-cache');
    expect(
      (await api(appA, 'POST', '/api/v1/appointments', await resident(), { serviceIds: [serviceId], date: DAY, start: '11:00' })).status,
    ).toBe(201);
    const after = await api(appA, 'GET', path, undefined, undefined, { 'if-none-match': etag as string });
    expect(after.status).toBe(200);
    expect(after.res.headers.get('etag')).not.toBe(etag);
  });
});
