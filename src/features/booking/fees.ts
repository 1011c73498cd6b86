/**
 * 使用料 (fees). The base fee is set per room and band; multipliers for commercial use (営利目的),
 * events charging admission (入場料徴収) and users from outside the city (市外) stack by multiplication;
 * a reduction (減免) by category then applies.
 *
 * Rounding rule, as in many municipal fee ordinances: all arithmetic is in integers. The multiplied fee
 * is rounded down to a multiple of 10 yen (10円未満切り捨て); the reduction is taken off that amount and
 * the fee payable is again rounded down to 10 yen. A 100% reduction always gives 0.
 */
import type { Lang } from '../../lib/i18n.ts';

export const MULTIPLIERS = {
  commercial: { percent: 200, label: { ja: '営利目的の利用', en: 'Commercial use' } },
  admission: { percent: 150, label: { ja: '入場料を徴収する催し', en: 'Event charging admission' } },
  nonResident: { percent: 150, label: { ja: '市外の方の利用', en: 'User from outside the city' } },
} as const;
export type MultiplierKind = keyof typeof MULTIPLIERS;

/** The city's rates, in percent. Defaults here; admins change them on the configuration page (settings). */
export interface FeeRates {
  commercial: number;
  admission: number;
  nonResident: number;
  /** 減免 for 地域活動 of a 地域団体 (自治会など). */
  communityReduction: number;
  /** 減免 for 地域活動 of an NPO. */
  npoReduction: number;
}
export const DEFAULT_RATES: FeeRates = { commercial: 200, admission: 150, nonResident: 150, communityReduction: 100, npoReduction: 50 };

export interface Reduction {
  percent: number;
  reason: { ja: string; en: string };
}

export interface FeeInput {
  /** Base fee of each booked band, in yen. */
  bandFees: readonly { band: string; amount: number }[];
  multipliers: readonly MultiplierKind[];
  reduction?: Reduction | undefined;
  rates?: FeeRates;
}

export interface FeeBreakdown {
  base: number;
  multipliers: { kind: MultiplierKind; percent: number }[];
  /** After multipliers, rounded down to 10 yen. */
  gross: number;
  reductionPercent: number;
  reductionReason: { ja: string; en: string } | null;
  /** The fee payable, rounded down to 10 yen. */
  total: number;
}

const floorTo10 = (yen: bigint) => Number((yen / 10n) * 10n);

export function computeFee(input: FeeInput): FeeBreakdown {
  const base = input.bandFees.reduce((sum, b) => sum + b.amount, 0);
  if (!Number.isSafeInteger(base) || base < 0) throw new Error(`invalid base fee ${base}`);
  const kinds = [...new Set(input.multipliers)];
  // Exact: base × Π(percent) / 100^k, in bigint so no float rounding ever creeps in.
  let numerator = BigInt(base);
  let denominator = 1n;
  for (const kind of kinds) {
    numerator *= BigInt((input.rates ?? DEFAULT_RATES)[kind]);
    denominator *= 100n;
  }
  const gross = floorTo10(numerator / denominator);
  return withReduction(
    { base, multipliers: kinds.map((kind) => ({ kind, percent: (input.rates ?? DEFAULT_RATES)[kind] })), gross },
    input.reduction,
  );
}

/**
 * The fee payable from a gross fee and a reduction (or none), replacing any reduction the breakdown had:
 * a lottery win keeps the gross of its entry and takes the reduction the group is entitled to at the draw.
 */
export function withReduction(fee: Pick<FeeBreakdown, 'base' | 'multipliers' | 'gross'>, reduction: Reduction | undefined): FeeBreakdown {
  const percent = reduction?.percent ?? 0;
  if (!Number.isInteger(percent) || percent < 0 || percent > 100) throw new Error(`invalid reduction ${percent}`);
  const total = floorTo10((BigInt(fee.gross) * BigInt(100 - percent)) / 100n);
  return {
    base: fee.base,
    multipliers: fee.multipliers,
    gross: fee.gross,
    reductionPercent: percent,
    reductionReason: percent > 0 && reduction ? reduction.reason : null,
    total,
  };
}

export function multiplierLabel(kind: MultiplierKind, lang: Lang): string {
  return MULTIPLIERS[kind].label[lang];
}

/**
 * 減免 by usage category and who books: community activity (地域活動) of a registered neighbourhood
 * association is free; of an NPO, half price. Everything else pays in full.
 */
export function reductionFor(category: string, groupType: string | null, rates: FeeRates = DEFAULT_RATES): Reduction | undefined {
  if (category !== 'community') return undefined;
  if (groupType === 'community' && rates.communityReduction > 0) {
    return {
      percent: rates.communityReduction,
      reason: {
        ja: `地域団体による地域活動（${rates.communityReduction}%減免）`,
        en: `Community activity of a neighbourhood association (${rates.communityReduction}% off)`,
      },
    };
  }
  if (groupType === 'npo' && rates.npoReduction > 0) {
    return {
      percent: rates.npoReduction,
      reason: { ja: `NPOによる地域活動（${rates.npoReduction}%減免）`, en: `Community activity of an NPO (${rates.npoReduction}% off)` },
    };
  }
  return undefined;
}
