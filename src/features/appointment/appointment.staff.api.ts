/**
 * Staff JSON API of counter appointments, for a caller on the phone or at the desk: look up an office's
 * appointments (by 予約番号, or by phone or name on a day), read one, and cancel it on the caller's behalf
 * (operator and reason audited, the resident told). A bearer token of a counter clerk of that office or
 * an admin, as the queue's staff endpoints (queue.api.ts); no cookies, so no CSRF exposure.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../../http/env.ts';
import { bearer, json, type OpenApiPart, problemResponse, problemResponses, tooLarge } from '../../http/openapi.ts';
import { jsonBody, parseOrThrow } from '../../http/validation.ts';
import { NotFoundError } from '../../lib/errors.ts';
import { todayIn } from '../../lib/time.ts';
import { requireLogin } from '../../platform/authz/require-login.ts';
import { parseId } from '../facility/facility.schema.ts';
import { appointmentJson } from './appointment.json.ts';
import { appointmentJsonSchema, parseAppointmentNumber } from './appointment.schema.ts';
import type { AppointmentView } from './appointment.service.ts';
import { cancelAppointmentForCaller, findAppointmentsForStaff, getAppointmentForStaff } from './appointment.staff.service.ts';
import { staffCancelSchema, staffLookupQuery } from './appointment-change.schema.ts';

/** What staff see beyond the resident's own answer: how to reach the caller. */
export function staffAppointmentJson(view: AppointmentView) {
  const a = view.appointment;
  return { ...appointmentJson(view), nameKana: a.nameKana, phone: a.phone, email: a.email };
}

export const staffAppointmentJsonSchema = appointmentJsonSchema
  .omit({ secret: true })
  .extend({ nameKana: z.string(), phone: z.string().nullable(), email: z.string().nullable() })
  .strict();

const numberOf = (value: string | undefined) => {
  const number = parseAppointmentNumber(value);
  if (!number) throw new NotFoundError('reservation');
  return number;
};

export function appointmentStaffApi() {
  const app = new Hono<AppEnv>();

  app.get('/offices/:id/appointments', requireLogin, async (c) => {
    const { db, clock } = c.get('deps');
    const officeId = parseId(c.req.param('id'), 'organisation');
    const query = parseOrThrow(staffLookupQuery.strict(), c.req.query());
    const found = await findAppointmentsForStaff(db, c.get('actor'), officeId, { date: query.date ?? todayIn(clock), q: query.q });
    return c.json({ appointments: found.map(staffAppointmentJson) });
  });

  app.get('/offices/:id/appointments/:number', requireLogin, async (c) => {
    const officeId = parseId(c.req.param('id'), 'organisation');
    const view = await getAppointmentForStaff(c.get('deps').db, c.get('actor'), officeId, numberOf(c.req.param('number')));
    return c.json(staffAppointmentJson(view));
  });

  app.post('/offices/:id/appointments/:number/cancel', requireLogin, async (c) => {
    const { db, clock, notifier } = c.get('deps');
    const officeId = parseId(c.req.param('id'), 'organisation');
    const number = numberOf(c.req.param('number'));
    const body = parseOrThrow(staffCancelSchema.strict(), await jsonBody(c));
    const view = await cancelAppointmentForCaller(db, clock, c.get('actor'), {
      officeId,
      number,
      reason: body.reason ?? c.get('t')('staffAppointmentDefaultReason'),
    });
    notifier.kick();
    return c.json(staffAppointmentJson(view));
  });

  return app;
}

const staff = {
  security: bearer.security,
  responses: {
    ...bearer.responses,
    '403': problemResponse('Not a counter clerk of this office, nor an admin'),
    '404': problemResponses['404'],
  },
};
const params = [
  { name: 'id', in: 'path', required: true, description: 'The ward office', schema: { type: 'string' } },
  { name: 'number', in: 'path', required: true, schema: { type: 'string', example: '12345678' } },
];
const answer = (description: string) => ({
  '200': { description, content: { 'application/json': { schema: { $ref: '#/components/schemas/StaffAppointment' } } } },
});

/** The OpenAPI paths of this API and the component schema they refer to (composed in src/openapi.ts). */
export function appointmentStaffOpenApi(): OpenApiPart {
  return {
    paths: {
      '/api/v1/offices/{id}/appointments': {
        get: {
          operationId: 'findOfficeAppointments',
          summary:
            'Staff: find appointments of the office — by 予約番号 (any day), or on a day (default today) by phone digits (4 or more) or name / フリガナ; empty q lists the day',
          ...staff,
          parameters: [
            params[0],
            { name: 'date', in: 'query', schema: { type: 'string', format: 'date' } },
            { name: 'q', in: 'query', schema: { type: 'string', maxLength: 100 } },
          ],
          responses: {
            ...staff.responses,
            '200': {
              description: 'OK',
              content: {
                'application/json': {
                  schema: {
                    type: 'object',
                    required: ['appointments'],
                    properties: { appointments: { type: 'array', items: { $ref: '#/components/schemas/StaffAppointment' } } },
                  },
                },
              },
            },
            '422': problemResponses['422'],
          },
        },
      },
      '/api/v1/offices/{id}/appointments/{number}': {
        get: {
          operationId: 'getOfficeAppointment',
          summary: 'Staff: one appointment of the office',
          ...staff,
          parameters: params,
          responses: { ...staff.responses, ...answer('OK') },
        },
      },
      '/api/v1/offices/{id}/appointments/{number}/cancel': {
        post: {
          operationId: 'cancelAppointmentForCaller',
          summary: 'Staff: cancel for a caller (frees the seats, mails the resident; operator and reason in the audit log)',
          ...staff,
          parameters: params,
          requestBody: { required: true, content: { 'application/json': { schema: json(staffCancelSchema.strict()) } } },
          responses: {
            ...staff.responses,
            ...tooLarge,
            ...answer('Cancelled'),
            '409': problemResponse('Already cancelled, checked in, done, or of a past day'),
            '422': problemResponses['422'],
          },
        },
      },
    },
    schemas: { StaffAppointment: json(staffAppointmentJsonSchema) },
  };
}
