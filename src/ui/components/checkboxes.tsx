/**
 * A group of checkboxes in a fieldset (e.g. equipment): any number of choices. As with Radios, the
 * fieldset has the name as its id, so the error summary's link (#name) lands on the group, and its error
 * is linked by aria-describedby, so a screen reader says it with the group's legend.
 */
import type { Example } from './example.ts';
import { describedBy, type Option } from './field-frame.tsx';

export function Checkboxes(props: {
  name: string;
  legend: string;
  options: Option[];
  values: readonly string[];
  errorMessage?: string | undefined;
}) {
  return (
    <fieldset
      class={props.errorMessage ? 'fieldset field--error' : 'fieldset'}
      id={props.name}
      aria-describedby={describedBy(props.name, undefined, props.errorMessage)}
    >
      <legend class="field__label">{props.legend}</legend>
      {props.errorMessage ? (
        <p class="field__error" id={`${props.name}-error`}>
          {props.errorMessage}
        </p>
      ) : null}
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

const equipment = [
  { value: 'projector', label: 'プロジェクター' },
  { value: 'piano', label: 'ピアノ' },
  { value: 'kitchen', label: '調理設備' },
];

export const examples: Example<Parameters<typeof Checkboxes>[0]>[] = [
  { name: 'default', props: { name: 'equipment', legend: '設備', options: equipment, values: [] } },
  { name: 'some checked', props: { name: 'equipmentChosen', legend: '設備', options: equipment, values: ['projector', 'kitchen'] } },
  {
    name: 'with an error',
    props: {
      name: 'consent',
      legend: '利用規則',
      options: [{ value: 'agree', label: '利用規則に同意します' }],
      values: [],
      errorMessage: '利用規則への同意が必要です。',
    },
  },
];
