/** The household's details and people, as its people, staff and officers see them (account and staff pages). */
import type { Translate } from '../../lib/i18n.ts';
import type { HouseholdView } from '../../platform/household/household.ts';
import { Notice } from './notice.tsx';

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
