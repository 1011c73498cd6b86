/**
 * The office staff's pages for a caller's appointment: /staff/offices/{id}/appointments (find by 予約番号,
 * or by phone or name on a day), one appointment with the caller's contact, and cancelling it on their
 * behalf (operator and reason in the audit log, the resident told). Counter clerks of the office and
 * admins only (appointment.staff.service.ts asks the policy); the JSON twin is appointment.staff.api.ts.
 * The cancel redirects back (303), so a reload never repeats it.
 */
import { type Context, Hono } from 'hono';
import type { AppEnv } from '../../http/env.ts';
import { formOf } from '../../http/forms.ts';
import { ConflictError, type FieldError, NotFoundError } from '../../lib/errors.ts';
import { isLocalDate, todayIn } from '../../lib/time.ts';
import { requireCounterWork } from '../../platform/authz/policy.ts';
import { requireLogin } from '../../platform/authz/require-login.ts';
import { renderPage } from '../../ui/layout.tsx';
import { parseId } from '../facility/facility.schema.ts';
import { parseAppointmentNumber } from './appointment.schema.ts';
import { cancelAppointmentForCaller, findAppointmentsForStaff, getAppointmentForStaff } from './appointment.staff.service.ts';
import { formatAppointmentNumber } from './appointment.ts';
import { requireOffice } from './queue.service.ts';
import { StaffAppointmentPage, StaffAppointmentsPage } from './views/appointment-staff-pages.tsx';

const numberOf = (value: string | undefined) => {
  const number = parseAppointmentNumber(value);
  if (!number) throw new NotFoundError('reservation');
  return number;
};

async function appointmentPage(
  c: Context<AppEnv>,
  officeId: string,
  number: string,
  errors: FieldError[] = [],
  status: 200 | 409 | 422 = 200,
) {
  const { db } = c.get('deps');
  const t = c.get('t');
  const view = await getAppointmentForStaff(db, c.get('actor'), officeId, number);
  const office = await requireOffice(db, officeId);
  const title = t('staffAppointmentTitle', { number: formatAppointmentNumber(number) });
  const listHref = `/staff/offices/${officeId}/appointments`;
  return renderPage(
    c,
    {
      title,
      crumbs: [
        { href: '/staff', label: t('staffTitle') },
        { href: listHref, label: t('staffAppointmentsTitle', { office: office.name }) },
        { label: title },
      ],
      children: (
        <StaffAppointmentPage
          t={t}
          lang={c.get('lang')}
          officeId={officeId}
          view={view}
          csrf={c.get('csrf')}
          notice={c.req.query('cancelled') ? t('staffAppointmentCancelled') : c.req.query('booked') ? t('apptCallerBooked') : undefined}
          errors={errors}
          reason=""
        />
      ),
    },
    status,
  );
}

export function appointmentStaffRoutes() {
  const app = new Hono<AppEnv>();

  app.get('/staff/offices/:id/appointments', requireLogin, async (c) => {
    const { db, clock } = c.get('deps');
    const t = c.get('t');
    const officeId = parseId(c.req.param('id'), 'organisation');
    requireCounterWork(c.get('actor'), officeId);
    const office = await requireOffice(db, officeId);
    const asked = (c.req.query('date') ?? '').slice(0, 20);
    const errors: FieldError[] = asked && !isLocalDate(asked) ? [{ field: 'date', message: t('errInvalidDate') }] : [];
    const date = asked && errors.length === 0 ? asked : todayIn(clock);
    const q = (c.req.query('q') ?? '').slice(0, 100);
    const found = errors.length > 0 ? [] : await findAppointmentsForStaff(db, c.get('actor'), officeId, { date, q });
    const title = t('staffAppointmentsTitle', { office: office.name });
    return renderPage(
      c,
      {
        title,
        crumbs: [{ href: '/staff', label: t('staffTitle') }, { label: title }],
        children: (
          <StaffAppointmentsPage
            t={t}
            lang={c.get('lang')}
            officeId={officeId}
            officeName={office.name}
            date={errors.length > 0 ? asked : date}
            q={q}
            errors={errors}
            found={found}
          />
        ),
      },
      errors.length > 0 ? 422 : 200,
    );
  });

  app.get('/staff/offices/:id/appointments/:number', requireLogin, (c) =>
    appointmentPage(c, parseId(c.req.param('id'), 'organisation'), numberOf(c.req.param('number'))),
  );

  app.post('/staff/offices/:id/appointments/:number/cancel', requireLogin, async (c) => {
    const { db, clock, notifier } = c.get('deps');
    const t = c.get('t');
    const officeId = parseId(c.req.param('id'), 'organisation');
    const number = numberOf(c.req.param('number'));
    const reason = ((await formOf(c)).reason ?? '').trim();
    if (reason.length > 200) return appointmentPage(c, officeId, number, [{ field: 'reason', message: t('errTooLong') }], 422);
    try {
      await cancelAppointmentForCaller(db, clock, c.get('actor'), {
        officeId,
        number,
        reason: reason || t('staffAppointmentDefaultReason'),
      });
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
      return appointmentPage(c, officeId, number, [{ field: 'reason', message: t(error.key, error.params) }], 409);
    }
    notifier.kick();
    return c.redirect(`/staff/offices/${officeId}/appointments/${number}?cancelled=1`, 303);
  });

  return app;
}
