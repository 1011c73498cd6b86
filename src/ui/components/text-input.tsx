/** A one-line text field (text, date, number, email, tel, password) in its label/hint/error frame. */
import type { Example } from './example.ts';
import { describedBy, FieldFrame, type FieldProps } from './field-frame.tsx';

export function TextInput(
  props: FieldProps & {
    type?: 'text' | 'date' | 'number' | 'email' | 'tel' | 'password';
    inputmode?: 'numeric' | 'decimal' | 'tel' | 'email' | 'text';
    autocomplete?: string;
    width?: 's' | 'm' | 'l';
  },
) {
  const id = props.id ?? props.name;
  return (
    <FieldFrame {...props} id={id}>
      <input
        class={`input input--${props.width ?? 'm'}`}
        type={props.type ?? 'text'}
        id={id}
        name={props.name}
        value={props.value ?? ''}
        inputmode={props.inputmode}
        autocomplete={props.autocomplete}
        required={props.required}
        aria-describedby={describedBy(id, props.hint, props.errorMessage)}
        aria-invalid={props.errorMessage ? 'true' : undefined}
      />
    </FieldFrame>
  );
}

export const examples: Example<Parameters<typeof TextInput>[0]>[] = [
  { name: 'default', props: { name: 'name', id: 'text-input-name', label: '氏名' } },
  {
    name: 'with a hint',
    props: { name: 'nameKana', id: 'text-input-kana', label: 'ふりがな', hint: 'ひらがなで入力してください。', value: 'きたきゅう たろう' },
  },
  {
    name: 'required, email, wide',
    props: {
      name: 'email',
      id: 'text-input-email',
      type: 'email',
      label: 'メールアドレス',
      autocomplete: 'email',
      width: 'l',
      required: true,
    },
  },
  {
    name: 'with a hint and an error',
    props: {
      name: 'phone',
      id: 'text-input-phone',
      type: 'tel',
      inputmode: 'tel',
      label: '電話番号',
      hint: '日中に連絡のつく番号',
      value: '093-abc',
      errorMessage: '電話番号は数字とハイフンで入力してください。',
      required: true,
    },
  },
  { name: 'date, narrow', props: { name: 'on', id: 'text-input-date', type: 'date', label: '利用日', width: 's', value: '2026-04-01' } },
  {
    name: 'numeric',
    props: { name: 'attendees', id: 'text-input-attendees', inputmode: 'numeric', label: '利用人数', width: 's', value: '12' },
  },
];
