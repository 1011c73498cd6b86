/** 多目的利用 on SQLite and PostgreSQL: registrations and bookings per month, small counts not shown. */
import { beforeAll, expect, it } from 'vitest';
import { describeEachDialect } from '../../../test/db.ts';
import { makeFacility, makeRoom, makeUser } from '../../../test/factories.ts';
import { newId } from '../../lib/ids.ts';
import { fixedClock } from '../../lib/time.ts';
import { multipurposeSummary } from './multipurpose.query.ts';

const clock = fixedClock('2026-11-24T03:00:00Z');

describeEachDialect('multipurpose insights', (ctx) => {
  let facilityId: string;

  beforeAll(async () => {
    const db = ctx().db.kysely;
    facilityId = await makeFacility(db);
    const roomId = await makeRoom(db, facilityId);
    const approved: string[] = [];
    for (let i = 0; i < 5; i++) approved.push((await makeUser(db, { multipurpose_status: 'approved' })).id);
    await makeUser(db, { multipurpose_status: 'pending' });
    await makeUser(db, { multipurpose_status: 'pending' });
    let n = 0;
    const book = async (userId: string, date: string, category = 'multipurpose') => {
      n++;
      await db
        .insertInto('reservations')
        .values({
          id: newId('rsv'),
          number: `M${n}`,
          room_id: roomId,
          date,
          status: 'used',
          category,
          purpose: '教室',
          attendees: 8,
          channel: 'web',
          created_at: '2026-09-01T00:00:00Z',
          user_id: userId,
          bands: 'morning',
        })
        .execute();
    };
    for (const [i, id] of approved.entries()) await book(id, `2026-10-0${i + 1}`);
    await book(approved[0] ?? '', '2026-10-20'); // the same person again: 6 bookings, 5 bookers
    await book(approved[1] ?? '', '2026-11-02'); // one booker in November: not shown
    for (const [i, id] of approved.entries()) await book(id, `2026-12-0${i + 1}`); // five again in December
    await book(approved[2] ?? '', '2026-11-03', 'general'); // not 多目的
  });

  it('counts approved registrations, hides the few waiting, and counts 多目的 bookings per month', async () => {
    const s = await multipurposeSummary(ctx().db.kysely, { from: '2026-10-01', to: '2026-12-31' }, clock);
    expect(s.approved).toBe(5);
    expect(s.pending).toBeNull(); // 2 < 5
    // November has one booker: hidden, and with it the next smallest month (December: 5 bookings against
    // October's 6, both 5 bookers), so November cannot be worked out from a total.
    expect(s.byMonth).toEqual([
      { month: '2026-10', bookings: 6 },
      { month: '2026-11', bookings: null },
      { month: '2026-12', bookings: null },
    ]);
    const elsewhere = await multipurposeSummary(ctx().db.kysely, { from: '2026-10-01', to: '2026-11-30', facilityId: 'none' }, clock);
    expect(elsewhere.byMonth).toEqual([]);
  });
});
