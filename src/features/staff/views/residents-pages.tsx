/** Back-office resident pages: registering a caller without an account, to book for them. */
import type { FieldError } from '../../../lib/errors.ts';
import type { Lang, Translate } from '../../../lib/i18n.ts';
import { RESIDENCIES } from '../../../platform/authz/actor.ts';
import { CsrfField, ErrorSummary, Radios, TextInput } from '../../../ui/components.tsx';
import { residencyLabels } from '../../account/account.ts';

export function NewResidentPage(props: {
  t: Translate;
  lang: Lang;
  keep: string;
  values: Record<string, string>;
  errors: FieldError[];
  csrf: string | undefined;
}) {
  const { t, lang, values, errors } = props;
  const err = (f: string) => errors.find((e) => e.field === f)?.message;
  return (
    <>
      <h1>{t('staffNewResident')}</h1>
      <p>{t('staffNewResidentLead')}</p>
      <ErrorSummary title={t('errorSummaryTitle')} errors={errors} />
      <form method="post" action={`/staff/residents?${props.keep}`} novalidate>
        <CsrfField token={props.csrf} />
        <TextInput name="name" label={t('fieldName')} value={values.name} errorMessage={err('name')} required />
        <TextInput name="nameKana" label={t('fieldNameKana')} value={values.nameKana} errorMessage={err('nameKana')} required />
        <TextInput name="phone" type="tel" label={t('fieldPhone')} value={values.phone} errorMessage={err('phone')} required />
        <TextInput
          name="email"
          type="email"
          label={`${t('fieldEmail')}（${t('optional')}）`}
          value={values.email}
          errorMessage={err('email')}
          width="l"
        />
        <Radios
          name="residency"
          legend={t('fieldResidency')}
          value={values.residency ?? 'resident'}
          errorMessage={err('residency')}
          options={RESIDENCIES.map((r) => ({ value: r, label: residencyLabels[r][lang] }))}
          required
        />
        <TextInput
          name="birthYear"
          inputmode="numeric"
          width="s"
          label={t('fieldBirthYear')}
          value={values.birthYear}
          errorMessage={err('birthYear')}
        />
        <button type="submit" class="button">
          {t('staffIssueNumber')}
        </button>
      </form>
    </>
  );
}
