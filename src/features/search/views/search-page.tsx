/** Search page: the form, an error summary when the query is wrong, and the free cells found. */
import type { FieldError } from '../../../lib/errors.ts';
import type { Lang, Translate } from '../../../lib/i18n.ts';
import { weekdayLabel } from '../../../lib/time.ts';
import { ErrorSummary } from '../../../ui/components.tsx';
import { roomTypeLabels, type Ward } from '../../facility/facility.ts';
import { facilityName } from '../../facility/facility-labels.ts';
import type { SearchResult } from '../search.service.ts';
import { SearchForm, type SearchFormValues } from './search-form.tsx';

export function SearchPage(props: {
  t: Translate;
  lang: Lang;
  wards: Ward[];
  values: SearchFormValues;
  errors: FieldError[];
  result: SearchResult | undefined;
}) {
  const { t, lang, result } = props;
  const wardName = new Map(props.wards.map((w) => [w.id, lang === 'en' ? w.nameEn : w.name]));
  return (
    <>
      <h1>{t('searchHeading')}</h1>
      <p>{t('searchLead')}</p>
      <ErrorSummary title={t('errorSummaryTitle')} errors={props.errors} />
      <SearchForm t={t} lang={lang} wards={props.wards} values={props.values} errors={props.errors} />
      {result ? (
        <section aria-labelledby="results-heading">
          <h2 id="results-heading">{t('searchResults')}</h2>
          <p role="status">
            {result.total === 0 ? t('searchNoResults') : t('searchResultCount', { count: result.total })}
            {result.truncated ? ` ${t('searchResultTruncated', { count: result.hits.length })}` : ''}
          </p>
          <ul class="results">
            {result.hits.map((hit) => (
              <li>
                <strong>
                  {hit.date.replaceAll('-', '/')}（{weekdayLabel(hit.date, lang)}） {lang === 'en' ? hit.labelEn : hit.label} {hit.start}–
                  {hit.end}
                </strong>
                <br />
                <a href={`/facilities/${hit.facility.id}/availability?month=${hit.date.slice(0, 7)}#room-${hit.room.id}`}>
                  {facilityName(hit.facility, lang)} {lang === 'en' && hit.room.nameEn ? hit.room.nameEn : hit.room.name}
                </a>
                <p class="meta">
                  {wardName.get(hit.facility.wardId)} · {roomTypeLabels[hit.room.roomType][lang]} · {t('capacity')}{' '}
                  {t('capacityPeople', { count: hit.room.capacity })}
                </p>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </>
  );
}
