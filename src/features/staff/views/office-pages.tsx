/** Back-office pages for approvals, closures (with the bookings they affect) and the audit log. */
import type { FieldError } from '../../../lib/errors.ts';
import { dateLabel } from '../../../lib/format.ts';
import type { Lang, Translate } from '../../../lib/i18n.ts';
import { CsrfField, ErrorSummary, Notice, Select, TextInput } from '../../../ui/components.tsx';
import { CLOSURE_REASONS, closureReasonLabels, type Room } from '../../facility/facility.ts';

/** A pending 多目的利用者登録 application: who applied, how to reach them, and since when. */
export interface PendingApplication {
  id: string;
  name: string;
  nameKana: string;
  number: string;
  phone: string;
  requestedAt: string | null;
}

/** A live booking a closure falls on, with what the clerk needs to call the booker. */
export interface AffectedBooking {
  id: string;
  number: string;
  date: string;
  roomName: string;
  purpose: string;
  bookerName: string | null;
  bookerPhone: string | null;
}

export interface AuditEntry {
  at: string;
  actorName: string | null;
  action: string;
  targetType: string;
  targetId: string;
  facilityId: string | null;
  reason: string | null;
}

export function ApprovalsPage(props: {
  t: Translate;
  applications: PendingApplication[];
  csrf: string | undefined;
  defaultExpiry: string;
  notice?: string | undefined;
}) {
  const { t } = props;
  return (
    <>
      <h1>{t('approvalsTitle')}</h1>
      {props.notice ? <Notice>{props.notice}</Notice> : null}
      {props.applications.length === 0 ? <p>{t('approvalsNone')}</p> : null}
      {props.applications.map((a) => (
        <section class="card" aria-labelledby={`app-${a.id}`}>
          <h2 id={`app-${a.id}`}>
            {a.name}（{a.nameKana}）
          </h2>
          <p class="meta">
            {t('userNumber')} {a.number} · {t('phone')} {a.phone} · {t('approvalsRequestedAt')} {(a.requestedAt ?? '').slice(0, 10)}
          </p>
          <form method="post" action={`/staff/approvals/${a.id}`} novalidate>
            <CsrfField token={props.csrf} />
            <input type="hidden" name="decision" value="approve" />
            <TextInput name="expiresOn" id={`expires-${a.id}`} type="date" label={t('approvalsExpiresOn')} value={props.defaultExpiry} />
            <button type="submit" class="button">
              {t('approvalsApprove')}
            </button>
          </form>
          <form method="post" action={`/staff/approvals/${a.id}`} novalidate>
            <CsrfField token={props.csrf} />
            <input type="hidden" name="decision" value="reject" />
            <TextInput name="reason" id={`reason-${a.id}`} label={t('approvalsReason')} width="l" />
            <button type="submit" class="button button--secondary">
              {t('approvalsReject')}
            </button>
          </form>
        </section>
      ))}
    </>
  );
}

export function ClosurePage(props: {
  t: Translate;
  lang: Lang;
  facility: { id: string; name: string };
  rooms: readonly Room[];
  values: Record<string, string>;
  errors: FieldError[];
  csrf: string | undefined;
  affected?: AffectedBooking[] | undefined;
  notice?: string | undefined;
}) {
  const { t, lang, values, errors } = props;
  const err = (f: string) => errors.find((e) => e.field === f)?.message;
  return (
    <>
      <h1>
        {props.facility.name} {t('closureTitle')}
      </h1>
      {props.notice ? <Notice>{props.notice}</Notice> : null}
      {props.affected ? (
        <section aria-labelledby="affected-title">
          <h2 id="affected-title">{t('closureAffected')}</h2>
          {props.affected.length === 0 ? (
            <p>{t('closureNoneAffected')}</p>
          ) : (
            <>
              <p>{t('closureAffectedLead', { count: props.affected.length })}</p>
              <ul class="results">
                {props.affected.map((a) => (
                  <li>
                    <strong>
                      {dateLabel(a.date, lang)} {a.roomName}
                    </strong>{' '}
                    · {a.number} · {a.purpose}
                    <br />
                    {a.bookerName ?? t('staffWalkIn')} {a.bookerPhone ? `· ${t('phone')} ${a.bookerPhone}` : ''}
                    <form method="post" action={`/staff/reservations/${a.id}/cancel`} class="inline-form">
                      <CsrfField token={props.csrf} />
                      <input type="hidden" name="reason" value={values.cancelReason ?? ''} />
                      <input type="hidden" name="back" value={`/staff/facilities/${props.facility.id}/closures`} />{' '}
                      <button type="submit" class="link-button">
                        {t('closureCancelWithNotice')}
                        <span class="visually-hidden">: {a.number}</span>
                      </button>
                    </form>
                  </li>
                ))}
              </ul>
            </>
          )}
        </section>
      ) : null}
      <h2>{t('closureNew')}</h2>
      <ErrorSummary title={t('errorSummaryTitle')} errors={errors} />
      <form method="post" action={`/staff/facilities/${props.facility.id}/closures`} novalidate>
        <CsrfField token={props.csrf} />
        <Select
          name="roomId"
          label={t('closureScope')}
          value={values.roomId}
          errorMessage={err('roomId')}
          options={[{ value: '', label: t('closureWholeFacility') }, ...props.rooms.map((r) => ({ value: r.id, label: r.name }))]}
        />
        <TextInput name="startsOn" type="date" label={t('closureFrom')} value={values.startsOn} errorMessage={err('startsOn')} required />
        <TextInput name="endsOn" type="date" label={t('closureTo')} value={values.endsOn} errorMessage={err('endsOn')} required />
        <Select
          name="reason"
          label={t('closureReason')}
          value={values.reason}
          errorMessage={err('reason')}
          options={CLOSURE_REASONS.map((r) => ({ value: r, label: closureReasonLabels[r][lang] }))}
        />
        <TextInput name="note" label={t('closureNote')} value={values.note} errorMessage={err('note')} width="l" />
        <button type="submit" class="button">
          {t('closureSubmit')}
        </button>
      </form>
    </>
  );
}

export function AuditPage(props: { t: Translate; entries: AuditEntry[]; action: string }) {
  const { t } = props;
  return (
    <>
      <h1>{t('auditTitle')}</h1>
      <form method="get" action="/staff/audit">
        <TextInput name="action" label={t('auditFilterAction')} hint={t('auditFilterHint')} value={props.action} />
        <button type="submit" class="button button--secondary">
          {t('staffShow')}
        </button>
      </form>
      <div class="scroll">
        <table class="table">
          <caption class="visually-hidden">{t('auditTitle')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('auditAt')}</th>
              <th scope="col">{t('auditActor')}</th>
              <th scope="col">{t('auditAction')}</th>
              <th scope="col">{t('auditTarget')}</th>
              <th scope="col">{t('auditReason')}</th>
            </tr>
          </thead>
          <tbody>
            {props.entries.map((e) => (
              <tr>
                <td>{e.at.replace('T', ' ').slice(0, 19)}</td>
                <td>{e.actorName}</td>
                <td>{e.action}</td>
                <td>
                  {e.targetType} {e.targetId}
                  {e.facilityId ? ` (${e.facilityId})` : ''}
                </td>
                <td>{e.reason ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
