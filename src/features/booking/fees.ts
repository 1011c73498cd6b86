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
  commercial: { percent: 200, label: { ja: '営利目的の利用（2倍）', en: 'Commercial use (×2)' } },
  admission: { percent: 150, label: { ja: '入場料を徴収する催し（1.5倍）', en: 'Event charging admission (×1.5)' } },
  nonResident: { percent: 150, label: { ja: '市外の方の利用（1.5倍）', en: 'User from outside the city (×1.5)' } },
} as const;
export type MultiplierKind = keyof typeof MULTIPLIERS;

export interface Reduction {
  percent: number;
  reason: { ja: string; en: string };
}

export interface FeeInput {
  /** Base fee of each booked band, in yen. */
  bandFees: readonly { band: string; amount: number }[];
  multipliers: readonly MultiplierKind[];
  reduction?: Reduction | undefined;
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
    numerator *= BigInt(MULTIPLIERS[kind].percent);
    denominator *= 100n;
  }
  const gross = floorTo10(numerator / denominator);
  const percent = input.reduction?.percent ?? 0;
  if (!Number.isInteger(percent) || percent < 0 || percent > 100) throw new Error(`invalid reduction ${percent}`);
  const total = floorTo10((BigInt(gross) * BigInt(100 - percent)) / 100n);
  return {
    base,
    multipliers: kinds.map((kind) => ({ kind, percent: MULTIPLIERS[kind].percent })),
    gross,
    reductionPercent: percent,
    reductionReason: percent > 0 && input.reduction ? input.reduction.reason : null,
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
export function reductionFor(category: string, groupType: string | null): Reduction | undefined {
  if (category !== 'community') return undefined;
  if (groupType === 'community')
    return {
      percent: 100,
      reason: { ja: '地域団体による地域活動（全額免除）', en: 'Community activity of a neighbourhood association (free)' },
    };
  if (groupType === 'npo')
    return { percent: 50, reason: { ja: 'NPOによる地域活動（5割減額）', en: 'Community activity of an NPO (50% off)' } };
  return undefined;
}
