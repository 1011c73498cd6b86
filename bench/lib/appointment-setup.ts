/**
 * What the counter-appointment section (bench/appointments.ts) prepares on a demo city: a bench ward office
 * of its own (so the demo offices' figures stay as seeded), counters and services made to measure for
 * each run, residents with API tokens and a contact each (the limit of open appointments counts per
 * person, email and phone, so every booking needs its own person), a counter clerk's token for the staff
 * endpoints, and today's appointments for the queue morning. Rows are written directly, as makeTokens
 * writes API tokens: signing in and the booking form are not what is measured.
 */
import type { DatabaseHandle } from '../../src/db/database.ts';
import { insertAppointment } from '../../src/features/appointment/appointment.repository.ts';
import { serviceSlots } from '../../src/features/appointment/appointment.service.ts';
import { timeOf } from '../../src/features/appointment/appointment.slots.ts';
import { makeCounter, makeLifeEvent, makeOffice, makeService } from '../../src/features/appointment/appointment.test-helpers.ts';
import { newId } from '../../src/lib/ids.ts';
import { addDays, type Clock, type LocalDate, todayIn } from '../../src/lib/time.ts';
import { randomDigits, sha256 } from '../../src/lib/tokens.ts';
import { makeTokenUsers } from './databases.ts';

const STAMP = new Date().toISOString();

/** A ward office of the bench's own, so the demo offices' figures stay as seeded. */
export const makeBenchOffice = (db: DatabaseHandle) => makeOffice(db.kysely, { name: 'ベンチ区役所' });

/**
 * A counter with `desks` desks (15-minute slots, the demo's weekday hours unless given) and one
 * 15-minute service anyone may book 14 days to 1 day ahead (the test factories' defaults).
 */
export async function makeBenchCounter(
  db: DatabaseHandle,
  officeId: string,
  o: { desks: number; hours?: [string, string][] },
): Promise<{ counterId: string; serviceId: string }> {
  const counterId = await makeCounter(db.kysely, officeId, o);
  return { counterId, serviceId: await makeService(db.kysely, counterId) };
}

export const makeBenchLifeEvent = (db: DatabaseHandle, serviceIds: string[]) => makeLifeEvent(db.kysely, serviceIds);

// Phone numbers from a counter: the open-appointment limit counts per phone too.
let nextPhone = 10_000_000;

/** Users with API tokens, each with a phone number of their own. */
const usersWithTokens = (db: DatabaseHandle, count: number) =>
  makeTokenUsers(db, count, (user) => {
    const phone = String(nextPhone++);
    return { ...user, phone: `090-${phone.slice(0, 4)}-${phone.slice(4)}` };
  });

/** Residents signed in with API tokens, each with an email and phone of their own. */
export async function residentTokens(db: DatabaseHandle, count: number): Promise<string[]> {
  return (await usersWithTokens(db, count)).map((u) => u.token);
}

/** A counter clerk (係員) of the office with an API token: what a kiosk integration or the console uses. */
export async function clerkToken(db: DatabaseHandle, officeId: string): Promise<string> {
  const [clerk] = await usersWithTokens(db, 1);
  if (!clerk) throw new Error('no clerk made');
  await db.kysely
    .insertInto('role_assignments')
    .values({
      id: newId('ra'),
      user_id: clerk.userId,
      role: 'counter_clerk',
      scope_kind: 'ward_office',
      scope_id: officeId,
      granted_by: null,
      granted_at: STAMP,
    })
    .execute();
  return clerk.token;
}

export interface Slot {
  serviceId: string;
  counterId: string;
  date: LocalDate;
  start: string;
  /** Desks free for the service from this start when asked. */
  free: number;
}

/** Every bookable start of the services in their booking window, as GET …/slots answers it (in-process). */
export async function bookableSlots(db: DatabaseHandle, clock: Clock, serviceIds: string[]): Promise<Slot[]> {
  const from = addDays(todayIn(clock), 1);
  const slots: Slot[] = [];
  for (const serviceId of serviceIds) {
    const answer = await serviceSlots(db.kysely, clock, serviceId, from, addDays(from, 14));
    for (const day of answer.days)
      if (day.bookable)
        for (const s of day.slots)
          if (s.free > 0) slots.push({ serviceId, counterId: answer.counterId, date: day.date, start: s.starts, free: s.free });
  }
  return slots;
}

/**
 * The row, items and seats of one appointment as the booking service writes them (one service,
 * 15 minutes): for the raw-insert baseline and for today's appointments of the queue morning.
 */
export function appointmentRows(
  officeId: string,
  slot: { serviceId: string; counterId: string; date: LocalDate; start: string },
  desk: number,
) {
  const id = newId('apt');
  const [h, m] = slot.start.split(':').map(Number) as [number, number];
  const row = {
    id,
    number: randomDigits(8),
    secret_hash: sha256(`secret-${id}`),
    office_id: officeId,
    life_event_id: null,
    status: 'booked',
    name: 'ベンチ 太郎',
    name_kana: 'ベンチ タロウ',
    phone: null,
    email: `${id}@bench.invalid`,
    contact_confirmed: 1,
    person_id: null,
    channel: 'api',
    operator_id: null,
    idempotency_key: null,
    lang: 'ja',
    date: slot.date,
    starts: slot.start,
    created_at: new Date().toISOString(),
    cancelled_at: null,
    reminded_at: null,
  };
  const item = {
    appointment_id: id,
    position: 1,
    service_id: slot.serviceId,
    counter_id: slot.counterId,
    date: slot.date,
    starts: slot.start,
    ends: timeOf(h * 60 + m + 15),
    desk,
  };
  const seat = { counter_id: slot.counterId, date: slot.date, slot: slot.start, seat: desk, appointment_id: id, position: 1 };
  return { row, items: [item], seats: [seat] };
}

/**
 * `count` appointments today at one counter (as booked the days before), one a slot per desk from 08:30
 * on: the people who come in during the morning. Returns their 予約番号 in the order of their times.
 */
export async function todaysAppointments(
  db: DatabaseHandle,
  clock: Clock,
  officeId: string,
  counter: { counterId: string; serviceId: string; desks: number },
  count: number,
): Promise<string[]> {
  const date = todayIn(clock);
  const numbers: string[] = [];
  const all = Array.from({ length: count }, (_, i) => {
    const start = timeOf(8 * 60 + 30 + 15 * Math.floor(i / counter.desks));
    const rows = appointmentRows(officeId, { ...counter, date, start }, (i % counter.desks) + 1);
    numbers.push(rows.row.number);
    return rows;
  });
  for (let i = 0; i < all.length; i += 100) {
    const part = all.slice(i, i + 100);
    await db.kysely.transaction().execute(async (trx) => {
      await trx
        .insertInto('appointments')
        .values(part.map((p) => p.row))
        .execute();
      await trx
        .insertInto('appointment_items')
        .values(part.flatMap((p) => p.items))
        .execute();
      await trx
        .insertInto('appointment_seats')
        .values(part.flatMap((p) => p.seats))
        .execute();
    });
  }
  return numbers;
}

/**
 * For the bad-input run: one appointment of today at a demo counter, checked in, so its 予約番号 and its
 * waiting ticket are real ids the generated requests can name.
 */
export async function queueFixture(
  db: DatabaseHandle,
  clock: Clock,
  office: { officeId: string; counterId: string; serviceId: string },
): Promise<{ number: string; ticketId: string }> {
  const date = todayIn(clock);
  // Made once per database: a second run over it (PostgreSQL, then with 2 processes) names the same.
  const made = await db.kysely
    .selectFrom('queue_tickets as t')
    .innerJoin('appointments as a', 'a.id', 't.appointment_id')
    .select(['t.id', 'a.number'])
    .where('t.office_id', '=', office.officeId)
    .where('t.date', '=', date)
    .where('t.number', '=', 1)
    .executeTakeFirst();
  if (made) return { number: made.number, ticketId: made.id };
  const { row, items, seats } = appointmentRows(office.officeId, { ...office, date, start: '10:00' }, 1);
  const ticketId = newId('qtk');
  const now = new Date().toISOString();
  await db.kysely.transaction().execute(async (trx) => {
    await insertAppointment(trx, { ...row, status: 'checked_in' }, items, seats);
    await trx.insertInto('queue_numbers').values({ office_id: office.officeId, date, last_number: 1 }).execute();
    await trx
      .insertInto('queue_tickets')
      .values({
        id: ticketId,
        office_id: office.officeId,
        date,
        number: 1,
        counter_id: office.counterId,
        service_id: office.serviceId,
        appointment_id: row.id,
        position: 1,
        kind: 'booked',
        status: 'waiting',
        queued_at: now,
        checked_in_via: 'staff',
        checked_in_at: now,
        operator_id: null,
        desk: null,
        called_at: null,
        serving_at: null,
        done_at: null,
        transferred_to: null,
      })
      .execute();
  });
  return { number: row.number, ticketId };
}

/** Booking requests for autocannon: each takes the next slot (spread over counters and days) and the next resident. */
export function appointmentFeeder(slots: Slot[], tokens: string[]) {
  let next = 0;
  return {
    requests: [
      {
        method: 'POST' as const,
        setupRequest: (req: Record<string, unknown>) => {
          const i = next++;
          const slot = slots[i % slots.length] as Slot;
          return {
            ...req,
            path: '/api/v1/appointments',
            headers: {
              'content-type': 'application/json',
              authorization: `Bearer ${tokens[i % tokens.length]}`,
              'idempotency-key': `bench-${process.pid}-${i}-${slot.date}`,
            },
            body: JSON.stringify({ serviceIds: [slot.serviceId], date: slot.date, start: slot.start }),
          };
        },
      },
    ],
    used: () => next,
  };
}
