/** "My reservations" (upcoming and past) and one reservation with its .ics and cancellation. */
import { dateLabel } from '../../../lib/format.ts';
import type { Lang, Translate } from '../../../lib/i18n.ts';
import { CsrfField, Notice } from '../../../ui/components.tsx';
import { facilityName } from '../../facility/facility-labels.ts';
import type { ReservationView } from '../booking.ts';
import { categoryLabels, LIVE_STATUSES, statusLabels } from '../booking.ts';
import { FeeTable } from './fee-table.tsx';

const bandsText = (v: ReservationView, lang: Lang) =>
  v.bands.map((b) => `${lang === 'en' ? b.labelEn : b.label} ${b.start}–${b.end}`).join(' / ');

function ReservationTable(props: { t: Translate; lang: Lang; views: ReservationView[]; caption: string }) {
  const { t, lang } = props;
  return (
    <div class="scroll">
      <table class="table">
        <caption class="visually-hidden">{props.caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t('date')}</th>
            <th scope="col">{t('facilityName')}</th>
            <th scope="col">{t('band')}</th>
            <th scope="col">{t('reservationNumber')}</th>
            <th scope="col">{t('reservationStatus')}</th>
          </tr>
        </thead>
        <tbody>
          {props.views.map((v) => (
            <tr>
              <th scope="row">
                <a href={`/my/reservations/${v.reservation.id}`}>{dateLabel(v.reservation.date, lang)}</a>
              </th>
              <td>
                {facilityName(v.facility, lang)} {lang === 'en' && v.room.nameEn ? v.room.nameEn : v.room.name}
              </td>
              <td>{bandsText(v, lang)}</td>
              <td>{v.reservation.number}</td>
              <td>{statusLabels[v.reservation.status][lang]}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function MyReservationsPage(props: { t: Translate; lang: Lang; today: string; views: ReservationView[] }) {
  const { t, lang, today } = props;
  const upcoming = props.views.filter((v) => v.reservation.date >= today && LIVE_STATUSES.includes(v.reservation.status)).reverse();
  const past = props.views.filter((v) => !upcoming.includes(v));
  return (
    <>
      <h1>{t('myReservationsTitle')}</h1>
      <p>
        <a class="button" href="/search">
          {t('navSearch')}
        </a>
      </p>
      <h2>{t('upcoming')}</h2>
      {upcoming.length === 0 ? <p>{t('noUpcoming')}</p> : <ReservationTable t={t} lang={lang} views={upcoming} caption={t('upcoming')} />}
      <h2>{t('pastAndCancelled')}</h2>
      {past.length === 0 ? <p>{t('none')}</p> : <ReservationTable t={t} lang={lang} views={past} caption={t('pastAndCancelled')} />}
    </>
  );
}

export function ReservationPage(props: {
  t: Translate;
  lang: Lang;
  view: ReservationView;
  csrf: string | undefined;
  notice?: string | undefined;
}) {
  const { t, lang, view } = props;
  const r = view.reservation;
  const live = LIVE_STATUSES.includes(r.status);
  return (
    <>
      <h1>
        {t('reservationTitle')} {r.number}
      </h1>
      {props.notice ? <Notice>{props.notice}</Notice> : null}
      <dl class="summary-list">
        <dt>{t('reservationNumber')}</dt>
        <dd>
          <strong>{r.number}</strong>
        </dd>
        <dt>{t('reservationStatus')}</dt>
        <dd>{statusLabels[r.status][lang]}</dd>
        <dt>{t('facilityName')}</dt>
        <dd>
          <a href={`/facilities/${view.facility.id}`}>{facilityName(view.facility, lang)}</a>{' '}
          {lang === 'en' && view.room.nameEn ? view.room.nameEn : view.room.name}
        </dd>
        <dt>{t('date')}</dt>
        <dd>{dateLabel(r.date, lang)}</dd>
        <dt>{t('band')}</dt>
        <dd>{bandsText(view, lang)}</dd>
        <dt>{t('fieldPurpose')}</dt>
        <dd>{r.purpose}</dd>
        <dt>{t('fieldAttendees')}</dt>
        <dd>{t('capacityPeople', { count: r.attendees })}</dd>
        <dt>{t('fieldCategory')}</dt>
        <dd>{categoryLabels[r.category][lang]}</dd>
        <dt>{t('phone')}</dt>
        <dd>{view.facility.phone}</dd>
      </dl>
      {r.feeDetail ? (
        <>
          <h2>{t('feeTitle')}</h2>
          <FeeTable t={t} lang={lang} fee={r.feeDetail} />
        </>
      ) : null}
      {live ? (
        <p>
          <a href={`/my/reservations/${r.id}/ics`} download={`${r.number}.ics`}>
            {t('downloadIcs')}
          </a>
        </p>
      ) : null}
      {live ? (
        <>
          <h2>{t('cancelTitle')}</h2>
          {!view.mayCancel ? (
            <p>{t('groupCancelWho')}</p>
          ) : view.cancellable ? (
            <form method="post" action={`/my/reservations/${r.id}/cancel`}>
              <CsrfField token={props.csrf} />
              <p>{t('cancelLead', { date: dateLabel(view.cancelUntil, lang) })}</p>
              <button type="submit" class="button button--danger">
                {t('cancelSubmit')}
              </button>
            </form>
          ) : (
            <Notice tone="warn">
              {t('errCancelDeadline', {
                date: dateLabel(view.cancelUntil, lang),
                facility: view.facility.name,
                phone: view.facility.phone,
              })}
            </Notice>
          )}
        </>
      ) : null}
      <p>
        <a href="/my/reservations">{t('myReservationsTitle')}</a>
      </p>
    </>
  );
}
