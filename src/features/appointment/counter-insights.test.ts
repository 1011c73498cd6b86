import { describe, expect, it } from 'vitest';
import {
  type BookedItemFact,
  counterFigures,
  heatKey,
  heatmap,
  heatmapHours,
  hourFigures,
  quantile,
  type TicketFact,
} from './counter-insights.ts';

// 2026-12-07 is a Monday; 00:30Z is 09:30 in Tokyo.
const ticket = (over: Partial<TicketFact>): TicketFact => ({
  counterId: 'shimin',
  kind: 'booked',
  status: 'done',
  date: '2026-12-07',
  checkedInAt: '2026-12-07T00:30:00.000Z',
  calledAt: '2026-12-07T00:40:00.000Z',
  servingAt: '2026-12-07T00:41:00.000Z',
  doneAt: '2026-12-07T00:56:00.000Z',
  ...over,
});

describe('quantile', () => {
  it('takes the nearest rank and rounds to a minute; nothing for no values', () => {
    expect(quantile([], 0.5)).toBeNull();
    expect(quantile([7], 0.9)).toBe(7);
    expect(quantile([1, 2, 3, 4], 0.5)).toBe(2);
    expect(quantile([10, 1, 5, 3, 8, 2, 9, 4, 7, 6], 0.9)).toBe(9);
    expect(quantile([2.4, 2.6], 0.9)).toBe(3);
  });
});

describe('counterFigures', () => {
  it('counts bookings and walk-ins, waits from check-in to call and service from serving to done, per counter', () => {
    const tickets = [
      ticket({}),
      ticket({ kind: 'walk_in', checkedInAt: '2026-12-07T00:30:00.000Z', calledAt: '2026-12-07T01:00:00.000Z' }),
      ticket({ kind: 'walk_in', status: 'waiting', calledAt: null, servingAt: null, doneAt: null }),
      ticket({ counterId: 'hoken', calledAt: '2026-12-07T00:35:00.000Z', servingAt: null, doneAt: null, status: 'no_show' }),
    ];
    const items: BookedItemFact[] = [
      { counterId: 'shimin', came: true },
      { counterId: 'shimin', came: false },
      { counterId: 'kodomo', came: false },
    ];
    expect(counterFigures(tickets, items)).toEqual([
      { counterId: 'hoken', booked: 1, walkIns: 0, waitMedian: 5, waitP90: 5, serviceMedian: null, bookedEnded: 0, noShows: 0 },
      { counterId: 'kodomo', booked: 0, walkIns: 0, waitMedian: null, waitP90: null, serviceMedian: null, bookedEnded: 1, noShows: 1 },
      { counterId: 'shimin', booked: 1, walkIns: 2, waitMedian: 10, waitP90: 30, serviceMedian: 15, bookedEnded: 2, noShows: 1 },
    ]);
  });

  it('ignores a span that runs backwards (a clock set by hand) instead of counting a negative wait', () => {
    const [f] = counterFigures([ticket({ calledAt: '2026-12-07T00:20:00.000Z' })], []);
    expect(f?.waitMedian).toBeNull();
  });
});

describe('hourFigures and heatmap', () => {
  it('reads the hour of arrival on Tokyo’s clock, per counter, and by ISO weekday for the heatmap', () => {
    const tickets = [
      ticket({}),
      ticket({ checkedInAt: '2026-12-07T00:59:00.000Z', calledAt: '2026-12-07T01:19:00.000Z' }),
      ticket({ checkedInAt: '2026-12-07T05:10:00.000Z', calledAt: null }),
      ticket({ date: '2026-12-08', checkedInAt: '2026-12-08T00:10:00.000Z' }),
    ];
    expect(hourFigures(tickets)).toEqual([
      { counterId: 'shimin', hour: 9, arrivals: 3, waitMedian: 10 },
      { counterId: 'shimin', hour: 14, arrivals: 1, waitMedian: null },
    ]);
    const map = heatmap(tickets);
    expect(map.get(heatKey(1, 9))).toBe(2);
    expect(map.get(heatKey(1, 14))).toBe(1);
    expect(map.get(heatKey(2, 9))).toBe(1);
    expect(heatmapHours(map)).toEqual([9, 14]);
  });
});
