/** Deleting one's account (退会): what happens, the password again; and the page after. */
import type { FieldError } from '../../../lib/errors.ts';
import type { Translate } from '../../../lib/i18n.ts';
import { ErrorSummary, Notice, TextInput } from '../../../ui/components.tsx';

export function DeleteAccountPage(props: { t: Translate; representing: string[]; errors: FieldError[] }) {
  const { t } = props;
  return (
    <>
      <h1>{t('accountDeleteTitle')}</h1>
      <ErrorSummary title={t('errorSummaryTitle')} errors={props.errors} />
      {props.representing.length > 0 ? (
        <Notice tone="warn">{t('accountDeleteRefused', { groups: props.representing.join('」「') })}</Notice>
      ) : null}
      <p>{t('accountDeleteLead')}</p>
      <ul>
        <li>{t('accountDeleteBookings')}</li>
        <li>{t('accountDeleteLottery')}</li>
        <li>{t('accountDeleteData')}</li>
        <li>{t('accountDeleteKept')}</li>
        <li>{t('accountDeleteAgain')}</li>
      </ul>
      {props.representing.length === 0 ? (
        <form method="post" action="/account/delete" novalidate>
          <TextInput
            name="password"
            type="password"
            autocomplete="current-password"
            label={t('accountDeletePassword')}
            required
            errorMessage={props.errors.find((e) => e.field === 'password')?.message}
          />
          <button type="submit" class="button">
            {t('accountDeleteConfirm')}
          </button>
        </form>
      ) : null}
      <p>
        <a href="/account">{t('accountTitle')}</a>
      </p>
    </>
  );
}

export function AccountDeletedPage(props: { t: Translate }) {
  const { t } = props;
  return (
    <>
      <h1>{t('accountDeletedTitle')}</h1>
      <p>{t('accountDeletedBody')}</p>
      <p>
        <a href="/">{t('backToHome')}</a>
      </p>
    </>
  );
}
