/** The fee calculation, line by line, so a resident can see why the amount is what it is. */
import { yen } from '../../../lib/format.ts';
import type { Lang, Translate } from '../../../lib/i18n.ts';
import { type FeeBreakdown, multiplierLabel } from '../fees.ts';
import { feeAmountText } from '../payment.ts';

export function FeeTable(props: { t: Translate; lang: Lang; fee: FeeBreakdown }) {
  const { t, lang, fee } = props;
  // A free room has no calculation to show; a fee reduced to 0 shows how, then says there is nothing to pay.
  const calculated = fee.gross > 0 || fee.base > 0;
  return (
    <table class="table fee-table">
      <caption class="visually-hidden">{t('feeTitle')}</caption>
      <tbody>
        {calculated ? (
          <tr>
            <th scope="row">{t('feeBase')}</th>
            <td>{yen(fee.base, lang)}</td>
          </tr>
        ) : null}
        {calculated
          ? fee.multipliers.map((m) => (
              <tr>
                <th scope="row">{multiplierLabel(m.kind, lang)}</th>
                <td>×{m.percent / 100}</td>
              </tr>
            ))
          : null}
        {fee.reductionReason ? (
          <tr>
            <th scope="row">
              {t('feeReduction')}: {fee.reductionReason[lang]}
            </th>
            <td>−{fee.reductionPercent}%</td>
          </tr>
        ) : null}
        <tr>
          <th scope="row">{fee.total > 0 ? t('feeTotal') : t('feeTitle')}</th>
          <td>
            <strong>{feeAmountText(lang, fee.total, fee)}</strong>
          </td>
        </tr>
      </tbody>
    </table>
  );
}
