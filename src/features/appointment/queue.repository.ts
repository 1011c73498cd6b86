/**
 * Queries of the queue of the day (queue_numbers, queue_tickets) and the little of the catalogue and the
 * appointments it reads. Writes take a Trx: a number, its ticket and the audit entry commit together.
 */
import type { Insertable, Updateable } from 'kysely';
import { sql } from 'kysely';
import type { Db, Trx } from '../../db/database.ts';
import type { QueueTicketTable } from '../../db/schema-appointment.ts';
import type { LocalDate } from '../../lib/time.ts';
import { type TicketRow, tokyoInstant, type WaitingTicket } from './queue.ts';

const TICKET_COLUMNS = [
  'queue_tickets.id',
  'queue_tickets.office_id',
  'queue_tickets.date',
  'queue_tickets.number',
  'queue_tickets.counter_id',
  'queue_tickets.service_id',
  'queue_tickets.appointment_id',
  'queue_tickets.position',
  'queue_tickets.kind',
  'queue_tickets.status',
  'queue_tickets.queued_at',
  'queue_tickets.checked_in_via',
  'queue_tickets.checked_in_at',
  'queue_tickets.desk',
  'queue_tickets.called_at',
  'queue_tickets.serving_at',
  'queue_tickets.done_at',
] as const;

/** The ward office (an organisation of kind ward_office), or undefined. */
export async function findOffice(db: Db, officeId: string) {
  return db
    .selectFrom('organisations')
    .select(['id', 'name', 'ward_id'])
    .where('id', '=', officeId)
    .where('kind', '=', 'ward_office')
    .executeTakeFirst();
}

// The number compared as the kiosk's normalised text: without hyphens and spaces, upper case.
const bareNumber = sql<string>`replace(replace(upper(appointments.number), '-', ''), ' ', '')`;

/** The appointment of this office and day with that number: a few rows by the (office, date) index. */
export async function findAppointmentOfDay(db: Db, officeId: string, date: LocalDate, bare: string) {
  return db
    .selectFrom('appointments')
    .selectAll()
    .where('office_id', '=', officeId)
    .where('date', '=', date)
    .where(bareNumber, '=', bare)
    .executeTakeFirst();
}

/** The appointment with that number anywhere, to tell a wrong day or office from an unknown number. */
export async function findAppointmentAnywhere(db: Db, bare: string) {
  return db
    .selectFrom('appointments')
    .innerJoin('organisations', 'organisations.id', 'appointments.office_id')
    .select(['appointments.id', 'appointments.date', 'appointments.office_id', 'organisations.name as officeName'])
    .where(bareNumber, '=', bare)
    .executeTakeFirst();
}

export async function findAppointmentByNumber(db: Db, number: string) {
  return db.selectFrom('appointments').selectAll().where('number', '=', number).executeTakeFirst();
}

/** The appointment's items in order, with their counter's late grace. */
export async function listItemsOfAppointment(db: Db, appointmentId: string) {
  return db
    .selectFrom('appointment_items')
    .innerJoin('appointment_counters', 'appointment_counters.id', 'appointment_items.counter_id')
    .select([
      'appointment_items.position',
      'appointment_items.service_id',
      'appointment_items.counter_id',
      'appointment_items.date',
      'appointment_items.starts',
      'appointment_counters.late_grace_minutes',
    ])
    .where('appointment_items.appointment_id', '=', appointmentId)
    .orderBy('appointment_items.position')
    .execute();
}

/** The appointment's latest ticket (the one of its current item), if it has checked in. */
export async function findLatestTicketOfAppointment(db: Db, appointmentId: string) {
  return db
    .selectFrom('queue_tickets')
    .select(TICKET_COLUMNS)
    .where('appointment_id', '=', appointmentId)
    .orderBy('position', 'desc')
    .orderBy('number', 'desc')
    .executeTakeFirst();
}

/** Marks a booked appointment checked in; 0 rows when another check-in got there first. */
export async function markAppointmentCheckedIn(trx: Trx, appointmentId: string, confirmContact: boolean): Promise<number> {
  const result = await trx
    .updateTable('appointments')
    .set(confirmContact ? { status: 'checked_in', contact_confirmed: 1 } : { status: 'checked_in' })
    .where('id', '=', appointmentId)
    .where('status', '=', 'booked')
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export async function setAppointmentStatus(trx: Trx, appointmentId: string, status: 'done' | 'no_show') {
  await trx.updateTable('appointments').set({ status }).where('id', '=', appointmentId).where('status', '=', 'checked_in').execute();
}

/**
 * The next number of the office's day, in the caller's transaction. The upsert takes the row's lock
 * (PostgreSQL) or the database's write lock (SQLite) until commit, so concurrent writers take turns and
 * the numbers are consecutive; a rolled-back writer hands its number back with its update. The unique
 * key (office, date, number) of queue_tickets is the guarantee behind it.
 */
export async function takeNextNumber(trx: Trx, officeId: string, date: LocalDate): Promise<number> {
  const row = await trx
    .insertInto('queue_numbers')
    .values({ office_id: officeId, date, last_number: 1 })
    .onConflict((oc) => oc.columns(['office_id', 'date']).doUpdateSet({ last_number: sql`queue_numbers.last_number + 1` }))
    .returning('last_number')
    .executeTakeFirstOrThrow();
  return Number(row.last_number);
}

export async function insertTicket(trx: Trx, row: Insertable<QueueTicketTable>) {
  return trx.insertInto('queue_tickets').values(row).returning(TICKET_COLUMNS).executeTakeFirstOrThrow();
}

export async function findTicket(db: Db, ticketId: string): Promise<TicketRow | undefined> {
  return db.selectFrom('queue_tickets').select(TICKET_COLUMNS).where('id', '=', ticketId).executeTakeFirst();
}

/** The waiting tickets of a counter's day with their item's start (null for walk-ins), in no order. */
export async function listWaitingAtCounter(db: Db, counterId: string, date: LocalDate): Promise<WaitingTicket[]> {
  const rows = await db
    .selectFrom('queue_tickets')
    .leftJoin('appointment_items', (join) =>
      join
        .onRef('appointment_items.appointment_id', '=', 'queue_tickets.appointment_id')
        .onRef('appointment_items.position', '=', 'queue_tickets.position'),
    )
    .select([
      'queue_tickets.id',
      'queue_tickets.number',
      'queue_tickets.kind',
      'queue_tickets.queued_at',
      'queue_tickets.near_notified',
      'appointment_items.date as itemDate',
      'appointment_items.starts as itemStarts',
    ])
    .where('queue_tickets.counter_id', '=', counterId)
    .where('queue_tickets.date', '=', date)
    .where('queue_tickets.status', '=', 'waiting')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    number: Number(r.number),
    kind: r.kind === 'booked' ? 'booked' : 'walk_in',
    queuedAt: r.queued_at,
    nearNotified: Number(r.near_notified) === 1,
    itemStart: r.itemDate && r.itemStarts ? tokyoInstant(r.itemDate, r.itemStarts) : null,
  }));
}

/** A desk's ticket being called or served, if any. */
export async function findBusyTicketAtDesk(db: Db, counterId: string, date: LocalDate, desk: number) {
  return db
    .selectFrom('queue_tickets')
    .select(['id', 'number'])
    .where('counter_id', '=', counterId)
    .where('date', '=', date)
    .where('desk', '=', desk)
    .where('status', 'in', ['called', 'serving'])
    .executeTakeFirst();
}

/** What a console action may change of a ticket. */
export type TicketChange = Partial<
  Pick<
    Updateable<QueueTicketTable>,
    'status' | 'desk' | 'called_at' | 'serving_at' | 'done_at' | 'counter_id' | 'transferred_to' | 'near_notified'
  >
>;

/**
 * Moves a ticket on from one of the statuses it must be in: the conditional update is the claim, so two
 * desks never take the same ticket (PostgreSQL makes the second wait for the first's row lock, then
 * finds the status changed; SQLite runs one writer at a time). Returns the rows changed (0 or 1).
 */
export async function updateTicketIfIn(trx: Trx, ticketId: string, from: readonly string[], set: TicketChange): Promise<number> {
  const result = await trx
    .updateTable('queue_tickets')
    .set(set)
    .where('id', '=', ticketId)
    .where('status', 'in', [...from])
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Marks "your turn is near" sent; 0 when it already was (once, whoever called at the same time). */
export async function markNearNotified(trx: Trx, ticketId: string): Promise<number> {
  const result = await trx
    .updateTable('queue_tickets')
    .set({ near_notified: 1 })
    .where('id', '=', ticketId)
    .where('near_notified', '=', 0)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Who a ticket's "your turn is near" reaches: the booking's account, else its email; walk-ins nobody. */
export async function findTicketContact(db: Db, ticketId: string) {
  return db
    .selectFrom('queue_tickets')
    .innerJoin('appointments', 'appointments.id', 'queue_tickets.appointment_id')
    .select(['appointments.person_id', 'appointments.email', 'appointments.lang', 'queue_tickets.number', 'queue_tickets.near_notified'])
    .where('queue_tickets.id', '=', ticketId)
    .executeTakeFirst();
}

export async function findCounter(db: Db, counterId: string) {
  return db.selectFrom('appointment_counters').selectAll().where('id', '=', counterId).executeTakeFirst();
}

export async function listCountersOfOffice(db: Db, officeId: string) {
  return db
    .selectFrom('appointment_counters')
    .selectAll()
    .where('office_id', '=', officeId)
    .where('active', '=', 1)
    .orderBy('sort_order')
    .orderBy('code')
    .execute();
}

export async function findService(db: Db, serviceId: string) {
  return db.selectFrom('appointment_services').selectAll().where('id', '=', serviceId).executeTakeFirst();
}

export async function listServicesOfOffice(db: Db, officeId: string) {
  return db
    .selectFrom('appointment_services')
    .innerJoin('appointment_counters', 'appointment_counters.id', 'appointment_services.counter_id')
    .selectAll('appointment_services')
    .where('appointment_counters.office_id', '=', officeId)
    .where('appointment_services.active', '=', 1)
    .where('appointment_counters.active', '=', 1)
    .orderBy('appointment_counters.sort_order')
    .orderBy('appointment_services.sort_order')
    .execute();
}

/** A counter's weekday periods and its dated exception, for counterDay(). */
export async function findCounterDay(db: Db, counterId: string, date: LocalDate, weekday: number) {
  const [periods, exception] = await Promise.all([
    db
      .selectFrom('appointment_hours')
      .select(['opens', 'closes'])
      .where('counter_id', '=', counterId)
      .where('weekday', '=', weekday)
      .execute(),
    db
      .selectFrom('appointment_days')
      .select(['status', 'opens', 'closes', 'desks'])
      .where('counter_id', '=', counterId)
      .where('date', '=', date)
      .executeTakeFirst(),
  ]);
  return { periods, exception };
}

/** Every ticket of the office's day with what the boards show (no personal data), for the estimates. */
export async function listTicketsOfOfficeDay(db: Db, officeId: string, date: LocalDate) {
  return db.selectFrom('queue_tickets').select(TICKET_COLUMNS).where('office_id', '=', officeId).where('date', '=', date).execute();
}

/** The last called tickets of the office's day (newest first), with their counter's name and place. */
export async function listLastCalled(db: Db, officeId: string, date: LocalDate, limit: number) {
  return db
    .selectFrom('queue_tickets')
    .innerJoin('appointment_counters', 'appointment_counters.id', 'queue_tickets.counter_id')
    .select([
      'queue_tickets.id',
      'queue_tickets.number',
      'queue_tickets.desk',
      'queue_tickets.called_at',
      'queue_tickets.status',
      'appointment_counters.name as counterName',
      'appointment_counters.name_en as counterNameEn',
      'appointment_counters.place',
      'appointment_counters.place_en as placeEn',
    ])
    .where('queue_tickets.office_id', '=', officeId)
    .where('queue_tickets.date', '=', date)
    .where('queue_tickets.called_at', 'is not', null)
    .where('queue_tickets.status', 'in', ['called', 'serving'])
    .orderBy('queue_tickets.called_at', 'desc')
    .orderBy('queue_tickets.number', 'desc')
    .limit(limit)
    .execute();
}
