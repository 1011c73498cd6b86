/**
 * Ward, address and postcode: the fields every household form starts with, shared by the resident's
 * household pages (account) and the counter's (staff), so a household is entered the same way everywhere.
 */
import type { FieldError } from '../../lib/errors.ts';
import type { Translate } from '../../lib/i18n.ts';
import type { Example } from './example.ts';
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

/** Without `t`: the page passes its own (see catalogue.tsx). One example, as the field ids are fixed. */
export const examples: Example<Omit<Parameters<typeof AddressFields>[0], 't'>>[] = [
  {
    name: 'a ward chosen, the address missing',
    props: {
      wards: [
        { id: 'kokurakita', name: '小倉北区' },
        { id: 'tobata', name: '戸畑区' },
      ],
      values: { wardId: 'tobata', addressLine: '', postcode: '804-0001' },
      errors: [{ field: 'addressLine', message: '住所を入力してください。' }],
    },
  },
];
