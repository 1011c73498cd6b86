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
import { newId } from '../../src/lib/ids.ts';
import { addDays, type Clock, type LocalDate, todayIn } from '../../src/lib/time.ts';
import { randomDigits, sha256 } from '../../src/lib/tokens.ts';
import { benchUser } from './databases.ts';

const STAMP = new Date().toISOString();
let serial = 0;

export async function makeBenchOffice(db: DatabaseHandle): Promise<string> {
  const id = newId('org');
  await db.kysely
    .insertInto('organisations')
    .values({
      id,
      name: 'ベンチ区役所',
      type: 'community',
      member_count: 0,
      representative_id: null,
      created_at: STAMP,
      kind: 'ward_office',
      official: 1,
      ward_id: null,
    })
    .execute();
  return id;
}

/** Weekday hours as the demo's counters keep them, or the ones given (e.g. one slot: the last seat). */
const DEMO_HOURS: [string, string][] = [
  ['08:30', '12:00'],
  ['13:00', '17:00'],
];

/** A counter with `desks` desks (15-minute slots) and one 15-minute service anyone may book 14 days to 1 day ahead. */
export async function makeBenchCounter(
  db: DatabaseHandle,
  officeId: string,
  o: { desks: number; hours?: [string, string][]; weekdays?: number[] },
): Promise<{ counterId: string; serviceId: string }> {
  const counterId = newId('ctr');
  serial += 1;
  await db.kysely
    .insertInto('appointment_counters')
    .values({
      id: counterId,
      office_id: officeId,
      code: counterId,
      name: `ベンチ窓口${serial}`,
      name_en: `Bench counter ${serial}`,
      place: `1階 ${serial}番窓口`,
      place_en: `1F, counter ${serial}`,
      slot_minutes: 15,
      desks: o.desks,
      sort_order: serial,
    })
    .execute();
  await db.kysely
    .insertInto('appointment_hours')
    .values(
      (o.weekdays ?? [1, 2, 3, 4, 5]).flatMap((weekday) =>
        (o.hours ?? DEMO_HOURS).map(([opens, closes]) => ({ counter_id: counterId, weekday, opens, closes })),
      ),
    )
    .execute();
  const serviceId = newId('svc');
  await db.kysely
    .insertInto('appointment_services')
    .values({
      id: serviceId,
      counter_id: counterId,
      code: serviceId,
      name: `ベンチ手続${serial}`,
      name_en: `Bench procedure ${serial}`,
      duration_minutes: 15,
      documents: '本人確認書類',
      documents_en: 'Photo ID',
      eligibility: 'anyone',
      book_from_days: 14,
      book_until_days: 1,
      sort_order: serial,
    })
    .execute();
  return { counterId, serviceId };
}

export async function makeLifeEvent(db: DatabaseHandle, serviceIds: string[], gapMinutes = 10): Promise<string> {
  const id = newId('lev');
  await db.kysely
    .insertInto('life_events')
    .values({ id, name: 'ベンチ引っ越し', name_en: 'Bench moving', gap_minutes: gapMinutes })
    .execute();
  await db.kysely
    .insertInto('life_event_services')
    .values(serviceIds.map((service_id, i) => ({ life_event_id: id, service_id, position: i + 1 })))
    .execute();
  return id;
}

// Phone numbers from a counter: the open-appointment limit counts per phone too.
let nextPhone = 10_000_000;

async function usersWithTokens(db: DatabaseHandle, count: number): Promise<{ userId: string; token: string }[]> {
  const out: { userId: string; token: string }[] = [];
  const users = [];
  const tokens = [];
  for (let i = 0; i < count; i++) {
    const id = newId('usr');
    const token = `tsu_bench_${id}`;
    const phone = String(nextPhone++);
    out.push({ userId: id, token });
    users.push({ ...benchUser(id, STAMP), phone: `090-${phone.slice(0, 4)}-${phone.slice(4)}` });
    tokens.push({
      id: newId('tok'),
      user_id: id,
      token_hash: sha256(token),
      name: 'bench',
      created_at: STAMP,
      last_used_at: null,
      revoked_at: null,
    });
  }
  for (let i = 0; i < users.length; i += 200) {
    await db.kysely
      .insertInto('users')
      .values(users.slice(i, i + 200))
      .execute();
    await db.kysely
      .insertInto('api_tokens')
      .values(tokens.slice(i, i + 200))
      .execute();
  }
  return out;
}

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

const hhmm = (minutes: number) => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

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
    ends: hhmm(h * 60 + m + 15),
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
    const start = hhmm(8 * 60 + 30 + 15 * Math.floor(i / counter.desks));
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
