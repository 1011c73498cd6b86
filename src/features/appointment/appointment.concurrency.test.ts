/**
 * The capacity guarantee under real concurrency, over HTTP, on both databases: 100 clients booking one
 * slot of a counter with 3 desks get exactly 3 seats and 97 × 409; a life-event booking racing for the
 * last seat of its later counter never leaves half a sequence (every appointment has all its items and
 * seats, the losers nothing). Booked by a counter clerk for phone callers (distinct phones), so no
 * client needs an email code and the per-contact limit does not interfere.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { tokenFor } from '../../../test/api.ts';
import { describeEachDialect, testApp } from '../../../test/db.ts';
import { makeStaff } from '../../../test/factories.ts';
import { listen } from '../../../test/server.ts';
import { DAY, makeCounter, makeLifeEvent, makeOffice, makeService } from './appointment.test-helpers.ts';

const CLIENTS = 100;

describeEachDialect('counter appointments under concurrency', (ctx) => {
  let server: Awaited<ReturnType<typeof listen>>;
  let token: string;
  let officeId: string;
  let caller = 0;

  beforeAll(async () => {
    const db = ctx().db.kysely;
    officeId = await makeOffice(db);
    token = await tokenFor(ctx(), (await makeStaff(db, 'counter_clerk', { id: officeId })).id);
    server = await listen(testApp(ctx()));
  });
  afterAll(async () => {
    await server?.close();
  });

  const book = (body: Record<string, unknown>) => {
    caller += 1;
    const phone = `090-${String(Math.floor(caller / 10000)).padStart(4, '0')}-${String(caller % 10000).padStart(4, '0')}`;
    return fetch(`${server.url}/api/v1/appointments`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: '競争 太郎', nameKana: 'キョウソウ タロウ', phone, channel: 'phone', date: DAY, ...body }),
    });
  };

  it(`${CLIENTS} clients for one slot with 3 desks: exactly 3 seats, ${CLIENTS - 3} × 409`, async () => {
    const db = ctx().db.kysely;
    const counterId = await makeCounter(db, officeId, { desks: 3 });
    const serviceId = await makeService(db, counterId);
    const responses = await Promise.all(Array.from({ length: CLIENTS }, () => book({ serviceIds: [serviceId], start: '10:00' })));
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(3);
    expect(statuses.filter((s) => s === 409)).toHaveLength(CLIENTS - 3);
    const refused = await Promise.all(
      responses.filter((r) => r.status === 409).map((r) => r.json() as Promise<{ type: string; title: string }>),
    );
    expect(new Set(refused.map((b) => b.type))).toEqual(new Set(['urn:tsunagu:problem:appointment-full']));
    expect(refused[0]?.title).toContain('別の時間');
    const seats = await db.selectFrom('appointment_seats').select(['seat', 'appointment_id']).where('counter_id', '=', counterId).execute();
    expect(seats.map((s) => s.seat).sort()).toEqual([1, 2, 3]);
    expect(new Set(seats.map((s) => s.appointment_id)).size).toBe(3);
    const items = await db.selectFrom('appointment_items').select('appointment_id').where('counter_id', '=', counterId).execute();
    expect(items).toHaveLength(3);
  });

  it('a life event racing for the last seat of its later counter never leaves half a sequence', async () => {
    const db = ctx().db.kysely;
    const citizens = await makeCounter(db, officeId, { desks: 3 });
    // The insurance counter has one desk and, that day, room for a single 30-minute service.
    const insurance = await makeCounter(db, officeId, { name: '保険年金課', desks: 1, hours: [['10:30', '11:00']] });
    const movingIn = await makeService(db, citizens);
    const healthInsurance = await makeService(db, insurance, { name: '国民健康保険の加入', duration: 30 });
    const event = await makeLifeEvent(db, [movingIn, healthInsurance], 10);
    const sequences = Array.from({ length: 30 }, () =>
      book({ lifeEventId: event, serviceIds: [healthInsurance, movingIn], start: '10:00' }),
    );
    // Two callers booking only 転入届 at the same time compete for the first counter's desks (two of three,
    // so one is always left for a sequence).
    const singles = Array.from({ length: 2 }, () => book({ serviceIds: [movingIn], start: '10:00' }));
    const [seqAnswers, singleAnswers] = await Promise.all([Promise.all(sequences), Promise.all(singles)]);
    expect(seqAnswers.filter((r) => r.status === 201)).toHaveLength(1);
    expect(seqAnswers.every((r) => r.status === 201 || r.status === 409)).toBe(true);
    expect(singleAnswers.map((r) => r.status)).toEqual([201, 201]);
    const singlesBooked = 2;

    const appointments = await db
      .selectFrom('appointments')
      .select(['id', 'life_event_id'])
      .where('office_id', '=', officeId)
      .where('date', '=', DAY)
      .where('starts', '=', '10:00')
      .execute();
    const ours = appointments.filter((a) => a.life_event_id === event);
    expect(ours).toHaveLength(1);
    for (const a of appointments) {
      const items = await db
        .selectFrom('appointment_items')
        .select(['position', 'counter_id', 'starts'])
        .where('appointment_id', '=', a.id)
        .orderBy('position')
        .execute();
      const seats = await db
        .selectFrom('appointment_seats')
        .select(['counter_id', 'slot'])
        .where('appointment_id', '=', a.id)
        .orderBy('slot')
        .execute();
      if (a.life_event_id === event) {
        expect(items).toEqual([
          { position: 1, counter_id: citizens, starts: '10:00' },
          { position: 2, counter_id: insurance, starts: '10:30' },
        ]);
        expect(seats).toEqual([
          { counter_id: citizens, slot: '10:00' },
          { counter_id: insurance, slot: '10:30' },
          { counter_id: insurance, slot: '10:45' },
        ]);
      } else {
        expect(items).toHaveLength(1);
        expect(seats).toHaveLength(1);
      }
    }
    // No seat without its appointment's items, and the first counter holds exactly what was answered 201.
    const citizenSeats = await db.selectFrom('appointment_seats').select('appointment_id').where('counter_id', '=', citizens).execute();
    expect(citizenSeats).toHaveLength(1 + singlesBooked);
    const insuranceSeats = await db.selectFrom('appointment_seats').select('appointment_id').where('counter_id', '=', insurance).execute();
    expect(insuranceSeats).toHaveLength(2);
  });

  it('one caller firing 12 bookings at once holds no more than the open-appointments limit (3)', async () => {
    const db = ctx().db.kysely;
    const counterId = await makeCounter(db, officeId, { desks: 12 });
    const serviceId = await makeService(db, counterId);
    const body = (i: number) => ({
      name: '連打 太郎',
      nameKana: 'レンダ タロウ',
      phone: '090-9999-0001',
      channel: 'phone',
      date: DAY,
      serviceIds: [serviceId],
      start: `${String(9 + Math.floor(i / 4)).padStart(2, '0')}:${String((i % 4) * 15).padStart(2, '0')}`,
    });
    const responses = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        fetch(`${server.url}/api/v1/appointments`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify(body(i)),
        }),
      ),
    );
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(3);
    expect(statuses.filter((s) => s === 422)).toHaveLength(9);
    const held = await db
      .selectFrom('appointments')
      .select('id')
      .where('phone', '=', '090-9999-0001')
      .where('status', '=', 'booked')
      .execute();
    expect(held).toHaveLength(3);
    const seats = await db.selectFrom('appointment_seats').select('seat').where('counter_id', '=', counterId).execute();
    expect(seats).toHaveLength(3);
  });
});
