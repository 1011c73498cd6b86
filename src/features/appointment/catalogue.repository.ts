/**
 * Reads and writes of the catalogue as staff manage it (catalogue.service.ts): one office's catalogue
 * (or every office's) in the file's form, what the database already holds under the file's codes, the
 * services and counters that still have appointments to come, and the writes of an import. Every write
 * goes through the catalogue tables, whose triggers publish 'appointment_catalogue' on the change feed.
 */
import type { Db, Trx } from '../../db/database.ts';
import { newId } from '../../lib/ids.ts';
import type { LocalDate } from '../../lib/time.ts';
import type { Catalogue, CounterRow, DayRow, DayStatus, HoursRow, LifeEventRow, ServiceRow } from './catalogue.ts';

/** One office, or every office (administrators). */
export type CatalogueScope = { kind: 'office'; officeId: string } | { kind: 'all' };

const lines = (text: string) =>
  String(text)
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '');

const dayStatus = (s: string): DayStatus => (s === 'open' || s === 'desks' ? s : 'closed');

/** The catalogue in scope as the file shows it: active counters and services, exceptions from today on. */
export async function loadCatalogue(db: Db, scope: CatalogueScope, today: LocalDate): Promise<Catalogue> {
  let q = db
    .selectFrom('appointment_counters')
    .selectAll()
    .where('active', '=', 1)
    .orderBy('office_id')
    .orderBy('sort_order')
    .orderBy('code');
  if (scope.kind === 'office') q = q.where('office_id', '=', scope.officeId);
  const counterRows = await q.execute();
  const ids = counterRows.map((c) => c.id);
  const codeOf = new Map(counterRows.map((c) => [c.id, c.code]));
  const orderOf = new Map(ids.map((id, i) => [id, i]));
  const byCounter = (a: { counter_id: string }, b: { counter_id: string }) =>
    (orderOf.get(a.counter_id) ?? 0) - (orderOf.get(b.counter_id) ?? 0);
  if (ids.length === 0 && scope.kind === 'office') return { counters: [], hours: [], days: [], services: [], life_events: [] };
  const [hours, days, services] = await Promise.all([
    ids.length === 0
      ? []
      : db.selectFrom('appointment_hours').selectAll().where('counter_id', 'in', ids).orderBy('weekday').orderBy('opens').execute(),
    ids.length === 0
      ? []
      : db.selectFrom('appointment_days').selectAll().where('counter_id', 'in', ids).where('date', '>=', today).orderBy('date').execute(),
    ids.length === 0
      ? []
      : db
          .selectFrom('appointment_services')
          .selectAll()
          .where('counter_id', 'in', ids)
          .where('active', '=', 1)
          .orderBy('sort_order')
          .orderBy('code')
          .execute(),
  ]);
  const lifeEvents = await loadLifeEvents(db, scope.kind === 'office' ? services.map((s) => s.id) : undefined);
  return {
    counters: counterRows.map(
      (c): CounterRow => ({
        office: c.office_id,
        code: c.code,
        name: c.name,
        nameEn: c.name_en,
        place: c.place,
        placeEn: c.place_en,
        slotMinutes: Number(c.slot_minutes),
        desks: Number(c.desks),
        lateGraceMinutes: Number(c.late_grace_minutes),
        order: Number(c.sort_order),
      }),
    ),
    hours: [...hours]
      .sort(byCounter)
      .map((h): HoursRow => ({ counter: codeOf.get(h.counter_id) ?? '', weekday: Number(h.weekday), opens: h.opens, closes: h.closes })),
    days: [...days].sort(byCounter).map(
      (d): DayRow => ({
        counter: codeOf.get(d.counter_id) ?? '',
        date: d.date,
        status: dayStatus(d.status),
        opens: d.opens,
        closes: d.closes,
        desks: d.desks === null ? null : Number(d.desks),
        note: d.note,
      }),
    ),
    services: [...services].sort(byCounter).map(
      (s): ServiceRow => ({
        counter: codeOf.get(s.counter_id) ?? '',
        code: s.code,
        name: s.name,
        nameEn: s.name_en,
        durationMinutes: Number(s.duration_minutes),
        documents: lines(s.documents),
        documentsEn: lines(s.documents_en),
        notes: s.notes,
        notesEn: s.notes_en,
        eligibility: s.eligibility === 'ward_residents' ? 'ward_residents' : 'anyone',
        bookFromDays: Number(s.book_from_days),
        bookUntilDays: Number(s.book_until_days),
        walkIns: Number(s.walk_ins) === 1,
        order: Number(s.sort_order),
      }),
    ),
    life_events: lifeEvents,
  };
}

/** Life events (all, or those with a service among `serviceIds`), each with its services' codes in order. */
async function loadLifeEvents(db: Db, serviceIds: string[] | undefined): Promise<LifeEventRow[]> {
  if (serviceIds?.length === 0) return [];
  let q = db.selectFrom('life_events').selectAll().orderBy('sort_order').orderBy('id');
  if (serviceIds)
    q = q.where('id', 'in', db.selectFrom('life_event_services').select('life_event_id').where('service_id', 'in', serviceIds));
  const events = await q.execute();
  if (events.length === 0) return [];
  const links = await db
    .selectFrom('life_event_services as l')
    .innerJoin('appointment_services as s', 's.id', 'l.service_id')
    .select(['l.life_event_id', 's.code'])
    .where(
      'l.life_event_id',
      'in',
      events.map((e) => e.id),
    )
    .orderBy('l.position')
    .execute();
  return events.map((e) => ({
    code: e.id,
    name: e.name,
    nameEn: e.name_en,
    description: e.description,
    descriptionEn: e.description_en,
    gapMinutes: Number(e.gap_minutes),
    order: Number(e.sort_order),
    services: links.filter((l) => l.life_event_id === e.id).map((l) => l.code),
  }));
}

/** Every counter and service under its code (active or not, any office): codes are unique in the city. */
export async function loadCodes(db: Db) {
  const [counters, services, events] = await Promise.all([
    db.selectFrom('appointment_counters').select(['id', 'code', 'office_id', 'active', 'slot_minutes']).execute(),
    db.selectFrom('appointment_services').select(['id', 'code', 'counter_id', 'active']).execute(),
    db.selectFrom('life_events').select('id').execute(),
  ]);
  return {
    counters: new Map(counters.map((c) => [c.code, { ...c, active: Number(c.active) === 1 }])),
    services: new Map(services.map((s) => [s.code, { ...s, active: Number(s.active) === 1 }])),
    lifeEvents: new Set(events.map((e) => e.id)),
  };
}
export type CatalogueCodes = Awaited<ReturnType<typeof loadCodes>>;

/** Ward offices among the ids (the offices a city-wide file may name). */
export async function existingOffices(db: Db, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db
    .selectFrom('organisations')
    .select('id')
    .where('kind', '=', 'ward_office')
    .where('id', 'in', [...new Set(ids)])
    .execute();
  return new Set(rows.map((r) => r.id));
}

/** Of these services (or counters), the ids with a booked or checked-in appointment from today on. */
export async function withFutureAppointments(db: Db, column: 'service_id' | 'counter_id', ids: readonly string[], today: LocalDate) {
  if (ids.length === 0) return new Set<string>();
  const rows = await db
    .selectFrom('appointment_items as i')
    .innerJoin('appointments as a', 'a.id', 'i.appointment_id')
    .select(`i.${column} as id`)
    .distinct()
    .where(`i.${column}`, 'in', [...ids])
    .where('i.date', '>=', today)
    .where('a.status', 'in', ['booked', 'checked_in'])
    .execute();
  return new Set(rows.map((r) => r.id));
}

/** Of these life events, those an appointment was booked with (kept for the record: never deleted). */
export async function lifeEventsInUse(db: Db, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db
    .selectFrom('appointments')
    .select('life_event_id')
    .distinct()
    .where('life_event_id', 'in', [...ids])
    .execute();
  return new Set(rows.map((r) => r.life_event_id ?? ''));
}

// Writes of an import, each keyed by code as the plan gives them.

export async function upsertCounter(trx: Trx, row: CounterRow, existingId: string | undefined): Promise<string> {
  const values = {
    office_id: row.office,
    name: row.name,
    name_en: row.nameEn,
    place: row.place,
    place_en: row.placeEn,
    slot_minutes: row.slotMinutes,
    desks: row.desks,
    late_grace_minutes: row.lateGraceMinutes,
    sort_order: row.order,
    active: 1,
  };
  if (existingId) {
    await trx.updateTable('appointment_counters').set(values).where('id', '=', existingId).execute();
    return existingId;
  }
  const id = newId('ctr');
  await trx
    .insertInto('appointment_counters')
    .values({ id, code: row.code, ...values })
    .execute();
  return id;
}

export async function deactivate(trx: Trx, table: 'appointment_counters' | 'appointment_services', id: string): Promise<void> {
  await trx.updateTable(table).set({ active: 0 }).where('id', '=', id).execute();
}

export async function upsertService(trx: Trx, row: ServiceRow, counterId: string, existingId: string | undefined): Promise<string> {
  const values = {
    counter_id: counterId,
    name: row.name,
    name_en: row.nameEn,
    duration_minutes: row.durationMinutes,
    documents: row.documents.join('\n'),
    documents_en: row.documentsEn.join('\n'),
    notes: row.notes,
    notes_en: row.notesEn,
    eligibility: row.eligibility,
    book_from_days: row.bookFromDays,
    book_until_days: row.bookUntilDays,
    walk_ins: row.walkIns ? 1 : 0,
    sort_order: row.order,
    active: 1,
  };
  if (existingId) {
    await trx.updateTable('appointment_services').set(values).where('id', '=', existingId).execute();
    return existingId;
  }
  const id = newId('svc');
  await trx
    .insertInto('appointment_services')
    .values({ id, code: row.code, ...values })
    .execute();
  return id;
}

export async function deleteHours(trx: Trx, counterId: string, row: HoursRow): Promise<void> {
  await trx
    .deleteFrom('appointment_hours')
    .where('counter_id', '=', counterId)
    .where('weekday', '=', row.weekday)
    .where('opens', '=', row.opens)
    .execute();
}

export async function insertHours(trx: Trx, counterId: string, row: HoursRow): Promise<void> {
  await trx
    .insertInto('appointment_hours')
    .values({ counter_id: counterId, weekday: row.weekday, opens: row.opens, closes: row.closes })
    .execute();
}

export async function deleteDay(trx: Trx, counterId: string, date: LocalDate): Promise<void> {
  await trx.deleteFrom('appointment_days').where('counter_id', '=', counterId).where('date', '=', date).execute();
}

export async function insertDay(trx: Trx, counterId: string, row: DayRow): Promise<void> {
  await trx
    .insertInto('appointment_days')
    .values({
      counter_id: counterId,
      date: row.date,
      status: row.status,
      opens: row.opens,
      closes: row.closes,
      desks: row.desks,
      note: row.note,
    })
    .execute();
}

/** A life event with its services in order (links replaced as a whole: the order is the point). */
export async function writeLifeEvent(trx: Trx, row: LifeEventRow, serviceIds: readonly string[], exists: boolean): Promise<void> {
  const values = {
    name: row.name,
    name_en: row.nameEn,
    description: row.description,
    description_en: row.descriptionEn,
    gap_minutes: row.gapMinutes,
    sort_order: row.order,
  };
  if (exists) await trx.updateTable('life_events').set(values).where('id', '=', row.code).execute();
  else
    await trx
      .insertInto('life_events')
      .values({ id: row.code, ...values })
      .execute();
  await trx.deleteFrom('life_event_services').where('life_event_id', '=', row.code).execute();
  if (serviceIds.length > 0)
    await trx
      .insertInto('life_event_services')
      .values(serviceIds.map((service_id, i) => ({ life_event_id: row.code, service_id, position: i + 1 })))
      .execute();
}

export async function deleteLifeEvent(trx: Trx, id: string): Promise<void> {
  await trx.deleteFrom('life_event_services').where('life_event_id', '=', id).execute();
  await trx.deleteFrom('life_events').where('id', '=', id).execute();
}
