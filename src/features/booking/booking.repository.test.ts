/** The guarantee lives in the schema: these tests go straight to the database, below every app check. */
import { expect, it } from 'vitest';
import { describeEachDialect } from '../../../test/db.ts';
import { makeBooking, makeFacility, makeRoom, makeUser } from '../../../test/factories.ts';
import { uniqueViolationOn } from '../../db/errors.ts';
import { cancelReservation, insertReservation, reservationsWithBooker } from './booking.repository.ts';

const row = (id: string, roomId: string) => ({
  id,
  number: `N-${id}`,
  room_id: roomId,
  date: '2026-12-01',
  status: 'confirmed',
  category: 'general',
  purpose: 'x',
  attendees: 1,
  channel: 'web',
  created_at: '2026-11-24T00:00:00Z',
  user_id: null,
  group_id: null,
  operator_id: null,
  fee_detail: null,
  idempotency_key: null,
  cancelled_at: null,
  updated_at: null,
});

describeEachDialect('reservation_cells primary key', (ctx) => {
  it('refuses a second live reservation of a cell, atomically, and frees it on cancellation', async () => {
    const db = ctx().db.kysely;
    const roomId = await makeRoom(db, await makeFacility(db));
    await db.transaction().execute((trx) => insertReservation(trx, row('r1', roomId), ['morning', 'afternoon']));

    let error: unknown;
    try {
      await db.transaction().execute((trx) => insertReservation(trx, row('r2', roomId), ['evening', 'afternoon']));
    } catch (e) {
      error = e;
    }
    expect(uniqueViolationOn(error)).toBe('cell');
    // Nothing half-done: neither r2 nor its evening cell exists.
    expect(await db.selectFrom('reservations').select('id').where('id', '=', 'r2').execute()).toEqual([]);
    expect(
      await db.selectFrom('reservation_cells').select('band').where('room_id', '=', roomId).where('band', '=', 'evening').execute(),
    ).toEqual([]);

    expect(await db.transaction().execute((trx) => cancelReservation(trx, 'r1', '2026-11-25T00:00:00Z'))).toBe(true);
    expect(await db.transaction().execute((trx) => cancelReservation(trx, 'r1', '2026-11-25T00:00:00Z'))).toBe(false);
    await db.transaction().execute((trx) => insertReservation(trx, row('r3', roomId), ['afternoon']));
    const cells = await db.selectFrom('reservation_cells').select(['band', 'reservation_id']).where('room_id', '=', roomId).execute();
    expect(cells).toEqual([{ band: 'afternoon', reservation_id: 'r3' }]);
  });
});

describeEachDialect('reservationsWithBooker', (ctx) => {
  it('gives each reservation once with its room and facility, named by its booker, and null without an account', async () => {
    const db = ctx().db.kysely;
    const facilityId = await makeFacility(db);
    const roomId = await makeRoom(db, facilityId);
    const user = await makeUser(db, { name: '予約 太郎' });
    await makeBooking(db, roomId, '2026-12-01', ['morning', 'afternoon'], { id: 'rsv-a', user_id: user.id });
    await makeBooking(db, roomId, '2026-12-01', ['evening'], { id: 'rsv-b', user_id: null });
    const rows = await reservationsWithBooker(db)
      .select(['reservations.id', 'rooms.id as room_id', 'facilities.id as facility_id'])
      .orderBy('reservations.id')
      .execute();
    expect(rows).toEqual([
      { booker_name: '予約 太郎', id: 'rsv-a', room_id: roomId, facility_id: facilityId },
      { booker_name: null, id: 'rsv-b', room_id: roomId, facility_id: facilityId },
    ]);
  });
});
