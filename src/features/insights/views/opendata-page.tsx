/** The open data page: what each file holds, its columns, and links in both encodings. */
import { monthTitle } from '../../../lib/format.ts';
import type { Lang, Translate } from '../../../lib/i18n.ts';
import { FACILITY_LIST_COLUMNS, UTILISATION_COLUMNS } from '../opendata.ts';

export function OpenDataPage(props: { t: Translate; lang: Lang; months: string[] }) {
  const { t, lang } = props;
  return (
    <>
      <h1>{t('openDataTitle')}</h1>
      <p>{t('openDataLead')}</p>
      <h2 id="facilities">{t('openDataFacilities')}</h2>
      <p>{t('openDataFacilitiesText')}</p>
      <ul>
        <li>
          <a href="/opendata/facilities.csv">{t('openDataUtf8')}</a>
        </li>
        <li>
          <a href="/opendata/facilities.csv?encoding=sjis">{t('openDataSjis')}</a>
        </li>
      </ul>
      <p>
        {t('openDataColumns')}: {FACILITY_LIST_COLUMNS.join('、')}
      </p>
      <h2 id="utilisation">{t('openDataUtilisation')}</h2>
      <p>{t('openDataUtilisationText')}</p>
      <p>
        {t('openDataColumns')}: {UTILISATION_COLUMNS.join('、')}
      </p>
      <section class="scroll" aria-label={t('openDataUtilisation')} tabindex={0}>
        <table class="table">
          <caption class="visually-hidden">{t('openDataUtilisation')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('openDataMonth')}</th>
              <th scope="col">UTF-8</th>
              <th scope="col">Shift_JIS</th>
            </tr>
          </thead>
          <tbody>
            {props.months.map((m) => (
              <tr>
                <th scope="row">{monthTitle(m, t, lang)}</th>
                <td>
                  <a href={`/opendata/utilisation/${m}.csv`}>
                    {m}.csv<span class="visually-hidden"> (UTF-8)</span>
                  </a>
                </td>
                <td>
                  <a href={`/opendata/utilisation/${m}.csv?encoding=sjis`}>
                    {m}.csv<span class="visually-hidden"> (Shift_JIS)</span>
                  </a>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </>
  );
}
