/**
 * Form pieces and the summary of a household, shared by the resident's household pages (account) and
 * the counter's (staff): the same fields and labels wherever a household is entered.
 */
import type { FieldError } from '../lib/errors.ts';
import type { Translate } from '../lib/i18n.ts';
import type { HouseholdView } from '../platform/household/household.ts';
import { Notice, Select, TextInput } from './components.tsx';

export type Values = Record<string, string | undefined>;
export const errorOf = (errors: readonly FieldError[], field: string) => errors.find((e) => e.field === field)?.message;

export interface HanChoice {
  han_id: string;
  han_name: string;
  association_name: string;
}

export function hanOptions(t: Translate, han: readonly HanChoice[]) {
  return [
    { value: '', label: t('householdHanNone') },
    ...han.map((h) => ({ value: h.han_id, label: `${h.association_name} ${h.han_name}` })),
  ];
}

/** Ward, address and postcode: the fields every household form starts with. */
export function AddressFields(props: {
  t: Translate;
  wards: { id: string; name: string }[];
  values: Values;
  errors: readonly FieldError[];
}) {
  const { t, values, errors } = props;
  return (
    <>
      <Select
        name="wardId"
        label={t('householdWard')}
        required
        value={values.wardId}
        errorMessage={errorOf(errors, 'wardId')}
        options={[{ value: '', label: '—' }, ...props.wards.map((w) => ({ value: w.id, label: w.name }))]}
      />
      <TextInput
        name="addressLine"
        label={t('householdAddress')}
        hint={t('householdAddressHint')}
        required
        width="l"
        autocomplete="street-address"
        value={values.addressLine}
        errorMessage={errorOf(errors, 'addressLine')}
      />
      <TextInput
        name="postcode"
        label={t('householdPostcode')}
        width="s"
        inputmode="numeric"
        autocomplete="postal-code"
        value={values.postcode}
        errorMessage={errorOf(errors, 'postcode')}
      />
    </>
  );
}

/** The household's details and people, as its people, staff and officers see them. */
export function HouseholdSummary(props: { t: Translate; view: HouseholdView }) {
  const { t, view } = props;
  return (
    <>
      <dl class="summary-list">
        <dt>{t('householdAddress')}</dt>
        <dd>
          {view.postcode ? `〒${view.postcode} ` : ''}
          {view.wardName} {view.addressLine}
        </dd>
        <dt>{t('householdAssociation')}</dt>
        <dd>{view.associationName ?? t('householdNotSet')}</dd>
        <dt>{t('householdHanLabel')}</dt>
        <dd>{view.hanName ?? t('householdNotSet')}</dd>
        <dt>{t('householdStatusLabel')}</dt>
        <dd>{view.status === 'active' ? t('householdActive') : t('householdMovedOut', { date: view.movedOutOn ?? '' })}</dd>
      </dl>
      {view.paperOnly ? <Notice tone="info">{t('householdPaperOnly')}</Notice> : null}
    </>
  );
}

export function PersonFields(props: { t: Translate; values: Values; errors: FieldError[]; withNumber: boolean }) {
  const { t, values, errors } = props;
  return (
    <>
      <TextInput name="name" label={t('householdPersonName')} required value={values.name} errorMessage={errorOf(errors, 'name')} />
      <TextInput
        name="nameKana"
        label={t('householdPersonKana')}
        required
        value={values.nameKana}
        errorMessage={errorOf(errors, 'nameKana')}
      />
      <TextInput
        name="phone"
        type="tel"
        inputmode="tel"
        label={t('householdPersonPhone')}
        value={values.phone}
        errorMessage={errorOf(errors, 'phone')}
      />
      {props.withNumber ? (
        <TextInput
          name="userNumber"
          inputmode="numeric"
          width="s"
          label={t('householdPersonNumber')}
          hint={t('householdPersonNumberHint')}
          value={values.userNumber}
          errorMessage={errorOf(errors, 'userNumber')}
        />
      ) : null}
    </>
  );
}

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
