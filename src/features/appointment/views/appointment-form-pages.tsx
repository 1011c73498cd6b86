/**
 * The booking's last steps: who books (name, フリガナ, phone, email — or the signed-in account as it is),
 * the email's one-time code, and the answers when the time was taken meanwhile (the next times that fit)
 * or the form was sent twice; and, for a counter clerk of the office, the form for a caller. The choice
 * rides along in hidden fields; a phone-only booking is said plainly to go through the ward office's
 * staff, as the booking rules require.
 */
import type { FieldError } from '../../../lib/errors.ts';
import { dateLabel } from '../../../lib/format.ts';
import type { Lang, Translate } from '../../../lib/i18n.ts';
import { Checkboxes, CsrfField, ErrorSummary, Radios, TextInput } from '../../../ui/components.tsx';
import { type SelectionParams, selectionHref } from './appointment-pages.tsx';

export interface BookingSummary {
  officeName: string;
  date: string;
  start: string;
  /** One line per service: time, procedure, counter and place. */
  items: string[];
}

export type DetailsValues = Partial<Record<'name' | 'nameKana' | 'phone' | 'email' | 'wardResident' | 'emailCode' | 'channel', string>>;

function SelectionFields(props: { selection: SelectionParams; date: string; start: string }) {
  return (
    <>
      {props.selection.serviceIds.map((id) => (
        <input type="hidden" name="services" value={id} />
      ))}
      {props.selection.lifeEventId ? <input type="hidden" name="event" value={props.selection.lifeEventId} /> : null}
      <input type="hidden" name="date" value={props.date} />
      <input type="hidden" name="start" value={props.start} />
    </>
  );
}

export function Summary(props: { t: Translate; lang: Lang; summary: BookingSummary }) {
  const { t, summary } = props;
  return (
    <section class="card" aria-labelledby="summary">
      <h2 id="summary">{t('apptYourTimes')}</h2>
      <p>
        <strong>
          {summary.officeName}　{dateLabel(summary.date, props.lang)}
        </strong>
      </p>
      <ol>
        {summary.items.map((line) => (
          <li>{line}</li>
        ))}
      </ol>
    </section>
  );
}

function WardResident(props: { t: Translate; officeName: string; values: DetailsValues; errors: FieldError[] }) {
  return (
    <Checkboxes
      name="wardResident"
      legend={props.t('apptWardResidentLegend')}
      options={[{ value: 'on', label: props.t('apptWardResident', { office: props.officeName }) }]}
      values={props.values.wardResident === 'on' ? ['on'] : []}
      errorMessage={props.errors.find((e) => e.field === 'wardResident')?.message}
    />
  );
}

/**
 * The details form as a counter clerk of the office sees it: the booking is for a caller on the phone or
 * someone at the counter, so the caller's name, フリガナ and a phone number or an email are typed in, no
 * code is asked (the clerk heard them), and how it came in is recorded with the clerk as operator. This
 * is the offline path of the web booking: the resident pages tell people without email to phone.
 */
function CallerForm(props: {
  t: Translate;
  csrf: string | undefined;
  selection: SelectionParams;
  summary: BookingSummary;
  wardResidentsOnly: boolean;
  formToken: string;
  values: DetailsValues;
  errors: FieldError[];
}) {
  const { t, values, errors, summary } = props;
  const err = (field: string) => errors.find((e) => e.field === field)?.message;
  return (
    <form method="post" action="/appointments/for-caller" novalidate>
      <CsrfField token={props.csrf} />
      <SelectionFields selection={props.selection} date={summary.date} start={summary.start} />
      <input type="hidden" name="formToken" value={props.formToken} />
      <p class="notice notice--info">{t('apptCallerLead')}</p>
      <Radios
        name="channel"
        legend={t('apptCallerChannel')}
        options={[
          { value: 'phone', label: t('apptCallerPhone') },
          { value: 'counter', label: t('apptCallerCounter') },
        ]}
        value={values.channel || 'phone'}
        errorMessage={err('channel')}
        required
      />
      <TextInput name="name" label={t('fieldName')} value={values.name} errorMessage={err('name')} required />
      <TextInput name="nameKana" label={t('fieldNameKana')} value={values.nameKana} errorMessage={err('nameKana')} required />
      <TextInput
        name="phone"
        type="tel"
        label={t('fieldPhone')}
        hint={t('apptCallerContactHint')}
        value={values.phone}
        errorMessage={err('phone')}
      />
      <TextInput
        name="email"
        type="email"
        label={`${t('fieldEmail')}（${t('optional')}）`}
        value={values.email}
        errorMessage={err('email')}
        width="l"
      />
      {props.wardResidentsOnly ? <WardResident t={t} officeName={summary.officeName} values={values} errors={errors} /> : null}
      <button type="submit" class="button button--large">
        {t('apptCallerBook')}
      </button>
    </form>
  );
}

export function DetailsPage(props: {
  t: Translate;
  lang: Lang;
  csrf: string | undefined;
  selection: SelectionParams;
  summary: BookingSummary;
  signedIn: { name: string; email: string } | undefined;
  /** A counter clerk of the office: the form for a caller instead of the resident's own. */
  forCaller: boolean;
  wardResidentsOnly: boolean;
  formToken: string;
  values: DetailsValues;
  errors: FieldError[];
}) {
  const { t, summary, values, errors } = props;
  const err = (field: string) => errors.find((e) => e.field === field)?.message;
  const back = selectionHref('/appointments/times', props.selection, { from: summary.date });
  return (
    <div class="appointment">
      <h1>{t('apptDetailsTitle')}</h1>
      <ErrorSummary title={t('errorSummaryTitle')} errors={errors} />
      <Summary t={t} lang={props.lang} summary={summary} />
      <p>
        <a href={back}>{t('apptChangeTime')}</a>
      </p>
      {props.forCaller ? (
        <CallerForm {...props} />
      ) : props.signedIn ? (
        <form method="post" action="/appointments" novalidate>
          <CsrfField token={props.csrf} />
          <SelectionFields selection={props.selection} date={summary.date} start={summary.start} />
          <input type="hidden" name="formToken" value={props.formToken} />
          <p>{t('apptSignedInAs', props.signedIn)}</p>
          <p>
            <a href="/account">{t('apptChangeAccount')}</a>
          </p>
          {props.wardResidentsOnly ? <WardResident t={t} officeName={summary.officeName} values={values} errors={errors} /> : null}
          <button type="submit" class="button button--large">
            {t('apptBook')}
          </button>
        </form>
      ) : (
        <form method="post" action="/appointments/details" novalidate>
          <CsrfField token={props.csrf} />
          <SelectionFields selection={props.selection} date={summary.date} start={summary.start} />
          <p class="notice notice--info">{t('apptPhoneOnly', { office: summary.officeName })}</p>
          <TextInput name="name" label={t('fieldName')} value={values.name} errorMessage={err('name')} autocomplete="name" required />
          <TextInput
            name="nameKana"
            label={t('fieldNameKana')}
            hint={t('fieldNameKanaHint')}
            value={values.nameKana}
            errorMessage={err('nameKana')}
            required
          />
          <TextInput
            name="email"
            type="email"
            label={t('fieldEmail')}
            hint={t('apptEmailHint')}
            value={values.email}
            errorMessage={err('email')}
            autocomplete="email"
            width="l"
            required
          />
          <TextInput
            name="phone"
            type="tel"
            label={`${t('fieldPhone')}（${t('optional')}）`}
            hint={t('apptPhoneHint')}
            value={values.phone}
            errorMessage={err('phone')}
            autocomplete="tel"
          />
          {props.wardResidentsOnly ? <WardResident t={t} officeName={summary.officeName} values={values} errors={errors} /> : null}
          <button type="submit" class="button button--large">
            {t('apptSendCode')}
          </button>
        </form>
      )}
    </div>
  );
}

export function CodePage(props: {
  t: Translate;
  lang: Lang;
  csrf: string | undefined;
  selection: SelectionParams;
  summary: BookingSummary;
  formToken: string;
  values: DetailsValues;
  errors: FieldError[];
}) {
  const { t, values, summary } = props;
  const carried = (['name', 'nameKana', 'email', 'phone', 'wardResident'] as const).filter((k) => values[k]);
  return (
    <div class="appointment">
      <h1>{t('apptCodeTitle')}</h1>
      <ErrorSummary title={t('errorSummaryTitle')} errors={props.errors} />
      <p>{t('apptCodeLead', { email: values.email ?? '' })}</p>
      <form method="post" action="/appointments" novalidate>
        <CsrfField token={props.csrf} />
        <SelectionFields selection={props.selection} date={summary.date} start={summary.start} />
        {carried.map((k) => (
          <input type="hidden" name={k} value={values[k]} />
        ))}
        <input type="hidden" name="formToken" value={props.formToken} />
        <TextInput
          name="emailCode"
          label={t('apptCodeLabel')}
          value={values.emailCode}
          errorMessage={props.errors.find((e) => e.field === 'emailCode')?.message}
          inputmode="numeric"
          autocomplete="one-time-code"
          width="s"
          required
        />
        <button type="submit" class="button button--large">
          {t('apptBook')}
        </button>
      </form>
      <Summary t={t} lang={props.lang} summary={summary} />
      <p>{t('apptNoCodeMail')}</p>
      <form method="post" action="/appointments/details">
        <CsrfField token={props.csrf} />
        <SelectionFields selection={props.selection} date={summary.date} start={summary.start} />
        {carried.map((k) => (
          <input type="hidden" name={k} value={values[k]} />
        ))}
        <button type="submit" class="button button--secondary">
          {t('apptResendCode')}
        </button>
      </form>
    </div>
  );
}

export function FullPage(props: {
  t: Translate;
  lang: Lang;
  selection: SelectionParams;
  date: string;
  alternatives: { date: string; start: string }[];
}) {
  const { t, lang } = props;
  return (
    <div class="appointment">
      <h1>{t('apptFullTitle')}</h1>
      <div class="notice notice--warn" role="alert">
        {t('errAppointmentFull')}
      </div>
      <h2>{t('apptAlternatives')}</h2>
      {props.alternatives.length === 0 ? (
        <p>{t('apptNoAlternatives')}</p>
      ) : (
        <ul class="appointment-times">
          {props.alternatives.map((a) => (
            <li>
              <a class="button button--secondary" href={selectionHref('/appointments/details', props.selection, a)}>
                {t('apptAlternative', { date: dateLabel(a.date, lang), start: a.start })}
              </a>
            </li>
          ))}
        </ul>
      )}
      <p>
        <a href={selectionHref('/appointments/times', props.selection, { from: props.date })}>{t('apptBackToTimes')}</a>
      </p>
    </div>
  );
}
