/**
 * Changes racing for the last seat, over real HTTP on both databases: of several appointments moved to
 * the same free time at once, exactly one gets it (200) and every other is refused (409) with its old
 * booking intact — its items and seats where they were — and the winner's old seat is free. The same
 * for life events racing for the last seat of their later counter: never half a sequence moved.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { tokenFor } from '../../../test/api.ts';
import { describeEachDialect, testApp } from '../../../test/db.ts';
import { makeStaff } from '../../../test/factories.ts';
import { listen } from '../../../test/server.ts';
import { bookForCaller, seatsOfNumber } from './appointment.change.test-helpers.ts';
import { DAY, makeCounter, makeLifeEvent, makeOffice, makeService } from './appointment.test-helpers.ts';

const RACERS = 10;

describeEachDialect('changes racing for the last seat', (ctx) => {
  let server: Awaited<ReturnType<typeof listen>>;
  let app: ReturnType<typeof testApp>;
  let clerk: string;
  let officeId: string;

  beforeAll(async () => {
    const db = ctx().db.kysely;
    app = testApp(ctx());
    officeId = await makeOffice(db);
    clerk = await tokenFor(ctx(), (await makeStaff(db, 'counter_clerk', { id: officeId })).id);
    server = await listen(app);
  });
  afterAll(async () => {
    await server?.close();
  });

  const patch = (number: string, secret: string, body: unknown) =>
    fetch(`${server.url}/api/v1/appointments/${number}?secret=${encodeURIComponent(secret)}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  it(`${RACERS} appointments moved to the one free seat at once: one wins, the others keep their booking`, async () => {
    const db = ctx().db.kysely;
    const counter = await makeCounter(db, officeId, { desks: 1 });
    const service = await makeService(db, counter);
    const starts = ['08:30', '08:45', '09:00', '09:15', '09:30', '09:45', '10:00', '10:15', '10:30', '10:45'];
    const booked = [];
    for (const start of starts.slice(0, RACERS)) booked.push(await bookForCaller(app, clerk, { serviceIds: [service], date: DAY, start }));
    const before = await Promise.all(booked.map((b) => seatsOfNumber(db, b.number)));
    const answers = await Promise.all(booked.map((b) => patch(b.number, b.secret, { date: DAY, starts: '11:00' })));
    const statuses = answers.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(RACERS - 1);
    const winner = statuses.indexOf(200);
    for (const [i, b] of booked.entries()) {
      const seats = await seatsOfNumber(db, b.number);
      if (i === winner) expect(seats.map((s) => s.slot)).toEqual(['11:00']);
      else expect(seats).toEqual(before[i]);
    }
    const at11 = await db
      .selectFrom('appointment_seats')
      .select('appointment_id')
      .where('counter_id', '=', counter)
      .where('slot', '=', '11:00')
      .execute();
    expect(at11).toHaveLength(1);
    // The winner's old seat is free again: one fewer seat held in all.
    expect(await db.selectFrom('appointment_seats').select('slot').where('counter_id', '=', counter).execute()).toHaveLength(RACERS);
    expect(
      await db
        .selectFrom('appointment_seats')
        .select('slot')
        .where('counter_id', '=', counter)
        .where('slot', '=', starts[winner] as string)
        .execute(),
    ).toHaveLength(0);
  });

  it('life events racing for the last seat of their later counter never move half a sequence', async () => {
    const db = ctx().db.kysely;
    const citizens = await makeCounter(db, officeId, { desks: 3 });
    // The insurance counter's afternoon has room for one 30-minute service only.
    const insurance = await makeCounter(db, officeId, {
      name: '保険年金課',
      desks: 1,
      hours: [
        ['09:00', '10:00'],
        ['14:30', '15:00'],
      ],
    });
    const movingIn = await makeService(db, citizens);
    const healthInsurance = await makeService(db, insurance, { name: '国民健康保険の加入', duration: 30 });
    const event = await makeLifeEvent(db, [movingIn, healthInsurance], 10);
    const racers = [];
    for (const start of ['08:30', '09:00']) {
      racers.push(await bookForCaller(app, clerk, { lifeEventId: event, serviceIds: [movingIn, healthInsurance], date: DAY, start }));
    }
    const before = await Promise.all(racers.map((b) => seatsOfNumber(db, b.number)));
    const answers = await Promise.all(racers.map((b) => patch(b.number, b.secret, { date: DAY, starts: '14:00' })));
    expect(answers.map((r) => r.status).sort()).toEqual([200, 409]);
    const winner = answers.findIndex((r) => r.status === 200);
    for (const [i, b] of racers.entries()) {
      const seats = await seatsOfNumber(db, b.number);
      const items = await db
        .selectFrom('appointment_items as i')
        .innerJoin('appointments as a', 'a.id', 'i.appointment_id')
        .select(['i.position', 'i.starts'])
        .where('a.number', '=', b.number)
        .orderBy('i.position')
        .execute();
      if (i === winner) {
        expect(seats.map((s) => [s.counter_id, s.slot])).toEqual([
          [citizens, '14:00'],
          [insurance, '14:30'],
          [insurance, '14:45'],
        ]);
        expect(items).toEqual([
          { position: 1, starts: '14:00' },
          { position: 2, starts: '14:30' },
        ]);
      } else {
        expect(seats).toEqual(before[i]);
        expect(items).toHaveLength(2);
        expect(items[0]?.starts).not.toBe('14:00');
      }
    }
  });
});
