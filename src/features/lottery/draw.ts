/**
 * The draw (抽選), a pure function of its input: the published seed, the caps, the cells that were
 * already taken or closed, and the entries. Anyone holding an export can run it again and must get the
 * same winners (`npx tsunagu lottery verify draw.json`).
 *
 * The algorithm, "rank before luck":
 *  1. Entries are put in order of their id, so the order they arrive or are listed in never matters.
 *  2. Round k considers every entry's k-th wish (k = 1, 2, …). Before each round the entries still in
 *     the draw are shuffled (Fisher–Yates) with a generator seeded by SHA-256 of the seed; the round
 *     then walks that order and grants a wish when every cell of it is still free and its booker is
 *     under the cap. A granted wish takes its cells; a booker at the cap leaves the draw ('over_cap').
 *  3. A wish that is not granted is 'lost' (a cell was taken) — nothing is ever taken back.
 *
 * Fairness property (tested with fast-check): a wish of rank k never takes a cell while a wish of a
 * better rank j < k for that cell is unmet, unless that earlier wish could not be granted when its round
 * ran — one of its cells was taken by a wish of rank ≤ j, or its booker had reached the cap with wins of
 * rank ≤ j. And among wishes of the same rank for the same cell, every entry has the same chance, since
 * each round's order is a uniform shuffle.
 */
import { createHash } from 'node:crypto';

export interface DrawWish {
  rank: number;
  roomId: string;
  date: string;
  bands: readonly string[];
}

export interface DrawEntry {
  id: string;
  /** Who the caps count against: a person or a group (pseudonymous in exports). */
  booker: string;
  kind: 'person' | 'group';
  wishes: readonly DrawWish[];
}

export interface DrawInput {
  seed: string;
  maxWinsPerson: number;
  maxWinsGroup: number;
  /** Cell keys (room|date|band) already booked or closed when the draw ran. */
  unavailable: readonly string[];
  entries: readonly DrawEntry[];
}

export type DrawOutcome = 'won' | 'lost' | 'over_cap';

export interface DrawResult {
  entryId: string;
  rank: number;
  outcome: DrawOutcome;
}

export function drawCellKey(roomId: string, date: string, band: string): string {
  return `${roomId}|${date}|${band}`;
}

export function seedHash(seed: string): string {
  return createHash('sha256').update(seed, 'utf8').digest('hex');
}

/**
 * sfc32, a small fast generator with a 128-bit state, seeded from SHA-256 of the draw seed (with a label,
 * so the state never equals the published hash). Deterministic on every machine: integer arithmetic only.
 */
export function seededGenerator(seed: string): () => number {
  const digest = createHash('sha256').update(`tsunagu-lottery:${seed}`, 'utf8').digest();
  let a = digest.readUInt32LE(0);
  let b = digest.readUInt32LE(4);
  let c = digest.readUInt32LE(8);
  let d = digest.readUInt32LE(12);
  const next = () => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return t >>> 0;
  };
  for (let i = 0; i < 15; i++) next(); // let the seed's bits mix before the first use
  return next;
}

/** An unbiased integer in [0, n) from 32-bit outputs (rejection sampling, no modulo bias). */
function below(next: () => number, n: number): number {
  const limit = 0x1_0000_0000 - (0x1_0000_0000 % n);
  for (;;) {
    const x = next();
    if (x < limit) return x % n;
  }
}

/**
 * What makes an input undrawable, if anything: ranks must run 1..n within an entry (round k is rank k),
 * every wish names at least one band, and entry ids are unique (they fix the order). The database
 * always writes such inputs; an export edited by hand may not.
 */
export function drawInputProblem(input: DrawInput): string | undefined {
  const ids = new Set<string>();
  for (const e of input.entries) {
    if (ids.has(e.id)) return `entry ${e.id} appears twice`;
    ids.add(e.id);
    const ranks = e.wishes.map((w) => w.rank).sort((a, b) => a - b);
    if (ranks.some((r, i) => r !== i + 1)) return `entry ${e.id}: ranks must be 1..${ranks.length}, got ${ranks.join(',')}`;
    if (e.wishes.some((w) => w.bands.length === 0)) return `entry ${e.id}: a wish without bands`;
  }
  return undefined;
}

/** Wishes in rank order, without copying when they already are (they nearly always are). */
function byRank(wishes: readonly DrawWish[]): readonly DrawWish[] {
  for (let i = 1; i < wishes.length; i++) {
    if ((wishes[i] as DrawWish).rank < (wishes[i - 1] as DrawWish).rank) return [...wishes].sort((x, y) => x.rank - y.rank);
  }
  return wishes;
}

/**
 * Taken cells as a bit mask of bands per room and date: a wish of several bands is tested and taken with
 * one lookup, and no key string is built per cell (this keeps 100,000 entries well under a second).
 */
class TakenCells {
  private readonly byRoom = new Map<string, Map<string, number>>();
  private readonly bits = new Map<string, number>();

  mask(bands: readonly string[]): number {
    let mask = 0;
    for (const band of bands) {
      let bit = this.bits.get(band);
      if (bit === undefined) {
        if (this.bits.size >= 30) throw new Error('more than 30 band codes');
        bit = 1 << this.bits.size;
        this.bits.set(band, bit);
      }
      mask |= bit;
    }
    return mask;
  }

  isFree(roomId: string, date: string, mask: number): boolean {
    return ((this.byRoom.get(roomId)?.get(date) ?? 0) & mask) === 0;
  }

  take(roomId: string, date: string, mask: number): void {
    let dates = this.byRoom.get(roomId);
    if (!dates) {
      dates = new Map();
      this.byRoom.set(roomId, dates);
    }
    dates.set(date, (dates.get(date) ?? 0) | mask);
  }
}

export function drawLottery(input: DrawInput): DrawResult[] {
  const problem = drawInputProblem(input);
  if (problem) throw new Error(`invalid draw input: ${problem}`);
  const next = seededGenerator(input.seed);
  const taken = new TakenCells();
  for (const key of input.unavailable) {
    const [roomId = '', date = '', band = ''] = key.split('|');
    taken.take(roomId, date, taken.mask([band]));
  }
  const entries = [...input.entries].sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
  const ranked = entries.map((e) => byRank(e.wishes));
  // Bookers and caps as small integers, so the rounds touch typed arrays instead of maps.
  const bookerIndex = new Map<string, number>();
  const bookerOf = new Int32Array(entries.length);
  const capOf = new Int32Array(entries.length);
  for (const [i, e] of entries.entries()) {
    let b = bookerIndex.get(e.booker);
    if (b === undefined) {
      b = bookerIndex.size;
      bookerIndex.set(e.booker, b);
    }
    bookerOf[i] = b;
    capOf[i] = e.kind === 'group' ? input.maxWinsGroup : input.maxWinsPerson;
  }
  const wins = new Int32Array(bookerIndex.size);
  const results: DrawResult[] = [];

  let active = entries.map((_, i) => i);
  for (let round = 0; active.length > 0; round++) {
    // Those with a wish in this round, shuffled afresh.
    const order = active.filter((i) => (ranked[i]?.length ?? 0) > round);
    for (let i = order.length - 1; i > 0; i--) {
      const j = below(next, i + 1);
      const tmp = order[i] as number;
      order[i] = order[j] as number;
      order[j] = tmp;
    }
    for (const index of order) {
      const entry = entries[index] as DrawEntry;
      const wish = (ranked[index] as DrawWish[])[round] as DrawWish;
      const booker = bookerOf[index] as number;
      const mask = taken.mask(wish.bands);
      let outcome: DrawOutcome;
      if ((wins[booker] as number) >= (capOf[index] as number)) {
        // Only reachable when one booker has two entries (never from the database, whose unique index
        // allows one per booker and month; an edited export could): the cap still holds.
        outcome = 'over_cap';
      } else if (taken.isFree(wish.roomId, wish.date, mask)) {
        taken.take(wish.roomId, wish.date, mask);
        wins[booker] = (wins[booker] as number) + 1;
        outcome = 'won';
      } else {
        outcome = 'lost';
      }
      results.push({ entryId: entry.id, rank: wish.rank, outcome });
    }
    // A booker at the cap takes no further part; the rest of their wishes are 'over_cap'.
    active = [];
    for (const index of order) {
      const wishes = ranked[index] as DrawWish[];
      if ((wins[bookerOf[index] as number] as number) >= (capOf[index] as number)) {
        const id = (entries[index] as DrawEntry).id;
        for (let k = round + 1; k < wishes.length; k++)
          results.push({ entryId: id, rank: (wishes[k] as DrawWish).rank, outcome: 'over_cap' });
      } else if (wishes.length > round + 1) {
        active.push(index);
      }
    }
  }
  return results;
}
