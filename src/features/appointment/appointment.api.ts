/**
 * JSON API of counter appointments: the catalogue, free seats per start of a service, one-time email
 * codes, booking (one or more services in sequence; Idempotency-Key), and reading or cancelling an
 * appointment by its 予約番号 with its secret. Anyone may call these; a bearer token books as that person,
 * and a counter clerk's token may book for a caller (channel phone / counter). No cookies: no CSRF exposure.
 */

import type { Context } from 'hono';
import { Hono } from 'hono';
import { clientIp } from '../../http/client-ip.ts';
import type { AppEnv } from '../../http/env.ts';
import { problem } from '../../http/errors.tsx';
import { json, type OpenApiPart, open, problemResponse, problemResponses, tooLarge } from '../../http/openapi.ts';
import { problemTypeUri } from '../../http/problem-types.ts';
import { jsonBody, parseOrThrow } from '../../http/validation.ts';
import { InvalidInputError, NotFoundError } from '../../lib/errors.ts';
import type { User } from '../../platform/authz/actor.ts';
import { createResponseCache } from '../../platform/read-model/response-cache.ts';
import { AppointmentFullError, bookAppointment } from './appointment.booking.service.ts';
import { changeAppointment } from './appointment.change.service.ts';
import { sendEmailCode, TooManyEmailCodesError } from './appointment.email-codes.ts';
import { appointmentJson, officesJson } from './appointment.json.ts';
import { readServiceSlots, slotsReader } from './appointment.read-model.ts';
import {
  alternativesJsonSchema,
  appointmentJsonSchema,
  appointmentRequestSchema,
  emailCodeRequestSchema,
  idempotencyKeySchema,
  officesJsonSchema,
  parseAppointmentNumber,
  slotsJsonSchema,
  slotsQuery,
} from './appointment.schema.ts';
import { cancelAppointment, getAppointment, listCatalogue } from './appointment.service.ts';
import { changeRequestSchema } from './appointment-change.schema.ts';

/** 429 as a problem document, with the seconds to wait in Retry-After. */
function tooManyRequests(c: Context<AppEnv>, seconds: number, title: string) {
  c.header('retry-after', String(seconds));
  return problem(c, { kind: 'too-many-requests', title, status: 429 });
}

/** The caller of an open endpoint: the bearer token's person, never the session cookie's. */
const callerOf = (c: Context<AppEnv>): User | undefined => (c.get('viaToken') ? c.get('user') : undefined);

const ID_RE = /^[A-Za-z0-9_-]{1,64}$/;

/** The Idempotency-Key header, checked; undefined when not sent. */
function idempotencyKeyOf(c: Context<AppEnv>): string | undefined {
  const header = c.req.header('idempotency-key');
  if (header === undefined) return undefined;
  const key = idempotencyKeySchema.safeParse(header);
  if (!key.success) throw new InvalidInputError([{ field: 'Idempotency-Key', key: 'errIdempotencyKey' }]);
  return key.data;
}

/** 409 with the next start times that fit (a booking or a change that found its time full). */
function fullProblem(c: Context<AppEnv>, error: AppointmentFullError) {
  const title = c.get('t')('errAppointmentFull');
  const problem = { type: problemTypeUri('errAppointmentFull'), title, status: 409, alternatives: error.alternatives };
  return c.body(JSON.stringify(problem), 409, { 'content-type': 'application/problem+json; charset=utf-8' });
}

function numberAndSecret(c: Context<AppEnv>) {
  const number = parseAppointmentNumber(c.req.param('number'));
  if (!number) throw new NotFoundError('reservation');
  const secret = c.req.header('x-appointment-secret') ?? c.req.query('secret');
  if (!secret) throw new InvalidInputError([{ field: 'secret', key: 'errAppointmentSecretRequired' }]);
  if (secret.length > 200) throw new NotFoundError('reservation');
  return { number, secret };
}

export function appointmentApi() {
  const app = new Hono<AppEnv>();

  app.get('/offices', async (c) => c.json(officesJson(await listCatalogue(c.get('deps').db))));

  // From the read model, kept per URL and Tokyo minute for anonymous callers with an ETag, as a room's
  // availability is (appointment.read-model.ts says what invalidates what).
  const slotAnswers = createResponseCache();
  app.get('/services/:id/slots', (c) =>
    slotAnswers.answer(c, async (used) => {
      const id = c.req.param('id');
      if (!ID_RE.test(id)) throw new NotFoundError('page');
      const { from, to } = parseOrThrow(slotsQuery, c.req.query());
      return c.json(await readServiceSlots(slotsReader(c, used), id, from, to));
    }),
  );

  app.post('/appointments/email-codes', async (c) => {
    const body = parseOrThrow(emailCodeRequestSchema.strict(), await jsonBody(c));
    const { db, clock, notifier, authLimiter } = c.get('deps');
    const wait = await authLimiter.appointmentCodeRequest(clientIp(c));
    if (wait > 0) return tooManyRequests(c, wait, c.get('t')('errTooManyEmailCodes', { minutes: Math.ceil(wait / 60) }));
    try {
      const { expiresAt } = await sendEmailCode(db, clock, body.email, body.lang ?? c.get('lang'));
      notifier.kick();
      return c.json({ email: body.email, expiresAt }, 202);
    } catch (error) {
      if (!(error instanceof TooManyEmailCodesError)) throw error;
      const title = c.get('t')('errTooManyEmailCodes', { minutes: Math.ceil(error.retryAfterSeconds / 60) });
      return tooManyRequests(c, error.retryAfterSeconds, title);
    }
  });

  app.post('/appointments', async (c) => {
    const idempotencyKey = idempotencyKeyOf(c);
    const body = parseOrThrow(appointmentRequestSchema.strict(), await jsonBody(c));
    const { db, clock, notifier, config, authLimiter } = c.get('deps');
    // Without an account, bookings per client address are limited (an account's own limit is its open appointments).
    const wait = callerOf(c) ? 0 : await authLimiter.appointmentBooking(clientIp(c));
    if (wait > 0) return tooManyRequests(c, wait, c.get('t')('errTooManyBookings', { minutes: Math.ceil(wait / 60) }));
    try {
      const result = await bookAppointment(db, clock, callerOf(c), body, {
        channel: 'api',
        idempotencyKey,
        publicUrl: config.publicUrl,
        lang: c.get('lang'),
        readCache: c.get('deps').readCache,
      });
      if (result.replayed) c.header('idempotent-replayed', 'true');
      else notifier.kick();
      c.header('location', `/api/v1/appointments/${result.view.appointment.number}`);
      return c.json(appointmentJson(result.view, result.secret), 201);
    } catch (error) {
      if (!(error instanceof AppointmentFullError)) throw error;
      return fullProblem(c, error);
    }
  });

  app.get('/appointments/:number', async (c) => {
    const { number, secret } = numberAndSecret(c);
    return c.json(appointmentJson(await getAppointment(c.get('deps').db, number, secret)));
  });

  app.delete('/appointments/:number', async (c) => {
    const { number, secret } = numberAndSecret(c);
    const { db, clock, notifier } = c.get('deps');
    const view = await cancelAppointment(db, clock, number, secret);
    notifier.kick();
    return c.json(appointmentJson(view));
  });

  app.patch('/appointments/:number', async (c) => {
    const idempotencyKey = idempotencyKeyOf(c);
    const { number, secret } = numberAndSecret(c);
    const body = parseOrThrow(changeRequestSchema.strict(), await jsonBody(c));
    const { db, clock, notifier, config } = c.get('deps');
    try {
      const result = await changeAppointment(db, clock, number, secret, body, { idempotencyKey, publicUrl: config.publicUrl });
      if (result.replayed) c.header('idempotent-replayed', 'true');
      else notifier.kick();
      return c.json(appointmentJson(result.view));
    } catch (error) {
      if (!(error instanceof AppointmentFullError)) throw error;
      return fullProblem(c, error);
    }
  });

  return app;
}

const numberParam = { name: 'number', in: 'path', required: true, schema: { type: 'string', example: '12345678' } };
const secretParams = [
  numberParam,
  {
    name: 'secret',
    in: 'query',
    schema: { type: 'string' },
    description: 'The secret of the change/cancel link (or the X-Appointment-Secret header)',
  },
  { name: 'X-Appointment-Secret', in: 'header', schema: { type: 'string' } },
];
const appointmentResponse = (description: string, status = '200') => ({
  [status]: { description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Appointment' } } } },
});

/** A 409 whose problem lists `alternatives`: the next start times at which the whole sequence fits. */
const fullResponse = (description: string) => ({
  '409': {
    description,
    content: {
      'application/problem+json': {
        schema: {
          allOf: [{ $ref: '#/components/schemas/Problem' }, { type: 'object', properties: { alternatives: json(alternativesJsonSchema) } }],
        },
      },
    },
  },
});

/** The OpenAPI paths of this API and the component schemas they refer to (composed in src/openapi.ts). */
export function appointmentOpenApi(): OpenApiPart {
  return {
    paths: {
      '/api/v1/offices': {
        get: {
          operationId: 'listOffices',
          summary: 'Ward offices with their counters and services (duration, documents, booking window), and life events',
          ...open,
          responses: {
            ...open.responses,
            '200': {
              description: 'OK',
              content: { 'application/json': { schema: { $ref: '#/components/schemas/AppointmentCatalogue' } } },
            },
          },
        },
      },
      '/api/v1/services/{id}/slots': {
        get: {
          operationId: 'listServiceSlots',
          summary: 'Free desks per start time of one service, per date (at most 31 days)',
          ...open,
          parameters: [
            { name: 'id', in: 'path', required: true, schema: { type: 'string' } },
            { name: 'from', in: 'query', required: true, schema: { type: 'string', format: 'date' } },
            { name: 'to', in: 'query', required: true, schema: { type: 'string', format: 'date' } },
          ],
          responses: {
            ...open.responses,
            '200': { description: 'OK', content: { 'application/json': { schema: { $ref: '#/components/schemas/ServiceSlots' } } } },
            '404': problemResponses['404'],
            '422': problemResponses['422'],
          },
        },
      },
      '/api/v1/appointments/email-codes': {
        post: {
          operationId: 'sendAppointmentEmailCode',
          summary: 'Mail a 6-digit code (valid 10 minutes) that confirms an email address for a booking without an account',
          ...open,
          requestBody: { required: true, content: { 'application/json': { schema: json(emailCodeRequestSchema.strict()) } } },
          responses: {
            ...open.responses,
            ...tooLarge,
            '202': { description: 'The code is on its way' },
            '422': problemResponses['422'],
            '429': problemResponse('Too many codes for this address, or asked for from this client; see Retry-After'),
          },
        },
      },
      '/api/v1/appointments': {
        post: {
          operationId: 'createAppointment',
          summary:
            'Book one service, or several in sequence (a life event: its order, its gap between counters) — all seats or none. Without a token: name, フリガナ and an email confirmed by its code; with a token: as that person; a counter clerk may book for a caller (channel phone or counter, phone-only allowed).',
          security: [{}, { bearer: [] }],
          parameters: [
            {
              name: 'Idempotency-Key',
              in: 'header',
              schema: { type: 'string', pattern: '^[A-Za-z0-9_.:-]{8,100}$' },
              description:
                'A retried request with the same key and body returns the original appointment (without its secret; header Idempotent-Replayed: true)',
            },
          ],
          requestBody: { required: true, content: { 'application/json': { schema: json(appointmentRequestSchema.strict()) } } },
          responses: {
            ...tooLarge,
            ...appointmentResponse('Booked (or replayed); `secret` only when booked now', '201'),
            '401': problemResponse('An Authorization header was sent with an invalid or revoked token'),
            '403': problemResponse('A channel (phone, counter) was given by someone not staff of the office'),
            '429': problemResponse('Without a token: too many bookings from this client; see Retry-After. Nothing was booked.'),
            ...fullResponse(
              'Full: the time was just taken or a following counter is full; nothing was booked. `alternatives` lists the next start times that fit the whole sequence.',
            ),
            '422': problemResponses['422'],
          },
        },
      },
      '/api/v1/appointments/{number}': {
        get: {
          operationId: 'getAppointment',
          summary: 'An appointment by its 予約番号 and secret',
          ...open,
          parameters: secretParams,
          responses: { ...open.responses, ...appointmentResponse('OK'), '404': problemResponses['404'], '422': problemResponses['422'] },
        },
        delete: {
          operationId: 'cancelAppointment',
          summary: 'Cancel before its time; frees the seats. Cancelling again answers the cancelled appointment.',
          ...open,
          parameters: secretParams,
          responses: {
            ...open.responses,
            ...appointmentResponse('Cancelled'),
            '404': problemResponses['404'],
            '409': problemResponse('Checked in, done, or its time has passed'),
            '422': problemResponses['422'],
          },
        },
        patch: {
          operationId: 'changeAppointment',
          summary:
            'Move the appointment (every service, in its order and with its gap between counters) to a new date and first start, in one transaction: the same 予約番号 and secret; the old seats are freed only when the new ones are taken. The resident is mailed the new times.',
          ...open,
          parameters: [
            ...secretParams,
            {
              name: 'Idempotency-Key',
              in: 'header',
              schema: { type: 'string', pattern: '^[A-Za-z0-9_.:-]{8,100}$' },
              description:
                'A retried change with the same key and body answers the appointment as it is (header Idempotent-Replayed: true); the same key with another body is 422',
            },
          ],
          requestBody: { required: true, content: { 'application/json': { schema: json(changeRequestSchema.strict()) } } },
          responses: {
            ...open.responses,
            ...tooLarge,
            ...appointmentResponse('Changed (or already at this time)'),
            '404': problemResponses['404'],
            ...fullResponse(
              'Full (the time was just taken, or a following counter is full: nothing changed, the old booking stands; `alternatives` lists the next start times that fit), or the appointment is cancelled, checked in, done or past (appointment-not-changeable)',
            ),
            '422': problemResponses['422'],
          },
        },
      },
    },
    schemas: {
      Appointment: json(appointmentJsonSchema),
      AppointmentCatalogue: json(officesJsonSchema),
      ServiceSlots: json(slotsJsonSchema),
    },
  };
}
