/**
 * The building blocks of the OpenAPI document: the shared Problem schema and responses, who may call an
 * operation, and the components every path refers to (built from the same zod schemas as the responses).
 */
import { z } from 'zod';
import { meJsonSchema } from '../features/account/account.schema.ts';
import { roomAvailabilityJsonSchema } from '../features/availability/availability.schema.ts';
import { reservationJsonSchema } from '../features/booking/booking.schema.ts';
import { facilityDetailJsonSchema, facilityJsonSchema, wardJsonSchema } from '../features/facility/facility.schema.ts';
import { utilisationJsonSchema } from '../features/insights/insights.schema.ts';
import { lotteryEntryJsonSchema, lotteryMonthJsonSchema } from '../features/lottery/lottery.schema.ts';
import { lookupJsonSchema, organisationJsonSchema, treeJsonSchema } from '../features/organisation/organisation.schema.ts';
import { searchResponseJsonSchema } from '../features/search/search.schema.ts';
import { proxyReservationJsonSchema, residentSearchJsonSchema } from '../features/staff/staff.schema.ts';
import { MAX_BODY_BYTES } from '../http/errors.tsx';
import { problemTypes } from '../http/problem-types.ts';

// Input schemas preprocess (NFKC, trimming): document what a client sends, not the parsed result.
export const json = (schema: z.ZodType) => z.toJSONSchema(schema, { target: 'draft-2020-12', io: 'input', unrepresentable: 'any' });

const problemSchema = {
  type: 'object',
  description: 'RFC 9457 problem details. `errors` lists field problems for 422 responses.',
  properties: {
    type: {
      type: 'string',
      description: `A stable slug to branch on (the title is translated text):\n${problemTypes()
        .map((p) => `- \`${p.type}\`: ${p.description}`)
        .join('\n')}`,
      enum: problemTypes().map((p) => p.type),
    },
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

export const dateParam = (name: string, description: string, required = false) => ({
  name,
  in: 'query',
  required,
  description,
  schema: { type: 'string', format: 'date', example: '2026-12-05' },
});

export const problemResponse = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
});

export const problemResponses = {
  '404': problemResponse('Not found'),
  '422': problemResponse('Invalid input, with field errors'),
};

/** Operations anyone may call; an Authorization header, if sent, must still hold a valid token. */
export const open = {
  security: [],
  responses: { '401': problemResponse('An Authorization header was sent with an invalid or revoked token (none is needed)') },
};
export const bearer = { security: [{ bearer: [] }], responses: { '401': problemResponse('No, invalid or revoked bearer token') } };
// Every request body passes the same size limit before any route reads it.
export const tooLarge = { '413': problemResponse(`The body is larger than ${MAX_BODY_BYTES / 1024} KB`) };

export const ok = (ref: string) => ({
  '200': { description: 'OK', content: { 'application/json': { schema: { $ref: `#/components/schemas/${ref}` } } } },
});

export function openApiComponents() {
  return {
    securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
    schemas: {
      Problem: problemSchema,
      Me: json(meJsonSchema),
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
      OrganisationTree: json(treeJsonSchema),
      Organisation: json(organisationJsonSchema),
      SchoolDistrictLookup: json(lookupJsonSchema),
      ResidentSearch: json(residentSearchJsonSchema),
      ProxyReservation: json(proxyReservationJsonSchema),
      LotteryEntry: json(lotteryEntryJsonSchema),
      LotteryEntryList: {
        type: 'object',
        properties: { entries: { type: 'array', items: { $ref: '#/components/schemas/LotteryEntry' } } },
        required: ['entries'],
      },
    },
  };
}
