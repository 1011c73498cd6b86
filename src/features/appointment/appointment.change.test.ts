/**
 * Changing an appointment (PATCH /api/v1/appointments/{number}) on both databases: every service moves
 * with its order and gap, the old seats are freed and the new taken in one go, the 予約番号 and secret stay,
 * the resident is mailed the new times; Idempotency-Key; and every refusal (cancelled, checked in, past,
 * outside the window, a closed day, a start not offered, full with alternatives) changes nothing.
 */
import { beforeAll, expect, it } from 'vitest';
import { api, tokenFor } from '../../../test/api.ts';
import { describeEachDialect, testApp } from '../../../test/db.ts';
import { makeStaff } from '../../../test/factories.ts';
import { fixedClock } from '../../lib/time.ts';
import { bookForCaller, messagesAbout, seatsOfNumber } from './appointment.change.test-helpers.ts';
import { DAY, makeCounter, makeLifeEvent, makeOffice, makeService } from './appointment.test-helpers.ts';

type App = ReturnType<typeof testApp>;

describeEachDialect('changing a counter appointment', (ctx) => {
  let app: App;
  let clerk: string;
  let citizens: string;
  let insurance: string;
  let movingIn: string;
  let healthInsurance: string;
  let event: string;

  beforeAll(async () => {
    const db = ctx().db.kysely;
    app = testApp(ctx()); // Tuesday 2026-11-24, 10:00 in Tokyo
    const officeId = await makeOffice(db, { name: '戸畑区役所' });
    citizens = await makeCounter(db, officeId, { desks: 1 });
    insurance = await makeCounter(db, officeId, { name: '保険年金課', desks: 1 });
    movingIn = await makeService(db, citizens);
    healthInsurance = await makeService(db, insurance, { name: '国民健康保険の加入', duration: 30 });
    event = await makeLifeEvent(db, [movingIn, healthInsurance], 10);
    clerk = await tokenFor(ctx(), (await makeStaff(db, 'counter_clerk', { id: officeId })).id);
  });

  const patch = (number: string, secret: string, body: unknown, headers: Record<string, string> = {}) =>
    api(app, 'PATCH', `/api/v1/appointments/${number}?secret=${encodeURIComponent(secret)}`, undefined, body, headers);

  it('moves a life event’s services together, keeping order and gap; same number and secret; old seats freed', async () => {
    const db = ctx().db.kysely;
    const booked = await bookForCaller(app, clerk, {
      lifeEventId: event,
      serviceIds: [movingIn, healthInsurance],
      date: DAY,
      start: '09:00',
    });
    expect(await seatsOfNumber(db, booked.number)).toEqual([
      { counter_id: citizens, date: DAY, slot: '09:00', seat: 1 },
      { counter_id: insurance, date: DAY, slot: '09:30', seat: 1 },
      { counter_id: insurance, date: DAY, slot: '09:45', seat: 1 },
    ]);
    const { status, json } = await patch(booked.number, booked.secret, { date: '2026-12-02', starts: '13:00' });
    expect(status).toBe(200);
    expect(json).toMatchObject({ number: booked.number, status: 'booked', date: '2026-12-02', starts: '13:00' });
    expect((json.items as { position: number; starts: string; ends: string }[]).map((i) => [i.position, i.starts, i.ends])).toEqual([
      [1, '13:00', '13:15'],
      [2, '13:30', '14:00'], // 13:15 + the event's 10 minutes → the next 15-minute start
    ]);
    expect(await seatsOfNumber(db, booked.number)).toEqual([
      { counter_id: citizens, date: '2026-12-02', slot: '13:00', seat: 1 },
      { counter_id: insurance, date: '2026-12-02', slot: '13:30', seat: 1 },
      { counter_id: insurance, date: '2026-12-02', slot: '13:45', seat: 1 },
    ]);
    // The secret still opens it; the freed 09:00 is bookable by someone else at once.
    expect((await api(app, 'GET', `/api/v1/appointments/${booked.number}?secret=${booked.secret}`)).json.date).toBe('2026-12-02');
    await bookForCaller(app, clerk, { serviceIds: [movingIn], date: DAY, start: '09:00' });
    const [mail] = await messagesAbout(db, 'appointment.changed', booked.number);
    expect(mail?.address).toBe(booked.email);
    expect(mail?.subject).toContain('予約を変更しました');
    expect(mail?.body_text).toContain('13:30〜14:00 国民健康保険の加入');
    expect(mail?.body_text).toContain(`/appointments/${booked.number}?secret=${booked.secret}`);
  });

  it('may move by one slot onto part of its own time', async () => {
    const db = ctx().db.kysely;
    const counter = await makeCounter(db, (await makeOffice(db)) as string, { desks: 1 });
    const long = await makeService(db, counter, { name: 'マイナンバーカードの受取', duration: 30 });
    const booked = await bookForCaller(app, await tokenFor(ctx(), (await makeStaff(db, 'admin')).id), {
      serviceIds: [long],
      date: DAY,
      start: '10:00',
    });
    const { status } = await patch(booked.number, booked.secret, { date: DAY, starts: '10:15' });
    expect(status).toBe(200);
    expect((await seatsOfNumber(db, booked.number)).map((s) => s.slot)).toEqual(['10:15', '10:30']);
  });

  it('answers a retried change with the same Idempotency-Key as it is, and refuses the key for another change', async () => {
    const db = ctx().db.kysely;
    const booked = await bookForCaller(app, clerk, { serviceIds: [movingIn], date: DAY, start: '14:00' });
    const key = { 'idempotency-key': `change-${booked.number}` };
    const first = await patch(booked.number, booked.secret, { date: DAY, starts: '14:30' }, key);
    expect(first.status).toBe(200);
    const again = await patch(booked.number, booked.secret, { date: DAY, starts: '14:30' }, key);
    expect(again.status).toBe(200);
    expect(again.res.headers.get('idempotent-replayed')).toBe('true');
    expect(await messagesAbout(db, 'appointment.changed', booked.number)).toHaveLength(1);
    const other = await patch(booked.number, booked.secret, { date: DAY, starts: '15:00' }, key);
    expect(other.status).toBe(422);
    expect(other.json.errors?.[0]?.field).toBe('Idempotency-Key');
    expect((await seatsOfNumber(db, booked.number)).map((s) => s.slot)).toEqual(['14:30']);
  });

  it('refuses a full time with the next times that fit, and keeps the old booking', async () => {
    const db = ctx().db.kysely;
    const taken = await bookForCaller(app, clerk, { serviceIds: [movingIn], date: DAY, start: '15:30' });
    const mine = await bookForCaller(app, clerk, { serviceIds: [movingIn], date: DAY, start: '15:45' });
    const before = await seatsOfNumber(db, mine.number);
    const { status, json } = await patch(mine.number, mine.secret, { date: DAY, starts: '15:30' });
    expect(status).toBe(409);
    expect(json.type).toBe('urn:tsunagu:problem:appointment-full');
    const alternatives = json.alternatives as { date: string; start: string }[];
    expect(alternatives.length).toBeGreaterThan(0);
    expect(alternatives).not.toContainEqual({ date: DAY, start: '15:45' }); // where it already is
    expect(alternatives[0]).toEqual({ date: DAY, start: '16:00' });
    expect(await seatsOfNumber(db, mine.number)).toEqual(before);
    expect(await seatsOfNumber(db, taken.number)).toHaveLength(1);
    expect(await messagesAbout(db, 'appointment.changed', mine.number)).toHaveLength(0);
  });

  it('refuses, with plain messages and nothing changed: outside the window, a closed day, a start not offered, bad input', async () => {
    const db = ctx().db.kysely;
    const booked = await bookForCaller(app, clerk, { serviceIds: [movingIn], date: DAY, start: '16:00' });
    const before = await seatsOfNumber(db, booked.number);
    const tooFar = await patch(booked.number, booked.secret, { date: '2026-12-11', starts: '10:00' });
    expect(tooFar.status).toBe(422);
    expect(tooFar.json.errors?.[0]).toMatchObject({ field: 'date' });
    expect(tooFar.json.errors?.[0]?.message).toContain('受付は2026-11-27から');
    const today = await patch(booked.number, booked.secret, { date: '2026-11-24', starts: '15:00' });
    expect(today.json.errors?.[0]?.message).toContain('受付は終わりました');
    const saturday = await patch(booked.number, booked.secret, { date: '2026-12-05', starts: '10:00' });
    expect(saturday.status).toBe(422);
    expect(saturday.json.errors?.[0]?.message).toContain('お休み');
    const lunch = await patch(booked.number, booked.secret, { date: DAY, starts: '12:15' });
    expect(lunch.status).toBe(422);
    expect(lunch.json.errors?.[0]?.field).toBe('starts');
    const unknown = await patch(booked.number, booked.secret, { date: DAY, starts: '10:00', serviceIds: [] });
    expect(unknown.status).toBe(422);
    expect(unknown.json.errors?.[0]?.field).toBe('serviceIds');
    const badTime = await patch(booked.number, booked.secret, { date: DAY, starts: '25:00' });
    expect(badTime.json.errors?.[0]?.field).toBe('starts');
    expect((await patch(booked.number, 'wrong-secret', { date: DAY, starts: '10:00' })).status).toBe(404);
    expect(await seatsOfNumber(db, booked.number)).toEqual(before);
  });

  it('refuses a cancelled, checked-in or past appointment (409) and changes nothing', async () => {
    const db = ctx().db.kysely;
    const cancelled = await bookForCaller(app, clerk, { serviceIds: [movingIn], date: DAY, start: '16:15' });
    expect((await api(app, 'DELETE', `/api/v1/appointments/${cancelled.number}?secret=${cancelled.secret}`)).status).toBe(200);
    const refused = await patch(cancelled.number, cancelled.secret, { date: '2026-12-02', starts: '16:15' });
    expect(refused.status).toBe(409);
    expect(refused.json.type).toBe('urn:tsunagu:problem:appointment-not-changeable');
    expect(refused.json.title).toContain('変更できません');
    expect(await seatsOfNumber(db, cancelled.number)).toEqual([]);

    const checkedIn = await bookForCaller(app, clerk, { serviceIds: [movingIn], date: DAY, start: '16:30' });
    await db.updateTable('appointments').set({ status: 'checked_in' }).where('number', '=', checkedIn.number).execute();
    expect((await patch(checkedIn.number, checkedIn.secret, { date: '2026-12-02', starts: '16:30' })).status).toBe(409);

    const past = await bookForCaller(app, clerk, { serviceIds: [movingIn], date: DAY, start: '16:45' });
    const later = testApp(ctx(), fixedClock('2026-12-01T08:00:00Z')); // 17:00 in Tokyo on the day
    const late = await api(later, 'PATCH', `/api/v1/appointments/${past.number}?secret=${past.secret}`, undefined, {
      date: '2026-12-03',
      starts: '10:00',
    });
    expect(late.status).toBe(409);
    expect(await seatsOfNumber(db, past.number)).toEqual([{ counter_id: citizens, date: DAY, slot: '16:45', seat: 1 }]);
  });
});
