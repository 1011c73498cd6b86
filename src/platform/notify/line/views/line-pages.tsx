/** The resident's LINE page (/account/line) and the admins' quota page (/staff/line). View models only. */
import type { Translate } from '../../../../lib/i18n.ts';
import { toTokyo } from '../../../../lib/time.ts';
import { Notice } from '../../../../ui/components.tsx';
import type { LineQuota } from '../line-quota.ts';

/** "2026-11-24 10:30" in Tokyo time, for an ISO instant. */
export function tokyoMinute(iso: string): string {
  const { date, time } = toTokyo(new Date(iso));
  return `${date} ${time}`;
}

export interface AccountLineView {
  configured: boolean;
  friendUrl: string | undefined;
  linkedAt: string | undefined;
  /** A code just issued: shown once, on the answer to the POST that made it. */
  code: { code: string; expiresAt: string } | undefined;
  /** An earlier code still valid (not shown again: only its hash is kept). */
  codeValidUntil: string | undefined;
  codeMinutes: number;
  notice: string | undefined;
}

export function AccountLinePage(props: { t: Translate; view: AccountLineView }) {
  const { t, view } = props;
  if (!view.configured) {
    return (
      <>
        <h1>{t('lineTitle')}</h1>
        <p>{t('lineOff')}</p>
      </>
    );
  }
  return (
    <>
      <h1>{t('lineTitle')}</h1>
      {view.notice ? <Notice>{view.notice}</Notice> : null}
      <p>{t('lineLead')}</p>
      <p>
        <strong>
          {view.linkedAt ? t('lineLinkedStatus', { date: tokyoMinute(view.linkedAt).slice(0, 10) }) : t('lineUnlinkedStatus')}
        </strong>
      </p>
      {view.linkedAt ? (
        <section aria-labelledby="line-unlink">
          <h2 id="line-unlink">{t('lineUnlinkHeading')}</h2>
          <p>{t('lineUnlinkLead')}</p>
          <form method="post" action="/account/line/unlink">
            <button type="submit" class="button button--secondary">
              {t('lineUnlink')}
            </button>
          </form>
        </section>
      ) : (
        <section aria-labelledby="line-steps">
          <h2 id="line-steps">{t('lineStepsHeading')}</h2>
          <ol>
            <li>
              {t('lineStep1')}
              {view.friendUrl ? (
                <>
                  {' '}
                  <a href={view.friendUrl}>{t('lineStep1Link')}</a>
                </>
              ) : null}
            </li>
            <li>{t('lineStep2')}</li>
            <li>{t('lineStep3')}</li>
          </ol>
          <p>{t('lineCodeNote', { minutes: view.codeMinutes })}</p>
          {view.code ? (
            <section class="card" aria-labelledby="line-code">
              <h3 id="line-code">{t('lineCodeHeading')}</h3>
              <p class="line-code">{view.code.code}</p>
              <p>{t('lineCodeValidUntil', { time: tokyoMinute(view.code.expiresAt) })}</p>
            </section>
          ) : view.codeValidUntil ? (
            <p>{t('lineCodePending', { time: tokyoMinute(view.codeValidUntil) })}</p>
          ) : null}
          <form method="post" action="/account/line/code">
            <button type="submit" class="button">
              {view.code || view.codeValidUntil ? t('lineNewCode') : t('lineShowCode')}
            </button>
          </form>
        </section>
      )}
    </>
  );
}

export interface StaffLineView {
  configured: boolean;
  quota: LineQuota | undefined;
  quotaError: string | undefined;
  linked: number;
  /** Whether one message to every linked person fits; undefined when the quota is unknown. */
  allFit: boolean | undefined;
}

export function StaffLinePage(props: { t: Translate; view: StaffLineView }) {
  const { t, view } = props;
  const count = (n: number | null) => (n === null ? t('lineQuotaNoLimit') : t('lineQuotaCount', { count: n.toLocaleString('ja-JP') }));
  return (
    <>
      <h1>{t('lineStaffTitle')}</h1>
      {!view.configured ? (
        <p>{t('lineOff')}</p>
      ) : (
        <>
          <p>{t('lineStaffLead')}</p>
          {view.quotaError ? <Notice tone="warn">{t('lineQuotaUnreadable', { error: view.quotaError })}</Notice> : null}
          <dl class="summary-list">
            {view.quota ? (
              <>
                <dt>{t('lineQuotaLimit')}</dt>
                <dd>{count(view.quota.limit)}</dd>
                <dt>{t('lineQuotaUsed')}</dt>
                <dd>{count(view.quota.used)}</dd>
                <dt>{t('lineQuotaRemaining')}</dt>
                <dd>{count(view.quota.remaining)}</dd>
              </>
            ) : null}
            <dt>{t('lineLinkedCount')}</dt>
            <dd>{t('lineLinkedPeople', { count: view.linked.toLocaleString('ja-JP') })}</dd>
          </dl>
          {view.allFit === false ? (
            <Notice tone="warn">
              {t('lineAllExceeds', {
                count: view.linked.toLocaleString('ja-JP'),
                remaining: (view.quota?.remaining ?? 0).toLocaleString('ja-JP'),
              })}
            </Notice>
          ) : view.allFit === true ? (
            <p>{t('lineAllFits', { count: view.linked.toLocaleString('ja-JP') })}</p>
          ) : null}
        </>
      )}
    </>
  );
}
