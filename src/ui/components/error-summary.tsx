/** The error summary at the top of a form (GOV.UK pattern): focusable, links to each field. */
import type { FieldError } from '../../lib/errors.ts';
import type { Example } from './example.ts';

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

export const examples: Example<Parameters<typeof ErrorSummary>[0]>[] = [
  {
    name: 'two errors',
    props: {
      title: '入力内容を確認してください',
      errors: [
        { field: 'text-input-phone', message: '電話番号は数字とハイフンで入力してください。' },
        { field: 'select-purpose', message: '利用目的を選んでください。' },
      ],
    },
  },
  // Renders nothing: a form without errors has no summary.
  { name: 'no errors', props: { title: '入力内容を確認してください', errors: [] } },
];
