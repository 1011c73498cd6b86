/**
 * 職員と権限 (/staff/config/staff, admins only): create a staff account with its first role, grant a role
 * to an existing account, revoke one. Every form re-renders with its errors (422) and nothing changed;
 * the services audit each change. The back office's own middleware has already required a logged-in
 * staff member; each handler asks the policy for more (requireMayGrant, and requireMayRevoke inside
 * revokeRole).
 */
import { type Context, Hono } from 'hono';
import type { AppEnv } from '../../http/env.ts';
import { formOf, parseForm } from '../../http/forms.ts';
import { type FieldError, InvalidInputError, translateIssues } from '../../lib/errors.ts';
import { requireMayGrant } from '../../platform/authz/policy.ts';
import { requireLogin } from '../../platform/authz/require-login.ts';
import { renderPage } from '../../ui/layout.tsx';
import { findUserByEmail, findUserByNumber } from '../account/account.repository.ts';
import { parseId } from '../facility/facility.schema.ts';
import { grantRoleForm, staffAccountForm } from './staff.schema.ts';
import { addStaff, grantRole, revokeRole, staffWithRoles } from './staff-roles.service.ts';
import { fieldOnPage, type StaffRolesForm, StaffRolesPage } from './views/staff-roles-page.tsx';

const NOTICES = { created: 'staffCreated', granted: 'staffGranted', revoked: 'staffRevoked' } as const;

async function page(
  c: Context<AppEnv>,
  status: 200 | 422,
  form?: { form: StaffRolesForm; values: Record<string, string>; errors: FieldError[] },
) {
  const admin = requireMayGrant(c.get('actor'));
  const t = c.get('t');
  const notice = c.req.query('notice');
  const { password: _p, ...values } = form?.values ?? {};
  return renderPage(
    c,
    {
      title: form && form.errors.length > 0 ? `${t('errorSummaryTitle')}: ${t('staffAccountsTitle')}` : t('staffAccountsTitle'),
      children: (
        <StaffRolesPage
          t={t}
          csrf={c.get('csrf')}
          staff={await staffWithRoles(c.get('deps').db)}
          viewerId={admin.id}
          form={form?.form}
          values={values}
          errors={(form?.errors ?? []).map((e) => ({ ...e, field: fieldOnPage(form?.form ?? 'create', e.field) }))}
          notice={notice && notice in NOTICES ? t(NOTICES[notice as keyof typeof NOTICES]) : undefined}
        />
      ),
    },
    status,
  );
}

/** The service's field problems as the form's errors; anything else is not the form's to show. */
async function orFormErrors(c: Context<AppEnv>, run: () => Promise<unknown>): Promise<FieldError[]> {
  try {
    await run();
    return [];
  } catch (error) {
    if (error instanceof InvalidInputError) return translateIssues(c.get('t'), error.issues);
    throw error;
  }
}

export function staffRolesRoutes() {
  const app = new Hono<AppEnv>();

  app.get('/staff/config/staff', requireLogin, (c) => page(c, 200));

  app.post('/staff/config/staff', requireLogin, async (c) => {
    const { db, clock } = c.get('deps');
    const admin = requireMayGrant(c.get('actor'));
    const values = await formOf(c);
    const parsed = parseForm(c, staffAccountForm, values);
    const errors = parsed.ok ? await orFormErrors(c, () => addStaff(db, clock, admin, parsed.data)) : parsed.errors;
    if (errors.length > 0) return page(c, 422, { form: 'create', values, errors });
    return c.redirect('/staff/config/staff?notice=created', 303);
  });

  app.post('/staff/config/staff/grant', requireLogin, async (c) => {
    const { db, clock } = c.get('deps');
    const admin = requireMayGrant(c.get('actor'));
    const values = await formOf(c);
    const parsed = parseForm(c, grantRoleForm, values);
    const errors = parsed.ok
      ? await orFormErrors(c, async () => {
          const { who, ...grant } = parsed.data;
          const person = /^\d{8}$/.test(who) ? await findUserByNumber(db, who) : await findUserByEmail(db, who);
          if (!person) throw new InvalidInputError([{ field: 'who', key: /^\d{8}$/.test(who) ? 'errUserNumberUnknown' : 'errStaffWho' }]);
          await grantRole(db, clock, admin, person.id, grant);
        })
      : parsed.errors;
    if (errors.length > 0) return page(c, 422, { form: 'grant', values, errors });
    return c.redirect('/staff/config/staff?notice=granted', 303);
  });

  app.post('/staff/config/staff/assignments/:id/revoke', requireLogin, async (c) => {
    const { db, clock } = c.get('deps');
    const errors = await orFormErrors(c, () => revokeRole(db, clock, c.get('actor'), parseId(c.req.param('id'), 'page')));
    if (errors.length > 0) return page(c, 422, { form: 'grant', values: {}, errors });
    return c.redirect('/staff/config/staff?notice=revoked', 303);
  });

  return app;
}
