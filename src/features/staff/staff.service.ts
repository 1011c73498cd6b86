/**
 * The back office's rules: a facility's day with booker contact details (staff in scope only), and
 * booking on behalf of a resident (代理予約) with channel and operator recorded and audited.
 */
import type { Db, Dialect } from '../../db/database.ts';
import { ForbiddenError, InvalidInputError } from '../../lib/errors.ts';
import { kanaFoldKey } from '../../lib/normalize.ts';
import type { Clock, LocalDate } from '../../lib/time.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import type { User } from '../../platform/authz/actor.ts';
import { toUser } from '../../platform/authz/actor.ts';
import { canActOnFacility, facilityReach } from '../../platform/authz/policy.ts';
import { findUserById, findUserByNumber } from '../account/account.repository.ts';
import { roomAvailability } from '../availability/availability.service.ts';
import { type BookingRequest, type BookingResult, bookReservation } from '../booking/booking.service.ts';
import { toReservation } from '../booking/booking.ts';
import { getFacilityDetail } from '../facility/facility.service.ts';
import * as staffRepo from './staff.repository.ts';

export async function facilityDay(db: Db, staff: User, facilityId: string, date: LocalDate) {
  const detail = await getFacilityDetail(db, facilityId);
  if (!canActOnFacility(staff, detail.facility)) throw new ForbiddenError('facility out of scope');
  const rows = await staffRepo.listReservationsOfDay(db, facilityId, date);
  // Which reservation holds each (room, band) that day: the occupied cells are the truth, not a list.
  const roomIds = detail.rooms.map((r) => r.id);
  const held = await staffRepo.listCellHolders(db, roomIds, date, date);
  return {
    facility: detail.facility,
    rooms: detail.rooms,
    cellHolders: new Map(held.map((h) => [`${h.room_id}|${h.band}`, h.reservation_id])),
    reservations: rows.map((r) => ({
      reservation: toReservation(r),
      booker:
        r.booker_name === null
          ? null
          : {
              name: r.booker_name,
              nameKana: r.booker_kana ?? '',
              phone: r.booker_phone ?? '',
              email: r.booker_email,
              userNumber: r.booker_number ?? '',
            },
      groupName: r.group_name,
    })),
  };
}

/** The resident a staff call names: by internal id, or by the 利用者番号 on their card. */
export type ResidentRef = { residentId: string; residentNumber?: undefined } | { residentId?: undefined; residentNumber: string };

export interface ProxyBookingRequest extends BookingRequest {
  resident: ResidentRef;
  channel: 'counter' | 'phone';
  overrideQuota: boolean;
  overrideWindow: boolean;
  overrideReason?: string | undefined;
}

/** Books for a resident. Staff may set aside quota and window with a reason; never the cell. */
export async function proxyBook(db: Db, clock: Clock, staff: User, req: ProxyBookingRequest): Promise<BookingResult & { resident: User }> {
  const { facility } = await roomAvailability(db, clock, req.roomId, req.date, req.date);
  if (!canActOnFacility(staff, facility)) throw new ForbiddenError('facility out of scope');
  const resident = await findNamedResident(db, req.resident);
  const result = await bookReservation(db, clock, resident, req, {
    operatorId: staff.id,
    overrides: { quota: req.overrideQuota, window: req.overrideWindow },
    within: (trx, reservation) =>
      recordAudit(trx, clock.now(), {
        actorId: staff.id,
        action: 'reservation.proxy_book',
        targetType: 'reservation',
        targetId: reservation.id,
        facilityId: facility.id,
        reason: req.overrideReason ?? null,
        after: {
          ...reservation,
          residentId: resident.id,
          channel: req.channel,
          overrides: { quota: req.overrideQuota, window: req.overrideWindow },
        },
      }),
  });
  return { ...result, resident };
}

/** The named resident, or a field problem on the field that named them (it is unknown). */
export async function findNamedResident(db: Db, ref: ResidentRef): Promise<User> {
  const row = ref.residentId !== undefined ? await findUserById(db, ref.residentId) : await findUserByNumber(db, ref.residentNumber);
  if (!row || row.deleted_at)
    throw new InvalidInputError([{ field: ref.residentId !== undefined ? 'residentId' : 'residentNumber', key: 'errResidentUnknown' }]);
  return toUser(row);
}

/** The facilities a staff member may act on (every one their assignments reach), for the start page. */
export async function facilitiesInScope(db: Db, staff: User) {
  const reach = facilityReach(staff);
  if (!reach.city && reach.wardIds.length === 0 && reach.facilityIds.length === 0) return [];
  return staffRepo.listFacilitiesInReach(db, reach);
}

/** At most this many residents per search (page and API): a clerk narrows the key instead of paging. */
export const RESIDENT_SEARCH_LIMIT = 20;

/** Whitespace (full-width too) and invisible characters: nothing a clerk means to search for. */
const NOT_SEARCHED = /[\s\p{Cc}\p{Cf}]/gu;

/**
 * Finds residents for a phone or front-desk booking by 利用者番号, フリガナ or name, or phone number. Names are
 * stored as typed, so both sides are folded (ひらがな, 半角ｶﾅ and spaces all match) when comparing. What the
 * clerk typed is searched for literally (a `%` is a percent sign); a key with nothing left to search for
 * once spaces are taken out is refused (InvalidInputError), as it would otherwise match every resident.
 * Shows only what identifies the caller: the phone number is masked but for its last four digits.
 */
export async function findResidents(db: Db, dialect: Dialect, query: string) {
  const q = query.normalize('NFKC').trim();
  const nameKey = q.replace(NOT_SEARCHED, '');
  if (nameKey.length === 0) throw new InvalidInputError([{ field: 'q', key: 'errSearchKeyEmpty' }]);
  const digits = q.replace(/[^0-9]/g, '');
  const key: staffRepo.ResidentKey = /^\d{8}$/.test(q)
    ? { by: 'number', number: q }
    : digits.length >= 4 && digits.length === q.replace(/[-\s]/g, '').length
      ? { by: 'phone', digits }
      : { by: 'name', key: kanaFoldKey(nameKey) };
  const rows = await staffRepo.searchResidents(db, dialect, key, RESIDENT_SEARCH_LIMIT);
  const userIds = rows.map((r) => r.id);
  const noShows = await staffRepo.countNoShows(db, userIds);
  return rows.map((r) => ({
    id: r.id,
    number: r.number,
    name: r.name,
    nameKana: r.name_kana,
    phoneTail: r.phone.replace(/[^0-9]/g, '').slice(-4),
    noShows: noShows.get(r.id) ?? 0,
  }));
}
