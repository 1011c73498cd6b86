/** Radio buttons in a fieldset, one choice (e.g. residency, usage category). */
import { describedBy, type Option } from './field-frame.tsx';
import { RequiredMark } from './required-mark.tsx';

export function Radios(props: {
  name: string;
  /** The fieldset's id and its options' prefix, when two groups of one name share a page; else the name. */
  id?: string | undefined;
  legend: string;
  hint?: string | undefined;
  options: (Option & { hint?: string })[];
  value?: string | undefined;
  errorMessage?: string | undefined;
  required?: boolean;
}) {
  const id = props.id ?? props.name;
  return (
    <fieldset
      class={props.errorMessage ? 'fieldset field--error' : 'fieldset'}
      id={id}
      aria-describedby={describedBy(id, props.hint, props.errorMessage)}
    >
      <legend class="field__label">
        {props.legend}
        {props.required ? <RequiredMark /> : null}
      </legend>
      {props.hint ? (
        <p class="field__hint" id={`${id}-hint`}>
          {props.hint}
        </p>
      ) : null}
      {props.errorMessage ? (
        <p class="field__error" id={`${id}-error`}>
          {props.errorMessage}
        </p>
      ) : null}
      <div class="radios">
        {props.options.map((o) => (
          <div class="checkbox">
            <input type="radio" id={`${id}-${o.value}`} name={props.name} value={o.value} checked={o.value === props.value} />
            <label for={`${id}-${o.value}`}>
              {o.label}
              {o.hint ? <span class="field__hint"> {o.hint}</span> : null}
            </label>
          </div>
        ))}
      </div>
    </fieldset>
  );
}
