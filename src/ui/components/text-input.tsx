/** A one-line text field (text, date, number, email, tel, password) in its label/hint/error frame. */
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
