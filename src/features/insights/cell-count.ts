/**
 * The lean count of open and booked cells per room over a date range: for every facility and date the
 * day's status is worked out once, every room's bands are counted open or not, and booked cells (one
 * indexed read per room) count only where the cell was open. No cell objects are built. The result is a
 * few rows per room (in total, by band, by weekday): what a month's aggregate stores, and what a question
 * on part of a month counts live.
 */
import type { Db } from '../../db/database.ts';
import { eachDate, isoWeekday, type LocalDate } from '../../lib/time.ts';
import { listOccupiedCells } from '../availability/availability.repository.ts';
import { loadClosureSpans } from '../availability/availability.service.ts';
import { bandWithinHours, type DayStatus, dayStatus } from '../facility/calendar.ts';
import * as facilityRepo from '../facility/facility.repository.ts';
import { listFacilities, loadBandSchemes, loadFacilitiesByIds } from '../facility/facility.service.ts';
import type { Band, Facility, Room } from '../facility/facility.ts';
import { toRoom } from '../facility/facility.ts';

export interface InsightsScope {
  wardId?: string | undefined;
  facilityId?: string | undefined;
}

/** What a question counts over: the facilities in scope, their rooms and bands, the rooms with a fee. */
export interface CountingCatalogue {
  facilities: Map<string, Facility>;
  rooms: Room[];
  schemes: Map<string, Band[]>;
  paidRooms: Set<string>;
}

export type CellDim = 'all' | 'band' | 'weekday';

/** Open and booked cells of one room: in total (key ''), for one band (its code) or one ISO weekday. */
export interface RoomCellCount {
  roomId: string;
  dim: CellDim;
  key: string;
  open: number;
  booked: number;
}

export async function loadCountingCatalogue(db: Db, scope: InsightsScope): Promise<CountingCatalogue> {
  const facilities = new Map(
    (scope.facilityId
      ? [...(await loadFacilitiesByIds(db, [scope.facilityId])).values()]
      : await listFacilities(db, { wardId: scope.wardId })
    )
      .filter((f) => !scope.wardId || f.wardId === scope.wardId)
      .map((f) => [f.id, f]),
  );
  const rooms = (await facilityRepo.listRoomRows(db, [...facilities.keys()])).map((r) => toRoom(r, []));
  const [schemes, paidRows] = await Promise.all([
    loadBandSchemes(
      db,
      rooms.map((r) => r.bandSchemeId),
    ),
    rooms.length === 0 ? [] : db.selectFrom('room_fees').select('room_id').where('amount', '>', 0).distinct().execute(),
  ]);
  return { facilities, rooms, schemes, paidRooms: new Set(paidRows.map((r) => r.room_id)) };
}

export async function countRoomCells(db: Db, catalogue: CountingCatalogue, from: LocalDate, to: LocalDate): Promise<RoomCellCount[]> {
  const { facilities, rooms, schemes } = catalogue;
  const [closures, occupiedRows] = await Promise.all([
    loadClosureSpans(db, [...facilities.keys()], from, to),
    listOccupiedCells(
      db,
      rooms.map((r) => r.id),
      from,
      to,
    ),
  ]);
  // Booked bands by room and date, as a small list per day: no key string per cell.
  const occupied = new Map<string, Map<LocalDate, string[]>>();
  for (const c of occupiedRows) {
    let byDate = occupied.get(c.room_id);
    if (!byDate) {
      byDate = new Map();
      occupied.set(c.room_id, byDate);
    }
    const list = byDate.get(c.date);
    if (list) list.push(c.band);
    else byDate.set(c.date, [c.band]);
  }
  const dates = eachDate(from, to).map((date) => ({ date, weekday: isoWeekday(date) }));
  const out: RoomCellCount[] = [];
  for (const facility of facilities.values()) {
    const spans = closures.get(facility.id) ?? [];
    const facilityStatus = new Map<LocalDate, DayStatus>();
    for (const room of rooms) {
      if (room.facilityId !== facility.id) continue;
      const bands = schemes.get(room.bandSchemeId) ?? [];
      const byBand = bands.map(() => ({ open: 0, booked: 0 }));
      const byWeekday = Array.from({ length: 8 }, () => ({ open: 0, booked: 0 }));
      const roomSpans = spans.some((s) => s.roomId === room.id);
      const booked = occupied.get(room.id);
      for (const d of dates) {
        // The facility's day once per date; again per room only when a closure names that room.
        let status = roomSpans ? undefined : facilityStatus.get(d.date);
        if (!status) {
          status = dayStatus(facility, d.date, spans, room.id);
          if (!roomSpans) facilityStatus.set(d.date, status);
        }
        if (!status.open) continue;
        const bookedBands = booked?.get(d.date);
        const weekday = byWeekday[d.weekday] as { open: number; booked: number };
        for (let i = 0; i < bands.length; i++) {
          const band = bands[i] as Band;
          if (!bandWithinHours(band, status.opens, status.closes)) continue;
          const isBooked = bookedBands?.includes(band.code) ? 1 : 0;
          const tally = byBand[i] as { open: number; booked: number };
          tally.open++;
          tally.booked += isBooked;
          weekday.open++;
          weekday.booked += isBooked;
        }
      }
      // Rows only where something was open: a closed room or weekday adds nothing to any rate.
      const total = byBand.reduce((a, b) => ({ open: a.open + b.open, booked: a.booked + b.booked }), { open: 0, booked: 0 });
      if (total.open === 0) continue;
      out.push({ roomId: room.id, dim: 'all', key: '', ...total });
      bands.forEach((band, i) => {
        const tally = byBand[i] as { open: number; booked: number };
        if (tally.open > 0) out.push({ roomId: room.id, dim: 'band', key: band.code, ...tally });
      });
      byWeekday.forEach((tally, wd) => {
        if (tally.open > 0) out.push({ roomId: room.id, dim: 'weekday', key: String(wd), ...tally });
      });
    }
  }
  return out;
}
