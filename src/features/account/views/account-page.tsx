/** The resident's own page: details, 利用者番号, groups, 多目的利用者登録, API tokens. */
import type { Lang, Translate } from '../../../lib/i18n.ts';
import type { User } from '../../../platform/authz/actor.ts';
import { CsrfField, Notice, TextInput } from '../../../ui/components.tsx';
import { type Group, groupTypeLabels, multipurposeStatusLabels, residencyLabels } from '../account.ts';

export interface TokenSummary {
  id: string;
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
}

/** An open invitation into a group, from whom and since when. */
export interface InvitationSummary {
  id: string;
  groupName: string;
  invitedByName: string;
  createdAt: string;
}

export function AccountPage(props: {
  t: Translate;
  lang: Lang;
  user: User;
  groups: (Group & { role: string })[];
  invitations: InvitationSummary[];
  tokens: TokenSummary[];
  csrf: string | undefined;
  notice?: string | undefined;
  newToken?: string | undefined;
}) {
  const { t, lang, user } = props;
  const status = user.multipurposeStatus;
  return (
    <>
      <h1>{t('accountTitle')}</h1>
      {props.notice ? <Notice>{props.notice}</Notice> : null}
      {props.newToken ? (
        <Notice tone="warn">
          <p>{t('tokenCreated')}</p>
          <p>
            <code class="token">{props.newToken}</code>
          </p>
        </Notice>
      ) : null}
      <dl class="summary-list">
        <dt>{t('userNumber')}</dt>
        <dd>
          <strong>{user.number}</strong>
        </dd>
        <dt>{t('fieldName')}</dt>
        <dd>
          {user.name}（{user.nameKana}）
        </dd>
        <dt>{t('fieldEmail')}</dt>
        <dd>{user.email ?? '—'}</dd>
        <dt>{t('fieldPhone')}</dt>
        <dd>{user.phone}</dd>
        <dt>{t('fieldResidency')}</dt>
        <dd>{residencyLabels[user.residency][lang]}</dd>
      </dl>
      <p>
        <a class="button" href="/my/reservations">
          {t('navMyReservations')}
        </a>
      </p>
      <p>
        <a href="/account/household">{t('householdLink')}</a>
      </p>
      <p>
        <a href="/account/line">{t('lineTitle')}</a>
      </p>

      {props.invitations.length > 0 ? (
        <section aria-labelledby="invitations-title">
          <h2 id="invitations-title">{t('invitationsTitle')}</h2>
          <ul>
            {props.invitations.map((i) => (
              <li>
                <strong>{i.groupName}</strong>（{t('invitationFrom', { name: i.invitedByName })} · {i.createdAt.slice(0, 10)}）
                <form method="post" action={`/account/invitations/${i.id}/accept`} class="inline-form">
                  <CsrfField token={props.csrf} />{' '}
                  <button type="submit" class="button">
                    {t('invitationAccept')}
                    <span class="visually-hidden">: {i.groupName}</span>
                  </button>
                </form>
                <form method="post" action={`/account/invitations/${i.id}/decline`} class="inline-form">
                  <CsrfField token={props.csrf} />{' '}
                  <button type="submit" class="button button--secondary">
                    {t('invitationDecline')}
                    <span class="visually-hidden">: {i.groupName}</span>
                  </button>
                </form>
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      <h2>{t('groupsTitle')}</h2>
      {props.groups.length === 0 ? <p>{t('groupsNone')}</p> : null}
      <ul>
        {props.groups.map((g) => (
          <li>
            <a href={`/groups/${g.id}`}>{g.name}</a>（{groupTypeLabels[g.type][lang]}
            {g.role === 'representative' ? ` · ${t('groupRepresentative')}` : ''}）
          </li>
        ))}
      </ul>
      <p>
        <a href="/groups/new">{t('groupRegisterLink')}</a>
      </p>

      <h2>{t('multipurposeTitle')}</h2>
      <p>{t('multipurposeLead')}</p>
      <p>
        {t('multipurposeStatus')}: <strong>{multipurposeStatusLabels[status][lang]}</strong>
      </p>
      {status === 'none' || status === 'rejected' ? (
        <form method="post" action="/account/multipurpose">
          <CsrfField token={props.csrf} />
          <button type="submit" class="button button--secondary">
            {t('multipurposeApply')}
          </button>
        </form>
      ) : null}

      <h2>{t('tokensTitle')}</h2>
      <p>{t('tokensLead')}</p>
      {props.tokens.length > 0 ? (
        <ul>
          {props.tokens.map((tok) => (
            <li>
              {tok.name}（{t('tokenCreatedAt')} {tok.createdAt.slice(0, 10)}
              {tok.lastUsedAt ? ` · ${t('tokenLastUsed')} ${tok.lastUsedAt.slice(0, 10)}` : ''}）
              <form method="post" action={`/account/tokens/${tok.id}/revoke`} class="inline-form">
                <CsrfField token={props.csrf} />{' '}
                <button type="submit" class="link-button">
                  {t('tokenRevoke')}
                  <span class="visually-hidden">: {tok.name}</span>
                </button>
              </form>
            </li>
          ))}
        </ul>
      ) : null}
      <form method="post" action="/account/tokens" novalidate>
        <CsrfField token={props.csrf} />
        <TextInput name="name" label={t('tokenName')} hint={t('tokenNameHint')} width="l" />
        <button type="submit" class="button button--secondary">
          {t('tokenCreate')}
        </button>
      </form>

      <h2>{t('accountDeleteTitle')}</h2>
      <p>
        <a href="/account/delete">{t('accountDeleteLink')}</a>
      </p>
    </>
  );
}
