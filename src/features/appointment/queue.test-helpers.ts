/**
 * Test factories for the queue of the day: a ward office, its counters (open 08:30–17:15 on weekdays),
 * services and appointments with items, inserted directly (the booking service is built beside this).
 * Defaults fit the frozen clock of test/db.ts: Tuesday 2026-11-24, 10:00 in Tokyo.
 */
import { makeStaff } from '../../../test/factories.ts';
import type { Db } from '../../db/database.ts';
import { newId } from '../../lib/ids.ts';
import { sha256 } from '../../lib/tokens.ts';
import { actorById } from '../../platform/authz/assignments.ts';

const STAMP = '2026-11-01T00:00:00.000Z';
export const TODAY = '2026-11-24';

export async function makeOffice(db: Db, name = 'テスト区役所') {
  const id = newId('org');
  await db
    .insertInto('organisations')
    .values({ id, name, type: 'community', member_count: 0, representative_id: null, created_at: STAMP, kind: 'ward_office', official: 1 })
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
      name_en: 'Residents',
      place: '1階 3番',
      place_en: '1F No. 3',
      slot_minutes: o.slotMinutes ?? 15,
      desks: o.desks ?? 3,
      late_grace_minutes: o.lateGraceMinutes ?? 10,
    })
    .execute();
  const hours = o.hours ?? [['08:30', '17:15']];
  await db
    .insertInto('appointment_hours')
    .values([1, 2, 3, 4, 5].flatMap((weekday) => hours.map(([opens, closes]) => ({ counter_id: id, weekday, opens, closes }))))
    .execute();
  return id;
}

export async function makeService(db: Db, counterId: string, o: { name?: string; duration?: number; walkIns?: boolean } = {}) {
  const id = newId('svc');
  await db
    .insertInto('appointment_services')
    .values({
      id,
      counter_id: counterId,
      code: id,
      name: o.name ?? '転入届',
      name_en: 'Moving in',
      duration_minutes: o.duration ?? 15,
      walk_ins: o.walkIns === false ? 0 : 1,
    })
    .execute();
  return id;
}

export interface AppointmentOverrides {
  number?: string;
  secret?: string;
  date?: string;
  status?: string;
  email?: string | null;
  personId?: string | null;
  phone?: string | null;
}

let serial = 0;

/** An appointment with its items in order (each: service, counter, start; 15 minutes, desk 1). */
export async function makeAppointment(
  db: Db,
  officeId: string,
  items: { serviceId: string; counterId: string; starts: string }[],
  o: AppointmentOverrides = {},
) {
  serial += 1;
  const id = newId('apt');
  const number = o.number ?? `Q${String(Date.now() % 100000).padStart(5, '0')}-${String(serial).padStart(4, '0')}`;
  const secret = o.secret ?? `secret-${id}`;
  const date = o.date ?? TODAY;
  await db
    .insertInto('appointments')
    .values({
      id,
      number,
      secret_hash: sha256(secret),
      office_id: officeId,
      life_event_id: null,
      status: o.status ?? 'booked',
      name: '窓口 花子',
      name_kana: 'マドグチ ハナコ',
      phone: o.phone === undefined ? null : o.phone,
      email: o.email === undefined ? `${id}@example.com` : o.email,
      person_id: o.personId ?? null,
      channel: 'web',
      operator_id: null,
      idempotency_key: null,
      date,
      starts: items[0]?.starts ?? '10:00',
      created_at: STAMP,
      cancelled_at: null,
      reminded_at: null,
    })
    .execute();
  await db
    .insertInto('appointment_items')
    .values(
      items.map((item, i) => {
        const [h, m] = item.starts.split(':').map(Number) as [number, number];
        const end = h * 60 + m + 15;
        const ends = `${String(Math.floor(end / 60)).padStart(2, '0')}:${String(end % 60).padStart(2, '0')}`;
        return {
          appointment_id: id,
          position: i + 1,
          service_id: item.serviceId,
          counter_id: item.counterId,
          date,
          starts: item.starts,
          ends,
          desk: 1,
        };
      }),
    )
    .execute();
  return { id, number, secret };
}

/** An office with one counter (3 desks) and one walk-in service: the usual start of a test. */
export async function makeOfficeWithCounter(db: Db, o: Parameters<typeof makeCounter>[2] = {}) {
  const officeId = await makeOffice(db);
  const counterId = await makeCounter(db, officeId, o);
  const serviceId = await makeService(db, counterId);
  return { officeId, counterId, serviceId };
}

/** A counter clerk of the office, loaded as an actor (with their assignment). */
export async function makeClerk(db: Db, officeId: string) {
  const user = await makeStaff(db, 'counter_clerk', { id: officeId });
  const actor = await actorById(db, user.id);
  if (!actor) throw new Error('clerk not loaded');
  return actor;
}
