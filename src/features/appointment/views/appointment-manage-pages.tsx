/**
 * The page of one appointment, reached by 予約番号 and the secret of the confirmation mail's link: the
 * number in large type with its QR code (what the kiosk reads), each procedure's time, counter, place
 * and 持ち物; the printable slip (its own page, so "print" needs no script: the print style shows only
 * the slip); check-in from the resident's phone shortly before the time; the link to change it; and
 * cancelling behind a confirmation step. The QR is decoration for a screen reader: the number beside
 * it is what it reads.
 */
import { raw } from 'hono/html';
import type { FieldError } from '../../../lib/errors.ts';
import { dateLabel } from '../../../lib/format.ts';
import type { Lang, Translate } from '../../../lib/i18n.ts';
import { CsrfField, ErrorSummary, Notice } from '../../../ui/components.tsx';
import type { AppointmentStatus } from '../appointment.ts';

export interface ManagedItem {
  starts: string;
  ends: string;
  service: string;
  counter: string;
  place: string;
  documents: string[];
}

export interface ManagedAppointment {
  number: string;
  /** 1234-5678 */
  printed: string;
  /** The secret of the link, for the links and forms of this page. */
  secret: string;
  status: AppointmentStatus;
  officeName: string;
  name: string;
  date: string;
  phoneOnly: boolean;
  items: ManagedItem[];
  qrSvg: string;
}

const withSecret = (a: ManagedAppointment, path = '') => `/appointments/${a.number}${path}?secret=${encodeURIComponent(a.secret)}`;

function Slip(props: { t: Translate; lang: Lang; a: ManagedAppointment }) {
  const { t, a } = props;
  return (
    <section class="appointment-slip" aria-labelledby="slip-number">
      <p class="appointment-slip__office">{a.officeName}</p>
      <h2 id="slip-number" class="appointment-slip__label">
        {t('apptNumber')}
      </h2>
      <p class="appointment-number">{a.printed}</p>
      <div class="appointment-qr">{raw(a.qrSvg)}</div>
      <p>{t('apptQrHint')}</p>
      <dl class="appointment-facts">
        <dt>{t('apptName')}</dt>
        <dd>{a.name}</dd>
        <dt>{t('apptDate')}</dt>
        <dd>{dateLabel(a.date, props.lang)}</dd>
        <dt>{t('apptStatus')}</dt>
        <dd>{t(`apptStatus_${a.status}`)}</dd>
      </dl>
      {a.phoneOnly ? <p>{t('apptPhoneOnlyNote')}</p> : null}
      <ol class="appointment-items">
        {a.items.map((i) => (
          <li>
            <p>
              <strong>
                {i.starts}〜{i.ends}　{i.service}
              </strong>
            </p>
            <p>
              {t('apptCounter')}：{i.counter}　{t('apptPlace')}：{i.place}
            </p>
            {i.documents.length > 0 ? (
              <>
                <p>{t('apptDocuments')}：</p>
                <ul>
                  {i.documents.map((d) => (
                    <li>{d}</li>
                  ))}
                </ul>
              </>
            ) : null}
          </li>
        ))}
      </ol>
    </section>
  );
}

export function ManagePage(props: {
  t: Translate;
  lang: Lang;
  csrf: string | undefined;
  a: ManagedAppointment;
  notice: string | undefined;
  errors: FieldError[];
  /** Within the self check-in window: the button is shown. */
  canCheckIn: boolean;
  ticket: { number: number; counter: string; place: string; ahead: number } | undefined;
}) {
  const { t, a } = props;
  return (
    <div class="appointment">
      <h1 class="no-print">{t('apptManageTitle')}</h1>
      {props.notice ? <Notice>{props.notice}</Notice> : null}
      <ErrorSummary title={t('errorSummaryTitle')} errors={props.errors} />
      {props.ticket ? (
        <section class="card" aria-labelledby="ticket">
          <h2 id="ticket">{t('kioskYourNumber')}</h2>
          <p class="kiosk-number">{props.ticket.number}</p>
          <p>{t('kioskGoTo', { counter: props.ticket.counter, place: props.ticket.place || '—' })}</p>
          <p>{t('kioskAhead', { n: props.ticket.ahead })}</p>
        </section>
      ) : null}
      {props.canCheckIn ? (
        <section class="card no-print" aria-labelledby="check-in">
          <h2 id="check-in">{t('apptCheckInHeading')}</h2>
          <p>{t('apptCheckInLead')}</p>
          <form method="post" action={`/appointments/${a.number}/check-in`}>
            <CsrfField token={props.csrf} />
            <input type="hidden" name="secret" value={a.secret} />
            <button type="submit" class="button button--large">
              {t('apptCheckInButton')}
            </button>
          </form>
        </section>
      ) : null}
      <Slip t={t} lang={props.lang} a={a} />
      {a.status === 'booked' ? (
        <div class="no-print">
          {props.canCheckIn ? null : <p>{t('apptCheckInLater')}</p>}
          <ul class="appointment-actions">
            <li>
              <a class="button button--secondary" href={withSecret(a, '/slip')}>
                {t('apptPrintSlip')}
              </a>
            </li>
            <li>
              <a class="button button--secondary" href={withSecret(a, '/change')}>
                {t('apptChange')}
              </a>
            </li>
            <li>
              <a class="button button--secondary" href={withSecret(a, '/cancel')}>
                {t('apptCancelLink')}
              </a>
            </li>
          </ul>
        </div>
      ) : null}
    </div>
  );
}

export function SlipPage(props: { t: Translate; lang: Lang; a: ManagedAppointment }) {
  const { t, a } = props;
  return (
    <div class="appointment">
      <h1 class="no-print">{t('apptSlipTitle')}</h1>
      <p class="no-print">{t('apptSlipPrintHint')}</p>
      <Slip t={t} lang={props.lang} a={a} />
      <p class="no-print">
        <a href={withSecret(a)}>{t('apptBackToManage')}</a>
      </p>
    </div>
  );
}

export function CancelPage(props: { t: Translate; lang: Lang; csrf: string | undefined; a: ManagedAppointment }) {
  const { t, a } = props;
  return (
    <div class="appointment">
      <h1>{t('apptCancelTitle')}</h1>
      <p class="appointment-number">{a.printed}</p>
      <p>
        {a.officeName}　{dateLabel(a.date, props.lang)}
      </p>
      <ul>
        {a.items.map((i) => (
          <li>
            {i.starts}〜{i.ends}　{i.service}
          </li>
        ))}
      </ul>
      <p>{t('apptCancelConfirm')}</p>
      <form method="post" action={`/appointments/${a.number}/cancel`}>
        <CsrfField token={props.csrf} />
        <input type="hidden" name="secret" value={a.secret} />
        <button type="submit" class="button button--large">
          {t('apptCancelButton')}
        </button>
      </form>
      <p>
        <a href={withSecret(a)}>{t('apptKeep')}</a>
      </p>
    </div>
  );
}
