/** Back-office pages for verifying groups' types (admins only; see group-verification.service.ts). */
import { type Context, Hono } from 'hono';
import type { AppEnv } from '../../http/env.ts';
import { formOf, parseForm } from '../../http/forms.ts';
import type { FieldError } from '../../lib/errors.ts';
import { requireStaff } from '../../platform/authz/policy.ts';
import { requireLogin } from '../../platform/authz/require-login.ts';
import { renderPage } from '../../ui/layout.tsx';
import { parseId } from '../facility/facility.schema.ts';
import { decideGroupVerification, pendingGroups } from './group-verification.service.ts';
import { groupDecisionForm } from './staff.schema.ts';
import { GroupVerificationPage, type PendingGroup } from './views/group-verification-page.tsx';

const toPendingGroup = (g: Awaited<ReturnType<typeof pendingGroups>>[number]): PendingGroup => ({
  id: g.id,
  name: g.name,
  type: g.type,
  memberCount: g.member_count,
  representativeName: g.representative_name,
  representativeNumber: g.representative_number,
  representativePhone: g.representative_phone,
  requestedAt: g.verification_requested_at,
});

export function groupVerificationRoutes() {
  const app = new Hono<AppEnv>();

  const page = async (c: Context<AppEnv>, errors: FieldError[], status: 200 | 422) => {
    const t = c.get('t');
    const groups = await pendingGroups(c.get('deps').db, requireStaff(c.get('user')));
    return renderPage(
      c,
      {
        title: errors.length > 0 ? `${t('errorSummaryTitle')}: ${t('groupVerifyTitle')}` : t('groupVerifyTitle'),
        crumbs: [{ href: '/staff', label: t('staffTitle') }, { label: t('groupVerifyTitle') }],
        children: (
          <GroupVerificationPage
            t={t}
            lang={c.get('lang')}
            groups={groups.map(toPendingGroup)}
            csrf={c.get('csrf')}
            errors={errors}
            notice={c.req.query('done') ? t('groupVerifyDone') : undefined}
          />
        ),
      },
      status,
    );
  };

  app.get('/staff/groups', requireLogin, async (c) => {
    return page(c, [], 200);
  });

  app.post('/staff/groups/:id', requireLogin, async (c) => {
    const { db, clock, notifier } = c.get('deps');
    const staff = requireStaff(c.get('user'));
    const id = parseId(c.req.param('id'), 'page');
    const parsed = parseForm(c, groupDecisionForm, await formOf(c));
    if (!parsed.ok) {
      await pendingGroups(db, staff); // a clerk gets 403 here, not the form
      return page(
        c,
        parsed.errors.map((e) => ({ field: `reason-${id}`, message: e.field === 'reason' ? c.get('t')('errRejectReason') : e.message })),
        422,
      );
    }
    await decideGroupVerification(db, clock, staff, id, parsed.data);
    notifier.kick();
    return c.redirect('/staff/groups?done=1', 303);
  });

  return app;
}
