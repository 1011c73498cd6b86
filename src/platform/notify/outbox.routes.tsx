/**
 * /staff/outbox (admins): every email and LINE delivery with its state — queued, sending, sent, failed,
 * skipped — the attempts, why it failed and when it is tried next, filtered by state. No message bodies:
 * a reset link must not be readable by staff (the development page /dev/outbox shows bodies, locally).
 */
import { Hono } from 'hono';
import type { AppEnv } from '../../http/env.ts';
import { isOneOf } from '../../lib/collections.ts';
import { renderPage } from '../../ui/layout.tsx';
import { requireAdmin } from '../authz/policy.ts';
import { requireLogin } from '../authz/require-login.ts';
import { tokyoStamp } from './inbox.routes.tsx';
import { countOutbox, listOutbox, OUTBOX_STATUSES } from './outbox.repository.ts';

export function outboxRoutes() {
  const app = new Hono<AppEnv>();
  app.use('/staff/outbox', requireLogin);

  app.get('/staff/outbox', async (c) => {
    requireAdmin(c.get('actor'));
    const { db } = c.get('deps');
    const t = c.get('t');
    const asked = c.req.query('status') ?? '';
    // An unknown state is no filter at all (never an error page): the form offers only the known ones.
    const status = isOneOf(OUTBOX_STATUSES, asked) ? asked : undefined;
    const [rows, counts] = await Promise.all([listOutbox(db, { status, limit: 200 }), countOutbox(db)]);
    const label = (s: string) => (isOneOf(OUTBOX_STATUSES, s) ? t(`outboxStatus_${s}`) : s);
    return renderPage(c, {
      title: t('outboxAdminTitle'),
      crumbs: [{ href: '/staff', label: t('navStaff') }, { label: t('outboxAdminTitle') }],
      children: (
        <>
          <h1>{t('outboxAdminTitle')}</h1>
          <p>{t('outboxAdminLead')}</p>
          <form method="get" action="/staff/outbox" class="filters">
            <label for="outbox-status">{t('outboxFilterStatus')}</label>
            <select id="outbox-status" name="status">
              <option value="">{t('outboxAll')}</option>
              {OUTBOX_STATUSES.map((s) => (
                <option value={s} selected={s === status}>
                  {label(s)} ({counts[s] ?? 0})
                </option>
              ))}
            </select>
            <button type="submit" class="button">
              {t('outboxShow')}
            </button>
          </form>
          <div class="scroll">
            <table>
              <caption>{t('outboxCaption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('outboxCreated')}</th>
                  <th scope="col">{t('outboxChannel')}</th>
                  <th scope="col">{t('outboxTo')}</th>
                  <th scope="col">{t('outboxKind')}</th>
                  <th scope="col">{t('outboxStatus')}</th>
                  <th scope="col">{t('outboxAttempts')}</th>
                  <th scope="col">{t('outboxWhy')}</th>
                  <th scope="col">{t('outboxSentAt')}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr>
                    <td>{tokyoStamp(r.created_at)}</td>
                    <td>{r.channel}</td>
                    <td>{r.address ?? r.messageAddress ?? r.userNumber ?? ''}</td>
                    <td>
                      {r.kind}
                      <br />
                      {r.subject}
                    </td>
                    <td>{label(r.status)}</td>
                    <td>{Number(r.attempts)}</td>
                    <td>
                      {r.last_error ?? ''}
                      {r.status === 'queued' ? ` → ${tokyoStamp(r.next_attempt_at)}` : ''}
                    </td>
                    <td>{r.sent_at ? tokyoStamp(r.sent_at) : ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      ),
    });
  });
  return app;
}
