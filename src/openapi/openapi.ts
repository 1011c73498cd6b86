/**
 * The OpenAPI 3.1 document of the JSON API, built from the same zod schemas that shape the responses and
 * the same code lists (kinds, room types, equipment, bands) that validate the queries.
 */
import { meJsonSchema, tokenRequest } from '../features/account/account.schema.ts';
import { roomAvailabilityJsonSchema } from '../features/availability/availability.schema.ts';
import { MAX_AVAILABILITY_DAYS } from '../features/availability/availability.service.ts';
import { bookingRequestSchema, reservationJsonSchema } from '../features/booking/booking.schema.ts';
import { facilityDetailJsonSchema, facilityJsonSchema, wardJsonSchema } from '../features/facility/facility.schema.ts';
import { EQUIPMENT, FACILITY_KINDS, ROOM_TYPES } from '../features/facility/facility.ts';
import { utilisationJsonSchema } from '../features/insights/insights.schema.ts';
import { GROUP_BYS } from '../features/insights/utilisation.query.ts';
import { entryRequestSchema, lotteryEntryJsonSchema, lotteryMonthJsonSchema } from '../features/lottery/lottery.schema.ts';
import { lookupJsonSchema, organisationJsonSchema, treeJsonSchema } from '../features/organisation/organisation.schema.ts';
import { BAND_CODES, searchResponseJsonSchema } from '../features/search/search.schema.ts';
import { MAX_SEARCH_DAYS } from '../features/search/search.service.ts';
import { proxyBookingSchema, proxyReservationJsonSchema, residentSearchJsonSchema } from '../features/staff/staff.schema.ts';
import {
  bearer,
  openApiDocument as buildDocument,
  dateParam,
  json,
  listOf,
  ok,
  open,
  problemResponse,
  problemResponses,
  tooLarge,
} from '../http/openapi.ts';
import { ORGANISATION_KINDS } from '../platform/organisation/organisation.ts';

export function openApiDocument() {
  return buildDocument(
    {
      title: 'tsunagu API',
      version: '1.0.0',
      license: { name: 'MIT', identifier: 'MIT' },
      description:
        'Facilities, rooms and availability of the city’s citizen centres and lifelong-learning centres. Dates are local dates in Asia/Tokyo (YYYY-MM-DD), times HH:MM. Error texts follow Accept-Language (ja or en). Public availability never reveals who booked.',
    },
    {
      '/healthz': {
        get: {
          operationId: 'getHealth',
          summary: 'Liveness: 200 when the database answers',
          security: [],
          responses: {
            '200': { description: 'OK' },
            '431': { description: 'Request headers too large (refused by the HTTP server before the application)' },
            '503': { description: 'Database unavailable' },
          },
        },
      },
      '/api/v1/wards': {
        get: {
          operationId: 'listWards',
          summary: 'The wards (区) with their number of facilities',
          security: open.security,
          responses: { ...ok('WardList'), ...open.responses },
        },
      },
      '/api/v1/facilities': {
        get: {
          operationId: 'listFacilities',
          summary: 'Facilities, optionally of one ward and/or kind',
          parameters: [
            { name: 'ward', in: 'query', schema: { type: 'string' }, description: 'Ward id from /api/v1/wards' },
            { name: 'kind', in: 'query', schema: { type: 'string', enum: [...FACILITY_KINDS] } },
          ],
          security: open.security,
          responses: { ...open.responses, ...ok('FacilityList'), '422': problemResponses['422'] },
        },
      },
      '/api/v1/facilities/{id}': {
        get: {
          operationId: 'getFacility',
          summary: 'One facility with its rooms and their time bands',
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
          security: open.security,
          responses: { ...open.responses, ...ok('FacilityDetail'), '404': problemResponses['404'] },
        },
      },
      '/api/v1/organisations': {
        get: {
          operationId: 'listOrganisations',
          summary: 'The registry tree (official entries only), optionally of one ward and/or kind, with counts by kind',
          parameters: [
            { name: 'ward', in: 'query', schema: { type: 'string' }, description: 'Ward id from /api/v1/wards' },
            {
              name: 'kind',
              in: 'query',
              schema: { type: 'string', enum: [...ORGANISATION_KINDS] },
              description: 'One kind: the list is then flat',
            },
          ],
          security: open.security,
          responses: { ...open.responses, ...ok('OrganisationTree'), '422': problemResponses['422'] },
        },
      },
      '/api/v1/organisations/{id}': {
        get: {
          operationId: 'getOrganisation',
          summary:
            'One organisation with its parent chain and children; a residents’ group shows its name and link only. No personal data.',
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
          security: open.security,
          responses: { ...open.responses, ...ok('Organisation'), '404': problemResponses['404'] },
        },
      },
      '/api/v1/school-districts/lookup': {
        get: {
          operationId: 'lookupSchoolDistrict',
          summary:
            'The 校区 of an address as residents type it (〒, ward, 全角 digits, 一丁目 or 1-2-3 forms), with its council and associations',
          parameters: [
            { name: 'address', in: 'query', required: true, schema: { type: 'string', maxLength: 200 }, example: '小倉北区中央1-2-3' },
          ],
          security: open.security,
          responses: { ...open.responses, ...ok('SchoolDistrictLookup'), '422': problemResponses['422'] },
        },
      },
      '/api/v1/rooms/{id}/availability': {
        get: {
          operationId: 'getRoomAvailability',
          summary: `Per date and band, whether a room is free, booked or closed (at most ${MAX_AVAILABILITY_DAYS} days per call)`,
          parameters: [
            { name: 'id', in: 'path', required: true, schema: { type: 'string' } },
            dateParam('from', 'First date, inclusive', true),
            dateParam('to', 'Last date, inclusive', true),
          ],
          security: open.security,
          responses: { ...open.responses, ...ok('RoomAvailability'), ...problemResponses },
        },
      },
      '/api/v1/search': {
        get: {
          operationId: 'searchFreeCells',
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
          security: open.security,
          responses: { ...open.responses, ...ok('SearchResult'), '422': problemResponses['422'] },
        },
      },
      '/api/v1/auth/token': {
        post: {
          operationId: 'issueToken',
          summary: 'Exchange email and password for a bearer token (rate-limited; revocable on the account page)',
          requestBody: { required: true, content: { 'application/json': { schema: json(tokenRequest) } } },
          security: open.security,
          responses: {
            ...open.responses,
            ...tooLarge,
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
            '401': problemResponse('Wrong email or password'),
            '422': problemResponses['422'],
            '429': {
              ...problemResponse('Too many failed attempts; try again after Retry-After seconds'),
              headers: { 'Retry-After': { description: 'Seconds to wait', schema: { type: 'integer' } } },
            },
          },
        },
      },
      '/api/v1/me': {
        get: {
          operationId: 'getMe',
          summary:
            'The bearer token holder: id, 利用者番号, name, every role assignment they hold (role and scope: the city, a ward, a facility, a ward office, a department or an organisation), groups (団体) with their role in each, and their household (世帯: address, 自治会 and 班, people count); residents and staff alike',
          security: [{ bearer: [] }],
          responses: { ...bearer.responses, ...ok('Me') },
        },
      },
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
      '/api/v1/lottery/months/{month}': {
        get: {
          operationId: 'getLotteryMonth',
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
          security: open.security,
          responses: { ...open.responses, ...ok('LotteryMonth'), '422': problemResponses['422'] },
        },
      },
      '/api/v1/lottery/entries': {
        get: {
          operationId: 'listMyLotteryEntries',
          summary: 'My lottery entries (and my groups’), with each wish’s result',
          security: [{ bearer: [] }],
          responses: { ...bearer.responses, ...ok('LotteryEntryList') },
        },
        post: {
          operationId: 'enterLottery',
          summary:
            'Enter a month’s lottery with ranked wishes (best first). One entry per person or group and month; a person cannot hold a ticket for the same cell personally and through a group.',
          security: [{ bearer: [] }],
          requestBody: { required: true, content: { 'application/json': { schema: json(entryRequestSchema.strict()) } } },
          responses: {
            ...bearer.responses,
            ...tooLarge,
            '201': { description: 'Entered', content: { 'application/json': { schema: { $ref: '#/components/schemas/LotteryEntry' } } } },
            '409': { description: 'Outside the entry period, or this person or group has already entered this month' },
            '422': problemResponses['422'],
          },
        },
      },
      '/api/v1/lottery/entries/{id}': {
        get: {
          operationId: 'getLotteryEntry',
          summary: 'One of my lottery entries',
          security: [{ bearer: [] }],
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
          responses: { ...bearer.responses, ...ok('LotteryEntry'), '404': problemResponses['404'] },
        },
        delete: {
          operationId: 'withdrawLotteryEntry',
          summary: 'Withdraw an entry while entries are still taken',
          security: [{ bearer: [] }],
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
          responses: {
            ...bearer.responses,
            '204': { description: 'Withdrawn' },
            '404': problemResponses['404'],
            '409': { description: 'The entry period has ended' },
          },
        },
      },
      '/api/v1/lottery/entries/{id}/confirm': {
        post: {
          operationId: 'confirmLotteryWins',
          summary: 'Keep the won wishes of an entry (before the confirm-by day); they become ordinary bookings',
          security: [{ bearer: [] }],
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
          responses: {
            ...bearer.responses,
            ...ok('LotteryEntry'),
            '404': problemResponses['404'],
            '409': { description: 'Nothing won to confirm, or past the deadline' },
          },
        },
      },
      '/api/v1/insights/utilisation': {
        get: {
          operationId: 'getUtilisation',
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
            ...bearer.responses,
            ...ok('Utilisation'),
            '403': { description: 'Not staff, or the ward or facility is out of scope' },
            '422': problemResponses['422'],
          },
        },
      },
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
    {
      Me: json(meJsonSchema),
      Ward: json(wardJsonSchema),
      WardList: listOf('wards', 'Ward'),
      Facility: json(facilityJsonSchema),
      FacilityList: listOf('facilities', 'Facility'),
      FacilityDetail: json(facilityDetailJsonSchema),
      RoomAvailability: json(roomAvailabilityJsonSchema),
      SearchResult: json(searchResponseJsonSchema),
      Reservation: json(reservationJsonSchema),
      LotteryMonth: json(lotteryMonthJsonSchema),
      Utilisation: json(utilisationJsonSchema),
      OrganisationTree: json(treeJsonSchema),
      Organisation: json(organisationJsonSchema),
      SchoolDistrictLookup: json(lookupJsonSchema),
      ResidentSearch: json(residentSearchJsonSchema),
      ProxyReservation: json(proxyReservationJsonSchema),
      LotteryEntry: json(lotteryEntryJsonSchema),
      LotteryEntryList: listOf('entries', 'LotteryEntry'),
    },
  );
}
