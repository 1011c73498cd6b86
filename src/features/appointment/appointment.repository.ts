/**
 * Reads and writes of counter appointments: the catalogue (offices, counters, their week and exceptions,
 * services, life events), the taken seats, appointments with their items and seats, and the one-time
 * email codes. Writes take a transaction: an appointment, its items and its seats stand or fall together.
 */
import type { Insertable } from 'kysely';
import type { Db, Trx } from '../../db/database.ts';
import type {
  AppointmentEmailCodeTable,
  AppointmentItemTable,
  AppointmentSeatTable,
  AppointmentTable,
} from '../../db/schema-appointment.ts';
import type { LocalDate } from '../../lib/time.ts';
import { sha256 } from '../../lib/tokens.ts';
import {
  type CounterSchedule,
  type DayException,
  type LifeEvent,
  type Office,
  type Period,
  type Service,
  toCounter,
  toService,
} from './appointment.ts';

/** Offices that have at least one active counter, each with its active counters and their services. */
export async function listOffices(db: Db): Promise<Office[]> {
  const [counters, services] = await Promise.all([
    db
      .selectFrom('appointment_counters as c')
      .innerJoin('organisations as o', 'o.id', 'c.office_id')
      .selectAll('c')
      .select(['o.name as office_name', 'o.name_kana as office_kana', 'o.ward_id as office_ward'])
      .where('c.active', '=', 1)
      .orderBy('o.ward_id')
      .orderBy('o.id')
      .orderBy('c.sort_order')
      .orderBy('c.id')
      .execute(),
    db.selectFrom('appointment_services').selectAll().where('active', '=', 1).orderBy('sort_order').orderBy('id').execute(),
  ]);
  const offices = new Map<string, Office>();
  for (const row of counters) {
    let office = offices.get(row.office_id);
    if (!office) {
      office = { id: row.office_id, name: row.office_name, nameKana: row.office_kana, wardId: row.office_ward, counters: [] };
      offices.set(row.office_id, office);
    }
    office.counters.push({ ...toCounter(row), services: services.filter((s) => s.counter_id === row.id).map(toService) });
  }
  return [...offices.values()];
}

/** An active service with its counter and the counter's office (and the office's ward). */
export async function findService(db: Db, serviceId: string) {
  const row = await db
    .selectFrom('appointment_services as s')
    .innerJoin('appointment_counters as c', 'c.id', 's.counter_id')
    .innerJoin('organisations as o', 'o.id', 'c.office_id')
    .selectAll('s')
    .select([
      'c.office_id',
      'c.name as counter_name',
      'c.name_en as counter_name_en',
      'c.place',
      'c.place_en',
      'c.slot_minutes',
      'c.desks',
      'o.name as office_name',
      'o.ward_id as office_ward',
    ])
    .where('s.id', '=', serviceId)
    .where('s.active', '=', 1)
    .where('c.active', '=', 1)
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    service: toService(row),
    counter: {
      id: row.counter_id,
      officeId: row.office_id,
      name: row.counter_name,
      nameEn: row.counter_name_en,
      place: row.place,
      placeEn: row.place_en,
    },
    office: { id: row.office_id, name: row.office_name, wardId: row.office_ward },
  };
}
export type ServiceWithCounter = NonNullable<Awaited<ReturnType<typeof findService>>>;

/** The schedules (week and the exceptions in [from, to]) of the counters. */
export async function loadSchedules(db: Db, counterIds: readonly string[], from: LocalDate, to: LocalDate) {
  const ids = [...new Set(counterIds)];
  const out = new Map<string, CounterSchedule>();
  if (ids.length === 0) return out;
  const [counters, hours, days] = await Promise.all([
    db.selectFrom('appointment_counters').select(['id', 'slot_minutes', 'desks']).where('id', 'in', ids).execute(),
    db.selectFrom('appointment_hours').selectAll().where('counter_id', 'in', ids).orderBy('opens').execute(),
    db
      .selectFrom('appointment_days')
      .selectAll()
      .where('counter_id', 'in', ids)
      .where('date', '>=', from)
      .where('date', '<=', to)
      .execute(),
  ]);
  for (const c of counters) {
    const week = new Map<number, Period[]>();
    for (const h of hours.filter((h) => h.counter_id === c.id)) {
      const list = week.get(Number(h.weekday)) ?? [];
      list.push({ opens: h.opens, closes: h.closes });
      week.set(Number(h.weekday), list);
    }
    const exceptions = new Map<LocalDate, DayException>();
    for (const d of days.filter((d) => d.counter_id === c.id)) {
      const status = d.status === 'closed' || d.status === 'open' || d.status === 'desks' ? d.status : 'closed';
      exceptions.set(d.date, {
        status,
        opens: d.opens,
        closes: d.closes,
        desks: d.desks === null ? null : Number(d.desks),
        note: d.note,
      });
    }
    out.set(c.id, { counterId: c.id, slotMinutes: Number(c.slot_minutes), desks: Number(c.desks), week, days: exceptions });
  }
  return out;
}

/** Seats taken at the counters in [from, to]; a change leaves out the seats of the appointment it moves. */
export async function listTakenSeats(db: Db, counterIds: readonly string[], from: LocalDate, to: LocalDate, exceptAppointmentId?: string) {
  if (counterIds.length === 0) return [];
  let query = db
    .selectFrom('appointment_seats')
    .select(['counter_id', 'date', 'slot', 'seat'])
    .where('counter_id', 'in', [...new Set(counterIds)])
    .where('date', '>=', from)
    .where('date', '<=', to);
  if (exceptAppointmentId) query = query.where('appointment_id', '!=', exceptAppointmentId);
  return query.execute();
}

/** Every active service of an active counter (what findService would find), for the read model. */
export async function listActiveServices(db: Db): Promise<Service[]> {
  const rows = await db
    .selectFrom('appointment_services as s')
    .innerJoin('appointment_counters as c', 'c.id', 's.counter_id')
    .selectAll('s')
    .where('s.active', '=', 1)
    .where('c.active', '=', 1)
    .execute();
  return rows.map(toService);
}

/** The seats a person's appointments hold at a counter in [from, to] (a cancellation deletes its seats). */
export async function listOwnSeats(db: Db, personId: string, counterId: string, from: LocalDate, to: LocalDate) {
  return db
    .selectFrom('appointment_seats as st')
    .innerJoin('appointments as a', 'a.id', 'st.appointment_id')
    .select(['st.counter_id', 'st.date', 'st.slot', 'st.seat'])
    .where('a.person_id', '=', personId)
    .where('st.counter_id', '=', counterId)
    .where('st.date', '>=', from)
    .where('st.date', '<=', to)
    .execute();
}

export async function listLifeEvents(db: Db): Promise<LifeEvent[]> {
  const [events, links] = await Promise.all([
    db.selectFrom('life_events').selectAll().orderBy('sort_order').orderBy('id').execute(),
    db.selectFrom('life_event_services').selectAll().orderBy('position').execute(),
  ]);
  return events.map((e) => ({
    id: e.id,
    name: e.name,
    nameEn: e.name_en,
    description: e.description,
    descriptionEn: e.description_en,
    gapMinutes: Number(e.gap_minutes),
    serviceIds: links.filter((l) => l.life_event_id === e.id).map((l) => l.service_id),
  }));
}

export async function findLifeEvent(db: Db, id: string): Promise<LifeEvent | undefined> {
  return (await listLifeEvents(db)).find((e) => e.id === id);
}

/** Several active services by id, each with its counter (unknown ids are left out). */
export async function findServices(db: Db, ids: readonly string[]): Promise<Map<string, ServiceWithCounter>> {
  const found = await Promise.all([...new Set(ids)].map((id) => findService(db, id)));
  return new Map(found.filter((f) => f !== undefined).map((f) => [f.service.id, f]));
}

/**
 * Inserts the appointment, its items and every seat in one go. The seats' primary key (counter, date,
 * slot, seat) refuses a seat already held: the caller's transaction then fails as a whole.
 */
export async function insertAppointment(
  trx: Trx,
  row: Insertable<AppointmentTable>,
  items: readonly Insertable<AppointmentItemTable>[],
  seats: readonly Insertable<AppointmentSeatTable>[],
) {
  const saved = await trx.insertInto('appointments').values(row).returningAll().executeTakeFirstOrThrow();
  await trx
    .insertInto('appointment_items')
    .values([...items])
    .execute();
  await trx
    .insertInto('appointment_seats')
    .values([...seats])
    .execute();
  return saved;
}

export async function findAppointmentByNumber(db: Db, number: string) {
  return db.selectFrom('appointments').selectAll().where('number', '=', number).executeTakeFirst();
}

export async function findAppointmentByIdempotencyKey(db: Db, key: string) {
  return db.selectFrom('appointments').selectAll().where('idempotency_key', '=', key).executeTakeFirst();
}

export async function listItems(db: Db, appointmentId: string) {
  return db.selectFrom('appointment_items').selectAll().where('appointment_id', '=', appointmentId).orderBy('position').execute();
}

/** The items of an appointment with their service's and counter's names, in order, and the office's name. */
export async function listItemsWithNames(db: Db, appointmentId: string) {
  return db
    .selectFrom('appointment_items as i')
    .innerJoin('appointment_services as s', 's.id', 'i.service_id')
    .innerJoin('appointment_counters as c', 'c.id', 'i.counter_id')
    .innerJoin('organisations as o', 'o.id', 'c.office_id')
    .selectAll('i')
    .select([
      's.name as service_name',
      's.name_en as service_name_en',
      's.documents',
      's.documents_en',
      'c.name as counter_name',
      'c.name_en as counter_name_en',
      'c.place',
      'c.place_en',
      'o.name as office_name',
    ])
    .where('i.appointment_id', '=', appointmentId)
    .orderBy('i.position')
    .execute();
}

/**
 * Booked appointments from `today` on held by this email, phone or person (each counted on its own), in
 * one statement: it runs twice per booking, once inside its transaction.
 */
export async function countOpenAppointments(
  db: Db,
  today: LocalDate,
  who: { email: string | null; phone: string | null; personId: string | null },
) {
  const held = { email: who.email, phone: who.phone, person_id: who.personId };
  const columns = (Object.keys(held) as (keyof typeof held)[]).filter((c) => held[c] !== null);
  if (columns.length === 0) return { email: 0, phone: 0, person: 0 };
  const row = await db
    .selectFrom('appointments')
    .select((eb) =>
      columns.map((c) =>
        eb.fn
          .count<string | number>(
            eb
              .case()
              .when(c, '=', held[c] as string)
              .then(1)
              .end(),
          )
          .as(c),
      ),
    )
    .where('status', '=', 'booked')
    .where('date', '>=', today)
    .where((eb) => eb.or(columns.map((c) => eb(c, '=', held[c] as string))))
    .executeTakeFirst();
  const n = (c: keyof typeof held) => Number((row as Record<string, string | number> | undefined)?.[c] ?? 0);
  return { email: n('email'), phone: n('phone'), person: n('person_id') };
}

/**
 * Locks the contacts' rows for the rest of the transaction (in key order, so two bookings of the same
 * contacts never wait on each other crosswise); the count that follows sees every booking of them that
 * committed before (migration 2026-12-08-23-appointment-contact-locks).
 */
export async function lockContacts(trx: Trx, who: { email: string | null; phone: string | null; personId: string | null }, at: string) {
  const keys = [
    who.personId && `person\u0000${who.personId}`,
    who.email && `email\u0000${who.email.toLowerCase()}`,
    who.phone && `phone\u0000${who.phone}`,
  ]
    .filter((k): k is string => typeof k === 'string')
    .map((k) => sha256(k))
    .sort();
  if (keys.length === 0) return;
  // One statement for all of them: its rows are written (and locked) in the order given.
  await trx
    .insertInto('appointment_contact_locks')
    .values(keys.map((key) => ({ key, locked_at: at })))
    .onConflict((oc) => oc.column('key').doUpdateSet({ locked_at: at }))
    .execute();
}

/** Forgets lock rows not used since `before` (a lock only matters while a booking's transaction runs). */
export async function pruneContactLocks(trx: Trx, before: string): Promise<number> {
  const result = await trx.deleteFrom('appointment_contact_locks').where('locked_at', '<', before).executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Cancels a booked appointment and deletes its seats (free again); false if it was not booked. */
export async function cancelAppointment(trx: Trx, id: string, at: string): Promise<boolean> {
  const result = await trx
    .updateTable('appointments')
    .set({ status: 'cancelled', cancelled_at: at })
    .where('id', '=', id)
    .where('status', '=', 'booked')
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) !== 1) return false;
  await trx.deleteFrom('appointment_seats').where('appointment_id', '=', id).execute();
  return true;
}

/** The ward of the person's active household, if they are in one. */
export async function wardOfHousehold(db: Db, userId: string): Promise<string | null> {
  const row = await db
    .selectFrom('household_people as p')
    .innerJoin('households as h', 'h.id', 'p.household_id')
    .select('h.ward_id')
    .where('p.user_id', '=', userId)
    .where('h.status', '=', 'active')
    .executeTakeFirst();
  return row?.ward_id ?? null;
}

// One-time email codes.

export async function insertEmailCode(trx: Trx, row: Insertable<AppointmentEmailCodeTable>): Promise<void> {
  await trx.insertInto('appointment_email_codes').values(row).execute();
}

export async function countEmailCodesSince(db: Db, email: string, since: string): Promise<number> {
  const row = await db
    .selectFrom('appointment_email_codes')
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .where('email', '=', email)
    .where('created_at', '>=', since)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** The newest code of the address that is unused, not expired and has attempts left. */
export async function findLiveEmailCode(db: Db, email: string, now: string, maxAttempts: number) {
  return db
    .selectFrom('appointment_email_codes')
    .selectAll()
    .where('email', '=', email)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .where('attempts', '<', maxAttempts)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** Counts a wrong guess; answers the attempts made so far. */
export async function countEmailCodeAttempt(trx: Trx, id: string): Promise<number> {
  const row = await trx
    .updateTable('appointment_email_codes')
    .set((eb) => ({ attempts: eb('attempts', '+', 1) }))
    .where('id', '=', id)
    .returning('attempts')
    .executeTakeFirst();
  return Number(row?.attempts ?? 0);
}

/** Uses the code once: false when another request used it first. */
export async function useEmailCode(trx: Trx, id: string, at: string): Promise<boolean> {
  const result = await trx
    .updateTable('appointment_email_codes')
    .set({ used_at: at })
    .where('id', '=', id)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
