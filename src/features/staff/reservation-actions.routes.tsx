/**
 * What a clerk does to one reservation from the desk's day page: cancel it with a reason, record payment,
 * set a 減免, approve a 仮予約, record use or no-show. The services check the facility's scope and audit.
 */
import { type Context, Hono } from 'hono';
import type { AppEnv } from '../../http/env.ts';
import { formOf, parseForm } from '../../http/forms.ts';
import { InvalidInputError } from '../../lib/errors.ts';
import type { User } from '../../platform/authz/actor.ts';
import { requireStaff } from '../../platform/authz/policy.ts';
import { getReservationView } from '../booking/booking.service.ts';
import { parseId } from '../facility/facility.schema.ts';
import { staffCancel } from './closures.service.ts';
import { approveProvisional, recordAttendance, recordPayment, setReduction } from './front-desk.service.ts';
import { attendanceForm, paymentForm, reductionForm, staffCancelForm } from './staff.schema.ts';

const staffOf = (c: Context<AppEnv>): User => requireStaff(c.get('user'));

export function reservationActionRoutes() {
  const app = new Hono<AppEnv>();

  app.post('/staff/reservations/:id/cancel', async (c) => {
    const { db, clock, notifier } = c.get('deps');
    const parsed = parseForm(c, staffCancelForm, await formOf(c));
    if (!parsed.ok) throw new InvalidInputError([{ field: 'reason', key: 'errCancelReason' }]);
    await staffCancel(db, clock, staffOf(c), parseId(c.req.param('id'), 'reservation'), parsed.data.reason);
    notifier.kick();
    return c.redirect(`${parsed.data.back ?? '/staff'}?cancelled=1`, 303);
  });

  app.post('/staff/reservations/:id/payment', async (c) => {
    const { db, clock } = c.get('deps');
    const parsed = parseForm(c, paymentForm, await formOf(c));
    if (!parsed.ok) throw new InvalidInputError([{ field: 'receiptNumber', key: 'errReceipt' }]);
    const id = parseId(c.req.param('id'), 'reservation');
    await recordPayment(db, clock, staffOf(c), id, parsed.data.receiptNumber);
    const view = await getReservationView(db, clock, id);
    return c.redirect(`/staff/facilities/${view.facility.id}?date=${view.reservation.date}`, 303);
  });

  app.post('/staff/reservations/:id/reduction', async (c) => {
    const { db, clock } = c.get('deps');
    const parsed = parseForm(c, reductionForm, await formOf(c));
    if (!parsed.ok)
      throw new InvalidInputError(
        parsed.errors.map((e) => ({ field: e.field, key: e.field === 'reason' ? 'errReductionReason' : 'errPercent' })),
      );
    const id = parseId(c.req.param('id'), 'reservation');
    await setReduction(db, clock, staffOf(c), id, parsed.data.percent, parsed.data.reason);
    const view = await getReservationView(db, clock, id);
    return c.redirect(`/staff/facilities/${view.facility.id}?date=${view.reservation.date}`, 303);
  });

  app.post('/staff/reservations/:id/approve', async (c) => {
    const { db, clock } = c.get('deps');
    const id = parseId(c.req.param('id'), 'reservation');
    await approveProvisional(db, clock, staffOf(c), id);
    const view = await getReservationView(db, clock, id);
    return c.redirect(`/staff/facilities/${view.facility.id}?date=${view.reservation.date}`, 303);
  });

  app.post('/staff/reservations/:id/attendance', async (c) => {
    const { db, clock } = c.get('deps');
    const parsed = parseForm(c, attendanceForm, await formOf(c));
    if (!parsed.ok) throw new InvalidInputError([{ field: 'outcome', key: 'errInvalidValue' }]);
    const id = parseId(c.req.param('id'), 'reservation');
    await recordAttendance(db, clock, staffOf(c), id, parsed.data.outcome);
    const view = await getReservationView(db, clock, id);
    return c.redirect(`/staff/facilities/${view.facility.id}?date=${view.reservation.date}`, 303);
  });

  return app;
}
