/**
 * What a booking's rules read from the catalogue (room, facility and hours, bands and fees, closures, the
 * city's quota and fee rates, a lottery room's month rules), loaded by one function into a plain object
 * so the write path can take it from the read model's memory (booking.service keeps it per room month
 * in the read cache) or straight from the database. Nothing here is about who books: occupied cells,
 * quotas used and the person's own rows are read by the service.
 */
import type { Db } from '../../db/database.ts';
import { NotFoundError } from '../../lib/errors.ts';
import { type LocalDate, monthOf, type YearMonth } from '../../lib/time.ts';
import type { LotteryRules } from '../../platform/lottery-calendar/lottery-calendar.ts';
import { LOTTERY_RULE_SETTINGS, storedRulesOf, usableRules } from '../../platform/lottery-calendar/lottery-rules.ts';
import { integerBetween, type NumberSetting, readNumber, readNumbers } from '../../platform/settings/settings.ts';
import { type ClosureSpan, toClosureSpan } from '../facility/calendar.ts';
import * as facilityRepo from '../facility/facility.repository.ts';
import { type Band, type Facility, type Room, toBand, toFacility, toRoom } from '../facility/facility.ts';
import * as repo from './booking.repository.ts';
import { DEFAULT_RATES, type FeeRates } from './fees.ts';

/** Bands one booker may hold per calendar month unless the city sets `monthly_band_quota`. */
export const DEFAULT_MONTHLY_QUOTA = 12;

const ratePercent = (key: string, name: keyof FeeRates): NumberSetting => ({
  key,
  fallback: DEFAULT_RATES[name],
  accepts: integerBetween(0, 1000),
});

/** The configurable fee rates (percent), with the defaults from fees.ts. */
export const RATE_SETTINGS: Readonly<Record<keyof FeeRates, NumberSetting>> = {
  commercial: ratePercent('rate_commercial_percent', 'commercial'),
  admission: ratePercent('rate_admission_percent', 'admission'),
  nonResident: ratePercent('rate_non_resident_percent', 'nonResident'),
  communityReduction: ratePercent('reduction_community_percent', 'communityReduction'),
  npoReduction: ratePercent('reduction_npo_percent', 'npoReduction'),
};

/** How many bands one person may book per month. */
export const MONTHLY_QUOTA_SETTING: NumberSetting = {
  key: 'monthly_band_quota',
  fallback: DEFAULT_MONTHLY_QUOTA,
  accepts: integerBetween(1, Number.MAX_SAFE_INTEGER),
};

export async function feeRates(db: Db): Promise<FeeRates> {
  return readNumbers(db, RATE_SETTINGS);
}

export async function monthlyQuota(db: Db): Promise<number> {
  return readNumber(db, MONTHLY_QUOTA_SETTING);
}

/** Every setting a booking reads, in one query. */
const BOOKING_SETTINGS = { ...RATE_SETTINGS, monthlyQuota: MONTHLY_QUOTA_SETTING, ...LOTTERY_RULE_SETTINGS };

/** The catalogue as the booking rules see it: plain data, no handle, no functions. */
export interface BookingRules {
  facility: Facility;
  /** Without its equipment: no booking rule, page or message uses it (the reservation views do the same). */
  room: Room;
  /** The room's bands, in scheme order. */
  bands: Band[];
  /** The room's base fee (yen) per band code; a band without one costs nothing. */
  fees: Record<string, number>;
  /** Closures of the facility, or of a room of it, overlapping the dates asked for. */
  closures: ClosureSpan[];
  monthlyQuota: number;
  rates: FeeRates;
  /**
   * For a lottery room, each asked month's lottery rules: those stored with the month once announced,
   * else the current settings (platform/lottery-calendar). Empty for a first-come room.
   */
  lotteryRules: Record<YearMonth, LotteryRules>;
}

/**
 * The catalogue for booking `roomId` on `dates`: five queries run together (the room, its facility with
 * hours, its bands with fees, closures, the settings), a sixth for a lottery room's month rules.
 */
export async function loadBookingRules(db: Db, roomId: string, dates: readonly LocalDate[]): Promise<BookingRules> {
  const sorted = [...dates].sort();
  const from = sorted[0];
  const to = sorted[sorted.length - 1];
  if (!from || !to) throw new Error('loadBookingRules needs a date');
  const [roomRow, facilityRows, bandRows, closureRows, settings] = await Promise.all([
    facilityRepo.findRoomRow(db, roomId),
    repo.listFacilityWithHoursOfRoom(db, roomId),
    repo.listBandsWithFeesOfRoom(db, roomId),
    repo.listClosuresOfRoomFacility(db, roomId, from, to),
    readNumbers(db, BOOKING_SETTINGS),
  ]);
  if (!roomRow) throw new NotFoundError('room');
  const facilityRow = facilityRows[0];
  if (!facilityRow) throw new NotFoundError('facility');
  const hours = facilityRows.flatMap((h) =>
    h.weekday === null || h.opens === null || h.closes === null
      ? []
      : [{ facility_id: facilityRow.id, weekday: h.weekday, opens: h.opens, closes: h.closes }],
  );
  const room = toRoom(roomRow, []);
  const { monthlyQuota, commercial, admission, nonResident, communityReduction, npoReduction, ...lottery } = settings;
  const lotteryRules: Record<YearMonth, LotteryRules> = {};
  if (room.allocation === 'lottery') {
    const months = [...new Set(sorted.map(monthOf))];
    const stored = await storedRulesOf(db, months);
    const current = usableRules(lottery);
    for (const month of months) lotteryRules[month] = stored.get(month) ?? current;
  }
  return {
    facility: toFacility(facilityRow, hours),
    room,
    bands: bandRows.map(toBand),
    fees: Object.fromEntries(bandRows.flatMap((b) => (b.amount === null ? [] : [[b.code, Number(b.amount)]]))),
    closures: closureRows.map(toClosureSpan),
    monthlyQuota,
    rates: { commercial, admission, nonResident, communityReduction, npoReduction },
    lotteryRules,
  };
}
