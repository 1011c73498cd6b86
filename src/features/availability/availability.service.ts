/**
 * The grid from the database: loads what it needs in a handful of queries and hands it to gridsFrom(),
 * which the read model's path (availability.read-model.ts) shares. Staff pages, the lottery and the
 * insights read here: they must see the database itself.
 */
import type { Db } from '../../db/database.ts';
import { type FieldIssue, InvalidInputError, NotFoundError } from '../../lib/errors.ts';
import { addMonths, type Clock, daysBetween, type LocalDate, monthOf, toTokyo, type YearMonth } from '../../lib/time.ts';
import { firstComeOpenings } from '../../platform/lottery-calendar/lottery-rules.ts';
import { type ClosureSpan, toClosureSpan } from '../facility/calendar.ts';
import * as facilityRepo from '../facility/facility.repository.ts';
import { loadBandSchemes } from '../facility/facility.service.ts';
import { type Band, type Facility, type Room, toFacility, toRoom } from '../facility/facility.ts';
import { listOccupiedCells } from './availability.repository.ts';
import { buildRoomDays, cellKey, type DayAvailability } from './availability.ts';

/** The longest range one availability request may cover: about three months. */
export const MAX_AVAILABILITY_DAYS = 93;

export interface RoomGrid {
  room: Room;
  bands: readonly Band[];
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
    list.push(toClosureSpan(r));
    out.set(r.facility_id, list);
  }
  return out;
}

/** Grids for rooms that all belong to known facilities, read from the database. */
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
  const heldForLottery = rooms.some((r) => r.allocation === 'lottery')
    ? lotteryHold(await firstComeOpenings(db, monthsOf(from, to)), clock)
    : undefined;
  return gridsFrom({ schemes, closures, occupied: () => occupied, heldForLottery }, clock, facilities, rooms, from, to);
}

/** What the grids are decided from, wherever it was read (the database, or the read model's memory). */
export interface GridInputs {
  schemes: ReadonlyMap<string, readonly Band[]>;
  closures: ReadonlyMap<string, readonly ClosureSpan[]>;
  /** A room's occupied cells, by cellKey(). */
  occupied: (roomId: string) => { has(cellKey: string): boolean };
  /** Set when a lottery room is among the rooms. */
  heldForLottery: ((date: LocalDate) => boolean) | undefined;
}

export function gridsFrom(
  inputs: GridInputs,
  clock: Clock,
  facilities: ReadonlyMap<string, Facility>,
  rooms: readonly Room[],
  from: LocalDate,
  to: LocalDate,
): RoomGrid[] {
  const now = toTokyo(clock.now());
  return rooms.map((room) => {
    const facility = facilities.get(room.facilityId);
    if (!facility) throw new Error(`room ${room.id} without its facility`);
    const bands = inputs.schemes.get(room.bandSchemeId) ?? [];
    const days = buildRoomDays({
      roomId: room.id,
      rules: facility,
      bands,
      closures: inputs.closures.get(room.facilityId) ?? [],
      occupied: inputs.occupied(room.id),
      from,
      to,
      now,
      ...(room.allocation === 'lottery' && inputs.heldForLottery ? { heldForLottery: inputs.heldForLottery } : {}),
    });
    return { room, bands, days };
  });
}

export function monthsOf(from: LocalDate, to: LocalDate): YearMonth[] {
  const months: YearMonth[] = [];
  for (let m = monthOf(from); m <= monthOf(to); m = addMonths(m, 1)) months.push(m);
  return months;
}

/** Before a month opens first-come (residents' time), a lottery room's free cells stay with the lottery. */
export function lotteryHold(opensAt: (month: YearMonth, nonResident: boolean) => Date, clock: Clock): (date: LocalDate) => boolean {
  const at = clock.now().getTime();
  const held = new Map<YearMonth, boolean>();
  return (date) => {
    const month = monthOf(date);
    let answer = held.get(month);
    if (answer === undefined) {
      answer = at < opensAt(month, false).getTime();
      held.set(month, answer);
    }
    return answer;
  };
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
