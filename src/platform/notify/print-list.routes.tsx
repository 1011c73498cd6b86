/**
 * /staff/print-list: the paper deliveries a staff member is responsible for (policy.paperReach: a
 * facility's desk for messages about it, the ward's officers and counter clerks for the rest, admins all),
 * printable on A4 as it is. Each is marked handed over with a plain form: who and when are recorded on
 * the delivery and in the audit log, in one transaction.
 */
import { Hono } from 'hono';
import type { AppEnv } from '../../http/env.ts';
import { NotFoundError } from '../../lib/errors.ts';
import { renderPage } from '../../ui/layout.tsx';
import { recordAudit } from '../audit/audit.ts';
import { paperReach, requireStaff } from '../authz/policy.ts';
import { requireLogin } from '../authz/require-login.ts';
import { findPrintItem, listPrintItems, markHandedOver } from './inbox.repository.ts';
import { tokyoStamp } from './inbox.routes.tsx';

const DELIVERY_ID = /^[\w-]{1,80}$/;

export function printListRoutes() {
  const app = new Hono<AppEnv>();
  app.use('/staff/print-list', requireLogin);
  app.use('/staff/print-list/*', requireLogin);

  app.get('/staff/print-list', async (c) => {
    const staff = requireStaff(c.get('actor'));
    const t = c.get('t');
    const items = await listPrintItems(c.get('deps').db, paperReach(staff));
    const notice = c.req.query('notice');
    return renderPage(c, {
      title: t('printListTitle'),
      crumbs: [{ href: '/staff', label: t('navStaff') }, { label: t('printListTitle') }],
      children: (
        <div class="print-list">
          <h1>{t('printListTitle')}</h1>
          <p>{t('printListLead')}</p>
          <p class="no-print">{t('printListPrintHint')}</p>
          {notice === 'handed' ? (
            <p class="notice" role="status">
              {t('printListHandedOver')}
            </p>
          ) : null}
          {notice === 'already' ? (
            <p class="notice" role="status">
              {t('errPrintItemDone')}
            </p>
          ) : null}
          {items.length === 0 ? (
            <p>{t('printListEmpty')}</p>
          ) : (
            <table class="print-list__table">
              <caption>{t('printListCaption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('printListRecipient')}</th>
                  <th scope="col">{t('printListContact')}</th>
                  <th scope="col">{t('printListMessage')}</th>
                  <th scope="col">{t('printListQueued')}</th>
                  <th scope="col" class="no-print">
                    {t('printListAction')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {items.map((item) => (
                  <tr class="print-list__item">
                    <td>
                      {item.name} 様<br />
                      {item.number}
                    </td>
                    <td>
                      {item.postcode ? `〒${item.postcode} ` : ''}
                      {item.address_line ?? ''}
                      <br />
                      {item.phone}
                    </td>
                    <td>
                      <strong>{item.subject}</strong>
                      <pre class="mail-body">{item.body_text}</pre>
                    </td>
                    <td>{tokyoStamp(item.created_at)}</td>
                    <td class="no-print">
                      <form method="post" action={`/staff/print-list/${item.id}/handed-over`}>
                        <button type="submit" class="button" aria-label={`${t('printListHandOver')}: ${item.name} ${item.subject}`}>
                          {t('printListHandOver')}
                        </button>
                      </form>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
      ),
    });
  });

  app.post('/staff/print-list/:id/handed-over', async (c) => {
    const staff = requireStaff(c.get('actor'));
    const { db, clock } = c.get('deps');
    const id = c.req.param('id');
    const item = DELIVERY_ID.test(id) ? await findPrintItem(db, paperReach(staff), id) : undefined;
    if (!item) throw new NotFoundError('page'); // someone else's list looks like no item at all
    const now = clock.now();
    const done = await db.transaction().execute(async (trx) => {
      if (!(await markHandedOver(trx, id, staff.id, now.toISOString()))) return false;
      await recordAudit(trx, now, {
        actorId: staff.id,
        action: 'notify.paper_handed_over',
        targetType: 'notify_delivery',
        targetId: id,
        facilityId: item.facility_id,
        before: { status: 'queued' },
        after: { status: 'handed_over', messageId: item.messageId, userId: item.user_id },
      });
      return true;
    });
    return c.redirect(`/staff/print-list?notice=${done ? 'handed' : 'already'}`, 303);
  });
  return app;
}
