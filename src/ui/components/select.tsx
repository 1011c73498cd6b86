/** A drop-down of options in the label/hint/error frame; the option equal to value is selected. */
import { describedBy, FieldFrame, type FieldProps, type Option } from './field-frame.tsx';

export function Select(props: FieldProps & { options: Option[] }) {
  const id = props.id ?? props.name;
  return (
    <FieldFrame {...props} id={id}>
      <select
        class="select"
        id={id}
        name={props.name}
        aria-describedby={describedBy(id, props.hint, props.errorMessage)}
        aria-invalid={props.errorMessage ? 'true' : undefined}
      >
        {props.options.map((o) => (
          <option value={o.value} selected={o.value === (props.value ?? '')}>
            {o.label}
          </option>
        ))}
      </select>
    </FieldFrame>
  );
}
