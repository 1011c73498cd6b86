/**
 * Test factories for booking counter appointments: a ward office, counters open 08:30–12:00 and
 * 13:00–17:00 on weekdays (15-minute slots), services, a life event, and the email code a test reads
 * back from the outbox as a resident reads it from their mail. Fits the frozen clock of test/db.ts
 * (Tuesday 2026-11-24, 10:00 in Tokyo): with the default window (14 days to the day before), 2026-12-01
 * is bookable.
 */
import fc from 'fast-check';
import type { Db } from '../../db/database.ts';
import { newId } from '../../lib/ids.ts';

const STAMP = '2026-11-01T00:00:00.000Z';
/** Counters and services listed in the order made. */
let made = 0;
/** A bookable Tuesday for the frozen clock. */
export const DAY = '2026-12-01';

export async function makeOffice(db: Db, o: { wardId?: string; name?: string } = {}) {
  const id = newId('org');
  await db
    .insertInto('organisations')
    .values({
      id,
      name: o.name ?? 'テスト区役所',
      type: 'community',
      member_count: 0,
      representative_id: null,
      created_at: STAMP,
      kind: 'ward_office',
      official: 1,
      ward_id: o.wardId ?? null,
    })
    .execute();
  return id;
}

export async function makeCounter(
  db: Db,
  officeId: string,
  o: { name?: string; desks?: number; slotMinutes?: number; lateGraceMinutes?: number; hours?: [string, string][] } = {},
) {
  const id = newId('ctr');
  await db
    .insertInto('appointment_counters')
    .values({
      id,
      office_id: officeId,
      code: id,
      name: o.name ?? '市民課',
      name_en: 'Citizens Division',
      place: '1階 3番窓口',
      place_en: '1F, counter 3',
      slot_minutes: o.slotMinutes ?? 15,
      desks: o.desks ?? 3,
      late_grace_minutes: o.lateGraceMinutes ?? 10,
      sort_order: ++made,
    })
    .execute();
  const hours = o.hours ?? [
    ['08:30', '12:00'],
    ['13:00', '17:00'],
  ];
  await db
    .insertInto('appointment_hours')
    .values([1, 2, 3, 4, 5].flatMap((weekday) => hours.map(([opens, closes]) => ({ counter_id: id, weekday, opens, closes }))))
    .execute();
  return id;
}

export async function makeService(
  db: Db,
  counterId: string,
  o: {
    name?: string;
    duration?: number;
    eligibility?: 'anyone' | 'ward_residents';
    bookFromDays?: number;
    bookUntilDays?: number;
    walkIns?: boolean;
  } = {},
) {
  const id = newId('svc');
  await db
    .insertInto('appointment_services')
    .values({
      id,
      counter_id: counterId,
      code: id,
      name: o.name ?? '転入届',
      name_en: 'Moving-in notification',
      duration_minutes: o.duration ?? 15,
      documents: '本人確認書類\n転出証明書',
      documents_en: 'Photo ID\nCertificate of moving out',
      eligibility: o.eligibility ?? 'anyone',
      book_from_days: o.bookFromDays ?? 14,
      book_until_days: o.bookUntilDays ?? 1,
      walk_ins: o.walkIns === false ? 0 : 1,
      sort_order: ++made,
    })
    .execute();
  return id;
}

export async function makeLifeEvent(db: Db, serviceIds: string[], gapMinutes = 10) {
  const id = newId('lev');
  await db.insertInto('life_events').values({ id, name: '引っ越し', name_en: 'Moving', gap_minutes: gapMinutes }).execute();
  await db
    .insertInto('life_event_services')
    .values(serviceIds.map((service_id, i) => ({ life_event_id: id, service_id, position: i + 1 })))
    .execute();
  return id;
}

/** The 6-digit code in the newest code mail to the address. */
export async function codeMailedTo(db: Db, address: string): Promise<string> {
  const row = await db
    .selectFrom('notify_messages')
    .select('body_text')
    .where('address', '=', address)
    .where('kind', '=', 'appointment.code')
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .executeTakeFirst();
  const code = /(\d{6})/.exec(row?.body_text ?? '')?.[1];
  if (!code) throw new Error(`no code mailed to ${address}`);
  return code;
}

/**
 * Text a bad client sends (for the generated bad-input tests): anything, plus the values that have broken
 * forms before — full-width and impossible dates, times out of range, SQL, a NUL (PostgreSQL refuses it),
 * a very long number — and `extra`, each test's own (a real id of another office, say).
 */
export function nastyText(...extra: string[]) {
  return fc.oneof(
    fc.string({ maxLength: 30 }),
    fc.constantFrom(
      '',
      ' ',
      '２０２６－１２－０１',
      '2026-02-30',
      '9999-12-31',
      '25:00',
      '9:00',
      "'; DROP TABLE appointments; --",
      '\u0000',
      '9'.repeat(300),
      '-1',
      'null',
      ...extra,
    ),
  );
}

/** A JSON value built of nasty text, numbers, booleans, null, short arrays and shallow objects. */
export function nastyJson(text: fc.Arbitrary<string>) {
  return fc.oneof(text, fc.integer(), fc.boolean(), fc.constant(null), fc.array(text, { maxLength: 3 }), fc.object({ maxDepth: 1 }));
}
