/**
 * The database lease (one holder at a time across app processes), on both databases: of many processes
 * racing for a free lease exactly one gets it, the holder renews it, nobody else takes it before it
 * expires or its holder releases it, only the holder can release it, and a claim that is not renewed
 * ends for its holder as well.
 */
import { expect, it } from 'vitest';
import { describeEachDialect } from '../../../test/db.ts';
import { acquireLease, releaseLease } from './lease.ts';

const at = (iso: string) => new Date(iso);

describeEachDialect('a lease', (ctx) => {
  it('goes to exactly one of eight processes racing for it, each on its own connection', async () => {
    const others = Array.from({ length: 8 }, () => ctx().connectAgain());
    try {
      const won = await Promise.all(others.map((db, i) => acquireLease(db.kysely, 'race', `p${i}`, at('2026-12-04T00:00:00Z'), 60_000)));
      expect(won.filter(Boolean)).toHaveLength(1);
    } finally {
      await Promise.all(others.map((db) => db.close()));
    }
  });

  it('is renewed by its holder, refused to others until it expires or is released, and released only by its holder', async () => {
    const db = ctx().db.kysely;
    expect(await acquireLease(db, 'one', 'a', at('2026-12-04T00:00:00Z'), 60_000)).toBe(true);
    expect(await acquireLease(db, 'one', 'b', at('2026-12-04T00:00:30Z'), 60_000)).toBe(false);
    expect(await acquireLease(db, 'one', 'a', at('2026-12-04T00:00:50Z'), 60_000)).toBe(true); // renewed to 00:01:50
    expect(await acquireLease(db, 'one', 'b', at('2026-12-04T00:01:30Z'), 60_000)).toBe(false);
    expect(await acquireLease(db, 'one', 'b', at('2026-12-04T00:01:50Z'), 60_000)).toBe(true); // expired: b's now
    await releaseLease(db, 'one', 'a'); // not a's any more: nothing happens
    expect(await acquireLease(db, 'one', 'a', at('2026-12-04T00:02:00Z'), 60_000)).toBe(false);
    await releaseLease(db, 'one', 'b');
    expect(await acquireLease(db, 'one', 'a', at('2026-12-04T00:02:00Z'), 60_000)).toBe(true);
  });

  it('without renewal (a claim on a period) is taken only once expired, by its holder too', async () => {
    const db = ctx().db.kysely;
    const claim = (holder: string, iso: string) => acquireLease(db, 'period', holder, at(iso), 60_000, { renew: false });
    expect(await claim('a', '2026-12-04T00:00:00Z')).toBe(true);
    expect(await claim('a', '2026-12-04T00:00:59Z')).toBe(false);
    expect(await claim('b', '2026-12-04T00:00:59Z')).toBe(false);
    expect(await claim('a', '2026-12-04T00:01:00Z')).toBe(true);
  });

  it('keeps leases of different names apart', async () => {
    const db = ctx().db.kysely;
    expect(await acquireLease(db, 'x', 'a', at('2026-12-04T00:00:00Z'), 60_000)).toBe(true);
    expect(await acquireLease(db, 'y', 'b', at('2026-12-04T00:00:00Z'), 60_000)).toBe(true);
  });
});
