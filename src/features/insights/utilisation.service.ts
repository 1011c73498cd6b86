/** Utilisation per room for a month, for the whole city: one grid build over every room (see utilisation.ts). */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { type Clock, monthRange, type YearMonth } from '../../lib/time.ts';
import { buildGrids } from '../availability/availability.service.ts';
import * as facilityRepo from '../facility/facility.repository.ts';
import { type Facility, type Room, toFacility, toRoom } from '../facility/facility.ts';
import { type CellCounts, countCells } from './utilisation.ts';

export interface RoomUtilisation extends CellCounts {
  facility: Facility;
  wardName: string;
  room: Room;
  /** Some band of the room has a fee. */
  paid: boolean;
}

export async function roomUtilisation(db: Kysely<Database>, clock: Clock, month: YearMonth): Promise<RoomUtilisation[]> {
  const [facilityRows, hours, wards] = await Promise.all([
    facilityRepo.listFacilityRows(db, {}),
    facilityRepo.listAllHours(db),
    db.selectFrom('wards').select(['id', 'name']).execute(),
  ]);
  const facilities = new Map(
    facilityRows.map((f) => [
      f.id,
      toFacility(
        f,
        hours.filter((h) => h.facility_id === f.id),
      ),
    ]),
  );
  const roomRows = await facilityRepo.listRoomRows(db, [...facilities.keys()]);
  const rooms = roomRows.map((r) => toRoom(r, []));
  const paidRooms = new Set(
    (await db.selectFrom('room_fees').select('room_id').where('amount', '>', 0).distinct().execute()).map((r) => r.room_id),
  );
  const wardNames = new Map(wards.map((w) => [w.id, w.name]));
  const { from, to } = monthRange(month);
  const grids = await buildGrids(db, clock, facilities, rooms, from, to);
  return grids.flatMap((grid) => {
    const facility = facilities.get(grid.room.facilityId);
    if (!facility) return [];
    return [
      {
        facility,
        wardName: wardNames.get(facility.wardId) ?? '',
        room: grid.room,
        paid: paidRooms.has(grid.room.id),
        ...countCells(grid.days),
      },
    ];
  });
}
