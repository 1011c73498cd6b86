/**
 * The details step as a counter clerk of the office sees it: the booking is for a caller on the phone or
 * someone at the counter, so the caller's name, フリガナ and a phone number or an email are typed in, no
 * code is asked (the clerk heard them), and how it came in is recorded with the clerk as operator. This
 * is the offline path of the web booking: the resident pages tell people without email to phone.
 */
import type { FieldError } from '../../../lib/errors.ts';
import type { Lang, Translate } from '../../../lib/i18n.ts';
import { CsrfField, ErrorSummary, Radios, TextInput } from '../../../ui/components.tsx';
import { type BookingSummary, type DetailsValues, SelectionFields, Summary, WardResident } from './appointment-form-pages.tsx';
import { type SelectionParams, selectionHref } from './appointment-pages.tsx';

export function CallerDetailsPage(props: {
  t: Translate;
  lang: Lang;
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
    <div class="appointment">
      <h1>{t('apptDetailsTitle')}</h1>
      <ErrorSummary title={t('errorSummaryTitle')} errors={errors} />
      <Summary t={t} lang={props.lang} summary={summary} />
      <p>
        <a href={selectionHref('/appointments/times', props.selection, { from: summary.date })}>{t('apptChangeTime')}</a>
      </p>
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
    </div>
  );
}
