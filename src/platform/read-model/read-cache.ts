/**
 * The read model's memory: what public pages read on every request, kept until the database says it
 * changed (db/change-feed.ts), instead of rebuilt from the database each time.
 *
 * - Catalogue values (the facilities, rooms, bands, hours, closures, fees, settings — anything computed
 *   from the catalogue tables only): dropped together when any catalogue table changes.
 * - Room months: the occupied cells of one room in one month, dropped when a cell of that room month is
 *   written or freed. Bounded by the number of cells held (lru-cache), so ten times the history costs no
 *   more memory: the months nobody looks at fall out.
 * - The same two for counter appointments: values computed from the appointment catalogue tables
 *   (counters, their hours and day exceptions, services, life events), dropped together when any of
 *   them changes ('appointment_catalogue'); and counter months, the taken seats of one counter in one
 *   month, dropped when a seat of that counter month is taken or freed ('seats').
 *
 * Right by construction: a value is answered from memory only after the feed has caught up (SQLite: every
 * commit so far; PostgreSQL: the listener is connected and has heard this process's earlier commits), and a value loaded while a change to it arrived
 * is handed out once but not kept, since the load may have read the state before that change.
 */
import { LRUCache } from 'lru-cache';
import type { Change, ChangeFeed } from '../../db/change-feed.ts';

/** Values computed from the catalogue (the snapshot, the search ranking, each room month's booking rules). */
const MAX_CATALOGUE_VALUES = 5000;

/** Cells held in all room months together: ~50 bytes each, so about 15 MiB at most. */
const MAX_CELLS = 300_000;

/** Seats held in all counter months together (a seat is a string like a cell): about 15 MiB at most. */
const MAX_SEATS = 300_000;

export type RoomMonthKey = string;

export function roomMonthKey(roomId: string, month: string): RoomMonthKey {
  return `${roomId}|${month}`;
}

/** The occupied cells of one room month, as availability's cellKey strings. */
export type RoomMonthCells = ReadonlySet<string>;

export type CounterMonthKey = string;

export function counterMonthKey(counterId: string, month: string): CounterMonthKey {
  return `${counterId}|${month}`;
}

/** The taken seats of one counter month: per date, the seats as `slot|seat` (appointment.slots seatKey). */
export type CounterMonthSeats = ReadonlyMap<string, ReadonlySet<string>>;

export interface ReadCache {
  /** A value computed from the catalogue tables alone, by name; `load` runs when it is missing. */
  catalogue<T>(name: string, load: () => Promise<T>, used?: UsedValues): Promise<T>;
  /** The cells of each room month; the missing ones are loaded together by one call of `load`. */
  roomMonths(
    keys: readonly RoomMonthKey[],
    load: (missing: readonly RoomMonthKey[]) => Promise<Map<RoomMonthKey, RoomMonthCells>>,
    used?: UsedValues,
  ): Promise<Map<RoomMonthKey, RoomMonthCells>>;
  /** A value computed from the appointment catalogue tables alone, by name (as catalogue()). */
  appointmentCatalogue<T>(name: string, load: () => Promise<T>, used?: UsedValues): Promise<T>;
  /** The taken seats of each counter month; the missing ones loaded together by one call of `load`. */
  counterMonths(
    keys: readonly CounterMonthKey[],
    load: (missing: readonly CounterMonthKey[]) => Promise<Map<CounterMonthKey, CounterMonthSeats>>,
    used?: UsedValues,
  ): Promise<Map<CounterMonthKey, CounterMonthSeats>>;
  /**
   * Whether values handed out earlier are still the current ones (same objects in memory): what a cached
   * response built from them checks before it is answered again.
   */
  stillCurrent(used: UsedValues): Promise<boolean>;
  /** What the caches hold, for the bench and for tests. */
  stats(): {
    catalogueValues: number;
    roomMonths: number;
    cells: number;
    appointmentValues: number;
    counterMonths: number;
    seats: number;
    loads: number;
  };
  close(): void;
}

/** The values a response was built from: pass one to every read, then keep it with the response. */
export interface UsedValues {
  catalogue: Map<string, unknown>;
  roomMonths: Map<RoomMonthKey, RoomMonthCells>;
  appointmentCatalogue: Map<string, unknown>;
  counterMonths: Map<CounterMonthKey, CounterMonthSeats>;
}

export function usedValues(): UsedValues {
  return { catalogue: new Map(), roomMonths: new Map(), appointmentCatalogue: new Map(), counterMonths: new Map() };
}

const EMPTY_CELLS: RoomMonthCells = new Set();
const EMPTY_SEATS: CounterMonthSeats = new Map();

/**
 * Values by name, all dropped together by one kind of change (the catalogue, or the appointment
 * catalogue). A few values per name for the whole city, a few thousand per-room ones (booking rules):
 * bounded all the same, in entries (the values are small).
 */
function valueGroup(feed: ChangeFeed, counted: () => void) {
  const values = new LRUCache<string, { value: unknown }>({ max: MAX_CATALOGUE_VALUES });
  // Bumped by every change: a load started before it is not kept, nor shared.
  let epoch = 0;
  const loading = new Map<string, { epoch: number; value: Promise<unknown> }>();
  return {
    async get<T>(name: string, load: () => Promise<T>, used: Map<string, unknown> | undefined): Promise<T> {
      const current = await feed.settle();
      let value: T;
      const kept = current ? values.get(name) : undefined;
      if (kept) value = kept.value as T;
      else {
        // One load per name at a time: at 09:00 hundreds of requests find the value missing at once.
        const inFlight = current ? loading.get(name) : undefined;
        if (inFlight && inFlight.epoch === epoch) value = (await inFlight.value) as T;
        else {
          const started = epoch;
          counted();
          const pending = load();
          if (current) loading.set(name, { epoch: started, value: pending });
          try {
            value = await pending;
          } finally {
            if (loading.get(name)?.value === pending) loading.delete(name);
          }
          if (current && started === epoch) values.set(name, { value });
        }
      }
      used?.set(name, value);
      return value;
    },
    isCurrent: (name: string, value: unknown) => values.peek(name)?.value === value,
    clear() {
      values.clear();
      epoch += 1;
    },
    get size() {
      return values.size;
    },
  };
}

/** Months of one kind (a room's cells, a counter's seats), each dropped by a change of that month. */
function monthGroup<V extends object>(feed: ChangeFeed, maxSize: number, sizeOf: (value: V) => number, empty: V, counted: () => void) {
  const months = new LRUCache<string, V>({ maxSize, sizeCalculation: (value) => sizeOf(value) + 1 });
  // The loads in flight per month: a change deletes the entry, so the load's answer is not kept.
  const loading = new Map<string, object>();
  return {
    async get(
      keys: readonly string[],
      load: (missing: readonly string[]) => Promise<Map<string, V>>,
      used: Map<string, V> | undefined,
    ): Promise<Map<string, V>> {
      const current = await feed.settle();
      const out = new Map<string, V>();
      const missing: string[] = [];
      for (const key of keys) {
        const value = current ? months.get(key) : undefined;
        if (value) out.set(key, value);
        else missing.push(key);
      }
      if (missing.length > 0) {
        const token = {};
        if (current) for (const key of missing) loading.set(key, token);
        counted();
        const loaded = await load(missing);
        for (const key of missing) {
          const value = loaded.get(key) ?? empty;
          out.set(key, value);
          if (current && loading.get(key) === token) {
            months.set(key, value);
            loading.delete(key);
          }
        }
      }
      if (used) for (const [key, value] of out) used.set(key, value);
      return out;
    },
    drop(key: string) {
      months.delete(key);
      loading.delete(key);
    },
    isCurrent: (key: string, value: V) => months.peek(key) === value,
    clear() {
      months.clear();
      loading.clear();
    },
    get size() {
      return months.size;
    },
    get held() {
      return months.calculatedSize;
    },
  };
}

export function createReadCache(feed: ChangeFeed, options: { maxCells?: number; maxSeats?: number } = {}): ReadCache {
  let loads = 0;
  const counted = () => {
    loads += 1;
  };
  const catalogue = valueGroup(feed, counted);
  const appointmentCatalogue = valueGroup(feed, counted);
  const rooms = monthGroup<RoomMonthCells>(feed, options.maxCells ?? MAX_CELLS, (cells) => cells.size, EMPTY_CELLS, counted);
  const counters = monthGroup<CounterMonthSeats>(
    feed,
    options.maxSeats ?? MAX_SEATS,
    (days) => {
      let seats = 0;
      for (const day of days.values()) seats += day.size;
      return seats;
    },
    EMPTY_SEATS,
    counted,
  );

  const unsubscribe = feed.subscribe((change: Change) => {
    switch (change.topic) {
      case 'cells':
        rooms.drop(roomMonthKey(change.roomId, change.month));
        return;
      case 'seats':
        counters.drop(counterMonthKey(change.counterId, change.month));
        return;
      case 'catalogue':
        catalogue.clear();
        return;
      case 'appointment_catalogue':
        appointmentCatalogue.clear();
        return;
      case 'queue':
        return; // the call screens listen for these themselves (queue.events.ts)
      default:
        catalogue.clear();
        appointmentCatalogue.clear();
        rooms.clear();
        counters.clear();
    }
  });

  return {
    catalogue: (name, load, used) => catalogue.get(name, load, used?.catalogue),
    roomMonths: (keys, load, used) => rooms.get(keys, load, used?.roomMonths),
    appointmentCatalogue: (name, load, used) => appointmentCatalogue.get(name, load, used?.appointmentCatalogue),
    counterMonths: (keys, load, used) => counters.get(keys, load, used?.counterMonths),

    async stillCurrent(used) {
      if (!(await feed.settle())) return false;
      for (const [name, value] of used.catalogue) if (!catalogue.isCurrent(name, value)) return false;
      for (const [key, cells] of used.roomMonths) if (!rooms.isCurrent(key, cells)) return false;
      for (const [name, value] of used.appointmentCatalogue) if (!appointmentCatalogue.isCurrent(name, value)) return false;
      for (const [key, seats] of used.counterMonths) if (!counters.isCurrent(key, seats)) return false;
      return true;
    },

    stats: () => ({
      catalogueValues: catalogue.size,
      roomMonths: rooms.size,
      cells: rooms.held,
      appointmentValues: appointmentCatalogue.size,
      counterMonths: counters.size,
      seats: counters.held,
      loads,
    }),
    close: unsubscribe,
  };
}
