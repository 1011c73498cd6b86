/** The officers' joining tools (approval, passcodes, waiting joins), a passcode's printed slip, and the resident's join page. */
import { raw } from 'hono/html';
import type { FieldError } from '../../../lib/errors.ts';
import type { Translate } from '../../../lib/i18n.ts';
import { ErrorSummary, Notice, Radios, Select, TextInput } from '../../../ui/components.tsx';
import type { JoiningTools } from '../association.service.ts';
import { formatPasscode, type JoinOutcome } from '../association-join.service.ts';

const errorOf = (errors: FieldError[], field: string) => errors.find((e) => e.field === field)?.message;

export function JoiningToolsPage(props: { t: Translate; tools: JoiningTools; errors: FieldError[]; notice: string | undefined }) {
  const { t, tools, errors } = props;
  const base = `/associations/${tools.association.id}`;
  return (
    <>
      <h1>{t('assocManageTitle', { name: tools.association.name })}</h1>
      <ErrorSummary title={t('errorSummaryTitle')} errors={errors} />
      {props.notice ? <Notice>{props.notice}</Notice> : null}

      <h2>{t('assocApprovalHeading')}</h2>
      <form method="post" action={`${base}/settings`} novalidate>
        <Radios
          name="requiresApproval"
          legend={t('assocApprovalHeading')}
          value={tools.requiresApproval ? 'yes' : 'no'}
          options={[
            { value: 'no', label: t('assocApprovalOff') },
            { value: 'yes', label: t('assocApprovalOn') },
          ]}
          errorMessage={errorOf(errors, 'requiresApproval')}
        />
        <button type="submit" class="button">
          {t('assocApprovalSave')}
        </button>
      </form>

      <h2>{t('assocPending')}</h2>
      {tools.pending.length === 0 ? (
        <p>{t('assocNoPending')}</p>
      ) : (
        <ul id="request">
          {tools.pending.map((r) => (
            <li>
              <p>
                {r.address_line}
                {r.han_name ? `（${r.han_name}）` : ''} — {t('assocRequestedBy')}：{r.requester_name}
              </p>
              <form method="post" action={`${base}/requests/${r.id}/approve`} class="inline-form">
                <button type="submit" class="button">
                  {t('assocApprove')}
                </button>
              </form>
              <form method="post" action={`${base}/requests/${r.id}/decline`} class="inline-form">
                <button type="submit" class="button button--secondary">
                  {t('assocDecline')}
                </button>
              </form>
            </li>
          ))}
        </ul>
      )}

      <h2>{t('assocPasscodes')}</h2>
      <p>{t('assocPasscodeLead')}</p>
      <form method="post" action={`${base}/passcodes`} novalidate>
        <Select
          name="hanId"
          label={t('assocPasscodeTarget')}
          options={[{ value: '', label: t('assocWholeAssociation') }, ...tools.han.map((h) => ({ value: h.id, label: h.name }))]}
          errorMessage={errorOf(errors, 'hanId')}
        />
        <button type="submit" class="button">
          {t('assocPasscodeCreate')}
        </button>
      </form>
      {tools.passcodes.length === 0 ? (
        <p>{t('assocNoPasscodes')}</p>
      ) : (
        <ul>
          {tools.passcodes.map((p) => (
            <li>
              <strong class="passcode-inline">{formatPasscode(p.code)}</strong>　{p.han_name ?? t('assocWholeAssociation')}
              {p.revoked_at ? (
                <>　{t('assocPasscodeRevokedOn', { date: p.revoked_at.slice(0, 10) })}</>
              ) : (
                <>
                  　<a href={`${base}/passcodes/${p.id}/print`}>{t('assocPasscodePrint')}</a>
                  <form method="post" action={`${base}/passcodes/${p.id}/revoke`} class="inline-form">
                    <button type="submit" class="button button--secondary">
                      {t('assocPasscodeRevoke')}
                    </button>
                  </form>
                </>
              )}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

/** The slip an officer prints and hands round: large code, the QR of the join URL, and the URL in words. */
export function PasscodeSlip(props: { t: Translate; name: string; hanName: string | null; code: string; url: string; qrSvg: string }) {
  const { t } = props;
  return (
    <section class="passcode-slip" aria-labelledby="slip-title">
      <h1 id="slip-title">{t('assocPrintTitle', { name: props.hanName ? `${props.name} ${props.hanName}` : props.name })}</h1>
      <p>{t('assocPrintSteps')}</p>
      <h2>{t('assocPrintCode')}</h2>
      <p class="passcode-code">{formatPasscode(props.code)}</p>
      <div class="passcode-qr">{raw(props.qrSvg)}</div>
      <p>
        {t('assocPrintUrl')}：{props.url}
      </p>
    </section>
  );
}

function outcomeText(t: Translate, o: JoinOutcome): string {
  switch (o.kind) {
    case 'joined':
      return o.hanName ? t('assocJoinedHan', { name: o.associationName, han: o.hanName }) : t('assocJoined', { name: o.associationName });
    case 'pending':
      return t('assocJoinPending', { name: o.associationName });
    case 'alreadyPending':
      return t('assocAlreadyPending', { name: o.associationName });
    case 'alreadyMember':
      return t('assocAlreadyMember', { name: o.associationName });
    case 'elsewhere':
      return t('assocElsewhere', { name: o.associationName });
    case 'otherWard':
      return t('assocOtherWard', { name: o.associationName });
    case 'noHousehold':
      return t('assocNoHousehold');
  }
}

export function JoinPage(props: { t: Translate; code: string | undefined; errors: FieldError[]; outcome: JoinOutcome | undefined }) {
  const { t, errors, outcome } = props;
  const done = outcome?.kind === 'joined' || outcome?.kind === 'pending';
  return (
    <>
      <h1>{t('assocJoinTitle')}</h1>
      <ErrorSummary title={t('errorSummaryTitle')} errors={errors} />
      {outcome ? <Notice tone={done ? 'success' : 'warn'}>{outcomeText(t, outcome)}</Notice> : null}
      {outcome?.kind === 'noHousehold' ? (
        <p>
          <a class="button" href="/account/household">
            {t('assocRegisterHousehold')}
          </a>
        </p>
      ) : null}
      {outcome && 'associationId' in outcome ? (
        <p>
          <a href={`/associations/${outcome.associationId}`}>{outcome.associationName}</a>
        </p>
      ) : null}
      {done ? null : (
        <>
          <p>{t('assocJoinLead')}</p>
          <form method="post" action="/associations/join" novalidate>
            <TextInput
              name="code"
              label={t('assocJoinCode')}
              hint={t('assocJoinCodeHint')}
              value={props.code}
              errorMessage={errorOf(errors, 'code')}
              inputmode="numeric"
              autocomplete="off"
              width="m"
            />
            <button type="submit" class="button">
              {t('assocJoinSubmit')}
            </button>
          </form>
        </>
      )}
    </>
  );
}
