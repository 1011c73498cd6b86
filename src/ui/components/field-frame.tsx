/**
 * What the single-field components share: one props contract (name, id, label, hint, errorMessage, value)
 * and the frame around the control (label, hint, error), with aria-describedby built from the hint and
 * error ids, following the GOV.UK Frontend pattern. Not a component of its own: it has no examples.
 */
import type { Child } from 'hono/jsx';
import { RequiredMark } from './required-mark.tsx';

export interface FieldProps {
  name: string;
  id?: string;
  label: string;
  hint?: string | undefined;
  errorMessage?: string | undefined;
  value?: string | undefined;
  required?: boolean;
}

export interface Option {
  value: string;
  label: string;
}

/** The ids a control (or a fieldset) is described by: its hint, then its error; undefined when neither. */
export function describedBy(id: string, hint?: string, error?: string): string | undefined {
  const ids = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean);
  return ids.length > 0 ? ids.join(' ') : undefined;
}

export function FieldFrame(props: FieldProps & { id: string; children: Child }) {
  return (
    <div class={props.errorMessage ? 'field field--error' : 'field'}>
      <label class="field__label" for={props.id}>
        {props.label}
        {props.required ? <RequiredMark /> : null}
      </label>
      {props.hint ? (
        <p class="field__hint" id={`${props.id}-hint`}>
          {props.hint}
        </p>
      ) : null}
      {props.errorMessage ? (
        <p class="field__error" id={`${props.id}-error`}>
          {props.errorMessage}
        </p>
      ) : null}
      {props.children}
    </div>
  );
}
