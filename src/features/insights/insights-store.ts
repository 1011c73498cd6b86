/**
 * The insights aggregates of whole months (migration 2026-12-01-05-insights): how they are marked
 * changed, built and trusted.
 *
 * - Every write that can change a month's figures (a booking made or cancelled, a lottery win, a closure,
 *   a change of opening hours, rooms or bands) calls one of the mark functions (platform/marks) in its
 *   own transaction, so the mark commits with the change or not at all. Fees are not kept here: whether a
 *   room is paid is read from room_fees at question time.
 * - A month is read from the aggregates only while it is built and unmarked. Otherwise a question counts
 *   it live; a whole-city question rebuilds the months that have ended on the way (they rarely change
 *   again), and the hourly job rebuilds the rest. The current month changes with every booking and is
 *   always counted live.
 * - A build takes the month's marks before it counts and deletes just those when it stores the month; a
 *   change that commits while it counts leaves a mark of its own. It is stored only if no other build of
 *   the month was stored since it took them (the month's version), so of two racing builds the one that
 *   may have counted earlier never overwrites the other. A month can be rebuilt once too often, never
 *   trusted when stale.
 */
import { sql } from 'kysely';
import { insertInBatches } from '../../db/batch.ts';
import type { Db } from '../../db/database.ts';
import { newId } from '../../lib/ids.ts';
import { addMonths, type LocalDate, monthOf, monthRange, type YearMonth } from '../../lib/time.ts';
import { type CountingCatalogue, countRoomCells, loadCountingCatalogue } from './cell-count.ts';
import { countUsage } from './usage-count.ts';

/**
 * The date of the first booking on record, or undefined if none. Before it bookings were on paper:
 * questions are counted from its month on (utilisation.query.ts), not as months of empty rooms.
 */
export async function firstRecordedDate(db: Db): Promise<LocalDate | undefined> {
  const row = await db
    .selectFrom('reservations')
    .select((eb) => eb.fn.min('date').as('date'))
    .executeTakeFirst();
  return row?.date ?? undefined;
}

/** Which of these months can be read from the aggregates: built and not changed since. */
export async function freshMonths(db: Db, months: readonly YearMonth[]): Promise<Set<YearMonth>> {
  if (months.length === 0) return new Set();
  const [built, dirty] = await Promise.all([
    db.selectFrom('insights_months').select('month').where('month', 'in', months).execute(),
    db.selectFrom('insights_dirty').select('month').distinct().where('month', 'in', months).execute(),
  ]);
  const changed = new Set(dirty.map((d) => d.month));
  return new Set(built.map((b) => b.month).filter((m) => !changed.has(m)));
}

/** The scopes a facility's figures add up to. */
const scopesOf = (facilityId: string, wardId: string) => ['city', `w:${wardId}`, `f:${facilityId}`];

/** Counts one month for the whole city and stores it, replacing what was there. */
export async function buildMonth(
  db: Db,
  month: YearMonth,
  now: Date,
  catalogue?: CountingCatalogue, // the city's, when several months are built in a row
): Promise<void> {
  // Take the month's marks first (those committed by now): what this build counts is at least as new as
  // them. A mark that commits from here on is not taken, so the month stays marked after the build.
  const build = newId('build');
  // With the marks, the month's version as it is after taking them: a build that another one stores
  // after this point may have counted earlier than this one or later, so this one is stored only if
  // none did (below), and two builds racing never leave the older count in place.
  const seenVersion = await db.transaction().execute(async (trx) => {
    await trx.updateTable('insights_dirty').set({ claimed_by: build }).where('month', '=', month).execute();
    const row = await trx.selectFrom('insights_months').select('version').where('month', '=', month).executeTakeFirst();
    return row ? Number(row.version) : null;
  });
  const { from, to } = monthRange(month);
  const city = catalogue ?? (await loadCountingCatalogue(db, {}));
  const [cells, usage] = await Promise.all([countRoomCells(db, city, from, to), countUsage(db, {}, from, to, true)]);
  const facilityOfRoom = new Map(city.rooms.map((r) => [r.id, city.facilities.get(r.facilityId)]));
  const scoped = new Map<string, { scope: string; month: string; dim: string; key: string; open_cells: number; booked_cells: number }>();
  const roomRows: { period: string; room_id: string; facility_id: string; open_cells: number; booked_cells: number }[] = [];
  for (const c of cells) {
    const facility = facilityOfRoom.get(c.roomId);
    if (!facility) continue;
    if (c.dim === 'all')
      roomRows.push({ period: month, room_id: c.roomId, facility_id: facility.id, open_cells: c.open, booked_cells: c.booked });
    for (const scope of scopesOf(facility.id, facility.wardId)) {
      const id = `${scope}\u0000${c.dim}\u0000${c.key}`;
      const row = scoped.get(id) ?? { scope, month, dim: c.dim, key: c.key, open_cells: 0, booked_cells: 0 };
      row.open_cells += c.open;
      row.booked_cells += c.booked;
      scoped.set(id, row);
    }
  }
  await db.transaction().execute(async (trx) => {
    // The month's row first: its lock makes two builds of one month take turns (PostgreSQL), and it moves
    // on only from the version this build saw. Another build stored in between: this count may be the
    // older one, so it is dropped; its marks stay, so the month stays marked unless that build's count
    // covered them (a change after that build's marks left a mark of its own).
    const stored =
      seenVersion === null
        ? await trx
            .insertInto('insights_months')
            .values({ month, built_at: now.toISOString(), version: 1 })
            .onConflict((oc) => oc.column('month').doNothing())
            .executeTakeFirst()
        : await trx
            .updateTable('insights_months')
            .set({ built_at: now.toISOString(), version: seenVersion + 1 })
            .where('month', '=', month)
            .where('version', '=', seenVersion)
            .executeTakeFirst();
    const changed = 'numInsertedOrUpdatedRows' in stored ? stored.numInsertedOrUpdatedRows : stored.numUpdatedRows;
    if (Number(changed ?? 0) === 0) return;
    await trx.deleteFrom('insights_cells').where('month', '=', month).execute();
    await trx.deleteFrom('insights_room_cells').where('period', '=', month).execute();
    await trx.deleteFrom('insights_usage').where('month', '=', month).execute();
    await trx.deleteFrom('insights_dirty').where('month', '=', month).where('claimed_by', '=', build).execute();
    await insertInBatches(trx, 'insights_cells', [...scoped.values()]);
    await insertInBatches(trx, 'insights_room_cells', roomRows);
    await insertInBatches(
      trx,
      'insights_usage',
      usage.map((u) => ({
        month,
        scope: u.scope,
        dim: u.dim,
        key: u.key,
        bookings: u.bookings,
        attendees: u.attendees,
        bookers: u.bookers,
      })),
    );
  });
}

const monthsOfYear = (year: string): YearMonth[] => Array.from({ length: 12 }, (_, i) => `${year}-${String(i + 1).padStart(2, '0')}`);

/**
 * Rolls a year's room figures up from its twelve months, so a ten-year question reads ten rows per room
 * instead of 120. The months' versions are read before their rows: a month rebuilt in between leaves
 * the roll-up with a sum that no longer matches, so it is not used. False when a month is not fresh.
 */
export async function rollUpYear(db: Db, year: string): Promise<boolean> {
  const months = monthsOfYear(year);
  return db.transaction().execute(async (trx) => {
    const [built, dirty] = await Promise.all([
      trx.selectFrom('insights_months').select('version').where('month', 'in', months).execute(),
      trx.selectFrom('insights_dirty').select('month').distinct().where('month', 'in', months).execute(),
    ]);
    if (built.length !== 12 || dirty.length > 0) return false;
    // The year's row first: two roll-ups of one year take turns on its lock (PostgreSQL).
    const monthsVersion = built.reduce((a, b) => a + Number(b.version), 0);
    await trx
      .insertInto('insights_years')
      .values({ year, months_version: monthsVersion })
      .onConflict((oc) => oc.column('year').doUpdateSet({ months_version: monthsVersion }))
      .execute();
    await trx.deleteFrom('insights_room_cells').where('period', '=', year).execute();
    await trx
      .insertInto('insights_room_cells')
      .columns(['period', 'room_id', 'facility_id', 'open_cells', 'booked_cells'])
      .expression(
        trx
          .selectFrom('insights_room_cells')
          .select([
            sql.lit(year).as('period'),
            'room_id',
            'facility_id',
            sql<number>`sum(open_cells)`.as('open_cells'),
            sql<number>`sum(booked_cells)`.as('booked_cells'),
          ])
          .where('period', 'in', months)
          .groupBy(['room_id', 'facility_id']),
      )
      .execute();
    return true;
  });
}

/** Of these whole years, the ones whose roll-up matches their months as they are now. */
async function currentRollUps(db: Db, years: readonly string[]): Promise<Set<string>> {
  if (years.length === 0) return new Set();
  const [rolled, versions] = await Promise.all([
    db.selectFrom('insights_years').select(['year', 'months_version']).where('year', 'in', years).execute(),
    db.selectFrom('insights_months').select(['month', 'version']).where('month', 'in', years.flatMap(monthsOfYear)).execute(),
  ]);
  const sums = new Map<string, number>();
  for (const v of versions) sums.set(v.month.slice(0, 4), (sums.get(v.month.slice(0, 4)) ?? 0) + Number(v.version));
  return new Set(rolled.filter((r) => sums.get(r.year) === Number(r.months_version)).map((r) => r.year));
}

export interface StoredPeriods {
  /** Months read from the aggregates. */
  months: Set<YearMonth>;
  /** Whole years whose room figures are read from their roll-up (their months are in `months` too). */
  years: Set<string>;
}

/** Of the whole years among these months whose twelve months are fresh, those with a current roll-up (made if need be). */
async function rollUpWholeYears(db: Db, months: readonly YearMonth[], fresh: ReadonlySet<YearMonth>): Promise<Set<string>> {
  const wholeYears = [...new Set(months.map((m) => m.slice(0, 4)))].filter((y) => monthsOfYear(y).every((m) => fresh.has(m)));
  const years = await currentRollUps(db, wholeYears);
  for (const year of wholeYears) if (!years.has(year) && (await rollUpYear(db, year))) years.add(year);
  return years;
}

/**
 * What of a question's whole months is read from the aggregates, and whole ended years rolled up. The
 * current month and later ones are used only when fresh. Ended months that are stale are rebuilt first
 * when `rebuild` (a question about the whole city, which costs about as much to count live); for a ward
 * or a facility they are counted live, a fraction of the city's work, and the hourly job rebuilds them.
 */
export async function storedPeriods(
  db: Db,
  months: readonly YearMonth[],
  today: LocalDate,
  now: Date,
  rebuild: boolean,
): Promise<StoredPeriods> {
  const fresh = await freshMonths(db, months);
  const current = monthOf(today);
  const stale = months.filter((m) => rebuild && !fresh.has(m) && m < current);
  const city = stale.length > 0 ? await loadCountingCatalogue(db, {}) : undefined;
  for (const month of stale) {
    await buildMonth(db, month, now, city);
    fresh.add(month);
  }
  const years = await rollUpWholeYears(db, months, fresh);
  return { months: fresh, years };
}

/**
 * The hourly job: builds the ended months (of the last `years` years and from the first booking on) that
 * are stale or were never built, the most recent first (the ones staff look at), at most `limit` of them
 * per run, and rolls up the whole years that are complete. Returns how many months were built.
 */
export async function buildStaleMonths(db: Db, today: LocalDate, now: Date, options: { years?: number; limit?: number } = {}) {
  const current = monthOf(today);
  const first = await firstRecordedDate(db);
  if (!first) return 0;
  const earliest = addMonths(current, -12 * (options.years ?? 10));
  const months: YearMonth[] = [];
  for (let m = monthOf(first) > earliest ? monthOf(first) : earliest; m < current; m = addMonths(m, 1)) months.push(m);
  const fresh = await freshMonths(db, months);
  const stale = months
    .filter((m) => !fresh.has(m))
    .reverse()
    .slice(0, options.limit ?? 120);
  const city = stale.length > 0 ? await loadCountingCatalogue(db, {}) : undefined;
  for (const month of stale) {
    await buildMonth(db, month, now, city);
    fresh.add(month);
    // Let requests in between months: on SQLite every query holds the event loop while it runs.
    await new Promise((resolve) => setImmediate(resolve));
  }
  await rollUpWholeYears(db, months, fresh);
  return stale.length;
}
