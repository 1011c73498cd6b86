/** GET /api/v1/search — free cells across facilities. */
import { Hono } from 'hono';
import type { AppEnv } from '../../http/env.ts';
import { parseOrThrow } from '../../http/validation.ts';
import { rawSearchParams, searchQuerySchema } from './search.schema.ts';
import { searchFreeCells } from './search.service.ts';

export function searchApi() {
  const app = new Hono<AppEnv>();
  app.get('/search', async (c) => {
    const { db, clock } = c.get('deps');
    const query = parseOrThrow(searchQuerySchema, rawSearchParams(new URL(c.req.url)));
    const result = await searchFreeCells(db, clock, query);
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
  });
  return app;
}
