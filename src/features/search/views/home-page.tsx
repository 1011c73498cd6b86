/** Home: what the service does, the quick search, the counter appointments, and the wards to browse. */
import type { Lang, Translate } from '../../../lib/i18n.ts';
import type { WardSummary } from '../../facility/facility.service.ts';
import { SearchForm } from './search-form.tsx';

export function HomePage(props: { t: Translate; lang: Lang; wards: WardSummary[] }) {
  const { t, lang, wards } = props;
  return (
    <>
      <h1>{t('siteTagline')}</h1>
      <p class="lead">{t('homeLead')}</p>
      <section aria-labelledby="quick-search">
        <h2 id="quick-search">{t('searchHeading')}</h2>
        <SearchForm t={t} lang={lang} wards={wards} values={{}} />
      </section>
      <section aria-labelledby="appointments">
        <h2 id="appointments">{t('homeAppointmentsHeading')}</h2>
        <p>{t('homeAppointmentsLead')}</p>
        <p>
          <a href="/appointments">{t('homeAppointmentsLink')}</a>
        </p>
      </section>
      <section aria-labelledby="wards">
        <h2 id="wards">{t('wardsHeading')}</h2>
        <ul class="card-list">
          {wards.map((w) => (
            <li class="card">
              <a href={`/wards/${w.id}`}>{lang === 'en' ? w.nameEn : w.name}</a>
              <p class="meta">{t('facilitiesCount', { count: w.facilityCount })}</p>
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}
