/** GET /api/v1/search — free cells across facilities. */
import { Hono } from 'hono';
import type { AppEnv } from '../../http/env.ts';
import { dateParam, json, type OpenApiPart, ok, open, problemResponses } from '../../http/openapi.ts';
import { parseOrThrow } from '../../http/validation.ts';
import { createResponseCache } from '../../platform/read-model/response-cache.ts';
import { publicReader } from '../availability/availability.read-model.ts';
import { EQUIPMENT, ROOM_TYPES } from '../facility/facility.ts';
import { BAND_CODES, rawSearchParams, searchQuerySchema, searchResponseJsonSchema } from './search.schema.ts';
import { MAX_SEARCH_DAYS, searchFreeCells } from './search.service.ts';

export function searchApi() {
  const app = new Hono<AppEnv>();
  const answers = createResponseCache();
  app.get('/search', (c) =>
    answers.answer(c, async (used) => {
      const query = parseOrThrow(searchQuerySchema, rawSearchParams(new URL(c.req.url)));
      const result = await searchFreeCells(publicReader(c, used), query);
      return c.json({
        from: query.from,
        to: query.to,
        total: result.total,
        truncated: result.truncated,
        results: result.hits.map((h) => ({
          date: h.date,
          band: h.band,
          label: h.label,
          labelEn: h.labelEn,
          start: h.start,
          end: h.end,
          facility: { id: h.facility.id, name: h.facility.name, wardId: h.facility.wardId, kind: h.facility.kind },
          room: { id: h.room.id, name: h.room.name, roomType: h.room.roomType, capacity: h.room.capacity, equipment: h.room.equipment },
        })),
      });
    }),
  );
  return app;
}

/** The OpenAPI paths of this API and the component schemas they refer to (composed in src/openapi.ts). */
export function searchOpenApi(): OpenApiPart {
  return {
    paths: {
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
    },
    schemas: {
      SearchResult: json(searchResponseJsonSchema),
    },
  };
}
