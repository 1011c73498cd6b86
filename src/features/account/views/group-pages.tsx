/** Registering a group (団体登録) and a group's page: members, invitations, details, hand-over. */
import type { FieldError } from '../../../lib/errors.ts';
import type { Lang, Translate } from '../../../lib/i18n.ts';
import { CsrfField, ErrorSummary, Notice, Radios, TextInput } from '../../../ui/components.tsx';
import { GROUP_TYPES, type Group, groupTypeLabels } from '../account.ts';
import type { FormValues } from './auth-pages.tsx';

/** Name, type and size of a group: the new-group form and the representative's details form. */
function GroupFields(props: { t: Translate; lang: Lang; values: FormValues; err: (field: string) => string | undefined }) {
  const { t, lang, values, err } = props;
  return (
    <>
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
    </>
  );
}

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
        <GroupFields t={t} lang={lang} values={values} err={err} />
        <button type="submit" class="button">
          {t('groupSubmit')}
        </button>
      </form>
    </>
  );
}

/** The verification state of a group whose type gives a 減免, in plain words. */
export function VerificationNotice(props: { t: Translate; group: Group }) {
  const { t, group } = props;
  if (group.verification === 'pending') return <Notice tone="warn">{t('groupVerificationPending')}</Notice>;
  if (group.verification === 'refused')
    return <Notice tone="warn">{t('groupVerificationRefused', { reason: group.verificationNote ?? '' })}</Notice>;
  if (group.verification === 'verified') return <p>{t('groupVerificationVerified')}</p>;
  return null;
}

export function GroupPage(props: {
  t: Translate;
  lang: Lang;
  group: Group;
  members: { id: string; name: string; number: string; role: string }[];
  invitations: { id: string; name: string; number: string; created_at: string }[];
  isRepresentative: boolean;
  userId: string;
  csrf: string | undefined;
  errors: FieldError[];
  values: FormValues;
  notice?: string | undefined;
}) {
  const { t, lang, group, errors } = props;
  const err = (f: string) => errors.find((e) => e.field === f)?.message;
  const others = props.members.filter((m) => m.id !== props.userId);
  return (
    <>
      <h1>{group.name}</h1>
      {props.notice ? <Notice>{props.notice}</Notice> : null}
      <ErrorSummary title={t('errorSummaryTitle')} errors={errors} />
      <p>
        {groupTypeLabels[group.type][lang]} · {t('groupMemberCount')} {group.memberCount}
      </p>
      <VerificationNotice t={t} group={group} />
      <h2>{t('groupMembers')}</h2>
      <ul>
        {props.members.map((m) => (
          <li>
            {m.name}
            {m.role === 'representative' ? `（${t('groupRepresentative')}）` : ''}
            {props.isRepresentative && m.role !== 'representative' ? (
              <form method="post" action={`/groups/${group.id}/members/${m.id}/remove`} class="inline-form">
                <CsrfField token={props.csrf} />{' '}
                <button type="submit" class="link-button">
                  {t('groupRemoveMember')}
                  <span class="visually-hidden">: {m.name}</span>
                </button>
              </form>
            ) : null}
          </li>
        ))}
      </ul>
      <h2>{t('groupRulesTitle')}</h2>
      <p>{t('groupRulesRepresentative')}</p>
      <p>{t('groupRulesMember')}</p>
      {props.isRepresentative ? (
        <>
          <h2>{t('groupAddMember')}</h2>
          <p>{t('groupInviteLead')}</p>
          <form method="post" action={`/groups/${group.id}/invitations`} novalidate>
            <CsrfField token={props.csrf} />
            <TextInput
              name="number"
              inputmode="numeric"
              width="s"
              label={t('userNumber')}
              hint={t('groupAddMemberHint')}
              errorMessage={err('number')}
              required
            />
            <button type="submit" class="button button--secondary">
              {t('groupAddMemberSubmit')}
            </button>
          </form>
          {props.invitations.length > 0 ? (
            <>
              <h2>{t('groupInvitationsPending')}</h2>
              <ul>
                {props.invitations.map((i) => (
                  <li>
                    {i.name}（{t('userNumber')} {i.number} · {i.created_at.slice(0, 10)}）
                    <form method="post" action={`/groups/${group.id}/invitations/${i.id}/withdraw`} class="inline-form">
                      <CsrfField token={props.csrf} />{' '}
                      <button type="submit" class="link-button">
                        {t('groupInvitationWithdraw')}
                        <span class="visually-hidden">: {i.name}</span>
                      </button>
                    </form>
                  </li>
                ))}
              </ul>
            </>
          ) : null}
          <h2>{t('groupEditTitle')}</h2>
          <form method="post" action={`/groups/${group.id}/details`} novalidate>
            <CsrfField token={props.csrf} />
            <GroupFields
              t={t}
              lang={lang}
              values={{ name: group.name, type: group.type, memberCount: String(group.memberCount), ...props.values }}
              err={err}
            />
            <p class="field__hint">{t('groupEditHint')}</p>
            <button type="submit" class="button button--secondary">
              {t('groupEditSubmit')}
            </button>
          </form>
          {others.length > 0 ? (
            <>
              <h2>{t('groupHandOver')}</h2>
              <form method="post" action={`/groups/${group.id}/hand-over`} novalidate>
                <CsrfField token={props.csrf} />
                <Radios
                  name="memberId"
                  legend={t('groupHandOver')}
                  errorMessage={err('memberId')}
                  options={others.map((m) => ({ value: m.id, label: m.name }))}
                />
                <button type="submit" class="button button--secondary">
                  {t('groupHandOverSubmit')}
                </button>
              </form>
            </>
          ) : null}
        </>
      ) : (
        <form method="post" action={`/groups/${group.id}/leave`}>
          <CsrfField token={props.csrf} />
          <button type="submit" class="button button--secondary">
            {t('groupLeave')}
          </button>
        </form>
      )}
    </>
  );
}
