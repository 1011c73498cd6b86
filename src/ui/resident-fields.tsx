/**
 * Who a resident is: name, kana, phone, email, residency and birth year. One set of fields for the
 * online registration (account) and the desk's new-resident form (staff), so both ask the same things
 * under the same names; the caller passes the residency choices (account's labels).
 */
import type { Translate } from '../lib/i18n.ts';
import { type Option, Radios, TextInput } from './components.tsx';

export function ResidentFields(props: {
  t: Translate;
  values: Record<string, string | undefined>;
  err: (field: string) => string | undefined;
  residencies: Option[];
  /**
   * 'resident' (the default): the person registers themself, so the form explains each field, lets the
   * browser fill it in, and needs an email (the account's login). 'clerk': a clerk types what a caller
   * says — no hints they know already, no autofill (it would offer the clerk's own details), email
   * optional, and residency preset to 市内在住, the usual answer at the desk.
   */
  enteredBy?: 'resident' | 'clerk';
}) {
  const { t, values, err } = props;
  const self = props.enteredBy !== 'clerk';
  const hint = (text: string) => (self ? text : undefined);
  return (
    <>
      <TextInput
        name="name"
        label={t('fieldName')}
        hint={hint(t('fieldNameHint'))}
        value={values.name}
        errorMessage={err('name')}
        autocomplete={self ? 'name' : undefined}
        required
      />
      <TextInput
        name="nameKana"
        label={t('fieldNameKana')}
        hint={hint(t('fieldNameKanaHint'))}
        value={values.nameKana}
        errorMessage={err('nameKana')}
        required
      />
      <TextInput
        name="phone"
        type="tel"
        label={t('fieldPhone')}
        hint={hint(t('fieldPhoneHint'))}
        value={values.phone}
        errorMessage={err('phone')}
        autocomplete={self ? 'tel' : undefined}
        required
      />
      <TextInput
        name="email"
        type="email"
        label={self ? t('fieldEmail') : `${t('fieldEmail')}（${t('optional')}）`}
        value={values.email}
        errorMessage={err('email')}
        autocomplete={self ? 'email' : undefined}
        width="l"
        required={self}
      />
      <Radios
        name="residency"
        legend={t('fieldResidency')}
        hint={hint(t('fieldResidencyHint'))}
        value={values.residency ?? (self ? undefined : 'resident')}
        errorMessage={err('residency')}
        options={props.residencies}
        required
      />
      <TextInput
        name="birthYear"
        inputmode="numeric"
        width="s"
        label={t('fieldBirthYear')}
        hint={hint(t('fieldBirthYearHint'))}
        value={values.birthYear}
        errorMessage={err('birthYear')}
      />
    </>
  );
}
