/** 校区 lookup: one address field, an error summary when it is empty, and the 校区 found with its bodies. */
import type { FieldError } from '../../../lib/errors.ts';
import type { Lang, Translate } from '../../../lib/i18n.ts';
import type { LookupResult } from '../../../platform/organisation/district-lookup.ts';
import { ErrorSummary, TextInput } from '../../../ui/components.tsx';

export function DistrictPage(props: {
  t: Translate;
  lang: Lang;
  address: string | undefined;
  errors: FieldError[];
  result: LookupResult | undefined;
}) {
  const { t, lang, result } = props;
  const error = props.errors.find((e) => e.field === 'address')?.message;
  return (
    <>
      <h1>{t('districtHeading')}</h1>
      <p>{t('districtLead')}</p>
      <ErrorSummary title={t('errorSummaryTitle')} errors={props.errors} />
      <form method="get" action="/districts" novalidate>
        <TextInput
          name="address"
          id="address"
          label={t('districtAddress')}
          hint={t('districtAddressHint')}
          errorMessage={error}
          value={props.address}
          width="l"
          autocomplete="street-address"
        />
        <button type="submit" class="button">
          {t('districtFind')}
        </button>
      </form>
      {result ? (
        <section aria-labelledby="district-results">
          <h2 id="district-results">{t('districtResults')}</h2>
          {result.matches.length === 0 ? (
            <p role="status">{t('districtNotFound')}</p>
          ) : (
            <>
              <p role="status">{result.matches.length > 1 ? t('districtSeveral', { count: result.matches.length }) : t('districtFound')}</p>
              <ul class="results">
                {result.matches.map((m) => (
                  <li>
                    <p>
                      <strong>{t('districtAnswer', { district: m.schoolDistrict.name })}</strong>
                      <br />
                      <span class="meta">
                        {lang === 'en' ? m.ward.nameEn : m.ward.name} {m.town ?? ''} {m.postcode ? `〒${m.postcode}` : ''}
                      </span>
                    </p>
                    <dl>
                      <dt>{t('districtCouncil')}</dt>
                      <dd>{m.council ? m.council.name : t('districtNoCouncil')}</dd>
                      <dt>{t('districtAssociations')}</dt>
                      <dd>
                        {m.associations.length === 0
                          ? t('districtNoAssociations')
                          : m.associations.map((a, i) => (
                              <>
                                {i > 0 ? '、' : ''}
                                <a href={`/associations/${a.id}`}>{a.name}</a>
                              </>
                            ))}
                      </dd>
                    </dl>
                  </li>
                ))}
              </ul>
            </>
          )}
          <p>{t('districtAskWard')}</p>
        </section>
      ) : null}
    </>
  );
}
