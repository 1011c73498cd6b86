/** Loads what the grid needs in a handful of queries and hands it to buildRoomDays. */
import type { Db } from '../../db/database.ts';
import { isOneOf } from '../../lib/collections.ts';
import { type FieldIssue, InvalidInputError, NotFoundError } from '../../lib/errors.ts';
import { addMonths, type Clock, daysBetween, type LocalDate, monthOf, monthRange, toTokyo, type YearMonth } from '../../lib/time.ts';
import { firstComeOpenings } from '../../platform/lottery-calendar/lottery-rules.ts';
import type { ClosureSpan } from '../facility/calendar.ts';
import * as facilityRepo from '../facility/facility.repository.ts';
import { getFacilityDetail, loadBandSchemes } from '../facility/facility.service.ts';
import { type Band, CLOSURE_REASONS, type Facility, type Room, toFacility, toRoom } from '../facility/facility.ts';
import { listOccupiedCells } from './availability.repository.ts';
import { buildRoomDays, cellKey, type DayAvailability } from './availability.ts';

/** The longest range one availability request may cover: about three months. */
export const MAX_AVAILABILITY_DAYS = 93;

export interface RoomGrid {
  room: Room;
  bands: Band[];
  days: DayAvailability[];
}

export async function loadClosureSpans(
  db: Db,
  facilityIds: readonly string[],
  from: LocalDate,
  to: LocalDate,
): Promise<Map<string, ClosureSpan[]>> {
  const rows = await facilityRepo.listClosures(db, facilityIds, from, to);
  const out = new Map<string, ClosureSpan[]>();
  for (const r of rows) {
    const list = out.get(r.facility_id) ?? [];
    list.push({
      roomId: r.room_id,
      startsOn: r.starts_on,
      endsOn: r.ends_on,
      reason: isOneOf(CLOSURE_REASONS, r.reason) ? r.reason : 'other',
      note: r.note,
    });
    out.set(r.facility_id, list);
  }
  return out;
}

/** Grids for rooms that all belong to known facilities. */
export async function buildGrids(
  db: Db,
  clock: Clock,
  facilities: ReadonlyMap<string, Facility>,
  rooms: readonly Room[],
  from: LocalDate,
  to: LocalDate,
): Promise<RoomGrid[]> {
  const [schemes, closures, occupiedRows] = await Promise.all([
    loadBandSchemes(
      db,
      rooms.map((r) => r.bandSchemeId),
    ),
    loadClosureSpans(db, [...new Set(rooms.map((r) => r.facilityId))], from, to),
    listOccupiedCells(
      db,
      rooms.map((r) => r.id),
      from,
      to,
    ),
  ]);
  const occupied = new Set(occupiedRows.map((c) => cellKey(c.room_id, c.date, c.band)));
  const now = toTokyo(clock.now());
  const heldForLottery = rooms.some((r) => r.allocation === 'lottery') ? await lotteryHold(db, clock, from, to) : undefined;
  return rooms.map((room) => {
    const facility = facilities.get(room.facilityId);
    if (!facility) throw new Error(`room ${room.id} without its facility`);
    const bands = schemes.get(room.bandSchemeId) ?? [];
    const days = buildRoomDays({
      roomId: room.id,
      rules: facility,
      bands,
      closures: closures.get(room.facilityId) ?? [],
      occupied,
      from,
      to,
      now,
      ...(room.allocation === 'lottery' && heldForLottery ? { heldForLottery } : {}),
    });
    return { room, bands, days };
  });
}

/** Before a month opens first-come (residents' time), a lottery room's free cells stay with the lottery. */
async function lotteryHold(db: Db, clock: Clock, from: LocalDate, to: LocalDate): Promise<(date: LocalDate) => boolean> {
  const months: YearMonth[] = [];
  for (let m = monthOf(from); m <= monthOf(to); m = addMonths(m, 1)) months.push(m);
  const opensAt = await firstComeOpenings(db, months);
  const at = clock.now().getTime();
  const held = new Map(months.map((m) => [m, at < opensAt(m, false).getTime()]));
  return (date) => held.get(monthOf(date)) ?? false;
}

export function rangeIssues(from: LocalDate, to: LocalDate, maxDays: number): FieldIssue[] {
  if (to < from) return [{ field: 'to', key: 'errRangeReversed' }];
  if (daysBetween(from, to) + 1 > maxDays) return [{ field: 'to', key: 'errRangeTooLongDays', params: { max: maxDays } }];
  return [];
}

export function checkRange(from: LocalDate, to: LocalDate, maxDays: number): void {
  const issues = rangeIssues(from, to, maxDays);
  if (issues.length > 0) throw new InvalidInputError(issues);
}

export async function roomAvailability(
  db: Db,
  clock: Clock,
  roomId: string,
  from: LocalDate,
  to: LocalDate,
): Promise<{ facility: Facility; grid: RoomGrid }> {
  checkRange(from, to, MAX_AVAILABILITY_DAYS);
  const roomRow = await facilityRepo.findRoomRow(db, roomId);
  if (!roomRow) throw new NotFoundError('room');
  const [facilityRow, hours, equipment] = await Promise.all([
    facilityRepo.findFacilityRow(db, roomRow.facility_id),
    facilityRepo.listHours(db, [roomRow.facility_id]),
    facilityRepo.listEquipment(db, [roomId]),
  ]);
  if (!facilityRow) throw new NotFoundError('facility');
  const facility = toFacility(facilityRow, hours);
  const room = toRoom(
    roomRow,
    equipment.map((e) => e.code),
  );
  const [grid] = await buildGrids(db, clock, new Map([[facility.id, facility]]), [room], from, to);
  if (!grid) throw new Error('grid missing');
  return { facility, grid };
}

export async function facilityMonth(db: Db, clock: Clock, facilityId: string, month: YearMonth) {
  const detail = await getFacilityDetail(db, facilityId);
  const { from, to } = monthRange(month);
  const grids = await buildGrids(db, clock, new Map([[facilityId, detail.facility]]), detail.rooms, from, to);
  return { ...detail, month, from, to, grids };
}
