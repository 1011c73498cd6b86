/**
 * The monthly aggregates on SQLite and PostgreSQL: an ended month is built once and then read from the
 * store; every kind of write that changes it (a booking, a cancellation, a closure, a band's times) marks
 * it and the next question counts it again; bookings racing with reads and rebuilds end with the true
 * count; and the hourly job builds what is stale.
 */
import { beforeAll, expect, it } from 'vitest';
import { describeEachDialect } from '../../../test/db.ts';
import { makeBooking, makeFacility, makeRoom, makeStaff } from '../../../test/factories.ts';
import { newId } from '../../lib/ids.ts';
import { fixedClock, monthRange } from '../../lib/time.ts';
import type { User } from '../../platform/authz/actor.ts';
import { actorById } from '../../platform/authz/assignments.ts';
import * as bookingRepo from '../booking/booking.repository.ts';
import { createClosure } from '../staff/closures.service.ts';
import { saveBand } from '../staff/config.service.ts';
import { countRoomCells, loadCountingCatalogue } from './cell-count.ts';
import { buildMonth, buildStaleMonths, freshMonths } from './insights-store.ts';
import { sundayOpening, utilisation } from './utilisation.query.ts';
import { whoUses } from './who.query.ts';

const clock = fixedClock('2026-12-10T03:00:00Z'); // October and September 2026 have ended

describeEachDialect('insights aggregates', (ctx) => {
  let facilityId: string;
  let roomId: string;
  const db = () => ctx().db.kysely;
  // Whole-city questions: they rebuild stale ended months on the way (a facility's count them live).
  const roomIn = async (from: string, to: string) => (await utilisation(db(), { from, to }, 'room', clock)).find((r) => r.key === roomId);
  const october = monthRange('2026-10');

  /** A booking as the booking service writes it (makeBooking goes through the repository). */
  const book = (date: string, bands: string[]) => makeBooking(db(), roomId, date, bands);

  beforeAll(async () => {
    facilityId = await makeFacility(db(), { name: '集計保存センター' }); // Mon–Sat 9–21
    roomId = await makeRoom(db(), facilityId);
    await makeBooking(db(), roomId, '2026-10-05', ['morning']);
    // The first booking on record: months from July on are kept as aggregates.
    await makeBooking(db(), roomId, '2026-07-01', ['evening']);
  });

  it('builds an ended month once, reads it from the store, and counts it again after each kind of change', async () => {
    // October 2026: 31 days − 4 Sundays − スポーツの日 (12th) = 26 open days × 3 bands.
    expect(await roomIn(october.from, october.to)).toMatchObject({ openCells: 78, bookedCells: 1 });
    expect(await freshMonths(db(), ['2026-10'])).toEqual(new Set(['2026-10']));
    // Served from the store: a figure changed there (and only there) is what the question gets.
    await db().updateTable('insights_room_cells').set({ booked_cells: 40 }).where('period', '=', '2026-10').execute();
    expect((await roomIn(october.from, october.to))?.bookedCells).toBe(40);

    const second = await book('2026-10-06', ['morning', 'evening']);
    expect(await freshMonths(db(), ['2026-10'])).toEqual(new Set());
    expect(await roomIn(october.from, october.to)).toMatchObject({ openCells: 78, bookedCells: 3 });

    await db()
      .transaction()
      .execute((trx) => bookingRepo.cancelReservation(trx, second, clock.now().toISOString()));
    expect(await roomIn(october.from, october.to)).toMatchObject({ bookedCells: 1 });

    const admin = (await actorById(db(), (await makeStaff(db(), 'admin')).id)) as User;
    await createClosure(db(), clock, admin, {
      facilityId,
      roomId: null,
      startsOn: '2026-10-20',
      endsOn: '2026-10-21',
      reason: 'maintenance',
      note: null,
    });
    expect(await roomIn(october.from, october.to)).toMatchObject({ openCells: 72, bookedCells: 1 });

    // A band's times change which cells are open in every month: every built month is marked.
    await roomIn('2026-09-01', '2026-09-30');
    expect(await freshMonths(db(), ['2026-09', '2026-10'])).toEqual(new Set(['2026-09', '2026-10']));
    await saveBand(db(), clock, admin, 'standard', 'evening', { start: '18:00', end: '21:00' });
    expect(await freshMonths(db(), ['2026-09', '2026-10'])).toEqual(new Set());
  });

  it('ends with the true count when bookings race with questions and rebuilds of their month', async () => {
    const september = monthRange('2026-09');
    await roomIn(september.from, september.to);
    const dates = ['2026-09-01', '2026-09-02', '2026-09-03', '2026-09-04', '2026-09-05', '2026-09-07', '2026-09-08', '2026-09-09'];
    await Promise.all([
      ...dates.map((d) => book(d, ['morning', 'afternoon'])),
      ...dates.map(() => roomIn(september.from, september.to)),
      buildMonth(db(), '2026-09', clock.now()),
      buildMonth(db(), '2026-09', clock.now()),
    ]);
    const catalogue = await loadCountingCatalogue(db(), { facilityId });
    const live = (await countRoomCells(db(), catalogue, september.from, september.to)).find((c) => c.dim === 'all');
    expect(live?.booked).toBe(dates.length * 2);
    expect(await roomIn(september.from, september.to)).toMatchObject({ openCells: live?.open, bookedCells: live?.booked });
  });

  it('keeps a month marked when a booking commits while the month is being built', async () => {
    const november = monthRange('2026-11');
    await book('2026-11-02', ['morning']); // the month already carries a committed mark
    let release = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let written = () => {};
    const bookingWritten = new Promise<void>((resolve) => {
      written = resolve;
    });
    // A booking whose transaction stays open (its mark not yet committed) while the month is built.
    const writer = db()
      .transaction()
      .execute(async (trx) => {
        const id = newId('rsv');
        const row = { id, number: id, room_id: roomId, date: '2026-11-04', status: 'confirmed', category: 'general' };
        await bookingRepo.insertReservation(
          trx,
          { ...row, purpose: '競合', attendees: 2, channel: 'web', created_at: clock.now().toISOString(), bands: 'evening' },
          ['evening'],
        );
        written();
        await held;
      });
    await bookingWritten;
    const build = buildMonth(db(), '2026-11', clock.now());
    // PostgreSQL builds beside the open transaction; SQLite (one writer) waits for it to end.
    await Promise.race([build, new Promise((resolve) => setTimeout(resolve, 300))]);
    release();
    await Promise.all([writer, build]);
    // Either the build saw the booking or the booking's own mark outlived the build: the figure is true.
    const catalogue = await loadCountingCatalogue(db(), { facilityId });
    const live = (await countRoomCells(db(), catalogue, november.from, november.to)).find((c) => c.roomId === roomId && c.dim === 'all');
    expect(live?.booked).toBe(2);
    expect(await roomIn(november.from, november.to)).toMatchObject({ openCells: live?.open, bookedCells: 2 });
  });

  it('takes a group’s bookers over several months as its largest month, so it is hidden on the safe side', async () => {
    // Three different residents' bookings in each of two months: six bookers in all, never five in one
    // month, so the months' counts cannot show that the group reached five.
    const users = [];
    for (let i = 0; i < 6; i++) users.push((await makeStaff(db(), 'clerk', { facilityId })).id);
    for (const [i, userId] of users.entries()) {
      const date = i < 3 ? `2026-08-0${i + 3}` : `2026-07-0${i}`;
      await makeBooking(db(), roomId, date, ['afternoon'], {
        category: 'multipurpose',
        channel: 'counter',
        attendees: 10,
        user_id: userId,
      });
    }
    const category = (await whoUses(db(), { from: '2026-07-01', to: '2026-08-31' }, clock)).find((t) => t.dimension === 'category');
    expect(category?.totalBookings).toBe(7); // and the general booking of 1 July
    expect(category?.rows.find((r) => r.key === 'multipurpose')).toMatchObject({ suppressed: true, bookings: null });
  });

  it('compares Sundays with the other days at the centres that open on Sundays', async () => {
    const sundays = await makeFacility(db(), {
      name: '日曜開館センター',
      hours: {
        1: ['09:00', '21:00'],
        2: ['09:00', '21:00'],
        3: ['09:00', '21:00'],
        4: ['09:00', '21:00'],
        5: ['09:00', '21:00'],
        6: ['09:00', '21:00'],
        7: ['09:00', '17:00'],
      },
    });
    const hall = await makeRoom(db(), sundays);
    await makeBooking(db(), hall, '2026-10-04', ['morning', 'afternoon']); // a Sunday
    await makeBooking(db(), hall, '2026-10-05', ['morning']); // a Monday
    // October is marked by these bookings: the centre's question counts it live.
    const s = await sundayOpening(db(), { from: october.from, to: october.to }, clock);
    // Only that centre (the others close on Sundays). October 2026 has 4 Sundays, open 9–17 (morning and
    // afternoon); Mondays: 4, less スポーツの日 (12th), × 3 bands.
    expect(s.facilities).toBe(1);
    expect(s.weekdays.find((w) => w.key === '7')).toMatchObject({ openCells: 8, bookedCells: 2 });
    expect(s.weekdays.find((w) => w.key === '1')).toMatchObject({ openCells: 9, bookedCells: 1 });
    // A whole-city question rebuilds October; the same figures then come from its aggregates.
    await roomIn(october.from, october.to);
    expect(await freshMonths(db(), ['2026-10'])).toEqual(new Set(['2026-10']));
    expect(await sundayOpening(db(), { from: october.from, to: october.to }, clock)).toEqual(s);
    // And a part of the month, live: the first Sunday and Monday.
    const live = await sundayOpening(db(), { from: '2026-10-04', to: '2026-10-05' }, clock);
    expect(live.weekdays.map((w) => [w.key, w.openCells, w.bookedCells])).toEqual([
      ['1', 3, 1],
      ['7', 2, 2],
    ]);
  });

  it('counts stale ended months live for a facility, without rebuilding them', async () => {
    await book('2026-10-07', ['afternoon']); // a Wednesday: marks October
    const facilityQuestion = (await utilisation(db(), { ...october, facilityId }, 'room', clock)).find((r) => r.key === roomId);
    expect(await freshMonths(db(), ['2026-10'])).toEqual(new Set());
    expect(facilityQuestion).toEqual(await roomIn(october.from, october.to));
  });

  it('builds the stale ended months in the hourly job, and leaves fresh ones alone', async () => {
    await book('2026-09-10', ['evening']); // marks September
    const built = await buildStaleMonths(db(), '2026-12-10', clock.now(), { years: 1 });
    const months = ['2026-06', '2026-07', '2026-08', '2026-09', '2026-10', '2026-11'];
    // From the first booking (July) to the last ended month; June had no booking and is left alone.
    expect(await freshMonths(db(), months)).toEqual(new Set(months.slice(1)));
    expect(built).toBeGreaterThan(0);
    expect(await buildStaleMonths(db(), '2026-12-10', clock.now(), { years: 1 })).toBe(0);
  });

  it('rolls a whole year up for long questions, and rolls it up again when one of its months changes', async () => {
    await book('2025-01-06', ['morning']); // a Monday; the records now start in January 2025
    await buildStaleMonths(db(), '2026-12-10', clock.now(), { years: 2 });
    const year = async () => roomIn('2025-01-01', '2025-12-31');
    const catalogue = await loadCountingCatalogue(db(), { facilityId });
    const live = async () => (await countRoomCells(db(), catalogue, '2025-01-01', '2025-12-31')).find((c) => c.dim === 'all');
    expect(await year()).toMatchObject({ openCells: (await live())?.open, bookedCells: 1 });
    // Read from the roll-up: a figure changed there (and only there) is what the question gets.
    await db().updateTable('insights_room_cells').set({ booked_cells: 7 }).where('period', '=', '2025').execute();
    expect((await year())?.bookedCells).toBe(7);
    // A booking in June marks June; June is rebuilt, its version moves on, and the year is rolled up again.
    await book('2025-06-02', ['evening']);
    expect(await year()).toMatchObject({ openCells: (await live())?.open, bookedCells: 2 });
  });
});
