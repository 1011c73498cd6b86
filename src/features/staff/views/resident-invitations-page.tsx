/** A clerk answers a resident's group invitations for them, after confirming with them (front desk or phone). */
import type { FieldError } from '../../../lib/errors.ts';
import type { Lang, Translate } from '../../../lib/i18n.ts';
import { Checkboxes, CsrfField, ErrorSummary, Notice, Radios } from '../../../ui/components.tsx';
import { GROUP_TYPES, type GroupType, groupTypeLabels } from '../../account/account.ts';

/** The resident on the line (name and number, to confirm who it is) and their open invitations. */
export interface ResidentInvitationsView {
  resident: { id: string; name: string; nameKana: string; number: string };
  invitations: { id: string; groupName: string; groupType: string; invitedByName: string; createdAt: string }[];
}

export function ResidentInvitationsPage(props: {
  t: Translate;
  lang: Lang;
  view: ResidentInvitationsView;
  /** The room, date and band of the 代理予約 the clerk came from (their scope, and the way back). */
  keep: string;
  values: Record<string, string>;
  errors: FieldError[];
  csrf: string | undefined;
  notice?: string | undefined;
}) {
  const { t, lang, view, values, errors } = props;
  const err = (f: string) => errors.find((e) => e.field === f)?.message;
  const typeLabel = (type: string) => ((GROUP_TYPES as readonly string[]).includes(type) ? groupTypeLabels[type as GroupType][lang] : type);
  const r = view.resident;
  return (
    <>
      <h1>{t('staffInvitationsTitle')}</h1>
      {props.notice ? <Notice>{props.notice}</Notice> : null}
      <ErrorSummary title={t('errorSummaryTitle')} errors={errors} />
      <p>
        {r.name}（{r.nameKana}） · {t('userNumber')} {r.number}
      </p>
      {view.invitations.length === 0 ? (
        <p>{t('staffInvitationsNone')}</p>
      ) : (
        <form method="post" action={`/staff/residents/${r.id}/invitations?${props.keep}`} novalidate>
          <CsrfField token={props.csrf} />
          <p>{t('staffInvitationsLead')}</p>
          <Radios
            name="invitationId"
            legend={t('staffInvitationsWhich')}
            value={values.invitationId ?? (view.invitations.length === 1 ? view.invitations[0]?.id : undefined)}
            errorMessage={err('invitationId') ?? err('answer')}
            options={view.invitations.map((i) => ({
              value: i.id,
              label: `${i.groupName}（${typeLabel(i.groupType)}）`,
              hint: `${t('staffInvitationsFrom')} ${i.invitedByName} · ${i.createdAt.slice(0, 10)}`,
            }))}
            required
          />
          <Radios
            name="channel"
            legend={t('staffChannel')}
            value={values.channel}
            errorMessage={err('channel')}
            options={[
              { value: 'counter', label: t('staffChannelCounter') },
              { value: 'phone', label: t('staffChannelPhone') },
            ]}
            required
          />
          <Checkboxes
            name="confirmed"
            legend={t('staffInvitationsConfirmed')}
            values={values.confirmed === 'yes' ? ['yes'] : []}
            errorMessage={err('confirmed')}
            options={[{ value: 'yes', label: t('staffInvitationsConfirmedLabel') }]}
          />
          <div>
            <button type="submit" name="answer" value="accept" class="button">
              {t('staffInvitationsAccept')}
            </button>{' '}
            <button type="submit" name="answer" value="decline" class="button button--secondary">
              {t('staffInvitationsDecline')}
            </button>
          </div>
        </form>
      )}
      <p>
        <a href={`/staff/book?${props.keep}&resident=${r.id}`}>{t('staffInvitationsBack')}</a>
      </p>
    </>
  );
}
