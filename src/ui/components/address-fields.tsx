/**
 * Ward, address and postcode: the fields every household form starts with, shared by the resident's
 * household pages (account) and the counter's (staff), so a household is entered the same way everywhere.
 */
import type { FieldError } from '../../lib/errors.ts';
import type { Translate } from '../../lib/i18n.ts';
import { errorOf, type Values } from './form-values.ts';
import { Select } from './select.tsx';
import { TextInput } from './text-input.tsx';

export function AddressFields(props: {
  t: Translate;
  wards: { id: string; name: string }[];
  values: Values;
  errors: readonly FieldError[];
}) {
  const { t, values, errors } = props;
  return (
    <>
      <Select
        name="wardId"
        label={t('householdWard')}
        required
        value={values.wardId}
        errorMessage={errorOf(errors, 'wardId')}
        options={[{ value: '', label: '—' }, ...props.wards.map((w) => ({ value: w.id, label: w.name }))]}
      />
      <TextInput
        name="addressLine"
        label={t('householdAddress')}
        hint={t('householdAddressHint')}
        required
        width="l"
        autocomplete="street-address"
        value={values.addressLine}
        errorMessage={errorOf(errors, 'addressLine')}
      />
      <TextInput
        name="postcode"
        label={t('householdPostcode')}
        width="s"
        inputmode="numeric"
        autocomplete="postal-code"
        value={values.postcode}
        errorMessage={errorOf(errors, 'postcode')}
      />
    </>
  );
}
