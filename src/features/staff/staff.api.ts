/** Staff JSON API: a facility's day with contact details, and booking on behalf of a resident. */
import { Hono } from 'hono';
import type { AppEnv } from '../../http/env.ts';
import { bearer, dateParam, json, type OpenApiPart, ok, problemResponse, problemResponses, tooLarge } from '../../http/openapi.ts';
import { jsonBody, parseOrThrow } from '../../http/validation.ts';
import { ForbiddenError, InvalidInputError } from '../../lib/errors.ts';
import { canActOnFacility, isStaff } from '../../platform/authz/policy.ts';
import { requireLogin } from '../../platform/authz/require-login.ts';
import { reservationJson } from '../booking/booking.api.ts';
import { idempotencyKeySchema } from '../booking/booking.schema.ts';
import { getReservationView } from '../booking/booking.service.ts';
import { parseId } from '../facility/facility.schema.ts';
import { dayQuery, proxyBookingSchema, proxyReservationJsonSchema, residentSearchJsonSchema, residentSearchQuery } from './staff.schema.ts';
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

/** The OpenAPI paths of this API and the component schemas they refer to (composed in src/openapi.ts). */
export function staffOpenApi(): OpenApiPart {
  return {
    paths: {
      '/api/v1/staff/facilities/{id}/day': {
        get: {
          operationId: 'getFacilityDay',
          summary:
            'Staff: a facility’s reservations on one date, with bookers’ contact details (clerk: own facility; ward officer: own ward; admin: all)',
          security: [{ bearer: [] }],
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }, dateParam('date', 'The day', true)],
          responses: {
            ...bearer.responses,
            '200': { description: 'OK' },
            '403': { description: 'Not staff, or the facility is out of scope' },
            '404': problemResponses['404'],
          },
        },
      },
      '/api/v1/staff/residents': {
        get: {
          operationId: 'searchResidents',
          summary:
            'Staff: find a resident for a phone or counter booking by 利用者番号, フリガナ (ひらがな, カタカナ or 半角; spaces ignored) or the last digits of the phone; what is typed is matched literally. The phone is masked to its last four digits.',
          security: [{ bearer: [] }],
          parameters: [
            { name: 'q', in: 'query', required: true, schema: { type: 'string', maxLength: 100 }, description: 'The search key' },
          ],
          responses: {
            ...bearer.responses,
            ...ok('ResidentSearch'),
            '403': problemResponse('Not staff'),
            '422': problemResponse('No key, a key of spaces only, or one that is too long'),
          },
        },
      },
      '/api/v1/staff/reservations': {
        post: {
          operationId: 'createProxyReservation',
          summary:
            'Staff: book on behalf of a resident (代理予約), named by residentId or by 利用者番号 (residentNumber), exactly one; records channel and operator; quota/window may be set aside with a reason',
          security: [{ bearer: [] }],
          requestBody: { required: true, content: { 'application/json': { schema: json(proxyBookingSchema) } } },
          responses: {
            ...bearer.responses,
            ...tooLarge,
            '201': {
              description: 'Booked',
              content: { 'application/json': { schema: { $ref: '#/components/schemas/ProxyReservation' } } },
            },
            '403': problemResponse('Not staff, or the room’s facility is out of scope'),
            '409': problemResponse('A requested cell is already booked'),
            '422': problemResponses['422'],
          },
        },
      },
    },
    schemas: {
      ResidentSearch: json(residentSearchJsonSchema),
      ProxyReservation: json(proxyReservationJsonSchema),
    },
  };
}
