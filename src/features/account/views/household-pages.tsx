/** The resident's household pages: start (address), choose (a match or a new household), their household. */
import type { FieldError } from '../../../lib/errors.ts';
import type { Translate } from '../../../lib/i18n.ts';
import type { HouseholdMatch, HouseholdView } from '../../../platform/household/household.ts';
import { AddressFields } from '../../../ui/components/address-fields.tsx';
import { errorOf, type Values } from '../../../ui/components/form-values.ts';
import { type HanChoice, hanOptions } from '../../../ui/components/han-options.ts';
import { HouseholdSummary } from '../../../ui/components/household-summary.tsx';
import { MoveOutForm } from '../../../ui/components/move-out-form.tsx';
import { PersonFields } from '../../../ui/components/person-fields.tsx';
import { ErrorSummary, Notice, Select } from '../../../ui/components.tsx';

/** The address already given, carried to the next step. */
function KeepAddress(props: { values: Values }) {
  return (
    <>
      <input type="hidden" name="wardId" value={props.values.wardId ?? ''} />
      <input type="hidden" name="addressLine" value={props.values.addressLine ?? ''} />
      <input type="hidden" name="postcode" value={props.values.postcode ?? ''} />
    </>
  );
}

export function HouseholdStartPage(props: { t: Translate; wards: { id: string; name: string }[]; values: Values; errors: FieldError[] }) {
  const { t } = props;
  return (
    <>
      <h1>{t('householdTitle')}</h1>
      <ErrorSummary title={t('errorSummaryTitle')} errors={props.errors} />
      <p>{t('householdLead')}</p>
      <p>{t('householdNone')}</p>
      <form method="post" action="/account/household/start" novalidate>
        <AddressFields t={t} wards={props.wards} values={props.values} errors={props.errors} />
        <button type="submit" class="button">
          {t('householdNext')}
        </button>
      </form>
    </>
  );
}

export function HouseholdChoosePage(props: {
  t: Translate;
  matches: HouseholdMatch[];
  han: HanChoice[];
  wardName: string;
  values: Values;
  errors: FieldError[];
}) {
  const { t, values } = props;
  return (
    <>
      <h1>{props.matches.length > 0 ? t('householdMatchTitle') : t('householdCreateTitle')}</h1>
      <ErrorSummary title={t('errorSummaryTitle')} errors={props.errors} />
      {props.matches.length > 0 ? (
        <section aria-labelledby="matches-title">
          <h2 id="matches-title" class="visually-hidden">
            {t('householdMatchTitle')}
          </h2>
          <p>{t('householdMatchLead')}</p>
          <ul>
            {props.matches.map((m) => (
              <li>
                {props.wardName} {m.addressLine}（{t('householdMatchPeople', { count: m.peopleCount })}）
                <form method="post" action="/account/household/join" class="inline-form">
                  <KeepAddress values={values} />
                  <input type="hidden" name="householdId" value={m.id} />{' '}
                  <button type="submit" class="button">
                    {t('householdJoin')}
                  </button>
                </form>
              </li>
            ))}
          </ul>
          <h2>{t('householdCreateInstead')}</h2>
        </section>
      ) : null}
      <form method="post" action="/account/household" novalidate>
        <KeepAddress values={values} />
        <p>
          {props.wardName} {values.addressLine}
        </p>
        <Select
          name="hanId"
          label={t('householdHan')}
          hint={t('householdHanHint')}
          value={values.hanId}
          errorMessage={errorOf(props.errors, 'hanId')}
          options={hanOptions(t, props.han)}
        />
        <button type="submit" class="button">
          {t('householdCreate')}
        </button>
      </form>
    </>
  );
}

export function HouseholdPage(props: {
  t: Translate;
  view: HouseholdView;
  values: Values;
  errors: FieldError[];
  notice?: string | undefined;
}) {
  const { t, view } = props;
  return (
    <>
      <h1>{t('householdTitle')}</h1>
      {props.notice ? <Notice>{props.notice}</Notice> : null}
      <ErrorSummary title={t('errorSummaryTitle')} errors={props.errors} />
      <HouseholdSummary t={t} view={view} />
      <p>
        {view.associationId ? (
          <a href={`/associations/${view.associationId}`}>{view.associationName ?? view.associationId}</a>
        ) : (
          <a href="/associations/join">{t('assocJoinLink')}</a>
        )}
      </p>
      <h2>{t('householdAddPerson')}</h2>
      <p>{t('householdAddPersonLead')}</p>
      <form method="post" action="/account/household/people" novalidate>
        <PersonFields t={t} values={props.values} errors={props.errors} withNumber={false} />
        <button type="submit" class="button button--secondary">
          {t('householdAdd')}
        </button>
      </form>
      <h2>{t('householdLeave')}</h2>
      <p>{t('householdLeaveLead')}</p>
      <form method="post" action="/account/household/leave">
        <button type="submit" class="button button--secondary">
          {t('householdLeave')}
        </button>
      </form>
      <h2>{t('householdMoveOut')}</h2>
      <p>{t('householdMoveOutLead')}</p>
      <MoveOutForm t={t} action="/account/household/move-out" values={props.values} errors={props.errors} />
      <p>
        <a href="/account">{t('accountTitle')}</a>
      </p>
    </>
  );
}
