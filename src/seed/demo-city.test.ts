import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countRows, createTestDb, describeEachDialect, type TestDb, testApp } from '../../test/db.ts';
import { type DemoSummary, SUNDAY_OPEN_CENTRES, seedDemoCity } from './demo-city.ts';

const TODAY = '2026-11-24';

/** A fingerprint of every occupied cell, to compare two seeded databases. */
async function cellsFingerprint(t: TestDb): Promise<string> {
  const rows = await t.db.kysely
    .selectFrom('reservation_cells')
    .select(['room_id', 'date', 'band'])
    .orderBy('room_id')
    .orderBy('date')
    .orderBy('band')
    .execute();
  return rows.map((r) => `${r.room_id}|${r.date}|${r.band}`).join('\n');
}

describeEachDialect('demo city', (ctx) => {
  let summary: DemoSummary;

  beforeAll(async () => {
    summary = await seedDemoCity(ctx().db.kysely, { seed: 7, today: TODAY, historyDays: 28, futureDays: 14 });
  });

  it('has the shape of an ordinance city: 7 wards, 130 citizen and 7 lifelong-learning centres', async () => {
    const db = ctx().db.kysely;
    expect(await countRows(ctx(), 'wards')).toBe(7);
    const kinds = await db
      .selectFrom('facilities')
      .select(['kind', (eb) => eb.fn.countAll<string | number>().as('n')])
      .groupBy('kind')
      .execute();
    expect(Object.fromEntries(kinds.map((k) => [k.kind, Number(k.n)]))).toEqual({ citizen_centre: 130, lifelong_learning_centre: 7 });
    expect(summary.facilities).toBe(137);
    const notDemo = await db.selectFrom('facilities').select('id').where('is_demo', '=', 0).execute();
    expect(notDemo).toEqual([]);
  });

  it('gives every facility a seven-digit postcode (〒802-0050), as the API serves it', async () => {
    const res = await testApp(ctx()).request('/api/v1/facilities');
    const { facilities } = (await res.json()) as { facilities: { id: string; postcode: string | null }[] };
    expect(facilities).toHaveLength(137);
    const malformed = facilities.filter((f) => !/^\d{3}-\d{4}$/.test(f.postcode ?? ''));
    expect(malformed).toEqual([]);
  });

  it('gives every facility 3 to 8 rooms', async () => {
    const perFacility = await ctx()
      .db.kysely.selectFrom('rooms')
      .select(['facility_id', (eb) => eb.fn.countAll<string | number>().as('n')])
      .groupBy('facility_id')
      .execute();
    expect(perFacility).toHaveLength(137);
    for (const row of perFacility) {
      expect(Number(row.n)).toBeGreaterThanOrEqual(3);
      expect(Number(row.n)).toBeLessThanOrEqual(8);
    }
  });

  it('opens 12 citizen centres on Sundays', async () => {
    const sundayOpen = await ctx()
      .db.kysely.selectFrom('facility_hours')
      .innerJoin('facilities', 'facilities.id', 'facility_hours.facility_id')
      .select('facilities.id')
      .where('facility_hours.weekday', '=', 7)
      .where('facilities.kind', '=', 'citizen_centre')
      .execute();
    expect(sundayOpen).toHaveLength(SUNDAY_OPEN_CENTRES);
  });

  it('books only open cells: nothing on year-end, closed days or closures', async () => {
    // A booking on a Sunday must be at a facility that opens on Sundays.
    const badSunday = await sql<{ n: string | number }>`
      select count(*) as n from reservation_cells rc
      join rooms r on r.id = rc.room_id
      where rc.date in ('2026-11-01', '2026-11-08', '2026-11-15', '2026-11-22', '2026-11-29', '2026-12-06')
        and not exists (select 1 from facility_hours h where h.facility_id = r.facility_id and h.weekday = 7)`.execute(ctx().db.kysely);
    expect(Number(badSunday.rows[0]?.n)).toBe(0);
    const closedByClosure = await sql<{ n: string | number }>`
      select count(*) as n from reservation_cells rc
      join rooms r on r.id = rc.room_id
      join closures c on c.facility_id = r.facility_id and (c.room_id is null or c.room_id = rc.room_id)
      where rc.date between c.starts_on and c.ends_on`.execute(ctx().db.kysely);
    expect(Number(closedByClosure.rows[0]?.n)).toBe(0);
  });

  it('books in the names of counter-registered residents and groups, most of them 60 and over', async () => {
    const db = ctx().db.kysely;
    const anonymous = await db.selectFrom('reservations').select('id').where('user_id', 'is', null).limit(1).execute();
    expect(anonymous).toEqual([]);
    const byGroupType = await db
      .selectFrom('reservations')
      .innerJoin('organisations', 'organisations.id', 'reservations.group_id')
      .select(['organisations.type', (eb) => eb.fn.countAll<string | number>().as('n')])
      .groupBy('organisations.type')
      .execute();
    expect(byGroupType.map((r) => r.type).sort()).toEqual(['business', 'circle', 'community', 'npo']);
    // The bookers cannot log in: no email, no password.
    const bookers = await db
      .selectFrom('users')
      .select(['birth_year', 'email', 'password_hash'])
      .where('id', 'like', 'usr_demo_booker_%')
      .execute();
    expect(bookers.length).toBeGreaterThan(100);
    expect(bookers.every((u) => u.email === null && u.password_hash === null)).toBe(true);
    const senior = bookers.filter((u) => 2026 - Number(u.birth_year) >= 60).length / bookers.length;
    expect(senior).toBeGreaterThan(0.6); // the policy review: 71.4% of users are 60 and over
  });

  it('keeps every reservation and its cells together', async () => {
    const orphans = await sql<{ n: string | number }>`
      select count(*) as n from reservations r where not exists (select 1 from reservation_cells c where c.reservation_id = r.id)`.execute(
      ctx().db.kysely,
    );
    expect(Number(orphans.rows[0]?.n)).toBe(0);
    expect(await countRows(ctx(), 'reservation_cells')).toBe(summary.occupiedCells);
  });
});

describe('demo city generator', () => {
  const dbs: TestDb[] = [];
  afterAll(async () => {
    for (const t of dbs) await t.destroy();
  });

  it('is deterministic: the same seed and day give the same bookings; another seed does not', async () => {
    const make = async (seed: number) => {
      const t = await createTestDb('sqlite');
      dbs.push(t);
      await seedDemoCity(t.db.kysely, { seed, today: TODAY, historyDays: 14, futureDays: 7 });
      return cellsFingerprint(t);
    };
    const a = await make(1);
    expect(await make(1)).toBe(a);
    expect(await make(2)).not.toBe(a);
  });

  it('reaches a realistic utilisation over a year: about 23%, busier in the morning than at night', async () => {
    const t = await createTestDb('sqlite');
    dbs.push(t);
    const s = await seedDemoCity(t.db.kysely, { seed: 20261124, today: TODAY });
    const rate = s.pastOccupiedCells / s.pastOpenCells;
    expect(rate).toBeGreaterThan(0.19);
    expect(rate).toBeLessThan(0.27);
    expect(s.reservations).toBeGreaterThan(100_000);
    const byBand = await t.db.kysely
      .selectFrom('reservation_cells')
      .select(['band', (eb) => eb.fn.countAll<number>().as('n')])
      .where('date', '<', TODAY)
      .groupBy('band')
      .execute();
    const n = Object.fromEntries(byBand.map((b) => [b.band, Number(b.n)]));
    expect(n.morning).toBeGreaterThan(n.afternoon ?? 0);
    expect(n.afternoon).toBeGreaterThan(n.evening ?? 0);
  }, 90_000);
});
