/**
 * Test factories for the queue of the day: a ward office, its counters (open 08:30–17:15 on weekdays),
 * services (the booking factories of appointment.test-helpers.ts, with a counter open all day) and
 * appointments with items, inserted directly.
 * Defaults fit the frozen clock of test/db.ts: Tuesday 2026-11-24, 10:00 in Tokyo.
 */
import { makeStaff } from '../../../test/factories.ts';
import type { Db } from '../../db/database.ts';
import { newId } from '../../lib/ids.ts';
import { sha256 } from '../../lib/tokens.ts';
import { actorById } from '../../platform/authz/assignments.ts';
import * as booking from './appointment.test-helpers.ts';

const STAMP = '2026-11-01T00:00:00.000Z';
export const TODAY = '2026-11-24';

/** A ward office (the booking factories' own). */
export const makeOffice = (db: Db, name = 'テスト区役所') => booking.makeOffice(db, { name });

/** A counter open 08:30–17:15 without a break on weekdays, so a walk-in fits at any time of the test day. */
export const makeCounter = (db: Db, officeId: string, o: Parameters<typeof booking.makeCounter>[2] = {}) =>
  booking.makeCounter(db, officeId, { hours: [['08:30', '17:15']], ...o });

export const makeService = booking.makeService;

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
