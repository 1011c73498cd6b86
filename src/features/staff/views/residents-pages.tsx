/** Back-office resident pages: registering a caller without an account, to book for them. */
import type { FieldError } from '../../../lib/errors.ts';
import type { Lang, Translate } from '../../../lib/i18n.ts';
import { CsrfField, ErrorSummary } from '../../../ui/components.tsx';
import { ResidentFields } from '../../../ui/resident-fields.tsx';
import { residencyOptions } from '../../account/account.ts';

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
        <ResidentFields t={t} values={values} err={err} residencies={residencyOptions(lang)} enteredBy="clerk" />
        <button type="submit" class="button">
          {t('staffIssueNumber')}
        </button>
      </form>
    </>
  );
}
