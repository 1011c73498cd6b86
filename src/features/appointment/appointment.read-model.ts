/**
 * The free seats of a service from the read model (platform/read-model), as the facility grids are read:
 * the services and each counter's schedule (week and day exceptions) are appointment catalogue values,
 * dropped when any appointment catalogue table changes; the taken seats are counter months, dropped when a
 * seat of that counter and month is taken or freed (db/change-feed.ts, 'seats:counter|month'). What depends
 * on "now" — the booking window, the starts already past today — is never kept: serviceDays() decides it
 * from those values on every build, and a kept JSON answer lives for its Tokyo minute only
 * (response-cache.ts).
 *
 * Bookings and changes keep reading the database (appointment.booking.service.ts): the seats' primary key
 * decides a race, whatever any memory says. A signed-in person's own seats are read from the database on
 * every request and laid over the seats from memory, so the booker never sees their own seat free on a
 * process that has not heard of it yet.
 */
import type { Context } from 'hono';
import type { Db } from '../../db/database.ts';
import type { AppEnv } from '../../http/env.ts';
import { NotFoundError } from '../../lib/errors.ts';
import { type Clock, eachDate, type LocalDate, monthOf, monthRange, toTokyo, type YearMonth } from '../../lib/time.ts';
import {
  type CounterMonthKey,
  type CounterMonthSeats,
  counterMonthKey,
  type ReadCache,
  type UsedValues,
} from '../../platform/read-model/read-cache.ts';
import { checkRange, monthsOf } from '../availability/availability.service.ts';
import * as repo from './appointment.repository.ts';
import { MAX_SLOT_DAYS, type ServiceSlots } from './appointment.service.ts';
import { seatKey, serviceDays, type TakenSeats } from './appointment.slots.ts';
import type { CounterSchedule, Service } from './appointment.ts';

/** Who reads, and with what (as availability.read-model's PublicReader). */
export interface SlotsReader {
  db: Db;
  readCache: ReadCache;
  clock: Clock;
  /** The signed-in person, whose own seats are laid over the seats from memory. */
  userId?: string | undefined;
  used?: UsedValues | undefined;
}

export function slotsReader(c: Context<AppEnv>, used?: UsedValues): SlotsReader {
  const { db, readCache, clock } = c.get('deps');
  return { db, readCache, clock, userId: c.get('user')?.id, used };
}

/** Active services of active counters by id: the city has a few hundred, one value for all. */
export function readServices(reader: SlotsReader): Promise<ReadonlyMap<string, Service>> {
  return reader.readCache.appointmentCatalogue(
    'appointment-services',
    async () => new Map((await repo.listActiveServices(reader.db)).map((s) => [s.id, s])),
    reader.used,
  );
}

/** A counter's week and its day exceptions in whole months (those of the range asked). */
export function readSchedule(reader: SlotsReader, counterId: string, months: readonly YearMonth[]): Promise<CounterSchedule | undefined> {
  const from = monthRange(months[0] as YearMonth).from;
  const to = monthRange(months[months.length - 1] as YearMonth).to;
  return reader.readCache.appointmentCatalogue(
    `appointment-schedule:${counterId}:${months.join(',')}`,
    async () => (await repo.loadSchedules(reader.db, [counterId], from, to)).get(counterId),
    reader.used,
  );
}

/** Counter months missing from memory: one query per month for all their counters. */
async function loadCounterMonths(db: Db, keys: readonly CounterMonthKey[]): Promise<Map<CounterMonthKey, CounterMonthSeats>> {
  const byMonth = new Map<YearMonth, string[]>();
  for (const key of keys) {
    const bar = key.lastIndexOf('|');
    const list = byMonth.get(key.slice(bar + 1)) ?? [];
    list.push(key.slice(0, bar));
    byMonth.set(key.slice(bar + 1), list);
  }
  const out = new Map<CounterMonthKey, Map<LocalDate, Set<string>>>(keys.map((key) => [key, new Map()]));
  await Promise.all(
    [...byMonth].map(async ([month, counterIds]) => {
      const { from, to } = monthRange(month);
      for (const row of await repo.listTakenSeats(db, counterIds, from, to)) {
        const days = out.get(counterMonthKey(row.counter_id, month));
        if (!days) continue;
        let seats = days.get(row.date);
        if (!seats) {
          seats = new Set();
          days.set(row.date, seats);
        }
        seats.add(seatKey(row.slot, Number(row.seat)));
      }
    }),
  );
  return out;
}

const NONE: TakenSeats = new Set();

/** The free count per start of one service over [from, to] (as serviceSlots, from memory). */
export async function readServiceSlots(reader: SlotsReader, serviceId: string, from: LocalDate, to: LocalDate): Promise<ServiceSlots> {
  checkRange(from, to, MAX_SLOT_DAYS);
  const service = (await readServices(reader)).get(serviceId);
  if (!service) throw new NotFoundError('page');
  const months = monthsOf(from, to);
  const [schedule, seats, own] = await Promise.all([
    readSchedule(reader, service.counterId, months),
    reader.readCache.counterMonths(
      months.map((m) => counterMonthKey(service.counterId, m)),
      (missing) => loadCounterMonths(reader.db, missing),
      reader.used,
    ),
    reader.userId ? repo.listOwnSeats(reader.db, reader.userId, service.counterId, from, to) : [],
  ]);
  if (!schedule) throw new NotFoundError('page');
  const ownOn = new Map<LocalDate, Set<string>>();
  for (const row of own) {
    const set = ownOn.get(row.date) ?? new Set();
    set.add(seatKey(row.slot, Number(row.seat)));
    ownOn.set(row.date, set);
  }
  const takenOn = (date: LocalDate): TakenSeats => {
    const kept = seats.get(counterMonthKey(service.counterId, date.slice(0, 7)))?.get(date) ?? NONE;
    const mine = ownOn.get(date);
    return mine ? new Set([...kept, ...mine]) : kept;
  };
  const days = serviceDays(schedule, service, eachDate(from, to), takenOn, toTokyo(reader.clock.now()));
  return {
    serviceId,
    counterId: service.counterId,
    durationMinutes: service.durationMinutes,
    slotMinutes: schedule.slotMinutes,
    days,
  };
}

/** The counters' schedules for the day: from the read model when there is one (catalogue values). */
export async function daySchedules(
  db: Db,
  clock: Clock,
  readCache: ReadCache | undefined,
  counterIds: readonly string[],
  date: LocalDate,
): Promise<Map<string, CounterSchedule>> {
  if (!readCache) return repo.loadSchedules(db, counterIds, date, date);
  const out = new Map<string, CounterSchedule>();
  for (const id of new Set(counterIds)) {
    const schedule = await readSchedule({ db, readCache, clock }, id, [monthOf(date)]);
    if (schedule) out.set(id, schedule);
  }
  return out;
}
