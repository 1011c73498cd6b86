/** Home: what the service does, the quick search, and the wards to browse. */
import type { Translate } from '../../../lib/i18n.ts';
import type { WardSummary } from '../facility.service.ts';

export function HomePage(props: { t: Translate; lang: 'ja' | 'en'; wards: WardSummary[]; searchForm: unknown }) {
  const { t, wards } = props;
  return (
    <>
      <h1>{t('siteTagline')}</h1>
      <p class="lead">{t('homeLead')}</p>
      <section aria-labelledby="quick-search">
        <h2 id="quick-search">{t('searchHeading')}</h2>
        {props.searchForm}
      </section>
      <section aria-labelledby="wards">
        <h2 id="wards">{t('wardsHeading')}</h2>
        <ul class="card-list">
          {wards.map((w) => (
            <li class="card">
              <a href={`/wards/${w.id}`}>{props.lang === 'en' ? w.nameEn : w.name}</a>
              <p class="meta">{t('facilitiesCount', { count: w.facilityCount })}</p>
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}
