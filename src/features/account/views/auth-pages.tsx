/** Registration, login and password-reset pages. Plain forms: they work without JavaScript. */
import type { FieldError } from '../../../lib/errors.ts';
import type { Lang, Translate } from '../../../lib/i18n.ts';
import { ErrorSummary, Notice, TextInput } from '../../../ui/components.tsx';
import { ResidentFields } from '../../../ui/resident-fields.tsx';
import { residencyOptions } from '../account.ts';

export type FormValues = Record<string, string | undefined>;
const errorOf = (errors: FieldError[], field: string) => errors.find((e) => e.field === field)?.message;

export function RegisterPage(props: { t: Translate; lang: Lang; values: FormValues; errors: FieldError[]; next: string }) {
  const { t, lang, values, errors } = props;
  const err = (f: string) => errorOf(errors, f);
  return (
    <>
      <h1>{t('registerTitle')}</h1>
      <p>{t('registerLead')}</p>
      <ErrorSummary title={t('errorSummaryTitle')} errors={errors} />
      <form method="post" action="/register" novalidate>
        {props.next ? <input type="hidden" name="next" value={props.next} /> : null}
        <ResidentFields t={t} values={values} err={err} residencies={residencyOptions(lang)} />
        <TextInput
          name="password"
          type="password"
          label={t('fieldPassword')}
          hint={t('fieldPasswordHint')}
          errorMessage={err('password')}
          autocomplete="new-password"
          required
        />
        <TextInput
          name="passwordConfirm"
          type="password"
          label={t('fieldPasswordConfirm')}
          errorMessage={err('passwordConfirm')}
          autocomplete="new-password"
          required
        />
        <button type="submit" class="button">
          {t('registerSubmit')}
        </button>
      </form>
      <p>
        <a href="/login">{t('haveAccount')}</a>
      </p>
    </>
  );
}

/**
 * After registering: the same page whether the address was new or already registered (see
 * registerOnline), so it says only that a mail is on its way and how to log in.
 */
export function RegisterSentPage(props: { t: Translate; next: string }) {
  const { t } = props;
  return (
    <>
      <h1>{t('registerTitle')}</h1>
      <Notice>{t('registerSent')}</Notice>
      <p>{t('registerSentLead')}</p>
      <p>
        <a class="button" href={props.next ? `/login?next=${encodeURIComponent(props.next)}` : '/login'}>
          {t('navLogin')}
        </a>
      </p>
      <p>{t('loginPhoneHelp')}</p>
    </>
  );
}

export function LoginPage(props: { t: Translate; values: FormValues; errors: FieldError[]; next: string; notice?: string | undefined }) {
  const { t, values, errors } = props;
  return (
    <>
      <h1>{t('loginTitle')}</h1>
      {props.notice ? <Notice>{props.notice}</Notice> : null}
      <ErrorSummary title={t('errorSummaryTitle')} errors={errors} />
      <form method="post" action="/login" novalidate>
        {props.next ? <input type="hidden" name="next" value={props.next} /> : null}
        <TextInput
          name="login"
          label={t('fieldLogin')}
          hint={t('fieldLoginHint')}
          value={values.login}
          errorMessage={errorOf(errors, 'login')}
          autocomplete="username"
          width="l"
          required
        />
        <TextInput
          name="password"
          type="password"
          label={t('fieldPassword')}
          errorMessage={errorOf(errors, 'password')}
          autocomplete="current-password"
          required
        />
        <button type="submit" class="button">
          {t('loginSubmit')}
        </button>
      </form>
      <p>
        <a href="/password/forgot">{t('forgotLink')}</a>
      </p>
      <p>
        <a href={`/register?next=${encodeURIComponent(props.next)}`}>{t('noAccount')}</a>
      </p>
      <p>{t('loginPhoneHelp')}</p>
    </>
  );
}

export function ForgotPage(props: { t: Translate; values: FormValues; errors: FieldError[]; sent: boolean }) {
  const { t } = props;
  return (
    <>
      <h1>{t('forgotTitle')}</h1>
      {props.sent ? <Notice>{t('forgotSent')}</Notice> : null}
      <ErrorSummary title={t('errorSummaryTitle')} errors={props.errors} />
      <p>{t('forgotLead')}</p>
      <form method="post" action="/password/forgot" novalidate>
        <TextInput
          name="email"
          type="email"
          label={t('fieldEmail')}
          value={props.values.email}
          errorMessage={errorOf(props.errors, 'email')}
          autocomplete="email"
          width="l"
          required
        />
        <button type="submit" class="button">
          {t('forgotSubmit')}
        </button>
      </form>
    </>
  );
}

export function ResetPage(props: { t: Translate; token: string; errors: FieldError[]; invalid: boolean }) {
  const { t } = props;
  if (props.invalid) {
    return (
      <>
        <h1>{t('resetTitle')}</h1>
        <p>{t('resetInvalid')}</p>
        <p>
          <a href="/password/forgot">{t('forgotLink')}</a>
        </p>
      </>
    );
  }
  return (
    <>
      <h1>{t('resetTitle')}</h1>
      <ErrorSummary title={t('errorSummaryTitle')} errors={props.errors} />
      <form method="post" action="/password/reset" novalidate>
        <input type="hidden" name="token" value={props.token} />
        <TextInput
          name="password"
          type="password"
          label={t('fieldNewPassword')}
          hint={t('fieldPasswordHint')}
          errorMessage={errorOf(props.errors, 'password')}
          autocomplete="new-password"
          required
        />
        <TextInput
          name="passwordConfirm"
          type="password"
          label={t('fieldPasswordConfirm')}
          errorMessage={errorOf(props.errors, 'passwordConfirm')}
          autocomplete="new-password"
          required
        />
        <button type="submit" class="button">
          {t('resetSubmit')}
        </button>
      </form>
    </>
  );
}
