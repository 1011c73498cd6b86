/** JSON API for reservations. Bearer token only (no cookies), so no CSRF exposure. */
import { Hono } from 'hono';
import type { AppEnv } from '../../http/env.ts';
import { bearer, json, type OpenApiPart, ok, problemResponses, tooLarge } from '../../http/openapi.ts';
import { jsonBody, parseOrThrow } from '../../http/validation.ts';
import { InvalidInputError } from '../../lib/errors.ts';
import { requireLogin } from '../../platform/authz/require-login.ts';
import { parseId } from '../facility/facility.schema.ts';
import { bookingRequestSchema, idempotencyKeySchema, reservationJsonSchema } from './booking.schema.ts';
import { bookReservation, cancelMyReservation, getMyReservation, listMyReservations } from './booking.service.ts';
import type { ReservationView } from './booking.ts';
import { myReservationIcs } from './ics.ts';

export function reservationJson(v: ReservationView) {
  const r = v.reservation;
  return {
    id: r.id,
    number: r.number,
    status: r.status,
    date: r.date,
    bands: v.bands.map((b) => ({ band: b.code, label: b.label, labelEn: b.labelEn, start: b.start, end: b.end })),
    roomId: v.room.id,
    roomName: v.room.name,
    facilityId: v.facility.id,
    facilityName: v.facility.name,
    facilityPhone: v.facility.phone,
    purpose: r.purpose,
    attendees: r.attendees,
    category: r.category,
    groupId: r.groupId,
    commercial: r.commercial,
    admission: r.admission,
    fee: r.fee,
    feeDetail: r.feeDetail,
    channel: r.channel,
    createdAt: r.createdAt,
    cancelledAt: r.cancelledAt,
    cancellableUntil: v.cancelUntil,
    cancellable: v.cancellable,
  };
}

export function bookingApi() {
  const app = new Hono<AppEnv>();

  app.post('/reservations', requireLogin, async (c) => {
    const user = c.get('actor');
    const { db, clock, notifier } = c.get('deps');
    const header = c.req.header('idempotency-key');
    let idempotencyKey: string | undefined;
    if (header !== undefined) {
      const key = idempotencyKeySchema.safeParse(header);
      if (!key.success) throw new InvalidInputError([{ field: 'Idempotency-Key', key: 'errIdempotencyKey' }]);
      idempotencyKey = key.data;
    }
    const body = parseOrThrow(bookingRequestSchema.strict(), await jsonBody(c));
    const {
      reservation,
      replayed,
      view: made,
    } = await bookReservation(db, clock, user, { ...body, channel: 'api', idempotencyKey }, { readCache: c.get('deps').readCache });
    if (!replayed) notifier.kick();
    // A new booking answers from what it wrote; a replay reads the earlier reservation as it is now.
    const view = made ?? (await getMyReservation(db, clock, user, reservation.id));
    if (replayed) c.header('idempotent-replayed', 'true');
    c.header('location', `/api/v1/reservations/${reservation.id}`);
    return c.json(reservationJson(view), 201);
  });

  app.get('/reservations', requireLogin, async (c) => {
    const user = c.get('actor');
    const { db, clock } = c.get('deps');
    const views = await listMyReservations(db, clock, user);
    return c.json({ reservations: views.map(reservationJson) });
  });

  app.get('/reservations/:id', requireLogin, async (c) => {
    const user = c.get('actor');
    const { db, clock } = c.get('deps');
    return c.json(reservationJson(await getMyReservation(db, clock, user, parseId(c.req.param('id'), 'reservation'))));
  });

  app.get('/reservations/:id/ics', requireLogin, myReservationIcs);

  app.delete('/reservations/:id', requireLogin, async (c) => {
    const user = c.get('actor');
    const { db, clock, notifier } = c.get('deps');
    const view = await cancelMyReservation(db, clock, user, parseId(c.req.param('id'), 'reservation'));
    notifier.kick();
    return c.json(reservationJson(view));
  });

  return app;
}

/** The OpenAPI paths of this API and the component schemas they refer to (composed in src/openapi.ts). */
export function bookingOpenApi(): OpenApiPart {
  return {
    paths: {
      '/api/v1/reservations': {
        get: {
          operationId: 'listMyReservations',
          summary: 'My reservations and those of my groups',
          security: [{ bearer: [] }],
          responses: {
            ...bearer.responses,
            '200': {
              description: 'OK',
              content: {
                'application/json': {
                  schema: {
                    type: 'object',
                    properties: { reservations: { type: 'array', items: { $ref: '#/components/schemas/Reservation' } } },
                  },
                },
              },
            },
          },
        },
        post: {
          operationId: 'createReservation',
          summary: 'Book one or more consecutive bands of a room on one date',
          security: [{ bearer: [] }],
          parameters: [
            {
              name: 'Idempotency-Key',
              in: 'header',
              schema: { type: 'string', pattern: '^[A-Za-z0-9_.:-]{8,100}$' },
              description: 'A retried request with the same key returns the original reservation (header Idempotent-Replayed: true)',
            },
          ],
          requestBody: { required: true, content: { 'application/json': { schema: json(bookingRequestSchema.strict()) } } },
          responses: {
            ...bearer.responses,
            ...tooLarge,
            '201': {
              description: 'Booked (or replayed)',
              content: { 'application/json': { schema: { $ref: '#/components/schemas/Reservation' } } },
            },
            '404': problemResponses['404'],
            '409': {
              description: 'A requested cell is already booked',
              content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
            },
            '422': problemResponses['422'],
          },
        },
      },
      '/api/v1/reservations/{id}/ics': {
        get: {
          operationId: 'getReservationIcs',
          summary: 'The reservation as an iCalendar file',
          security: [{ bearer: [] }],
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
          responses: {
            ...bearer.responses,
            '200': { description: 'The reservation as one VEVENT', content: { 'text/calendar': { schema: { type: 'string' } } } },
            '404': problemResponses['404'],
          },
        },
      },
      '/api/v1/reservations/{id}': {
        get: {
          operationId: 'getReservation',
          summary: 'One of my (or my groups’) reservations',
          security: [{ bearer: [] }],
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
          responses: { ...bearer.responses, ...ok('Reservation'), '404': problemResponses['404'] },
        },
        delete: {
          operationId: 'cancelReservation',
          summary: 'Cancel before the room’s cancellation deadline; frees the cells',
          security: [{ bearer: [] }],
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
          responses: {
            ...bearer.responses,
            ...ok('Reservation'),
            '404': problemResponses['404'],
            '409': { description: 'Past the deadline (the message says whom to call) or already cancelled' },
          },
        },
      },
    },
    schemas: {
      Reservation: json(reservationJsonSchema),
    },
  };
}
