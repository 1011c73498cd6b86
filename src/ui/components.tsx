/**
 * Form and content components on the Digital Agency design conventions. They share one props contract
 * (name, id, label, hint, errorMessage, value) and build aria-describedby from the hint and error ids,
 * following the GOV.UK Frontend pattern.
 */
import type { Child } from 'hono/jsx';
import type { FieldError } from '../lib/errors.ts';

export interface FieldProps {
  name: string;
  id?: string;
  label: string;
  hint?: string | undefined;
  errorMessage?: string | undefined;
  value?: string | undefined;
  required?: boolean;
}

function describedBy(id: string, hint?: string, error?: string): string | undefined {
  const ids = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean);
  return ids.length > 0 ? ids.join(' ') : undefined;
}

function FieldFrame(props: FieldProps & { id: string; children: Child; requiredLabel?: string }) {
  return (
    <div class={props.errorMessage ? 'field field--error' : 'field'}>
      <label class="field__label" for={props.id}>
        {props.label}
        {props.required ? <span class="field__required">{props.requiredLabel ?? '必須'}</span> : null}
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

export interface Option {
  value: string;
  label: string;
}

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

/** A group of checkboxes in a fieldset (e.g. equipment). */
export function Checkboxes(props: {
  name: string;
  legend: string;
  options: Option[];
  values: readonly string[];
  errorMessage?: string | undefined;
}) {
  return (
    <fieldset class={props.errorMessage ? 'fieldset field--error' : 'fieldset'}>
      <legend class="field__label">{props.legend}</legend>
      {props.errorMessage ? <p class="field__error">{props.errorMessage}</p> : null}
      <div class="checkboxes">
        {props.options.map((o) => (
          <div class="checkbox">
            <input
              type="checkbox"
              id={`${props.name}-${o.value}`}
              name={props.name}
              value={o.value}
              checked={props.values.includes(o.value)}
            />
            <label for={`${props.name}-${o.value}`}>{o.label}</label>
          </div>
        ))}
      </div>
    </fieldset>
  );
}

/** The error summary at the top of a form (GOV.UK pattern): focusable, links to each field. */
export function ErrorSummary(props: { title: string; errors: FieldError[] }) {
  if (props.errors.length === 0) return null;
  return (
    <div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabindex={-1}>
      <h2 id="error-summary-title">{props.title}</h2>
      <ul>
        {props.errors.map((e) => (
          <li>
            <a href={`#${e.field}`}>{e.message}</a>
          </li>
        ))}
      </ul>
    </div>
  );
}

export function Badge(props: { children: Child; tone?: 'info' | 'warn' }) {
  return <span class={`badge badge--${props.tone ?? 'info'}`}>{props.children}</span>;
}

/**
 * The session's CSRF token in a POST form. renderPage adds it to every POST form that lacks it, so a view
 * need not remember it; views that render it themselves are left as they are.
 */
export function CsrfField(props: { token: string | undefined }) {
  return props.token ? <input type="hidden" name="_csrf" value={props.token} /> : null;
}

/** Radio buttons in a fieldset, one choice (e.g. residency, usage category). */
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
  const ids = [props.hint ? `${id}-hint` : '', props.errorMessage ? `${id}-error` : ''].filter(Boolean).join(' ');
  return (
    <fieldset class={props.errorMessage ? 'fieldset field--error' : 'fieldset'} id={id} aria-describedby={ids || undefined}>
      <legend class="field__label">
        {props.legend}
        {props.required ? <span class="field__required">必須</span> : null}
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

/** A success or information message at the top of a page, announced by screen readers. */
export function Notice(props: { children: Child; tone?: 'success' | 'info' | 'warn' }) {
  return (
    <div class={`notice notice--${props.tone ?? 'success'}`} role="status">
      {props.children}
    </div>
  );
}
