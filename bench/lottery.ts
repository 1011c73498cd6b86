/**
 * The lottery draw at city scale: 100,000 entries over 20,000 cells, timed in-process (the draw is a
 * pure function), beside a baseline measured in the same run — one pass that only builds the cell keys
 * of every wish, the least any draw must do. Memory: heap kept per entry, after a full collection, at three sizes, to show it
 * stays linear in the input (bounded), not in entries × cells.
 */
import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';
import { type DrawEntry, type DrawInput, drawCellKey, drawLottery } from '../src/features/lottery/draw.ts';
import { seededRandom } from '../src/lib/random.ts';

const BANDS = ['morning', 'afternoon', 'evening'];

/**
 * A month of wishes: `rooms` rooms × 28 days × 3 bands; popular cells (Saturday afternoons, the first rooms)
 * draw most wishes, as in real cities. Each entry ranks 1–5 wishes of one or two consecutive bands.
 */
export function cityDraw(entries: number, rooms: number, seed = 20261201): DrawInput {
  const rnd = seededRandom(seed);
  const out: DrawEntry[] = [];
  const skewed = (n: number) => Math.min(n - 1, Math.floor(n * rnd.next() ** 2)); // favours low indexes
  for (let i = 0; i < entries; i++) {
    const wishes = [];
    const count = rnd.int(1, 5);
    for (let rank = 1; rank <= count; rank++) {
      const first = rnd.int(0, 2);
      const width = first < 2 && rnd.chance(0.3) ? 2 : 1;
      wishes.push({
        rank,
        roomId: `room-${skewed(rooms)}`,
        date: `2027-02-${String(1 + skewed(28)).padStart(2, '0')}`,
        bands: BANDS.slice(first, first + width),
      });
    }
    const group = rnd.chance(0.2);
    out.push({ id: `lot_${String(i).padStart(7, '0')}`, booker: `b_${group ? 'g' : 'u'}${i}`, kind: group ? 'group' : 'person', wishes });
  }
  const unavailable: string[] = [];
  for (let r = 0; r < rooms; r++) if (rnd.chance(0.05)) unavailable.push(drawCellKey(`room-${r}`, '2027-02-06', 'morning'));
  return { seed: 'bench-seed', maxWinsPerson: 2, maxWinsGroup: 4, unavailable, entries: out };
}

function baselinePass(input: DrawInput): number {
  const keys = new Set<string>();
  for (const e of input.entries) for (const w of e.wishes) for (const b of w.bands) keys.add(drawCellKey(w.roomId, w.date, b));
  return keys.size;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

function timed(run: () => unknown, times: number): number {
  const ms: number[] = [];
  for (let i = 0; i < times; i++) {
    const start = process.hrtime.bigint();
    run();
    ms.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return median(ms);
}

export interface LotteryBench {
  rows: (string | number)[][];
  drawMs: number;
  baselineMs: number;
  cells: number;
  heapBytesPerEntry: number[];
}

export function benchLottery(quick: boolean): LotteryBench {
  const rooms = 240; // 240 rooms × 28 days × 3 bands = 20,160 cells
  const input = cityDraw(100_000, rooms);
  const cells = rooms * 28 * 3;
  const runs = quick ? 3 : 7;
  const baselineMs = timed(() => baselinePass(input), runs);
  const drawMs = timed(() => drawLottery(input), runs);
  const results = drawLottery(input);
  const won = results.filter((r) => r.outcome === 'won').length;
  const rows: (string | number)[][] = [
    ['baseline: one pass over every wish (cell keys into a set)', 100_000, cells, baselineMs.toFixed(0), '1.00'],
    [
      `draw (${won.toLocaleString('en')} won of ${results.length.toLocaleString('en')} wishes)`,
      100_000,
      cells,
      drawMs.toFixed(0),
      (drawMs / baselineMs).toFixed(2),
    ],
  ];
  // A full collection before each reading, so the figure is what the draw keeps, not garbage.
  v8.setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  const heapBytesPerEntry: number[] = [];
  for (const n of [25_000, 50_000, 100_000]) {
    const sized = cityDraw(n, rooms);
    gc();
    const before = process.memoryUsage().heapUsed;
    const kept = drawLottery(sized);
    gc();
    const after = process.memoryUsage().heapUsed;
    heapBytesPerEntry.push(Math.max(0, after - before) / n);
    if (kept.length === 0) throw new Error('empty draw');
  }
  return { rows, drawMs, baselineMs, cells, heapBytesPerEntry };
}
