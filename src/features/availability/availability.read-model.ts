/**
 * The public read side from the read model (platform/read-model): the facility month grid, a room's
 * availability and the search read the catalogue and the room months from memory, and the database only
 * for what memory lacks. The grids are decided by the same gridsFrom() as the database path
 * (availability.service.ts), which staff pages and booking checks keep using: they must see the
 * database itself.
 *
 * A signed-in person's own live bookings are read from the database on every request and laid over the
 * cells from memory: another process may not have heard of the booking yet (db/change-feed.ts), but the
 * person who made it never sees the cell free.
 */
import type { Context } from 'hono';
import type { Db } from '../../db/database.ts';
import type { AppEnv } from '../../http/env.ts';
import { NotFoundError } from '../../lib/errors.ts';
import { type Clock, type LocalDate, monthRange, type YearMonth } from '../../lib/time.ts';
import { firstComeOpenings } from '../../platform/lottery-calendar/lottery-rules.ts';
import {
  type ReadCache,
  type RoomMonthCells,
  type RoomMonthKey,
  roomMonthKey,
  type UsedValues,
} from '../../platform/read-model/read-cache.ts';
import { type Catalogue, readCatalogue } from '../facility/catalogue.ts';
import type { FacilityDetail } from '../facility/facility.service.ts';
import type { Facility, Room } from '../facility/facility.ts';
import { listOccupiedCells, listOwnCells } from './availability.repository.ts';
import { checkRange, gridsFrom, lotteryHold, MAX_AVAILABILITY_DAYS, monthsOf, type RoomGrid } from './availability.service.ts';
import { cellKey } from './availability.ts';

/** Who reads, and with what: the request's database, read model and clock. */
export interface PublicReader {
  db: Db;
  readCache: ReadCache;
  clock: Clock;
  /** The signed-in person, whose own bookings are laid over the cells. */
  userId?: string | undefined;
  /** Records what was read, for a cached response (platform/read-model/response-cache.ts). */
  used?: UsedValues | undefined;
}

/** The reader of a request: its deps, and the signed-in person if any. */
export function publicReader(c: Context<AppEnv>, used?: UsedValues): PublicReader {
  const { db, readCache, clock } = c.get('deps');
  return { db, readCache, clock, userId: c.get('user')?.id, used };
}

export function catalogueFor(reader: PublicReader): Promise<Catalogue> {
  return readCatalogue(reader.db, reader.readCache, reader.used);
}

/** The grids of rooms of the catalogue, from `from` to `to`. */
export async function readGrids(
  reader: PublicReader,
  catalogue: Catalogue,
  rooms: readonly Room[],
  from: LocalDate,
  to: LocalDate,
): Promise<RoomGrid[]> {
  const months = monthsOf(from, to);
  const keys = rooms.flatMap((room) => months.map((month) => roomMonthKey(room.id, month)));
  const [cells, own, opensAt] = await Promise.all([
    reader.readCache.roomMonths(keys, (missing) => loadRoomMonths(reader.db, missing), reader.used),
    reader.userId
      ? listOwnCells(
          reader.db,
          reader.userId,
          rooms.map((r) => r.id),
          from,
          to,
        )
      : [],
    rooms.some((r) => r.allocation === 'lottery')
      ? reader.readCache.catalogue(`first-come-openings:${months.join(',')}`, () => firstComeOpenings(reader.db, months), reader.used)
      : undefined,
  ]);
  const ownCells = new Set(own.map((c) => cellKey(c.room_id, c.date, c.band)));
  const occupied = (roomId: string) => ({
    // cellKey is "room|YYYY-MM-DD|band": its room month is the room and the date's first seven characters.
    has: (key: string) => ownCells.has(key) || (cells.get(key.slice(0, roomId.length + 8)) ?? NONE).has(key),
  });
  return gridsFrom(
    {
      schemes: catalogue.bandSchemes,
      closures: catalogue.closures,
      occupied,
      heldForLottery: opensAt ? lotteryHold(opensAt, reader.clock) : undefined,
    },
    reader.clock,
    catalogue.facilities,
    rooms,
    from,
    to,
  );
}

const NONE: RoomMonthCells = new Set();

/** Room months missing from memory, one query per month for all their rooms. */
async function loadRoomMonths(db: Db, keys: readonly RoomMonthKey[]): Promise<Map<RoomMonthKey, RoomMonthCells>> {
  const roomsByMonth = new Map<YearMonth, string[]>();
  for (const key of keys) {
    const bar = key.lastIndexOf('|');
    const month = key.slice(bar + 1);
    const list = roomsByMonth.get(month) ?? [];
    list.push(key.slice(0, bar));
    roomsByMonth.set(month, list);
  }
  const out = new Map<RoomMonthKey, Set<string>>(keys.map((key) => [key, new Set<string>()]));
  await Promise.all(
    [...roomsByMonth].map(async ([month, roomIds]) => {
      const { from, to } = monthRange(month);
      for (const row of await listOccupiedCells(db, roomIds, from, to)) {
        out.get(roomMonthKey(row.room_id, month))?.add(cellKey(row.room_id, row.date, row.band));
      }
    }),
  );
  return out;
}

/** A facility with its ward, rooms and band schemes, from the catalogue. */
export function detailFrom(catalogue: Catalogue, facilityId: string): FacilityDetail {
  const facility = catalogue.facilities.get(facilityId);
  if (!facility) throw new NotFoundError('facility');
  const ward = catalogue.wardsById.get(facility.wardId);
  if (!ward) throw new NotFoundError('ward');
  const rooms = catalogue.roomsByFacility.get(facilityId) ?? [];
  const bandSchemes = new Map(rooms.map((r) => [r.bandSchemeId, catalogue.bandSchemes.get(r.bandSchemeId) ?? []]));
  return { facility, ward, rooms, bandSchemes };
}

export async function readFacilityMonth(reader: PublicReader, facilityId: string, month: YearMonth) {
  const catalogue = await catalogueFor(reader);
  const detail = detailFrom(catalogue, facilityId);
  const { from, to } = monthRange(month);
  const grids = await readGrids(reader, catalogue, detail.rooms, from, to);
  return { ...detail, month, from, to, grids };
}

export async function readRoomAvailability(
  reader: PublicReader,
  roomId: string,
  from: LocalDate,
  to: LocalDate,
): Promise<{ facility: Facility; grid: RoomGrid }> {
  checkRange(from, to, MAX_AVAILABILITY_DAYS);
  const catalogue = await catalogueFor(reader);
  const room = catalogue.rooms.get(roomId);
  if (!room) throw new NotFoundError('room');
  const facility = catalogue.facilities.get(room.facilityId);
  if (!facility) throw new NotFoundError('facility');
  const [grid] = await readGrids(reader, catalogue, [room], from, to);
  if (!grid) throw new Error('grid missing');
  return { facility, grid };
}
