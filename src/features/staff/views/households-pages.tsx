/** Back-office household pages: find, register at the front desk, one household with its people. */
import type { FieldError } from '../../../lib/errors.ts';
import type { Translate } from '../../../lib/i18n.ts';
import type { HouseholdView } from '../../../platform/household/household.ts';
import { AddressFields } from '../../../ui/components/address-fields.tsx';
import { errorOf, type Values } from '../../../ui/components/form-values.ts';
import { type HanChoice, hanOptions } from '../../../ui/components/han-options.ts';
import { HouseholdSummary } from '../../../ui/components/household-summary.tsx';
import { MoveOutForm } from '../../../ui/components/move-out-form.tsx';
import { PersonFields } from '../../../ui/components/person-fields.tsx';
import { ErrorSummary, Notice, Radios, Select, TextInput } from '../../../ui/components.tsx';

export interface FoundHousehold {
  id: string;
  addressLine: string;
  wardName: string;
  status: string;
  peopleCount: number;
}

export function HouseholdSearchPage(props: {
  t: Translate;
  q: string;
  found: FoundHousehold[] | undefined;
  wards: { id: string; name: string }[];
  frontDeskResident: { id: string; number: string } | undefined;
  errors: FieldError[];
}) {
  const { t } = props;
  return (
    <>
      <h1>{t('staffHouseholdsTitle')}</h1>
      <ErrorSummary title={t('errorSummaryTitle')} errors={props.errors} />
      <form method="get" action="/staff/households">
        <TextInput
          name="q"
          label={t('staffHouseholdsSearch')}
          hint={t('staffHouseholdsSearchHint')}
          width="l"
          value={props.q}
          errorMessage={errorOf(props.errors, 'q')}
        />
        <button type="submit" class="button">
          {t('staffHouseholdsSearchButton')}
        </button>
      </form>
      {props.found && props.found.length === 0 ? <p>{t('staffHouseholdsNone')}</p> : null}
      {props.found && props.found.length > 0 ? (
        <ul>
          {props.found.map((h) => (
            <li>
              <a href={`/staff/households/${h.id}`}>
                {h.wardName} {h.addressLine}
              </a>
              （{t('staffHouseholdsPeopleCount')} {h.peopleCount} ·{' '}
              {h.status === 'active' ? t('householdActive') : t('householdMovedOut', { date: '' })}）
            </li>
          ))}
        </ul>
      ) : null}
      {props.frontDeskResident ? (
        <p>
          <a href={`/staff/residents/${props.frontDeskResident.id}/delete`}>
            {t('staffHouseholdsDeleteResident')}（{props.frontDeskResident.number}）
          </a>
        </p>
      ) : null}
      <h2>{t('staffHouseholdsRegister')}</h2>
      <p>{t('staffHouseholdsRegisterLead')}</p>
      <p>{t('staffHouseholdsChooseWard')}:</p>
      <ul>
        {props.wards.map((w) => (
          <li>
            <a href={`/staff/households/new?ward=${w.id}`}>{w.name}</a>
          </li>
        ))}
      </ul>
    </>
  );
}

export function HouseholdRegisterPage(props: {
  t: Translate;
  wards: { id: string; name: string }[];
  han: HanChoice[];
  values: Values;
  errors: FieldError[];
}) {
  const { t } = props;
  return (
    <>
      <h1>{t('staffHouseholdsRegister')}</h1>
      <ErrorSummary title={t('errorSummaryTitle')} errors={props.errors} />
      <p>{t('staffHouseholdsRegisterLead')}</p>
      <form method="post" action="/staff/households" novalidate>
        <AddressFields t={t} wards={props.wards} values={props.values} errors={props.errors} />
        <Select
          name="hanId"
          label={t('householdHan')}
          hint={t('householdHanHint')}
          value={props.values.hanId}
          errorMessage={errorOf(props.errors, 'hanId')}
          options={hanOptions(t, props.han)}
        />
        <h2>{t('staffHouseholdsFirstPerson')}</h2>
        <PersonFields t={t} values={props.values} errors={props.errors} withNumber={true} />
        <button type="submit" class="button">
          {t('householdCreate')}
        </button>
      </form>
    </>
  );
}

export function StaffHouseholdPage(props: {
  t: Translate;
  view: HouseholdView;
  values: Values;
  errors: FieldError[];
  notice?: string | undefined;
}) {
  const { t, view } = props;
  const active = view.status === 'active';
  return (
    <>
      <h1>{t('householdTitle')}</h1>
      {props.notice ? <Notice>{props.notice}</Notice> : null}
      <ErrorSummary title={t('errorSummaryTitle')} errors={props.errors} />
      <HouseholdSummary
        t={t}
        view={view}
        personAction={(p) =>
          active ? (
            <form method="post" action={`/staff/households/${view.id}/people/${p.id}/remove`} class="inline-form">
              {' '}
              <button type="submit" class="link-button">
                {t('householdRemove')}
                <span class="visually-hidden">: {p.name}</span>
              </button>
            </form>
          ) : null
        }
      />
      {active ? (
        <>
          <h2>{t('householdAddPerson')}</h2>
          <form method="post" action={`/staff/households/${view.id}/people`} novalidate>
            <PersonFields t={t} values={props.values} errors={props.errors} withNumber={true} />
            <button type="submit" class="button button--secondary">
              {t('householdAdd')}
            </button>
          </form>
          <h2>{t('householdMoveOut')}</h2>
          <p>{t('householdMoveOutLead')}</p>
          <MoveOutForm t={t} action={`/staff/households/${view.id}/move-out`} values={props.values} errors={props.errors} />
        </>
      ) : null}
      <p>
        <a href="/staff/households">{t('staffHouseholdsTitle')}</a>
      </p>
    </>
  );
}

export function CounterDeletePage(props: {
  t: Translate;
  resident: { id: string; name: string; number: string };
  values: Values;
  errors: FieldError[];
}) {
  const { t, resident } = props;
  return (
    <>
      <h1>{t('staffDeleteTitle')}</h1>
      <ErrorSummary title={t('errorSummaryTitle')} errors={props.errors} />
      <p>
        {resident.name}（{resident.number}）
      </p>
      <p>{t('staffDeleteLead')}</p>
      <ul>
        <li>{t('accountDeleteBookings')}</li>
        <li>{t('accountDeleteLottery')}</li>
        <li>{t('accountDeleteData')}</li>
        <li>{t('accountDeleteKept')}</li>
      </ul>
      <form method="post" action={`/staff/residents/${resident.id}/delete`} novalidate>
        <Radios
          name="channel"
          legend={t('staffChannel')}
          required
          value={props.values.channel}
          errorMessage={errorOf(props.errors, 'channel')}
          options={[
            { value: 'counter', label: t('staffChannelCounter') },
            { value: 'phone', label: t('staffChannelPhone') },
          ]}
        />
        <TextInput
          name="reason"
          label={t('staffDeleteReason')}
          required
          width="l"
          value={props.values.reason}
          errorMessage={errorOf(props.errors, 'reason')}
        />
        <button type="submit" class="button">
          {t('accountDeleteConfirm')}
        </button>
      </form>
    </>
  );
}
