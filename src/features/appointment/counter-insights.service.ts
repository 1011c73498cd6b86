/**
 * The counters' figures for staff (窓口の実績) and the open data of waiting by hour: the offices a person
 * may see (platform/authz canOverseeOffice), the period checked, the rows read and summed
 * (counter-insights.ts). No figure names a person.
 */
import type { Db } from '../../db/database.ts';
import { ForbiddenError, InvalidInputError, NotFoundError } from '../../lib/errors.ts';
import { addDays, type Clock, daysBetween, todayIn } from '../../lib/time.ts';
import type { User } from '../../platform/authz/actor.ts';
import { canManageCounterCatalogue, canOverseeOffice, canWorkCounter, requireStaff } from '../../platform/authz/policy.ts';
import { bookedItemFacts, countersOf, type OfficeRef, officesWithCounters, ticketFacts } from './counter-insights.repository.ts';
import { type CounterInsightsQuery, MAX_INSIGHT_DAYS } from './counter-insights.schema.ts';
import {
  type CounterFigures,
  counterFigures,
  type Heatmap,
  type HourFigures,
  heatmap,
  hourFigures,
  quantile,
  tokyoHour,
  waitMinutes,
} from './counter-insights.ts';

export interface CounterName {
  id: string;
  officeId: string;
  name: string;
  nameEn: string;
}

export interface CounterInsights {
  offices: OfficeRef[];
  /** The office asked, or undefined for every office in reach. */
  office: OfficeRef | undefined;
  from: string;
  to: string;
  counters: CounterName[];
  figures: CounterFigures[];
  hours: HourFigures[];
  heatmap: Heatmap;
}

/** The offices whose figures this staff member may see; none is a ForbiddenError. */
export async function officesInReach(db: Db, actor: User | undefined): Promise<OfficeRef[]> {
  const staff = requireStaff(actor);
  const offices = (await officesWithCounters(db)).filter((o) => canOverseeOffice(staff, o));
  if (offices.length === 0) throw new ForbiddenError('no office in reach');
  return offices;
}

export async function counterInsights(db: Db, clock: Clock, actor: User | undefined, q: CounterInsightsQuery): Promise<CounterInsights> {
  const offices = await officesInReach(db, actor);
  if (q.to < q.from) throw new InvalidInputError([{ field: 'to', key: 'errRangeReversed' }]);
  if (daysBetween(q.from, q.to) >= MAX_INSIGHT_DAYS)
    throw new InvalidInputError([{ field: 'to', key: 'errCounterRangeTooLong', params: { max: MAX_INSIGHT_DAYS } }]);
  let office: OfficeRef | undefined;
  if (q.office) {
    office = offices.find((o) => o.id === q.office);
    if (!office) {
      const exists = (await officesWithCounters(db)).some((o) => o.id === q.office);
      throw exists ? new ForbiddenError('office out of scope') : new NotFoundError('page');
    }
  } else if (offices.length === 1) office = offices[0];
  const ids = office ? [office.id] : offices.map((o) => o.id);
  // No-shows are counted for days that have ended: today's booked people may still come.
  const lastEnded = addDays(todayIn(clock), -1);
  const [tickets, items, counters] = await Promise.all([
    ticketFacts(db, ids, q.from, q.to),
    bookedItemFacts(db, ids, q.from, q.to < lastEnded ? q.to : lastEnded),
    countersOf(db, ids),
  ]);
  return {
    offices,
    office,
    from: q.from,
    to: q.to,
    counters: counters.map((c) => ({ id: c.id, officeId: c.office_id, name: c.name, nameEn: c.name_en })),
    figures: counterFigures(tickets, items),
    hours: hourFigures(tickets),
    heatmap: heatmap(tickets),
  };
}

/** One row of the open data: arrivals and the median wait at one office, one date and hour. */
export interface WaitingByHourRow {
  officeId: string;
  officeName: string;
  date: string;
  hour: number;
  arrivals: number;
  waitMedian: number | null;
}

/** Waiting by hour for every office, over a month (open data: counts and minutes only). */
export async function waitingByHour(db: Db, from: string, to: string): Promise<WaitingByHourRow[]> {
  const offices = await officesWithCounters(db);
  const names = new Map(offices.map((o) => [o.id, o.name]));
  const tickets = await ticketFacts(
    db,
    offices.map((o) => o.id),
    from,
    to,
  );
  const by = new Map<string, { row: Omit<WaitingByHourRow, 'waitMedian'>; waits: number[] }>();
  for (const t of tickets) {
    const hour = tokyoHour(t.checkedInAt);
    const key = `${t.officeId}|${t.date}|${hour}`;
    let entry = by.get(key);
    if (!entry) {
      entry = {
        row: { officeId: t.officeId, officeName: names.get(t.officeId) ?? t.officeId, date: t.date, hour, arrivals: 0 },
        waits: [],
      };
      by.set(key, entry);
    }
    entry.row.arrivals += 1;
    const wait = waitMinutes(t);
    if (wait !== null) entry.waits.push(wait);
  }
  return [...by.values()]
    .map(({ row, waits }) => ({ ...row, waitMedian: quantile(waits, 0.5) }))
    .sort((a, b) => a.officeId.localeCompare(b.officeId) || a.date.localeCompare(b.date) || a.hour - b.hour);
}

/** A ward office as the staff home lists it: its counters, and what this person may do there. */
export interface StaffOffice {
  id: string;
  name: string;
  /** Kiosk and console (a counter clerk of the office, or an admin). */
  mayWork: boolean;
  /** 窓口の設定: the catalogue, its files, sound and exception days (admins, the ward's officers). */
  mayManage: boolean;
  counters: { id: string; name: string; nameEn: string }[];
}

/** The offices with counters a staff member works at or oversees, for the links on /staff. */
export async function staffOffices(db: Db, actor: User | undefined): Promise<StaffOffice[]> {
  const offices = (await officesWithCounters(db)).filter((o) => canOverseeOffice(actor, o));
  const counters = await countersOf(
    db,
    offices.map((o) => o.id),
  );
  return offices.map((o) => ({
    id: o.id,
    name: o.name,
    mayWork: canWorkCounter(actor, o.id),
    mayManage: canManageCounterCatalogue(actor, o),
    counters: counters.filter((c) => c.office_id === o.id).map((c) => ({ id: c.id, name: c.name, nameEn: c.name_en })),
  }));
}
