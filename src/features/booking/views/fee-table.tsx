/** The fee calculation, line by line, so a resident can see why the amount is what it is. */
import type { Lang, Translate } from '../../../lib/i18n.ts';
import { type FeeBreakdown, multiplierLabel } from '../fees.ts';

const yen = (n: number, lang: Lang) => (lang === 'ja' ? `${n.toLocaleString('ja-JP')}円` : `¥${n.toLocaleString('en-GB')}`);

export function FeeTable(props: { t: Translate; lang: Lang; fee: FeeBreakdown }) {
  const { t, lang, fee } = props;
  return (
    <table class="table fee-table">
      <caption class="visually-hidden">{t('feeTitle')}</caption>
      <tbody>
        <tr>
          <th scope="row">{t('feeBase')}</th>
          <td>{yen(fee.base, lang)}</td>
        </tr>
        {fee.multipliers.map((m) => (
          <tr>
            <th scope="row">{multiplierLabel(m.kind, lang)}</th>
            <td>×{m.percent / 100}</td>
          </tr>
        ))}
        {fee.reductionReason ? (
          <tr>
            <th scope="row">
              {t('feeReduction')}: {fee.reductionReason[lang]}
            </th>
            <td>−{fee.reductionPercent}%</td>
          </tr>
        ) : null}
        <tr>
          <th scope="row">{t('feeTotal')}</th>
          <td>
            <strong>{yen(fee.total, lang)}</strong>
          </td>
        </tr>
      </tbody>
    </table>
  );
}
