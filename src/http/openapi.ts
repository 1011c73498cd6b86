/**
 * The OpenAPI 3.1 document of the JSON API, built from the same zod schemas that shape the responses and
 * the same code lists (kinds, room types, equipment, bands) that validate the queries.
 */
import { z } from 'zod';
import { roomAvailabilityJsonSchema } from '../features/availability/availability.schema.ts';
import { MAX_AVAILABILITY_DAYS } from '../features/availability/availability.service.ts';
import { bookingRequestSchema, reservationJsonSchema } from '../features/booking/booking.schema.ts';
import { facilityDetailJsonSchema, facilityJsonSchema, wardJsonSchema } from '../features/facility/facility.schema.ts';
import { EQUIPMENT, FACILITY_KINDS, ROOM_TYPES } from '../features/facility/facility.ts';
import { utilisationJsonSchema } from '../features/insights/insights.schema.ts';
import { GROUP_BYS } from '../features/insights/utilisation.query.ts';
import { entryRequestSchema, lotteryEntryJsonSchema, lotteryMonthJsonSchema } from '../features/lottery/lottery.schema.ts';
import { BAND_CODES, searchResponseJsonSchema } from '../features/search/search.schema.ts';
import { MAX_SEARCH_DAYS } from '../features/search/search.service.ts';
import { proxyBookingSchema } from '../features/staff/staff.schema.ts';

// Input schemas preprocess (NFKC, trimming): document what a client sends, not the parsed result.
const json = (schema: z.ZodType) => z.toJSONSchema(schema, { target: 'draft-2020-12', io: 'input', unrepresentable: 'any' });

const problemSchema = {
  type: 'object',
  description: 'RFC 9457 problem details. `errors` lists field problems for 422 responses.',
  properties: {
    type: { type: 'string' },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    errors: {
      type: 'array',
      items: { type: 'object', properties: { field: { type: 'string' }, message: { type: 'string' } }, required: ['field', 'message'] },
    },
  },
  required: ['type', 'title', 'status'],
};

const dateParam = (name: string, description: string, required = false) => ({
  name,
  in: 'query',
  required,
  description,
  schema: { type: 'string', format: 'date', example: '2026-12-05' },
});

const problemResponses = {
  '404': { description: 'Not found', content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } },
  '422': {
    description: 'Invalid input, with field errors',
    content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
  },
};

const ok = (ref: string) => ({
  '200': { description: 'OK', content: { 'application/json': { schema: { $ref: `#/components/schemas/${ref}` } } } },
});

export function openApiDocument() {
  return {
    openapi: '3.1.0',
    info: {
      title: 'tsunagu API',
      version: '1.0.0',
      description:
        'Facilities, rooms and availability of the city’s citizen centres and lifelong-learning centres. Dates are local dates in Asia/Tokyo (YYYY-MM-DD), times HH:MM. Error texts follow Accept-Language (ja or en). Public availability never reveals who booked.',
    },
    servers: [{ url: '/' }],
    paths: {
      '/healthz': {
        get: {
          summary: 'Liveness: 200 when the database answers',
          responses: { '200': { description: 'OK' }, '503': { description: 'Database unavailable' } },
        },
      },
      '/api/v1/wards': { get: { summary: 'The wards (区) with their number of facilities', responses: ok('WardList') } },
      '/api/v1/facilities': {
        get: {
          summary: 'Facilities, optionally of one ward and/or kind',
          parameters: [
            { name: 'ward', in: 'query', schema: { type: 'string' }, description: 'Ward id from /api/v1/wards' },
            { name: 'kind', in: 'query', schema: { type: 'string', enum: [...FACILITY_KINDS] } },
          ],
          responses: { ...ok('FacilityList'), '422': problemResponses['422'] },
        },
      },
      '/api/v1/facilities/{id}': {
        get: {
          summary: 'One facility with its rooms and their time bands',
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
          responses: { ...ok('FacilityDetail'), '404': problemResponses['404'] },
        },
      },
      '/api/v1/rooms/{id}/availability': {
        get: {
          summary: `Per date and band, whether a room is free, booked or closed (at most ${MAX_AVAILABILITY_DAYS} days per call)`,
          parameters: [
            { name: 'id', in: 'path', required: true, schema: { type: 'string' } },
            dateParam('from', 'First date, inclusive', true),
            dateParam('to', 'Last date, inclusive', true),
          ],
          responses: { ...ok('RoomAvailability'), ...problemResponses },
        },
      },
      '/api/v1/search': {
        get: {
          summary: `Free cells across all facilities (a date or a range of at most ${MAX_SEARCH_DAYS} days; at most 200 results)`,
          parameters: [
            dateParam('date', 'One date (or use from/to)'),
            dateParam('from', 'First date of a range'),
            dateParam('to', 'Last date of a range'),
            {
              name: 'band',
              in: 'query',
              schema: { type: 'array', items: { type: 'string', enum: [...BAND_CODES] } },
              style: 'form',
              explode: true,
            },
            { name: 'ward', in: 'query', schema: { type: 'string' } },
            { name: 'minCapacity', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 500 } },
            { name: 'roomType', in: 'query', schema: { type: 'string', enum: [...ROOM_TYPES] } },
            {
              name: 'equipment',
              in: 'query',
              schema: { type: 'array', items: { type: 'string', enum: [...EQUIPMENT] } },
              style: 'form',
              explode: true,
            },
          ],
          responses: { ...ok('SearchResult'), '422': problemResponses['422'] },
        },
      },
      '/api/v1/auth/token': {
        post: {
          summary: 'Exchange email and password for a bearer token (rate-limited; revocable on the account page)',
          requestBody: {
            required: true,
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  properties: {
                    email: { type: 'string' },
                    password: { type: 'string' },
                    name: { type: 'string', description: 'A label shown on the account page' },
                  },
                  required: ['email', 'password'],
                },
              },
            },
          },
          responses: {
            '201': {
              description: 'Token issued',
              content: {
                'application/json': {
                  schema: {
                    type: 'object',
                    properties: { token: { type: 'string' }, tokenType: { const: 'Bearer' }, userNumber: { type: 'string' } },
                  },
                },
              },
            },
            '401': { description: 'Wrong email or password' },
            '422': problemResponses['422'],
            '429': { description: 'Too many failed attempts; see Retry-After' },
          },
        },
      },
      '/api/v1/reservations': {
        get: {
          summary: 'My reservations and those of my groups',
          security: [{ bearer: [] }],
          responses: {
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
            '401': { description: 'No or invalid token' },
          },
        },
        post: {
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
            '201': {
              description: 'Booked (or replayed)',
              content: { 'application/json': { schema: { $ref: '#/components/schemas/Reservation' } } },
            },
            '401': { description: 'No or invalid token' },
            '404': problemResponses['404'],
            '409': {
              description: 'A requested cell is already booked',
              content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
            },
            '422': problemResponses['422'],
          },
        },
      },
      '/api/v1/lottery/months/{month}': {
        get: {
          summary:
            'A lottery month: its calendar (entries, draw, confirm-by, first-come), the SHA-256 of its seed, and the seed after the draw',
          parameters: [
            {
              name: 'month',
              in: 'path',
              required: true,
              schema: { type: 'string', pattern: '^\\d{4}-(0[1-9]|1[0-2])$', example: '2027-02' },
            },
          ],
          responses: { ...ok('LotteryMonth'), '422': problemResponses['422'] },
        },
      },
      '/api/v1/lottery/entries': {
        get: {
          summary: 'My lottery entries (and my groups’), with each wish’s result',
          security: [{ bearer: [] }],
          responses: { ...ok('LotteryEntryList'), '401': { description: 'No or invalid token' } },
        },
        post: {
          summary:
            'Enter a month’s lottery with ranked wishes (best first). One entry per person or group and month; a person cannot hold a ticket for the same cell personally and through a group.',
          security: [{ bearer: [] }],
          requestBody: { required: true, content: { 'application/json': { schema: json(entryRequestSchema.strict()) } } },
          responses: {
            '201': { description: 'Entered', content: { 'application/json': { schema: { $ref: '#/components/schemas/LotteryEntry' } } } },
            '401': { description: 'No or invalid token' },
            '409': { description: 'Outside the entry period, or this person or group has already entered this month' },
            '422': problemResponses['422'],
          },
        },
      },
      '/api/v1/lottery/entries/{id}': {
        get: {
          summary: 'One of my lottery entries',
          security: [{ bearer: [] }],
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
          responses: { ...ok('LotteryEntry'), '401': { description: 'No or invalid token' }, '404': problemResponses['404'] },
        },
        delete: {
          summary: 'Withdraw an entry while entries are still taken',
          security: [{ bearer: [] }],
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
          responses: {
            '204': { description: 'Withdrawn' },
            '404': problemResponses['404'],
            '409': { description: 'The entry period has ended' },
          },
        },
      },
      '/api/v1/lottery/entries/{id}/confirm': {
        post: {
          summary: 'Keep the won wishes of an entry (before the confirm-by day); they become ordinary bookings',
          security: [{ bearer: [] }],
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
          responses: {
            ...ok('LotteryEntry'),
            '404': problemResponses['404'],
            '409': { description: 'Nothing won to confirm, or past the deadline' },
          },
        },
      },
      '/api/v1/insights/utilisation': {
        get: {
          summary:
            'Staff: utilisation (booked ÷ open bands; closed days, holidays and closures out of the denominator) over a range of up to ten years, grouped as asked, within the caller’s scope (clerk: own facility; ward officer: own ward; admin: all). Counted from the month of the first booking on record.',
          security: [{ bearer: [] }],
          parameters: [
            dateParam('from', 'First day', true),
            dateParam('to', 'Last day (at most ten years after from)', true),
            { name: 'groupBy', in: 'query', schema: { type: 'string', enum: [...GROUP_BYS], default: 'facility' } },
            { name: 'ward', in: 'query', schema: { type: 'string' }, description: 'Ward id (admins)' },
            { name: 'facility', in: 'query', schema: { type: 'string' }, description: 'Facility id (admins, ward officers)' },
          ],
          responses: {
            ...ok('Utilisation'),
            '401': { description: 'No or invalid token' },
            '403': { description: 'Not staff, or the ward or facility is out of scope' },
            '422': problemResponses['422'],
          },
        },
      },
      '/api/v1/staff/facilities/{id}/day': {
        get: {
          summary:
            'Staff: a facility’s reservations on one date, with bookers’ contact details (clerk: own facility; ward officer: own ward; admin: all)',
          security: [{ bearer: [] }],
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }, dateParam('date', 'The day', true)],
          responses: {
            '200': { description: 'OK' },
            '401': { description: 'No or invalid token' },
            '403': { description: 'Not staff, or the facility is out of scope' },
            '404': problemResponses['404'],
          },
        },
      },
      '/api/v1/staff/reservations': {
        post: {
          summary:
            'Staff: book on behalf of a resident (代理予約); records channel and operator; quota/window may be set aside with a reason',
          security: [{ bearer: [] }],
          requestBody: { required: true, content: { 'application/json': { schema: json(proxyBookingSchema) } } },
          responses: {
            '201': { description: 'Booked', content: { 'application/json': { schema: { $ref: '#/components/schemas/Reservation' } } } },
            '401': { description: 'No or invalid token' },
            '403': { description: 'Not staff, or the room’s facility is out of scope' },
            '409': { description: 'A requested cell is already booked' },
            '422': problemResponses['422'],
          },
        },
      },
      '/api/v1/reservations/{id}/ics': {
        get: {
          summary: 'The reservation as an iCalendar file',
          security: [{ bearer: [] }],
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
          responses: {
            '200': { description: 'text/calendar' },
            '401': { description: 'No or invalid token' },
            '404': problemResponses['404'],
          },
        },
      },
      '/api/v1/reservations/{id}': {
        get: {
          summary: 'One of my (or my groups’) reservations',
          security: [{ bearer: [] }],
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
          responses: { ...ok('Reservation'), '401': { description: 'No or invalid token' }, '404': problemResponses['404'] },
        },
        delete: {
          summary: 'Cancel before the room’s cancellation deadline; frees the cells',
          security: [{ bearer: [] }],
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
          responses: {
            ...ok('Reservation'),
            '401': { description: 'No or invalid token' },
            '404': problemResponses['404'],
            '409': { description: 'Past the deadline (the message says whom to call) or already cancelled' },
          },
        },
      },
    },
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
      schemas: {
        Problem: problemSchema,
        Ward: json(wardJsonSchema),
        WardList: {
          type: 'object',
          properties: { wards: { type: 'array', items: { $ref: '#/components/schemas/Ward' } } },
          required: ['wards'],
        },
        Facility: json(facilityJsonSchema),
        FacilityList: {
          type: 'object',
          properties: { facilities: { type: 'array', items: { $ref: '#/components/schemas/Facility' } } },
          required: ['facilities'],
        },
        FacilityDetail: json(facilityDetailJsonSchema),
        RoomAvailability: json(roomAvailabilityJsonSchema),
        SearchResult: json(searchResponseJsonSchema),
        Reservation: json(reservationJsonSchema),
        LotteryMonth: json(lotteryMonthJsonSchema),
        Utilisation: json(utilisationJsonSchema),
        LotteryEntry: json(lotteryEntryJsonSchema),
        LotteryEntryList: {
          type: 'object',
          properties: { entries: { type: 'array', items: { $ref: '#/components/schemas/LotteryEntry' } } },
          required: ['entries'],
        },
      },
    },
  };
}
