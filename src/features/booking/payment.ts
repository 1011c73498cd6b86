/**
 * What a booker has to pay, in words, for every page, mail and printed document that shows it. A fee of
 * 0 is not an unpaid fee: a free room, or a 減免 of 100% (or one that rounds the fee down to 0), has
 * nothing to pay and nothing to ask for, so it reads 使用料なし (with the 減免 when that is why), never
 * 0円 未払い.
 */
import { yen } from '../../lib/format.ts';
import { type Lang, translator } from '../../lib/i18n.ts';
import type { FeeBreakdown } from './fees.ts';

export type PaymentState = 'paid' | 'unpaid' | 'none';

/** Paid (a receipt is recorded), unpaid (a fee is still to pay) or none (nothing to pay). */
export function paymentStateOf(r: { fee: number; paidAt: string | null }): PaymentState {
  if (r.paidAt) return 'paid';
  return r.fee > 0 ? 'unpaid' : 'none';
}

/** The 減免 that brought a fee to 0, if one did (not for a room that is free anyway). */
function zeroingReduction(detail: Pick<FeeBreakdown, 'gross' | 'reductionPercent'> | null | undefined): number {
  return detail && detail.gross > 0 && detail.reductionPercent > 0 ? detail.reductionPercent : 0;
}

/** The fee after a 使用料 label: "1,200円", or "なし（減免 100%）" / "なし". */
export function feeAmountText(lang: Lang, fee: number, detail?: Pick<FeeBreakdown, 'gross' | 'reductionPercent'> | null): string {
  if (fee > 0) return yen(fee, lang);
  const percent = zeroingReduction(detail);
  const t = translator(lang);
  return percent > 0 ? t('feeNoneReduced', { percent }) : t('feeNone');
}

/** The fee on its own, without a label: "1,200円", or "使用料なし（減免 100%）" / "使用料なし". */
export function feePhrase(lang: Lang, fee: number, detail?: Pick<FeeBreakdown, 'gross' | 'reductionPercent'> | null): string {
  if (fee > 0) return yen(fee, lang);
  const percent = zeroingReduction(detail);
  const t = translator(lang);
  return percent > 0 ? t('counterNoFeeReduced', { percent }) : t('counterNoFee');
}
