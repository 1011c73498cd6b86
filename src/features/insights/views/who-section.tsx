/** 利用者の内訳: shares of bookings and attendees by age band, booker type, category and channel. */
import type { Lang, Translate } from '../../../lib/i18n.ts';
import type { WhoTable } from '../who.query.ts';
import { BarChart } from './bar-chart.tsx';

const share = (n: number | null, total: number) => (n === null || total === 0 ? null : n / total);
const pct = (x: number | null) => (x === null ? '—' : `${(x * 100).toFixed(1)}%`);

export function WhoSection(props: { t: Translate; lang: Lang; tables: WhoTable[]; csvQuery: string }) {
  const { t, lang } = props;
  return (
    <section aria-labelledby="who">
      <h2 id="who">{t('insightsWho')}</h2>
      <p>{t('insightsWhoLead')}</p>
      {props.tables.map((table) => {
        const title = t(`insightsWho_${table.dimension}`);
        return (
          <div class="chart-and-table">
            <figure>
              <BarChart
                id={`who-${table.dimension}`}
                title={t('insightsWhoChart', { what: title })}
                summary={table.rows.map((r) => `${r.label[lang]} ${pct(share(r.bookings, table.totalBookings))}`).join('、')}
                bars={table.rows.map((r) => ({ label: r.label[lang], value: share(r.bookings, table.totalBookings) }))}
              />
              <figcaption>
                {t('insightsWhoChart', { what: title })} ·{' '}
                <a href={`/staff/insights/who-${table.dimension}.csv?${props.csvQuery}`}>
                  CSV<span class="visually-hidden"> {title} (UTF-8)</span>
                </a>{' '}
                ·{' '}
                <a href={`/staff/insights/who-${table.dimension}.csv?${props.csvQuery}&encoding=sjis`}>
                  Shift_JIS<span class="visually-hidden"> {title}</span>
                </a>
              </figcaption>
            </figure>
            <section class="scroll" aria-label={title} tabindex={0}>
              <table class="table">
                <caption>{title}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('insightsGroup')}</th>
                    <th scope="col">{t('insightsBookings')}</th>
                    <th scope="col">{t('insightsShare')}</th>
                    <th scope="col">{t('insightsAttendees')}</th>
                    <th scope="col">{t('insightsShare')}</th>
                  </tr>
                </thead>
                <tbody>
                  {table.rows.map((r) => (
                    <tr>
                      <th scope="row">{r.label[lang]}</th>
                      {r.suppressed ? (
                        <td colspan={4}>{t('insightsSuppressed')}</td>
                      ) : (
                        <>
                          <td class="num">{(r.bookings ?? 0).toLocaleString('ja-JP')}</td>
                          <td class="num">{pct(share(r.bookings, table.totalBookings))}</td>
                          <td class="num">{(r.attendees ?? 0).toLocaleString('ja-JP')}</td>
                          <td class="num">{pct(share(r.attendees, table.totalAttendees))}</td>
                        </>
                      )}
                    </tr>
                  ))}
                </tbody>
              </table>
            </section>
          </div>
        );
      })}
    </section>
  );
}
