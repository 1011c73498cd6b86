/**
 * The fee of a lottery win is fixed when the win becomes a reservation, at the draw — not when the entry
 * was made, weeks before. What can change in between is the group: staff verify it, it changes its type
 * (its verification was of the old type), or it is refused. So the draw keeps the entry's gross fee
 * (base and multipliers, as quoted) and takes the reduction (減免) the group is entitled to at that
 * moment (account.ts reductionTypeOf), at the city's current rates. A person's entry has no reduction.
 */
import type { Trx } from '../../db/database.ts';
import { reductionTypeOf } from '../account/account.ts';
import { feeRates } from '../booking/booking.service.ts';
import { type FeeBreakdown, reductionFor, withReduction } from '../booking/fees.ts';
import { listGroupVerifications } from './lottery.draw.repository.ts';

export interface WinToPrice {
  groupId: string | null;
  category: string;
  fee: number;
  feeDetail: string | null;
}

/**
 * The fee and its breakdown of each win, in order, read inside the draw's transaction so that the
 * verification it prices with is the one committed with the reservations.
 */
export async function priceWinsAtDraw(trx: Trx, wins: readonly WinToPrice[]): Promise<{ fee: number; feeDetail: string | null }[]> {
  const groupIds = [...new Set(wins.flatMap((w) => (w.groupId ? [w.groupId] : [])))];
  const groups = new Map((await listGroupVerifications(trx, groupIds)).map((g) => [g.id, g]));
  const rates = await feeRates(trx);
  return wins.map((w) => {
    const stored = parseBreakdown(w.feeDetail);
    if (!stored) return { fee: w.fee, feeDetail: w.feeDetail }; // nothing to reprice from: keep what was quoted
    const group = w.groupId ? groups.get(w.groupId) : undefined;
    const fee = withReduction(stored, reductionFor(w.category, group ? reductionTypeOf(group) : null, rates));
    return { fee: fee.total, feeDetail: JSON.stringify(fee) };
  });
}

function parseBreakdown(json: string | null): FeeBreakdown | undefined {
  if (!json) return undefined;
  try {
    const fee = JSON.parse(json) as Partial<FeeBreakdown>;
    return Number.isSafeInteger(fee.gross) && Number.isSafeInteger(fee.base) && Array.isArray(fee.multipliers)
      ? (fee as FeeBreakdown)
      : undefined;
  } catch {
    return undefined;
  }
}
