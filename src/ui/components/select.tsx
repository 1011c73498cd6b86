/** A drop-down of options in the label/hint/error frame; the option equal to value is selected. */
import type { Example } from './example.ts';
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

const rooms = [
  { value: '', label: '—' },
  { value: 'hall', label: '多目的ホール' },
  { value: 'japanese', label: '和室' },
  { value: 'kitchen', label: '調理室' },
];

export const examples: Example<Parameters<typeof Select>[0]>[] = [
  { name: 'default', props: { name: 'roomType', id: 'select-room', label: '部屋の種類', options: rooms } },
  { name: 'with a value', props: { name: 'roomType', id: 'select-room-chosen', label: '部屋の種類', options: rooms, value: 'japanese' } },
  {
    name: 'required, with a hint and an error',
    props: {
      name: 'purpose',
      id: 'select-purpose',
      label: '利用目的',
      hint: '当てはまるものを選んでください。',
      required: true,
      errorMessage: '利用目的を選んでください。',
      options: [
        { value: '', label: '—' },
        { value: 'meeting', label: '会議・打合せ' },
        { value: 'culture', label: '文化・学習' },
      ],
    },
  },
];
