/** The form that records a household's move out (転出): date and reason, posted to the page's action. */
import type { FieldError } from '../../lib/errors.ts';
import type { Translate } from '../../lib/i18n.ts';
import type { Example } from './example.ts';
import { errorOf, type Values } from './form-values.ts';
import { TextInput } from './text-input.tsx';

export function MoveOutForm(props: { t: Translate; action: string; values: Values; errors: readonly FieldError[] }) {
  const { t } = props;
  return (
    <form method="post" action={props.action} novalidate>
      <TextInput
        name="on"
        label={t('householdMoveOutOn')}
        hint={t('householdMoveOutOnHint')}
        inputmode="numeric"
        width="s"
        value={props.values.on}
        errorMessage={errorOf(props.errors, 'on')}
      />
      <TextInput
        name="reason"
        label={t('householdMoveOutReason')}
        width="l"
        value={props.values.reason}
        errorMessage={errorOf(props.errors, 'reason')}
      />
      <button type="submit" class="button button--secondary">
        {t('householdMoveOut')}
      </button>
    </form>
  );
}

/** Without `t`: the page passes its own (see catalogue.tsx). One example, as the field ids are fixed. */
export const examples: Example<Omit<Parameters<typeof MoveOutForm>[0], 't'>>[] = [
  {
    name: 'with an error',
    props: {
      action: '#move-out',
      values: { on: '2026-02-30', reason: '' },
      errors: [{ field: 'on', message: '日付が正しくありません。' }],
    },
  },
];
