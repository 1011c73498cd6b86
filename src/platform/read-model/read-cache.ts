/**
 * The read model's memory: what public pages read on every request, kept until the database says it
 * changed (db/change-feed.ts), instead of rebuilt from the database each time.
 *
 * - Catalogue values (the facilities, rooms, bands, hours, closures, fees, settings — anything computed
 *   from the catalogue tables only): dropped together when any catalogue table changes.
 * - Room months: the occupied cells of one room in one month, dropped when a cell of that room month is
 *   written or freed. Bounded by the number of cells held (lru-cache), so ten times the history costs no
 *   more memory: the months nobody looks at fall out.
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

export type RoomMonthKey = string;

export function roomMonthKey(roomId: string, month: string): RoomMonthKey {
  return `${roomId}|${month}`;
}

/** The occupied cells of one room month, as availability's cellKey strings. */
export type RoomMonthCells = ReadonlySet<string>;

export interface ReadCache {
  /** A value computed from the catalogue tables alone, by name; `load` runs when it is missing. */
  catalogue<T>(name: string, load: () => Promise<T>, used?: UsedValues): Promise<T>;
  /** The cells of each room month; the missing ones are loaded together by one call of `load`. */
  roomMonths(
    keys: readonly RoomMonthKey[],
    load: (missing: readonly RoomMonthKey[]) => Promise<Map<RoomMonthKey, RoomMonthCells>>,
    used?: UsedValues,
  ): Promise<Map<RoomMonthKey, RoomMonthCells>>;
  /**
   * Whether values handed out earlier are still the current ones (same objects in memory): what a cached
   * response built from them checks before it is answered again.
   */
  stillCurrent(used: UsedValues): Promise<boolean>;
  /** What the caches hold, for the bench and for tests. */
  stats(): { catalogueValues: number; roomMonths: number; cells: number; loads: number };
  close(): void;
}

/** The values a response was built from: pass one to every read, then keep it with the response. */
export interface UsedValues {
  catalogue: Map<string, unknown>;
  roomMonths: Map<RoomMonthKey, RoomMonthCells>;
}

export function usedValues(): UsedValues {
  return { catalogue: new Map(), roomMonths: new Map() };
}

const EMPTY: RoomMonthCells = new Set();

export function createReadCache(feed: ChangeFeed, options: { maxCells?: number } = {}): ReadCache {
  // A few values per name for the whole city, a few thousand per-room ones (booking rules): bounded all
  // the same, in entries (the values are small).
  const catalogue = new LRUCache<string, { value: unknown }>({ max: MAX_CATALOGUE_VALUES });
  // Bumped by every catalogue change: a catalogue load started before it is not kept, nor shared.
  let catalogueEpoch = 0;
  const loadingCatalogue = new Map<string, { epoch: number; value: Promise<unknown> }>();
  const months = new LRUCache<RoomMonthKey, RoomMonthCells>({
    maxSize: options.maxCells ?? MAX_CELLS,
    sizeCalculation: (cells) => cells.size + 1,
  });
  // The loads in flight per room month: a change deletes the entry, so the load's answer is not kept.
  const loading = new Map<RoomMonthKey, object>();
  let loads = 0;

  const unsubscribe = feed.subscribe((change: Change) => {
    // Nothing of the counters is kept here (yet): their changes drop nothing of the rooms.
    if (change.topic === 'appointment_catalogue' || change.topic === 'seats' || change.topic === 'queue') return;
    if (change.topic === 'cells') {
      const key = roomMonthKey(change.roomId, change.month);
      months.delete(key);
      loading.delete(key);
      return;
    }
    catalogue.clear();
    catalogueEpoch += 1;
    if (change.topic === 'everything') {
      months.clear();
      loading.clear();
    }
  });

  return {
    async catalogue<T>(name: string, load: () => Promise<T>, used?: UsedValues): Promise<T> {
      const current = await feed.settle();
      let value: T;
      const kept = current ? catalogue.get(name) : undefined;
      if (kept) value = kept.value as T;
      else {
        // One load per name at a time: at 09:00 hundreds of requests find the catalogue missing at once.
        const inFlight = current ? loadingCatalogue.get(name) : undefined;
        if (inFlight && inFlight.epoch === catalogueEpoch) value = (await inFlight.value) as T;
        else {
          const epoch = catalogueEpoch;
          loads += 1;
          const pending = load();
          if (current) loadingCatalogue.set(name, { epoch, value: pending });
          try {
            value = await pending;
          } finally {
            if (loadingCatalogue.get(name)?.value === pending) loadingCatalogue.delete(name);
          }
          if (current && epoch === catalogueEpoch) catalogue.set(name, { value });
        }
      }
      used?.catalogue.set(name, value);
      return value;
    },

    async roomMonths(keys, load, used) {
      const current = await feed.settle();
      const out = new Map<RoomMonthKey, RoomMonthCells>();
      const missing: RoomMonthKey[] = [];
      for (const key of keys) {
        const cells = current ? months.get(key) : undefined;
        if (cells) out.set(key, cells);
        else missing.push(key);
      }
      if (missing.length === 0) {
        if (used) for (const [key, cells] of out) used.roomMonths.set(key, cells);
        return out;
      }
      const token = {};
      if (current) for (const key of missing) loading.set(key, token);
      loads += 1;
      const loaded = await load(missing);
      for (const key of missing) {
        const cells = loaded.get(key) ?? EMPTY;
        out.set(key, cells);
        if (current && loading.get(key) === token) {
          months.set(key, cells);
          loading.delete(key);
        }
      }
      if (used) for (const [key, cells] of out) used.roomMonths.set(key, cells);
      return out;
    },

    async stillCurrent(used) {
      if (!(await feed.settle())) return false;
      for (const [name, value] of used.catalogue) if (catalogue.peek(name)?.value !== value) return false;
      for (const [key, cells] of used.roomMonths) if (months.peek(key) !== cells) return false;
      return true;
    },

    stats: () => ({ catalogueValues: catalogue.size, roomMonths: months.size, cells: months.calculatedSize, loads }),
    close: unsubscribe,
  };
}
