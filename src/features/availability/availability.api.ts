/** GET /api/v1/rooms/{id}/availability — per date, per band, the state of each cell. */
import { Hono } from 'hono';
import type { AppEnv } from '../../http/env.ts';
import { dateParam, json, type OpenApiPart, ok, open, problemResponses } from '../../http/openapi.ts';
import { parseOrThrow } from '../../http/validation.ts';
import type { Lang, Translate } from '../../lib/i18n.ts';
import { createResponseCache } from '../../platform/read-model/response-cache.ts';
import { parseId } from '../facility/facility.schema.ts';
import { closureReasonLabels } from '../facility/facility.ts';
import { publicReader, readRoomAvailability } from './availability.read-model.ts';
import { roomAvailabilityJsonSchema, roomAvailabilityQuery } from './availability.schema.ts';
import { MAX_AVAILABILITY_DAYS } from './availability.service.ts';
import type { Cell, DayAvailability } from './availability.ts';
import { cellText } from './cell-text.ts';

export function cellJson(cell: Cell, t: Translate, lang: Lang) {
  return {
    band: cell.band,
    label: cell.label,
    labelEn: cell.labelEn,
    start: cell.start,
    end: cell.end,
    state: cell.state,
    ...(cell.reason ? { reason: cell.reason, reasonLabel: cellText(cell, t, lang).replace(/^− /, '') } : {}),
    ...(cell.closure
      ? { closure: { reason: cell.closure.reason, label: closureReasonLabels[cell.closure.reason][lang], note: cell.closure.note } }
      : {}),
  };
}

export function dayJson(day: DayAvailability, t: Translate, lang: Lang) {
  return {
    date: day.date,
    weekday: day.weekday,
    holiday: day.holiday ? { name: day.holiday.name, nameEn: day.holiday.nameEn } : null,
    bands: day.cells.map((cell) => cellJson(cell, t, lang)),
  };
}

export function availabilityApi() {
  const app = new Hono<AppEnv>();
  const answers = createResponseCache();
  app.get('/rooms/:id/availability', (c) =>
    answers.answer(c, async (used) => {
      const id = parseId(c.req.param('id'), 'room');
      const { from, to } = parseOrThrow(roomAvailabilityQuery, c.req.query());
      const { facility, grid } = await readRoomAvailability(publicReader(c, used), id, from, to);
      const t = c.get('t');
      const lang = c.get('lang');
      return c.json({
        roomId: grid.room.id,
        facilityId: facility.id,
        from,
        to,
        days: grid.days.map((d) => dayJson(d, t, lang)),
      });
    }),
  );
  return app;
}

/** The OpenAPI paths of this API and the component schemas they refer to (composed in src/openapi.ts). */
export function availabilityOpenApi(): OpenApiPart {
  return {
    paths: {
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
    },
    schemas: {
      RoomAvailability: json(roomAvailabilityJsonSchema),
    },
  };
}
