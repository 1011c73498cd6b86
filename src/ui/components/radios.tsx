/** Radio buttons in a fieldset, one choice (e.g. residency, usage category). */
import type { Example } from './example.ts';
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

export const examples: Example<Parameters<typeof Radios>[0]>[] = [
  {
    name: 'default',
    props: {
      name: 'residency',
      id: 'radios-residency',
      legend: 'お住まい',
      options: [
        { value: 'resident', label: '市内に住んでいる' },
        { value: 'worker', label: '市内に通勤・通学している' },
        { value: 'other', label: 'どちらでもない' },
      ],
    },
  },
  {
    name: 'options with hints, one chosen',
    props: {
      name: 'channel',
      id: 'radios-channel',
      legend: 'お知らせの受け取り方',
      value: 'line',
      options: [
        { value: 'email', label: 'メール' },
        { value: 'line', label: 'LINE', hint: '友だち追加が必要です' },
        { value: 'paper', label: '紙', hint: '窓口でお渡しします' },
      ],
    },
  },
  {
    name: 'required, with a hint and an error',
    props: {
      name: 'category',
      id: 'radios-category',
      legend: '利用区分',
      hint: '営利目的の利用は料金が異なります。',
      required: true,
      errorMessage: '利用区分を選んでください。',
      options: [
        { value: 'general', label: '一般' },
        { value: 'commercial', label: '営利' },
      ],
    },
  },
];
