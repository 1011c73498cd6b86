/** One facility: contact, hours, closed days, access, accessibility, and its rooms. */
import type { Lang, Translate } from '../../../lib/i18n.ts';
import { Badge } from '../../../ui/components.tsx';
import type { FacilityDetail } from '../facility.service.ts';
import { equipmentLabels, roomTypeLabels } from '../facility.ts';
import { facilityName, formatClosedDays, formatHours, kindLabel } from '../facility-labels.ts';

export function FacilityPage(props: { t: Translate; lang: Lang; detail: FacilityDetail }) {
  const { t, lang } = props;
  const { facility, rooms, bandSchemes } = props.detail;
  const dash = lang === 'ja' ? '〜' : '–';
  return (
    <>
      <h1>
        {facilityName(facility, lang)}
        {facility.isDemo ? <Badge tone="warn">DEMO</Badge> : null}
      </h1>
      <p>
        <a class="button" href={`/facilities/${facility.id}/availability`}>
          {t('viewAvailability')}
        </a>
      </p>
      <dl class="details">
        <dt>{t('kind')}</dt>
        <dd>{kindLabel(facility, lang)}</dd>
        <dt>{t('address')}</dt>
        <dd>
          {facility.postcode ? `〒${facility.postcode} ` : ''}
          {facility.address}
        </dd>
        <dt>{t('phone')}</dt>
        <dd>
          <a href={`tel:${facility.phone.replace(/[^0-9+]/g, '')}`}>{facility.phone}</a>
        </dd>
        <dt>{t('openingHours')}</dt>
        <dd>{formatHours(facility.hours, lang)}</dd>
        <dt>{t('closedDays')}</dt>
        <dd>{formatClosedDays(facility, t, lang)}</dd>
        {facility.access ? (
          <>
            <dt>{t('access')}</dt>
            <dd>{facility.access}</dd>
          </>
        ) : null}
        {facility.accessibility ? (
          <>
            <dt>{t('accessibility')}</dt>
            <dd>{facility.accessibility}</dd>
          </>
        ) : null}
        {facility.url ? (
          <>
            <dt>{t('website')}</dt>
            <dd>
              <a href={facility.url}>{facility.url}</a>
            </dd>
          </>
        ) : null}
        {facility.notes ? (
          <>
            <dt>{t('notes')}</dt>
            <dd>{facility.notes}</dd>
          </>
        ) : null}
      </dl>

      <h2>{t('rooms')}</h2>
      <section class="scroll" aria-labelledby="rooms-caption" tabindex={0}>
        <table class="table">
          <caption id="rooms-caption" class="visually-hidden">
            {t('rooms')}
          </caption>
          <thead>
            <tr>
              <th scope="col">{t('roomName')}</th>
              <th scope="col">{t('roomType')}</th>
              <th scope="col">{t('capacity')}</th>
              <th scope="col">{t('area')}</th>
              <th scope="col">{t('equipment')}</th>
              <th scope="col">{t('band')}</th>
            </tr>
          </thead>
          <tbody>
            {rooms.map((room) => (
              <tr>
                <th scope="row">
                  {lang === 'en' && room.nameEn ? room.nameEn : room.name}
                  {room.accessibility ? <p class="meta">{room.accessibility}</p> : null}
                </th>
                <td>{roomTypeLabels[room.roomType][lang]}</td>
                <td>{t('capacityPeople', { count: room.capacity })}</td>
                <td>{room.areaM2 === null ? '—' : `${room.areaM2}㎡`}</td>
                <td>
                  {room.equipment.length === 0
                    ? t('none')
                    : room.equipment.map((e) => equipmentLabels[e][lang]).join(lang === 'ja' ? '、' : ', ')}
                </td>
                <td>
                  {(bandSchemes.get(room.bandSchemeId) ?? []).map((b) => (
                    <span class="band-label">
                      {lang === 'en' ? b.labelEn : b.label} {b.start}
                      {dash}
                      {b.end}
                      <br />
                    </span>
                  ))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </>
  );
}
