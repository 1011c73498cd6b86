/**
 * 利用者の内訳 on SQLite and PostgreSQL: shares counted by hand, and the privacy rule — a group of fewer
 * than 5 bookers is hidden, and a second group with it when one alone would be recoverable from the total.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { describeEachDialect } from '../../../test/db.ts';
import { makeFacility, makeGroup, makeRoom, makeUser } from '../../../test/factories.ts';
import { newId } from '../../lib/ids.ts';
import { fixedClock } from '../../lib/time.ts';
import { suppress, whoUses } from './who.query.ts';

describe('suppress', () => {
  it('hides groups under 5 bookers, and the next smallest when only one would be hidden', () => {
    const rows = [
      { key: 'a', bookings: 40, attendees: 400, bookers: 20 },
      { key: 'b', bookings: 9, attendees: 90, bookers: 6 },
      { key: 'c', bookings: 2, attendees: 10, bookers: 1 },
    ];
    expect(suppress(rows).map((r) => [r.key, r.suppressed, r.bookings])).toEqual([
      ['a', false, 40],
      ['b', true, null],
      ['c', true, null],
    ]);
    const two = suppress([...rows, { key: 'd', bookings: 3, attendees: 9, bookers: 3 }]);
    expect(two.filter((r) => r.suppressed).map((r) => r.key)).toEqual(['c', 'd']); // two small ones: enough
    expect(suppress([{ key: 'x', bookings: 1, attendees: 1, bookers: 1 }])[0]?.suppressed).toBe(true);
  });
});

const clock = fixedClock('2026-11-24T03:00:00Z');

describeEachDialect('who uses the rooms', (ctx) => {
  let roomId: string;

  beforeAll(async () => {
    const db = ctx().db.kysely;
    const facilityId = await makeFacility(db);
    roomId = await makeRoom(db, facilityId);
    let n = 0;
    const book = async (
      userId: string | null,
      o: { groupId?: string; attendees: number; channel: string; category?: string; status?: string },
    ) => {
      n++;
      await db
        .insertInto('reservations')
        .values({
          id: newId('rsv'),
          number: `W${n}`,
          room_id: roomId,
          date: `2026-10-${String(n).padStart(2, '0')}`,
          status: o.status ?? 'used',
          category: o.category ?? 'general',
          purpose: 'x',
          attendees: o.attendees,
          channel: o.channel,
          created_at: '2026-09-01T00:00:00Z',
          user_id: userId,
          group_id: o.groupId ?? null,
          bands: 'morning',
        })
        .execute();
    };
    // Six residents in their 70s booking on the web, one in their 30s by phone; one group of the first.
    const seniors = [];
    for (let i = 0; i < 6; i++) seniors.push((await makeUser(db, { birth_year: 1950 + i })).id);
    for (const id of seniors) await book(id, { attendees: 10, channel: 'web' });
    const young = (await makeUser(db, { birth_year: 1993 })).id;
    await book(young, { attendees: 4, channel: 'phone' });
    // Five in their 60s, on the web.
    for (let i = 0; i < 5; i++) await book((await makeUser(db, { birth_year: 1960 + i })).id, { attendees: 5, channel: 'web' });
    const club = await makeGroup(db, seniors[0] ?? '', { type: 'circle' });
    await book(seniors[0] ?? '', { groupId: club, attendees: 20, channel: 'counter', category: 'community' });
    await book(young, { attendees: 99, channel: 'web', status: 'cancelled' }); // cancelled: not counted
  });

  it('counts bookings and attendees by age band, hiding small bands (and one more when only one is small)', async () => {
    const tables = await whoUses(ctx().db.kysely, { from: '2026-10-01', to: '2026-10-31' }, clock);
    const age = tables.find((t) => t.dimension === 'age');
    expect(age?.totalBookings).toBe(13); // 6 + 5 + 1 + the club's; the cancelled one is not counted
    expect(age?.totalAttendees).toBe(60 + 25 + 4 + 20);
    // 70歳以上 (born 1950–1955, in 2026): six residents and their club's booking (7 bookers).
    expect(age?.rows.find((r) => r.key === '70plus')).toMatchObject({ bookings: 7, attendees: 80, suppressed: false });
    // 30代 has one booker: hidden; alone it could be worked out from the total, so 60代 is hidden too.
    expect(age?.rows.filter((r) => r.suppressed).map((r) => r.key)).toEqual(['30s', '60s']);
    expect(age?.rows.find((r) => r.key === '30s')).toMatchObject({ bookings: null, attendees: null });
  });

  it('counts by channel and booker type the same way', async () => {
    const tables = await whoUses(ctx().db.kysely, { from: '2026-10-01', to: '2026-10-31' }, clock);
    const channel = tables.find((t) => t.dimension === 'channel');
    expect(channel?.rows.map((r) => [r.key, r.suppressed, r.bookings])).toEqual([
      ['web', false, 11],
      ['counter', true, null],
      ['phone', true, null],
    ]);
    const type = tables.find((t) => t.dimension === 'bookerType');
    // Only two types: hiding the small one alone would leave it as total − the other, so both are hidden.
    expect(type?.rows.map((r) => [r.key, r.suppressed])).toEqual([
      ['individual', true],
      ['circle', true],
    ]);
  });
});
