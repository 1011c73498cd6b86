/** Groups waiting for staff to verify the type that gives them a 減免. */
import type { FieldError } from '../../../lib/errors.ts';
import type { Lang, Translate } from '../../../lib/i18n.ts';
import { CsrfField, ErrorSummary, Notice, TextInput } from '../../../ui/components.tsx';
import { GROUP_TYPES, type GroupType, groupTypeLabels } from '../../account/account.ts';

/** A group waiting for verification, with its representative's contact details to check with them. */
export interface PendingGroup {
  id: string;
  name: string;
  type: string;
  memberCount: number;
  representativeName: string;
  representativeNumber: string;
  representativePhone: string;
  requestedAt: string | null;
}

export function GroupVerificationPage(props: {
  t: Translate;
  lang: Lang;
  groups: PendingGroup[];
  csrf: string | undefined;
  errors: FieldError[];
  notice?: string | undefined;
}) {
  const { t, lang } = props;
  const typeLabel = (type: string) => ((GROUP_TYPES as readonly string[]).includes(type) ? groupTypeLabels[type as GroupType][lang] : type);
  return (
    <>
      <h1>{t('groupVerifyTitle')}</h1>
      <p>{t('groupVerifyLead')}</p>
      {props.notice ? <Notice>{props.notice}</Notice> : null}
      <ErrorSummary title={t('errorSummaryTitle')} errors={props.errors} />
      {props.groups.length === 0 ? <p>{t('groupVerifyNone')}</p> : null}
      {props.groups.map((g) => (
        <section class="card" aria-labelledby={`grp-${g.id}`}>
          <h2 id={`grp-${g.id}`}>{g.name}</h2>
          <p class="meta">
            {typeLabel(g.type)} · {t('groupMemberCount')} {g.memberCount} · {t('groupRepresentative')} {g.representativeName}（
            {t('userNumber')} {g.representativeNumber} · {t('phone')} {g.representativePhone}） · {t('approvalsRequestedAt')}{' '}
            {(g.requestedAt ?? '').slice(0, 10)}
          </p>
          <form method="post" action={`/staff/groups/${g.id}`} novalidate>
            <CsrfField token={props.csrf} />
            <input type="hidden" name="decision" value="verify" />
            <button type="submit" class="button">
              {t('groupVerifyApprove')}
              <span class="visually-hidden">: {g.name}</span>
            </button>
          </form>
          <form method="post" action={`/staff/groups/${g.id}`} novalidate>
            <CsrfField token={props.csrf} />
            <input type="hidden" name="decision" value="refuse" />
            <TextInput name="reason" id={`reason-${g.id}`} label={t('approvalsReason')} width="l" />
            <button type="submit" class="button button--secondary">
              {t('groupVerifyRefuse')}
              <span class="visually-hidden">: {g.name}</span>
            </button>
          </form>
        </section>
      ))}
    </>
  );
}
