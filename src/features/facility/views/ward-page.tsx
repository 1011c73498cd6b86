/** A ward's facilities: lifelong-learning centre first, then citizen centres in 五十音順. */
import type { Lang, Translate } from '../../../lib/i18n.ts';
import type { Facility, Ward } from '../facility.ts';
import { facilityName, kindLabel } from '../facility-labels.ts';

export function WardPage(props: { t: Translate; lang: Lang; ward: Ward; facilities: Facility[] }) {
  const { t, lang, ward } = props;
  return (
    <>
      <h1>{t('wardHeading', { ward: lang === 'en' ? ward.nameEn : ward.name })}</h1>
      <p>{t('facilitiesCount', { count: props.facilities.length })}</p>
      <ul class="card-list">
        {props.facilities.map((f) => (
          <li class="card">
            <a href={`/facilities/${f.id}`}>{facilityName(f, lang)}</a>
            <p class="meta">
              {kindLabel(f, lang)} · {f.address}
            </p>
            <p class="meta">
              <a href={`/facilities/${f.id}/availability`}>{t('viewAvailability')}</a>
            </p>
          </li>
        ))}
      </ul>
    </>
  );
}
