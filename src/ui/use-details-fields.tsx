/**
 * What a booking is for and by whom: purpose, attendees, category and (for a member of groups) the
 * booker. One set of fields for the resident's booking form, the lottery entry form and the desk's proxy
 * booking form; the caller passes the categories (booking's 利用区分, each with its hint).
 */
import type { Translate } from '../lib/i18n.ts';
import { type Option, Radios, TextInput } from './components.tsx';

export function UseDetailsFields(props: {
  t: Translate;
  values: { purpose?: string | undefined; attendees?: string | undefined; category?: string | undefined; groupId?: string | undefined };
  err: (field: string) => string | undefined;
  categories: (Option & { hint?: string })[];
  /** `awaitsVerification`: its type gives a 減免 only once the city has verified it (shown as a hint). */
  groups: { id: string; name: string; awaitsVerification?: boolean }[];
  attendeesHint?: string;
  /**
   * Who types (as in ResidentFields): the resident, by default, is told what each field and category
   * means; a clerk booking for a caller knows, and gets the fields without hints.
   */
  enteredBy?: 'resident' | 'clerk';
}) {
  const { t, values, err } = props;
  const self = props.enteredBy !== 'clerk';
  return (
    <>
      <TextInput
        name="purpose"
        label={t('fieldPurpose')}
        hint={self ? t('fieldPurposeHint') : undefined}
        value={values.purpose}
        errorMessage={err('purpose')}
        width="l"
        required
      />
      <TextInput
        name="attendees"
        inputmode="numeric"
        width="s"
        label={t('fieldAttendees')}
        hint={props.attendeesHint}
        value={values.attendees}
        errorMessage={err('attendees')}
        required
      />
      <Radios
        name="category"
        legend={t('fieldCategory')}
        value={values.category}
        errorMessage={err('category')}
        options={self ? props.categories : props.categories.map(({ value, label }) => ({ value, label }))}
        required
      />
      {props.groups.length > 0 ? (
        <Radios
          name="groupId"
          legend={t('fieldBooker')}
          value={values.groupId ?? ''}
          errorMessage={err('groupId')}
          options={[
            { value: '', label: t('bookAsIndividual') },
            ...props.groups.map((g) => ({
              value: g.id,
              label: g.name,
              ...(g.awaitsVerification ? { hint: t('groupOptionAwaitsVerification') } : {}),
            })),
          ]}
        />
      ) : null}
    </>
  );
}
