/**
 * Back-office pages for answering a resident's group invitations on their behalf (rules in
 * resident-invitations.service.ts). Reached from the 代理予約 resident page, so the clerk acts through the
 * room and date they came with: the same scope check as every other action for a resident.
 */
import { type Context, Hono } from 'hono';
import type { AppEnv } from '../../http/env.ts';
import { formOf, parseForm } from '../../http/forms.ts';
import type { FieldError } from '../../lib/errors.ts';
import { requireStaff } from '../../platform/authz/policy.ts';
import { requireLogin } from '../../platform/authz/require-login.ts';
import { renderPage } from '../../ui/layout.tsx';
import { parseId } from '../facility/facility.schema.ts';
import { bookingTarget, keepOf } from './booking-target.ts';
import { answerForResident, residentInvitations } from './resident-invitations.service.ts';
import { residentInvitationForm } from './staff.schema.ts';
import { ResidentInvitationsPage } from './views/resident-invitations-page.tsx';

export function residentInvitationRoutes() {
  const app = new Hono<AppEnv>();

  const page = async (c: Context<AppEnv>, errors: FieldError[], status: 200 | 422, values: Record<string, string> = {}) => {
    const t = c.get('t');
    const staff = requireStaff(c.get('user'));
    const { facility } = await bookingTarget(c, staff, c.req.query('room'), c.req.query('date'));
    const view = await residentInvitations(c.get('deps').db, staff, facility, parseId(c.req.param('id'), 'page'));
    return renderPage(
      c,
      {
        title: errors.length > 0 ? `${t('errorSummaryTitle')}: ${t('staffInvitationsTitle')}` : t('staffInvitationsTitle'),
        crumbs: [{ href: '/staff', label: t('staffTitle') }, { label: t('staffInvitationsTitle') }],
        children: (
          <ResidentInvitationsPage
            t={t}
            lang={c.get('lang')}
            view={view}
            keep={keepOf(c)}
            values={values}
            errors={errors}
            csrf={c.get('csrf')}
            notice={c.req.query('done') ? t('staffInvitationsDone') : undefined}
          />
        ),
      },
      status,
    );
  };

  app.get('/staff/residents/:id/invitations', requireLogin, async (c) => {
    return page(c, [], 200);
  });

  app.post('/staff/residents/:id/invitations', requireLogin, async (c) => {
    const { db, clock, notifier } = c.get('deps');
    const staff = requireStaff(c.get('user'));
    const { facility } = await bookingTarget(c, staff, c.req.query('room'), c.req.query('date'));
    const residentId = parseId(c.req.param('id'), 'page');
    const form = await formOf(c);
    const parsed = parseForm(c, residentInvitationForm, form);
    if (!parsed.ok) return page(c, parsed.errors, 422, form);
    await answerForResident(db, clock, staff, facility, residentId, parsed.data);
    notifier.kick();
    return c.redirect(`/staff/residents/${residentId}/invitations?${keepOf(c)}&done=1`, 303);
  });

  return app;
}
