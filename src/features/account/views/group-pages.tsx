/** Registering a group (団体登録) and a group's member list. */
import type { FieldError } from '../../../lib/errors.ts';
import type { Lang, Translate } from '../../../lib/i18n.ts';
import { CsrfField, ErrorSummary, Notice, Radios, TextInput } from '../../../ui/components.tsx';
import { GROUP_TYPES, type Group, groupTypeLabels } from '../account.ts';
import type { FormValues } from './auth-pages.tsx';

export function GroupNewPage(props: { t: Translate; lang: Lang; values: FormValues; errors: FieldError[]; csrf: string | undefined }) {
  const { t, lang, values, errors } = props;
  const err = (f: string) => errors.find((e) => e.field === f)?.message;
  return (
    <>
      <h1>{t('groupNewTitle')}</h1>
      <p>{t('groupNewLead')}</p>
      <ErrorSummary title={t('errorSummaryTitle')} errors={errors} />
      <form method="post" action="/groups" novalidate>
        <CsrfField token={props.csrf} />
        <TextInput name="name" label={t('groupName')} value={values.name} errorMessage={err('name')} width="l" required />
        <Radios
          name="type"
          legend={t('groupType')}
          value={values.type}
          errorMessage={err('type')}
          options={GROUP_TYPES.map((g) => ({ value: g, label: groupTypeLabels[g][lang] }))}
          required
        />
        <TextInput
          name="memberCount"
          inputmode="numeric"
          width="s"
          label={t('groupMemberCount')}
          value={values.memberCount}
          errorMessage={err('memberCount')}
          required
        />
        <button type="submit" class="button">
          {t('groupSubmit')}
        </button>
      </form>
    </>
  );
}

export function GroupPage(props: {
  t: Translate;
  lang: Lang;
  group: Group;
  members: { id: string; name: string; number: string; role: string }[];
  isRepresentative: boolean;
  csrf: string | undefined;
  errors: FieldError[];
  notice?: string | undefined;
}) {
  const { t, lang, group } = props;
  return (
    <>
      <h1>{group.name}</h1>
      {props.notice ? <Notice>{props.notice}</Notice> : null}
      <p>
        {groupTypeLabels[group.type][lang]} · {t('groupMemberCount')} {group.memberCount}
      </p>
      <h2>{t('groupMembers')}</h2>
      <ul>
        {props.members.map((m) => (
          <li>
            {m.name}
            {m.role === 'representative' ? `（${t('groupRepresentative')}）` : ''}
          </li>
        ))}
      </ul>
      {props.isRepresentative ? (
        <>
          <h2>{t('groupAddMember')}</h2>
          <ErrorSummary title={t('errorSummaryTitle')} errors={props.errors} />
          <form method="post" action={`/groups/${group.id}/members`} novalidate>
            <CsrfField token={props.csrf} />
            <TextInput
              name="number"
              inputmode="numeric"
              width="s"
              label={t('userNumber')}
              hint={t('groupAddMemberHint')}
              errorMessage={props.errors.find((e) => e.field === 'number')?.message}
              required
            />
            <button type="submit" class="button button--secondary">
              {t('groupAddMemberSubmit')}
            </button>
          </form>
        </>
      ) : null}
    </>
  );
}
