/** 多目的利用: registrations (approved, waiting) and 多目的 bookings per month. */
import type { Translate } from '../../../lib/i18n.ts';
import type { MultipurposeSummary } from '../multipurpose.query.ts';
import { CsvLinks } from './csv-links.tsx';

const count = (n: number | null, t: Translate) => (n === null ? t('insightsFewer') : n.toLocaleString('ja-JP'));

export function MultipurposeSection(props: { t: Translate; summary: MultipurposeSummary; csvQuery: string }) {
  const { t, summary } = props;
  return (
    <section aria-labelledby="multipurpose">
      <h2 id="multipurpose">{t('insightsMultipurpose')}</h2>
      <dl class="summary-list">
        <dt>{t('insightsMpApproved')}</dt>
        <dd>{count(summary.approved, t)}</dd>
        <dt>{t('insightsMpPending')}</dt>
        <dd>{count(summary.pending, t)}</dd>
      </dl>
      {summary.byMonth.length === 0 ? (
        <p>{t('insightsMpNone')}</p>
      ) : (
        <>
          <CsvLinks t={t} href={`/staff/insights/multipurpose.csv?${props.csvQuery}`} title={t('insightsMpUses')} />
          <section class="scroll" aria-label={t('insightsMpUses')} tabindex={0}>
            <table class="table">
              <caption>{t('insightsMpUses')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('openDataMonth')}</th>
                  <th scope="col">{t('insightsBookings')}</th>
                </tr>
              </thead>
              <tbody>
                {summary.byMonth.map((m) => (
                  <tr>
                    <th scope="row">{m.month}</th>
                    <td class="num">{count(m.bookings, t)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        </>
      )}
    </section>
  );
}
