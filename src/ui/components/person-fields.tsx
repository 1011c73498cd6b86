/** A household member's name, kana, phone and (at the counter) 利用者番号: the resident's and staff's household forms. */
import type { FieldError } from '../../lib/errors.ts';
import type { Translate } from '../../lib/i18n.ts';
import type { Example } from './example.ts';
import { errorOf, type Values } from './form-values.ts';
import { TextInput } from './text-input.tsx';

export function PersonFields(props: { t: Translate; values: Values; errors: FieldError[]; withNumber: boolean }) {
  const { t, values, errors } = props;
  return (
    <>
      <TextInput name="name" label={t('householdPersonName')} required value={values.name} errorMessage={errorOf(errors, 'name')} />
      <TextInput
        name="nameKana"
        label={t('householdPersonKana')}
        required
        value={values.nameKana}
        errorMessage={errorOf(errors, 'nameKana')}
      />
      <TextInput
        name="phone"
        type="tel"
        inputmode="tel"
        label={t('householdPersonPhone')}
        value={values.phone}
        errorMessage={errorOf(errors, 'phone')}
      />
      {props.withNumber ? (
        <TextInput
          name="userNumber"
          inputmode="numeric"
          width="s"
          label={t('householdPersonNumber')}
          hint={t('householdPersonNumberHint')}
          value={values.userNumber}
          errorMessage={errorOf(errors, 'userNumber')}
        />
      ) : null}
    </>
  );
}

/** Without `t`: the page passes its own (see catalogue.tsx). One example, as the field ids are fixed. */
export const examples: Example<Omit<Parameters<typeof PersonFields>[0], 't'>>[] = [
  {
    name: 'at the counter, with the user number and an error',
    props: {
      values: { name: '北九 花子', nameKana: '', phone: '093-000-0000', userNumber: '10000002' },
      errors: [{ field: 'nameKana', message: 'ふりがなを入力してください。' }],
      withNumber: true,
    },
  },
];
