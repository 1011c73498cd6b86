/**
 * JSON API of the queue of the day. The 混雑状況 of an office is public (no personal data). The staff
 * endpoints take a bearer token of a counter clerk of that office or an admin (platform/authz canWorkCounter);
 * a kiosk integration (a scanner app at the entrance) uses such a clerk's token too, so no kiosk
 * credential of its own exists to leak. The resident's own check-in needs the secret of their
 * confirmation link instead of a login. Bearer only, no cookies: no CSRF exposure.
 */
import { Hono } from 'hono';
import type { AppEnv } from '../../http/env.ts';
import { bearer, json, type OpenApiPart, ok, open, problemResponse, problemResponses, tooLarge } from '../../http/openapi.ts';
import { jsonBody, parseOrThrow } from '../../http/validation.ts';
import { requireLogin } from '../../platform/authz/require-login.ts';
import { parseId } from '../facility/facility.schema.ts';
import { officeBoard } from './queue.board.service.ts';
import { callNext, markDone, markNoShow, recall, startServing, transfer } from './queue.console.service.ts';
import {
  callNextRequestSchema,
  checkInRequestSchema,
  officeQueueJsonSchema,
  selfCheckInRequestSchema,
  ticketJsonSchema,
  transferRequestSchema,
  walkInRequestSchema,
} from './queue.schema.ts';
import { checkInByNumber, checkInSelf, type IssuedTicket, issueWalkIn } from './queue.service.ts';
import type { Ticket } from './queue.ts';

export function ticketJson(ticket: Ticket, extra: { ahead?: number; late?: boolean } = {}) {
  return {
    id: ticket.id,
    number: ticket.number,
    officeId: ticket.officeId,
    date: ticket.date,
    counterId: ticket.counterId,
    serviceId: ticket.serviceId,
    appointmentId: ticket.appointmentId,
    kind: ticket.kind,
    status: ticket.status,
    queuedAt: ticket.queuedAt,
    checkedInAt: ticket.checkedInAt,
    checkedInVia: ticket.checkedInVia,
    desk: ticket.desk,
    calledAt: ticket.calledAt,
    ahead: extra.ahead ?? 0,
    late: extra.late ?? false,
  };
}

const issuedJson = (issued: IssuedTicket) => ticketJson(issued.ticket, issued);

export function queueApi() {
  const app = new Hono<AppEnv>();

  app.get('/offices/:id/queue', async (c) => {
    const { db, clock } = c.get('deps');
    return c.json(await officeBoard(db, clock, parseId(c.req.param('id'), 'organisation')));
  });

  app.post('/offices/:id/check-ins', requireLogin, async (c) => {
    const { db, clock } = c.get('deps');
    const officeId = parseId(c.req.param('id'), 'organisation');
    const body = parseOrThrow(checkInRequestSchema.strict(), await jsonBody(c));
    const issued = await checkInByNumber(db, clock, c.get('actor'), { officeId, ...body });
    return c.json(issuedJson(issued), issued.created ? 201 : 200);
  });

  app.post('/offices/:id/walk-ins', requireLogin, async (c) => {
    const { db, clock } = c.get('deps');
    const officeId = parseId(c.req.param('id'), 'organisation');
    const body = parseOrThrow(walkInRequestSchema.strict(), await jsonBody(c));
    return c.json(issuedJson(await issueWalkIn(db, clock, c.get('actor'), { officeId, ...body })), 201);
  });

  app.post('/self-check-ins', async (c) => {
    const { db, clock } = c.get('deps');
    const body = parseOrThrow(selfCheckInRequestSchema.strict(), await jsonBody(c));
    const issued = await checkInSelf(db, clock, body);
    return c.json(issuedJson(issued), issued.created ? 201 : 200);
  });

  app.post('/counters/:id/call-next', requireLogin, async (c) => {
    const { db, clock, notifier } = c.get('deps');
    const counterId = parseId(c.req.param('id'), 'page');
    const body = parseOrThrow(callNextRequestSchema.strict(), await jsonBody(c));
    const ticket = await callNext(db, clock, c.get('actor'), { counterId, desk: body.desk });
    notifier.kick();
    return c.json(ticketJson(ticket));
  });

  for (const [action, run] of [
    ['recall', recall],
    ['serving', startServing],
    ['no-show', markNoShow],
  ] as const) {
    app.post(`/queue-tickets/:id/${action}`, requireLogin, async (c) => {
      const { db, clock } = c.get('deps');
      return c.json(ticketJson(await run(db, clock, c.get('actor'), parseId(c.req.param('id'), 'page'))));
    });
  }

  app.post('/queue-tickets/:id/done', requireLogin, async (c) => {
    const { db, clock, notifier } = c.get('deps');
    const { ticket, next } = await markDone(db, clock, c.get('actor'), parseId(c.req.param('id'), 'page'));
    notifier.kick();
    return c.json({ ...ticketJson(ticket), next: next ? ticketJson(next) : null });
  });

  app.post('/queue-tickets/:id/transfer', requireLogin, async (c) => {
    const { db, clock, notifier } = c.get('deps');
    const ticketId = parseId(c.req.param('id'), 'page');
    const body = parseOrThrow(transferRequestSchema.strict(), await jsonBody(c));
    const ticket = await transfer(db, clock, c.get('actor'), ticketId, body);
    notifier.kick();
    return c.json(ticketJson(ticket));
  });

  return app;
}

const idParam = (description: string) => [{ name: 'id', in: 'path', required: true, description, schema: { type: 'string' } }];
const staff = {
  security: bearer.security,
  responses: {
    ...bearer.responses,
    '403': problemResponse('Not a counter clerk of this office, nor an admin'),
    '404': problemResponses['404'],
  },
};
const ticketAnswer = (description: string) => ({
  description,
  content: { 'application/json': { schema: { $ref: '#/components/schemas/QueueTicket' } } },
});
const body = (schema: Parameters<typeof json>[0]) => ({ required: true, content: { 'application/json': { schema: json(schema) } } });
const conflict = (description: string) => ({ '409': problemResponse(description) });

/** The OpenAPI paths of this API and the component schemas they refer to (composed in src/openapi.ts). */
export function queueOpenApi(): OpenApiPart {
  const ticketAction = (operationId: string, summary: string, from: string) => ({
    post: {
      operationId,
      summary,
      parameters: idParam('The queue ticket'),
      ...staff,
      responses: { ...staff.responses, '200': ticketAnswer('The ticket after the action'), ...conflict(`The ticket is not ${from}`) },
    },
  });
  return {
    paths: {
      '/api/v1/offices/{id}/queue': {
        get: {
          operationId: 'getOfficeQueue',
          summary: '混雑状況: people waiting and the estimated wait per counter of a ward office today (no personal data)',
          parameters: idParam('The ward office (an organisation of kind ward_office)'),
          security: open.security,
          responses: { ...open.responses, ...ok('OfficeQueue'), '404': problemResponses['404'] },
        },
      },
      '/api/v1/offices/{id}/check-ins': {
        post: {
          operationId: 'checkIn',
          summary:
            'Check a booked person in by 予約番号 (as a QR scanner types it; any width, hyphens optional). Today’s appointments of this office only; a second check-in answers the same ticket (200).',
          parameters: idParam('The ward office'),
          ...staff,
          requestBody: body(checkInRequestSchema.strict()),
          responses: {
            ...staff.responses,
            ...tooLarge,
            '201': ticketAnswer('Checked in: the new ticket'),
            '200': ticketAnswer('Already checked in: the current ticket'),
            ...conflict('Cancelled, finished, not today, or another office’s appointment'),
            '422': problemResponses['422'],
          },
        },
      },
      '/api/v1/offices/{id}/walk-ins': {
        post: {
          operationId: 'issueWalkIn',
          summary: 'A walk-in number (整理券) for a service that takes walk-ins, within today’s hours',
          parameters: idParam('The ward office'),
          ...staff,
          requestBody: body(walkInRequestSchema.strict()),
          responses: {
            ...staff.responses,
            ...tooLarge,
            '201': ticketAnswer('The new ticket'),
            ...conflict('The service takes no walk-ins, or the counter is closed now'),
            '422': problemResponses['422'],
          },
        },
      },
      '/api/v1/self-check-ins': {
        post: {
          operationId: 'checkInSelf',
          summary: 'The resident checks in from their phone with the secret of their confirmation link, from 15 minutes before their time',
          security: open.security,
          requestBody: body(selfCheckInRequestSchema.strict()),
          responses: {
            ...open.responses,
            ...tooLarge,
            '201': ticketAnswer('Checked in'),
            '200': ticketAnswer('Already checked in'),
            '404': problemResponses['404'],
            ...conflict('Outside the window, not today, cancelled or finished'),
            '422': problemResponses['422'],
          },
        },
      },
      '/api/v1/counters/{id}/call-next': {
        post: {
          operationId: 'callNext',
          summary: 'Call the next person to a desk: booked people on time first, then walk-ins and late arrivals by arrival',
          parameters: idParam('The counter'),
          ...staff,
          requestBody: body(callNextRequestSchema.strict()),
          responses: {
            ...staff.responses,
            ...tooLarge,
            '200': ticketAnswer('The called ticket'),
            ...conflict('Nobody is waiting, or the desk still has someone called'),
            '422': problemResponses['422'],
          },
        },
      },
      '/api/v1/queue-tickets/{id}/recall': ticketAction('recallTicket', 'Call the same number again', 'called'),
      '/api/v1/queue-tickets/{id}/serving': ticketAction('startServingTicket', 'The called person came: serving', 'called'),
      '/api/v1/queue-tickets/{id}/no-show': ticketAction('markTicketNoShow', 'The called person did not come', 'called'),
      '/api/v1/queue-tickets/{id}/done': {
        post: {
          operationId: 'markTicketDone',
          summary: 'Done; a booking with a further procedure gets its ticket at that counter at once (`next`)',
          parameters: idParam('The queue ticket'),
          ...staff,
          responses: {
            ...staff.responses,
            '200': {
              description: 'The ticket, and the next procedure’s ticket or null',
              content: { 'application/json': { schema: { $ref: '#/components/schemas/QueueTicketDone' } } },
            },
            ...conflict('The ticket is not called or serving'),
          },
        },
      },
      '/api/v1/queue-tickets/{id}/transfer': {
        post: {
          operationId: 'transferTicket',
          summary: 'To another counter of the office: the same number, waiting there at its original time',
          parameters: idParam('The queue ticket'),
          ...staff,
          requestBody: body(transferRequestSchema.strict()),
          responses: {
            ...staff.responses,
            ...tooLarge,
            '200': ticketAnswer('The ticket, now waiting at the other counter'),
            ...conflict('The ticket is already done'),
            '422': problemResponses['422'],
          },
        },
      },
    },
    schemas: {
      OfficeQueue: json(officeQueueJsonSchema),
      QueueTicket: json(ticketJsonSchema),
      QueueTicketDone: json(ticketJsonSchema.extend({ next: ticketJsonSchema.nullable() })),
    },
  };
}
