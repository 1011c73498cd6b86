import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeFee, type MultiplierKind, reductionFor } from './fees.ts';

const bands = (...amounts: number[]) => amounts.map((amount, i) => ({ band: `b${i}`, amount }));

describe('computeFee', () => {
  it('adds the base fees of the booked bands', () => {
    expect(computeFee({ bandFees: bands(600, 800), multipliers: [] })).toMatchObject({ base: 1400, gross: 1400, total: 1400 });
  });

  it('stacks multipliers by multiplication and rounds down to 10 yen', () => {
    // 700 × 1.5 × 1.5 = 1575 → 1570
    expect(computeFee({ bandFees: bands(700), multipliers: ['admission', 'nonResident'] })).toMatchObject({ gross: 1570, total: 1570 });
    // 333 × 2 × 1.5 × 1.5 = 1498.5 → 1490
    expect(computeFee({ bandFees: bands(333), multipliers: ['commercial', 'admission', 'nonResident'] })).toMatchObject({ gross: 1490 });
  });

  it('counts a multiplier once even if listed twice', () => {
    expect(computeFee({ bandFees: bands(1000), multipliers: ['commercial', 'commercial'] }).total).toBe(2000);
  });

  it('applies the reduction to the rounded amount and rounds down again', () => {
    // 1570 × 70% = 1099 → 1090
    const fee = computeFee({
      bandFees: bands(700),
      multipliers: ['admission', 'nonResident'],
      reduction: { percent: 30, reason: { ja: 'x', en: 'x' } },
    });
    expect(fee).toMatchObject({ gross: 1570, reductionPercent: 30, total: 1090 });
  });

  it('makes a 100% reduction free, whatever the multipliers', () => {
    const reduction = reductionFor('community', 'community');
    expect(reduction?.percent).toBe(100);
    expect(computeFee({ bandFees: bands(1500, 2000), multipliers: ['nonResident'], reduction }).total).toBe(0);
  });

  it('reduces only community activity, by who books it', () => {
    expect(reductionFor('community', 'npo')?.percent).toBe(50);
    expect(reductionFor('community', 'circle')).toBeUndefined();
    expect(reductionFor('community', null)).toBeUndefined();
    expect(reductionFor('general', 'community')).toBeUndefined();
  });

  it('always gives whole multiples of 10 yen, never more than the multiplied fee, never negative (property)', () => {
    const kinds: MultiplierKind[] = ['commercial', 'admission', 'nonResident'];
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 100_000 }), { minLength: 1, maxLength: 3 }),
        fc.subarray(kinds),
        fc.constantFrom(0, 30, 50, 100),
        (amounts, multipliers, percent) => {
          const fee = computeFee({ bandFees: bands(...amounts), multipliers, reduction: { percent, reason: { ja: '', en: '' } } });
          const exact = multipliers.reduce((v, k) => (v * (k === 'commercial' ? 200 : 150)) / 100, fee.base);
          expect(fee.total % 10).toBe(0);
          expect(fee.gross % 10).toBe(0);
          expect(fee.gross).toBeLessThanOrEqual(exact + 1e-9);
          expect(exact - fee.gross).toBeLessThan(10 + 1e-9);
          expect(fee.total).toBeLessThanOrEqual(fee.gross);
          expect(fee.total).toBeGreaterThanOrEqual(0);
          if (percent === 100) expect(fee.total).toBe(0);
        },
      ),
    );
  });
});
