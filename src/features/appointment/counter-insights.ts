/**
 * The figures of the counters (窓口の実績): bookings against walk-ins, how long people waited (check-in to
 * call) and were served (serving to done), no-shows, and when people come (weekday × hour). Pure
 * functions over the tickets and appointment items of a period, so the same numbers feed the staff page,
 * its CSV/xlsx and the open-data file; the repository reads the rows, nothing here queries.
 *
 * Times are read in Asia/Tokyo: the hour of a check-in is the hour on the office's clock.
 */
import { isoWeekday, toTokyo } from '../../lib/time.ts';

export interface TicketFact {
  counterId: string;
  kind: 'booked' | 'walk_in';
  status: string;
  date: string;
  checkedInAt: string;
  calledAt: string | null;
  servingAt: string | null;
  doneAt: string | null;
}

/** A booked service of a day that has ended: it either has a ticket (the person came) or not. */
export interface BookedItemFact {
  counterId: string;
  /** Whether the person checked in for it; a ticket marked no-show counts as not. */
  came: boolean;
}

export interface CounterFigures {
  counterId: string;
  booked: number;
  walkIns: number;
  /** Minutes from check-in to call: median and 90th percentile; null with no called ticket. */
  waitMedian: number | null;
  waitP90: number | null;
  /** Minutes from serving to done, median. */
  serviceMedian: number | null;
  /** Booked services of ended days, and those nobody came for. */
  bookedEnded: number;
  noShows: number;
}

export interface HourFigures {
  counterId: string;
  /** 0–23, Asia/Tokyo. */
  hour: number;
  arrivals: number;
  waitMedian: number | null;
}

/** Arrivals by ISO weekday (1 = Monday) and hour: the busiest-hours heatmap. */
export type Heatmap = Map<string, number>;

export const heatKey = (weekday: number, hour: number) => `${weekday}|${hour}`;

const minutesBetween = (from: string, to: string) => (Date.parse(to) - Date.parse(from)) / 60_000;

/**
 * Minutes from check-in to call; null when not called, or when the span runs backwards (a clock set by
 * hand), which says nothing about waiting.
 */
export function waitMinutes(t: Pick<TicketFact, 'checkedInAt' | 'calledAt'>): number | null {
  if (!t.calledAt) return null;
  const wait = minutesBetween(t.checkedInAt, t.calledAt);
  return wait >= 0 ? wait : null;
}

/** The q-quantile (0–1) of the values, nearest rank, rounded to a whole minute; null when empty. */
export function quantile(values: readonly number[], q: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return Math.round(sorted[rank] as number);
}

export const tokyoHour = (iso: string) => Number(toTokyo(new Date(iso)).time.slice(0, 2));

interface Gathered {
  booked: number;
  walkIns: number;
  waits: number[];
  services: number[];
}

function gatherByCounter(tickets: readonly TicketFact[]): Map<string, Gathered> {
  const by = new Map<string, Gathered>();
  for (const t of tickets) {
    let g = by.get(t.counterId);
    if (!g) {
      g = { booked: 0, walkIns: 0, waits: [], services: [] };
      by.set(t.counterId, g);
    }
    if (t.kind === 'booked') g.booked += 1;
    else g.walkIns += 1;
    const wait = waitMinutes(t);
    if (wait !== null) g.waits.push(wait);
    if (t.servingAt && t.doneAt) {
      const service = minutesBetween(t.servingAt, t.doneAt);
      if (service >= 0) g.services.push(service);
    }
  }
  return by;
}

export function counterFigures(tickets: readonly TicketFact[], bookedItems: readonly BookedItemFact[]): CounterFigures[] {
  const gathered = gatherByCounter(tickets);
  const ended = new Map<string, { all: number; missed: number }>();
  for (const item of bookedItems) {
    const e = ended.get(item.counterId) ?? { all: 0, missed: 0 };
    e.all += 1;
    if (!item.came) e.missed += 1;
    ended.set(item.counterId, e);
  }
  const ids = [...new Set([...gathered.keys(), ...ended.keys()])].sort();
  return ids.map((counterId) => {
    const g = gathered.get(counterId) ?? { booked: 0, walkIns: 0, waits: [], services: [] };
    const e = ended.get(counterId) ?? { all: 0, missed: 0 };
    return {
      counterId,
      booked: g.booked,
      walkIns: g.walkIns,
      waitMedian: quantile(g.waits, 0.5),
      waitP90: quantile(g.waits, 0.9),
      serviceMedian: quantile(g.services, 0.5),
      bookedEnded: e.all,
      noShows: e.missed,
    };
  });
}

export function hourFigures(tickets: readonly TicketFact[]): HourFigures[] {
  const by = new Map<string, { counterId: string; hour: number; arrivals: number; waits: number[] }>();
  for (const t of tickets) {
    const hour = tokyoHour(t.checkedInAt);
    const key = `${t.counterId}|${hour}`;
    let h = by.get(key);
    if (!h) {
      h = { counterId: t.counterId, hour, arrivals: 0, waits: [] };
      by.set(key, h);
    }
    h.arrivals += 1;
    const wait = waitMinutes(t);
    if (wait !== null) h.waits.push(wait);
  }
  return [...by.values()]
    .sort((a, b) => a.counterId.localeCompare(b.counterId) || a.hour - b.hour)
    .map(({ counterId, hour, arrivals, waits }) => ({ counterId, hour, arrivals, waitMedian: quantile(waits, 0.5) }));
}

export function heatmap(tickets: readonly TicketFact[]): Heatmap {
  const map: Heatmap = new Map();
  for (const t of tickets) {
    const key = heatKey(isoWeekday(t.date), tokyoHour(t.checkedInAt));
    map.set(key, (map.get(key) ?? 0) + 1);
  }
  return map;
}

/** The hours that had any arrival, in order: the heatmap's columns. */
export function heatmapHours(map: Heatmap): number[] {
  const hours = new Set<number>();
  for (const key of map.keys()) hours.add(Number(key.split('|')[1]));
  return [...hours].sort((a, b) => a - b);
}
