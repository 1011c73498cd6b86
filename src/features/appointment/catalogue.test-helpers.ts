/**
 * Test setup of the catalogue: one demo ward office (小倉北区役所) with the demo city's counters, hours,
 * 休日開庁 Sunday, services and life events, and a snapshot of every catalogue table, to show that a
 * refused or empty import changed nothing.
 */
import type { Db } from '../../db/database.ts';
import { demoAppointments, insertDemoAppointments } from '../../seed/demo-appointments.ts';
import { TODAY } from './queue.test-helpers.ts';

export const DEMO_OFFICE = 'org_demo_kokurakita_office';

export async function makeDemoOffice(db: Db, id = DEMO_OFFICE, ward = 'kokurakita') {
  await db
    .insertInto('organisations')
    .values({
      id,
      name: '小倉北区役所',
      kind: 'ward_office',
      ward_id: ward,
      official: 1,
      type: 'community',
      member_count: 0,
      representative_id: null,
      created_at: '2026-11-01T00:00:00.000Z',
    })
    .execute();
  const all = demoAppointments(TODAY);
  const counters = all.counters.filter((c) => c.office_id === id);
  const ids = new Set(counters.map((c) => c.id));
  const services = all.services.filter((s) => ids.has(s.counter_id));
  const serviceIds = new Set(services.map((s) => s.id));
  const links = all.lifeEventServices.filter((l) => serviceIds.has(l.service_id));
  const events = new Set(links.map((l) => l.life_event_id));
  await db.transaction().execute((trx) =>
    insertDemoAppointments(trx, {
      counters,
      hours: all.hours.filter((h) => ids.has(h.counter_id)),
      days: all.days.filter((d) => ids.has(d.counter_id)),
      services,
      lifeEvents: all.lifeEvents.filter((e) => events.has(e.id)),
      lifeEventServices: links,
    }),
  );
  return { counters, services };
}

/** Every row of the catalogue tables, in a stable order: equal snapshots mean nothing changed. */
export async function snapshot(db: Db): Promise<string> {
  const tables = [
    ['appointment_counters', 'id'],
    ['appointment_hours', 'counter_id'],
    ['appointment_days', 'counter_id'],
    ['appointment_services', 'id'],
    ['life_events', 'id'],
    ['life_event_services', 'life_event_id'],
  ] as const;
  const out: unknown[] = [];
  for (const [table, key] of tables) {
    const rows = await db.selectFrom(table).selectAll().orderBy(key).execute();
    out.push(rows.map((r) => JSON.stringify(Object.entries(r).sort())).sort());
  }
  return JSON.stringify(out);
}
