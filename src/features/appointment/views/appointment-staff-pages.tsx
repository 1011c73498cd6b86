/**
 * The office staff's look-up of counter appointments (by 予約番号, or by phone or name on a day) and one
 * appointment with its caller's contact and the cancel form, for a caller on the phone or at the desk.
 * Plain forms: keyboard, no JavaScript, 200% zoom.
 */
import type { FieldError } from '../../../lib/errors.ts';
import { dateLabel } from '../../../lib/format.ts';
import type { Lang, MessageKey, Translate } from '../../../lib/i18n.ts';
import { CsrfField, ErrorSummary, Notice, TextInput } from '../../../ui/components.tsx';
import type { AppointmentView } from '../appointment.service.ts';
import { formatAppointmentNumber } from '../appointment.ts';
import { AppointmentLines } from './appointment-change-page.tsx';

const STATUS_KEYS: Record<string, MessageKey> = {
  booked: 'statusBooked',
  cancelled: 'statusCancelled',
  checked_in: 'statusCheckedIn',
  done: 'statusDone',
  no_show: 'statusNoShow',
};
const CHANNEL_KEYS: Record<string, MessageKey> = {
  web: 'channelWeb',
  api: 'channelApi',
  phone: 'channelPhone',
  counter: 'channelCounter',
};

const statusText = (t: Translate, status: string) => t(STATUS_KEYS[status] ?? 'statusBooked');

export function StaffAppointmentsPage(props: {
  t: Translate;
  lang: Lang;
  officeId: string;
  officeName: string;
  date: string;
  q: string;
  errors: FieldError[];
  found: AppointmentView[];
}) {
  const { t, lang } = props;
  const en = lang === 'en';
  return (
    <>
      <h1>{t('staffAppointmentsTitle', { office: props.officeName })}</h1>
      <ErrorSummary title={t('errorSummaryTitle')} errors={props.errors} />
      <form method="get" action={`/staff/offices/${props.officeId}/appointments`} novalidate>
        <TextInput
          name="date"
          type="date"
          label={t('staffAppointmentsDate')}
          value={props.date}
          errorMessage={props.errors.find((e) => e.field === 'date')?.message}
        />
        <TextInput name="q" label={t('staffAppointmentsQuery')} hint={t('staffAppointmentsQueryHint')} value={props.q} width="l" />
        <button type="submit" class="button">
          {t('staffAppointmentsSearch')}
        </button>
      </form>
      <h2>{t('staffAppointmentsCount', { count: props.found.length })}</h2>
      {props.found.length === 0 ? (
        <p>{t('staffAppointmentsNone')}</p>
      ) : (
        <ul class="results">
          {props.found.map((v) => {
            const a = v.appointment;
            return (
              <li>
                <a href={`/staff/offices/${props.officeId}/appointments/${a.number}`}>
                  <strong>{formatAppointmentNumber(a.number)}</strong>
                </a>{' '}
                · {dateLabel(a.date, lang)} {a.starts} · {a.name}（{a.nameKana}）{a.phone ? ` · ${a.phone}` : ''} ·{' '}
                {statusText(t, a.status)}
                <br />
                <span class="meta">{v.items.map((i) => (en ? i.serviceNameEn : i.serviceName)).join('、')}</span>
              </li>
            );
          })}
        </ul>
      )}
    </>
  );
}

export function StaffAppointmentPage(props: {
  t: Translate;
  lang: Lang;
  officeId: string;
  view: AppointmentView;
  csrf: string | undefined;
  notice?: string | undefined;
  errors: FieldError[];
  reason: string;
}) {
  const { t, lang, view } = props;
  const a = view.appointment;
  const contact = [a.phone, a.email].filter((x): x is string => Boolean(x)).join(' · ');
  return (
    <>
      <h1>{t('staffAppointmentTitle', { number: formatAppointmentNumber(a.number) })}</h1>
      {props.notice ? <Notice>{props.notice}</Notice> : null}
      <ErrorSummary title={t('errorSummaryTitle')} errors={props.errors} />
      <dl class="summary-list">
        <dt>{t('staffAppointmentStatus')}</dt>
        <dd>{statusText(t, a.status)}</dd>
        <dt>{t('fieldName')}</dt>
        <dd>
          {a.name}（{a.nameKana}）
        </dd>
        <dt>{t('staffAppointmentContact')}</dt>
        <dd>{contact || t('staffAppointmentNoContact')}</dd>
        <dt>{t('staffAppointmentChannel')}</dt>
        <dd>{t(CHANNEL_KEYS[a.channel] ?? 'channelWeb')}</dd>
      </dl>
      <AppointmentLines t={t} lang={lang} view={view} />
      {a.status === 'booked' ? (
        <section aria-labelledby="cancel-title">
          <h2 id="cancel-title">{t('staffAppointmentCancelHeading')}</h2>
          <form method="post" action={`/staff/offices/${props.officeId}/appointments/${a.number}/cancel`} novalidate>
            <CsrfField token={props.csrf} />
            <TextInput
              name="reason"
              label={t('staffAppointmentReason')}
              hint={t('staffAppointmentReasonHint')}
              value={props.reason}
              errorMessage={props.errors.find((e) => e.field === 'reason')?.message}
              width="l"
            />
            <button type="submit" class="button button--secondary">
              {t('staffAppointmentCancel')}
            </button>
          </form>
        </section>
      ) : null}
      <p>
        <a href={`/staff/offices/${props.officeId}/appointments?date=${a.date}`}>{t('staffAppointmentBack')}</a>
      </p>
    </>
  );
}
