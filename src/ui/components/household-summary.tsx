/** The household's details and people, as its people, staff and officers see them (account and staff pages; staff add an action per person). */
import type { Child } from 'hono/jsx';
import type { Translate } from '../../lib/i18n.ts';
import type { HouseholdView } from '../../platform/household/household.ts';
import type { Example } from './example.ts';
import { Notice } from './notice.tsx';

type Person = HouseholdView['people'][number];

/** `personAction`: what follows a person's line (staff: the remove button), nothing by default. */
export function HouseholdSummary(props: { t: Translate; view: HouseholdView; personAction?: (person: Person) => Child }) {
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
      <h2>{t('householdPeople')}</h2>
      <ul>
        {view.people.map((p) => (
          <li>
            {p.name}（{p.nameKana}） · {p.userId ? t('householdPersonWithAccount') : t('householdPersonPaper')}
            {props.personAction?.(p)}
          </li>
        ))}
      </ul>
    </>
  );
}

const household: HouseholdView = {
  id: 'hh_example',
  addressLine: '戸畑区中本町1-1',
  postcode: '804-0001',
  wardId: 'tobata',
  wardName: '戸畑区',
  associationId: 'as_example',
  associationName: '中本町自治会',
  hanId: 'han_example',
  hanName: '3班',
  status: 'active',
  movedOutOn: null,
  channel: 'web',
  createdAt: '2026-01-05T09:00:00.000Z',
  people: [{ id: 'hp_example', name: '北九 太郎', nameKana: 'きたきゅう たろう', userId: 'us_example', phone: null }],
  paperOnly: false,
};

/** Without `t`: the page passes its own (see catalogue.tsx). */
export const examples: Example<Omit<Parameters<typeof HouseholdSummary>[0], 't'>>[] = [
  { name: 'active', props: { view: household } },
  {
    name: 'moved out, reached on paper, no association',
    props: {
      view: {
        ...household,
        postcode: null,
        associationId: null,
        associationName: null,
        hanId: null,
        hanName: null,
        status: 'moved_out',
        movedOutOn: '2026-03-31',
        paperOnly: true,
      },
    },
  },
];
