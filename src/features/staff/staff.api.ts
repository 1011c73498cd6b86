/** Staff JSON API: a facility's day with contact details, and booking on behalf of a resident. */
import { Hono } from 'hono';
import type { AppEnv } from '../../http/env.ts';
import { jsonBody, parseOrThrow } from '../../http/validation.ts';
import { ForbiddenError, InvalidInputError } from '../../lib/errors.ts';
import { canActOnFacility, isStaff } from '../../platform/authz/policy.ts';
import { requireLogin } from '../../platform/authz/require-login.ts';
import { reservationJson } from '../booking/booking.api.ts';
import { idempotencyKeySchema } from '../booking/booking.schema.ts';
import { getReservationView } from '../booking/booking.service.ts';
import { parseId } from '../facility/facility.schema.ts';
import { dayQuery, proxyBookingSchema, residentSearchQuery } from './staff.schema.ts';
import { facilityDay, findResidents, proxyBook, RESIDENT_SEARCH_LIMIT, type ResidentRef } from './staff.service.ts';

export function staffApi() {
  const app = new Hono<AppEnv>();

  // Every staff call: a bearer token (401 without), then a staff role (403 without).
  app.use('/staff/*', requireLogin, async (c, next) => {
    if (!isStaff(c.get('actor'))) throw new ForbiddenError('staff only');
    await next();
  });

  app.get('/staff/facilities/:id/day', async (c) => {
    const staff = c.get('actor');
    const { db } = c.get('deps');
    const { date } = parseOrThrow(dayQuery, c.req.query());
    const day = await facilityDay(db, staff, parseId(c.req.param('id'), 'facility'), date);
    return c.json({
      facilityId: day.facility.id,
      facilityName: day.facility.name,
      date,
      rooms: day.rooms.map((r) => ({ id: r.id, name: r.name })),
      reservations: day.reservations.map(({ reservation: r, booker, groupName }) => ({
        id: r.id,
        number: r.number,
        roomId: r.roomId,
        bands: r.bands,
        status: r.status,
        purpose: r.purpose,
        attendees: r.attendees,
        category: r.category,
        fee: r.fee,
        channel: r.channel,
        groupName,
        booker,
      })),
    });
  });

  // Finds the resident a phone or counter booking is for (the proxy booking needs their id or 利用者番号),
  // with the staff page's rules and masking.
  app.get('/staff/residents', async (c) => {
    const { db, dialect } = c.get('deps');
    const { q } = parseOrThrow(residentSearchQuery, c.req.query());
    const residents = await findResidents(db, dialect, q);
    return c.json({ residents, limit: RESIDENT_SEARCH_LIMIT });
  });

  app.post('/staff/reservations', async (c) => {
    const staff = c.get('actor');
    const { db, clock, notifier } = c.get('deps');
    const { residentId, residentNumber, ...body } = parseOrThrow(proxyBookingSchema, await jsonBody(c));
    const named: ResidentRef = residentId !== undefined ? { residentId } : { residentNumber: residentNumber ?? '' };
    const header = c.req.header('idempotency-key');
    const key = header === undefined ? undefined : idempotencyKeySchema.safeParse(header);
    if (key && !key.success) throw new InvalidInputError([{ field: 'Idempotency-Key', key: 'errIdempotencyKey' }]);
    const { reservation, replayed, resident } = await proxyBook(db, clock, staff, { ...body, resident: named, idempotencyKey: key?.data });
    if (!replayed) notifier.kick();
    const view = await getReservationView(db, clock, reservation.id);
    // A replayed key returns an earlier reservation: show it only if it is within this staff member's scope.
    if (!canActOnFacility(staff, view.facility)) throw new ForbiddenError('facility out of scope');
    if (replayed) c.header('idempotent-replayed', 'true');
    return c.json({ ...reservationJson(view), residentId: resident.id, residentNumber: resident.number, operatorId: staff.id }, 201);
  });

  return app;
}
