/**
 * Registering a caller who has no account yet, during a 代理予約: the clerk issues a 利用者番号 (no
 * password, email optional) and goes on to book for them. Scoped and audited at the facility they came from.
 */
import { type Context, Hono } from 'hono';
import type { AppEnv } from '../../http/env.ts';
import { formOf, parseForm } from '../../http/forms.ts';
import { InvalidInputError, translateIssues } from '../../lib/errors.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import type { User } from '../../platform/authz/actor.ts';
import { requireStaff } from '../../platform/authz/policy.ts';
import { renderPage } from '../../ui/layout.tsx';
import { counterResidentForm } from '../account/account.schema.ts';
import { registerResident } from '../account/account.service.ts';
import { bookingTarget, keepOf } from './booking-target.ts';
import { NewResidentPage } from './views/residents-pages.tsx';

const staffOf = (c: Context<AppEnv>): User => requireStaff(c.get('user'));

export function residentRoutes() {
  const app = new Hono<AppEnv>();

  app.get('/staff/residents/new', async (c) => {
    const t = c.get('t');
    await bookingTarget(c, staffOf(c), c.req.query('room'), c.req.query('date'));
    return renderPage(c, {
      title: t('staffNewResident'),
      children: <NewResidentPage t={t} lang={c.get('lang')} keep={keepOf(c)} values={{}} errors={[]} csrf={c.get('csrf')} />,
    });
  });

  app.post('/staff/residents', async (c) => {
    const { db, clock } = c.get('deps');
    const t = c.get('t');
    const staff = staffOf(c);
    const target = await bookingTarget(c, staff, c.req.query('room'), c.req.query('date'));
    const raw = await formOf(c);
    const page = (errors: { field: string; message: string }[]) =>
      renderPage(
        c,
        {
          title: t('staffNewResident'),
          children: <NewResidentPage t={t} lang={c.get('lang')} keep={keepOf(c)} values={raw} errors={errors} csrf={c.get('csrf')} />,
        },
        422,
      );
    const parsed = parseForm(c, counterResidentForm, raw);
    if (!parsed.ok) return page(parsed.errors);
    let resident: User;
    try {
      resident = await registerResident(db, clock, { ...parsed.data, email: parsed.data.email ?? null, password: null });
    } catch (error) {
      if (error instanceof InvalidInputError) return page(translateIssues(t, error.issues));
      throw error;
    }
    await db.transaction().execute((trx) =>
      recordAudit(trx, clock.now(), {
        actorId: staff.id,
        action: 'resident.register_at_counter',
        targetType: 'user',
        targetId: resident.id,
        facilityId: target.facility.id,
        after: { number: resident.number, name: resident.name },
      }),
    );
    return c.redirect(`/staff/book?${keepOf(c)}&resident=${resident.id}`, 303);
  });

  return app;
}
