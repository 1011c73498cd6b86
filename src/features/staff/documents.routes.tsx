/**
 * The desk's printouts: a reservation's use permit (利用許可書) and a facility's daily sheet, as PDF (built in
 * documents.ts). The facility's scope is checked before anything is read into them.
 */
import { type Context, Hono } from 'hono';
import type { AppEnv } from '../../http/env.ts';
import { validate } from '../../http/validation.ts';
import { ConflictError, ForbiddenError, InvalidInputError } from '../../lib/errors.ts';
import { todayIn } from '../../lib/time.ts';
import type { User } from '../../platform/authz/actor.ts';
import { canActOnFacility, requireStaff } from '../../platform/authz/policy.ts';
import { findUserById } from '../account/account.repository.ts';
import { localDateSchema } from '../availability/availability.schema.ts';
import { getReservationView } from '../booking/booking.service.ts';
import { parseId } from '../facility/facility.schema.ts';
import { dailySheetPdf, permitPdf } from './documents.ts';
import { facilityDay } from './staff.service.ts';

const staffOf = (c: Context<AppEnv>): User => requireStaff(c.get('user'));

export function documentRoutes() {
  const app = new Hono<AppEnv>();

  app.get('/staff/reservations/:id/permit.pdf', async (c) => {
    const { db, clock, config } = c.get('deps');
    const view = await getReservationView(db, clock, parseId(c.req.param('id'), 'reservation'));
    if (!canActOnFacility(staffOf(c), view.facility)) throw new ForbiddenError('facility out of scope');
    if (view.reservation.status === 'cancelled') throw new ConflictError('errAlreadyCancelled');
    if (view.reservation.status === 'won') throw new ConflictError('errLotteryWinUnconfirmed');
    const booker = view.reservation.userId ? await findUserById(db, view.reservation.userId) : undefined;
    const pdf = await permitPdf(view, booker?.name ?? '', todayIn(clock), config.pdfFont);
    return c.body(pdf as Uint8Array<ArrayBuffer>, 200, {
      'content-type': 'application/pdf',
      'content-disposition': `inline; filename="permit-${view.reservation.number}.pdf"`,
    });
  });

  app.get('/staff/facilities/:id/day.pdf', async (c) => {
    const { db, clock, config } = c.get('deps');
    const date = validate(localDateSchema(), c.req.query('date') ?? todayIn(clock));
    if (!date.success) throw new InvalidInputError(date.issues.map((i) => ({ ...i, field: 'date' })));
    const day = await facilityDay(db, staffOf(c), parseId(c.req.param('id'), 'facility'), date.data);
    const pdf = await dailySheetPdf(day, date.data, config.pdfFont);
    return c.body(pdf as Uint8Array<ArrayBuffer>, 200, {
      'content-type': 'application/pdf',
      'content-disposition': `inline; filename="day-${day.facility.id}-${date.data}.pdf"`,
    });
  });

  return app;
}
