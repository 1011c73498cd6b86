/**
 * The kiosk at the entrance (a tablet signed in as the office's counter clerk, with a QR reader that
 * types the 予約番号 into the one field) and the clerk's console for one counter and desk. Plain forms:
 * both work without JavaScript, by keyboard, and in large type at 200% zoom.
 */
import type { FieldError } from '../../../lib/errors.ts';
import type { Lang, Translate } from '../../../lib/i18n.ts';
import { toTokyo } from '../../../lib/time.ts';
import { CsrfField, ErrorSummary, Select, TextInput } from '../../../ui/components.tsx';

export interface KioskService {
  id: string;
  name: string;
  nameEn: string;
}

export function KioskPage(props: {
  t: Translate;
  lang: Lang;
  officeId: string;
  officeName: string;
  csrf: string | undefined;
  services: KioskService[];
  number: string;
  errors: FieldError[];
}) {
  const { t, lang } = props;
  const err = props.errors.find((e) => e.field === 'number')?.message;
  return (
    <div class="kiosk">
      <h1>{t('kioskTitle', { office: props.officeName })}</h1>
      <p>{t('kioskLead')}</p>
      <ErrorSummary title={t('errorSummaryTitle')} errors={props.errors} />
      <form method="post" action={`/offices/${props.officeId}/kiosk/check-in`} novalidate>
        <CsrfField token={props.csrf} />
        <TextInput
          name="number"
          label={t('kioskNumber')}
          hint={t('kioskNumberHint')}
          value={props.number}
          errorMessage={err}
          inputmode="numeric"
          autocomplete="off"
          width="l"
        />
        <button type="submit" class="button button--large">
          {t('kioskCheckIn')}
        </button>
      </form>
      <h2>{t('kioskWalkInHeading')}</h2>
      {props.services.length === 0 ? (
        <p>{t('kioskNoWalkIns')}</p>
      ) : (
        <ul class="kiosk-walk-ins">
          {props.services.map((s) => (
            <li>
              <form method="post" action={`/offices/${props.officeId}/kiosk/walk-in`}>
                <CsrfField token={props.csrf} />
                <input type="hidden" name="serviceId" value={s.id} />
                <button type="submit" class="button button--secondary button--large">
                  {t('kioskWalkInButton', { service: lang === 'en' ? s.nameEn : s.name })}
                </button>
              </form>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

export function KioskTicketPage(props: { t: Translate; officeId: string; number: number; counter: string; place: string; ahead: number }) {
  const { t } = props;
  return (
    <div class="kiosk">
      <h1>{t('kioskYourNumber')}</h1>
      <p class="kiosk-number" aria-live="polite">
        {props.number}
      </p>
      <p>{t('kioskGoTo', { counter: props.counter, place: props.place || '—' })}</p>
      <p>{t('kioskAhead', { n: props.ahead })}</p>
      <p>
        <a href={`/offices/${props.officeId}/kiosk`} class="button button--large">
          {t('kioskAgain')}
        </a>
      </p>
    </div>
  );
}

export interface ConsoleTicket {
  id: string;
  number: number;
  kind: 'booked' | 'walk_in';
  queuedAt: string;
}

export function ConsolePage(props: {
  t: Translate;
  counterId: string;
  counterName: string;
  desks: number;
  desk: number;
  csrf: string | undefined;
  notice: string | undefined;
  errors: FieldError[];
  current: { id: string; number: number; status: 'called' | 'serving' } | undefined;
  waiting: ConsoleTicket[];
  otherCounters: { id: string; name: string }[];
}) {
  const { t, counterId, desk } = props;
  const action = (path: string) => `/staff/counters/${counterId}/console/${path}?desk=${desk}`;
  const deskOptions = Array.from({ length: props.desks }, (_, i) => ({ value: String(i + 1), label: String(i + 1) }));
  return (
    <>
      <h1>{t('consoleTitle', { counter: props.counterName })}</h1>
      <ErrorSummary title={t('errorSummaryTitle')} errors={props.errors} />
      {props.notice && (
        <p class="notice notice--success" role="status">
          {props.notice}
        </p>
      )}
      <form method="get" action={`/staff/counters/${counterId}/console`} class="filters">
        <Select name="desk" label={t('consoleDesk')} value={String(desk)} options={deskOptions} />
        <button type="submit" class="button button--secondary">
          {t('consoleChooseDesk')}
        </button>
      </form>
      <section aria-labelledby="current">
        <h2 id="current">{t('consoleCurrent')}</h2>
        {props.current ? (
          <>
            <p class="console-number">
              {props.current.number} <span class="badge">{t(`consoleStatus_${props.current.status}`)}</span>
            </p>
            <div class="button-row">
              {(
                [
                  ['recall', 'consoleRecall'],
                  ['serving', 'consoleServing'],
                  ['done', 'consoleDone'],
                  ['no-show', 'consoleNoShow'],
                ] as const
              ).map(([path, label]) => (
                <form method="post" action={action(`${props.current?.id}/${path}`)}>
                  <CsrfField token={props.csrf} />
                  <button type="submit" class={path === 'done' ? 'button' : 'button button--secondary'}>
                    {t(label)}
                  </button>
                </form>
              ))}
            </div>
            {props.otherCounters.length > 0 && (
              <form method="post" action={action(`${props.current.id}/transfer`)} class="filters">
                <CsrfField token={props.csrf} />
                <Select
                  name="counterId"
                  label={t('consoleTransferTo')}
                  value=""
                  options={props.otherCounters.map((c) => ({ value: c.id, label: c.name }))}
                />
                <button type="submit" class="button button--secondary">
                  {t('consoleTransfer')}
                </button>
              </form>
            )}
          </>
        ) : (
          <>
            <p>{t('consoleNone')}</p>
            <form method="post" action={action('call-next')}>
              <CsrfField token={props.csrf} />
              <button type="submit" class="button button--large">
                {t('consoleCallNext')}
              </button>
            </form>
          </>
        )}
      </section>
      <section class="scroll" aria-labelledby="waiting" tabindex={0}>
        <h2 id="waiting">{t('consoleWaiting', { n: props.waiting.length })}</h2>
        <table class="table">
          <thead>
            <tr>
              <th scope="col">{t('consoleNumber')}</th>
              <th scope="col">{t('consoleKind')}</th>
              <th scope="col">{t('consoleQueuedAt')}</th>
            </tr>
          </thead>
          <tbody>
            {props.waiting.map((w) => (
              <tr>
                <th scope="row">{w.number}</th>
                <td>{t(`consoleKind_${w.kind}`)}</td>
                <td>{toTokyo(new Date(w.queuedAt)).time}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </>
  );
}
