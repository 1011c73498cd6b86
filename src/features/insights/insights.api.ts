/** GET /api/v1/insights/utilisation — staff tokens, answered within the caller's scope. */
import { Hono } from 'hono';
import type { AppEnv } from '../../http/env.ts';
import { bearer, dateParam, json, type OpenApiPart, ok, problemResponses } from '../../http/openapi.ts';
import { parseOrThrow } from '../../http/validation.ts';
import { ForbiddenError } from '../../lib/errors.ts';
import { isStaff } from '../../platform/authz/policy.ts';
import { requireLogin } from '../../platform/authz/require-login.ts';
import { utilisationJsonSchema, utilisationQuerySchema } from './insights.schema.ts';
import { scopedQuestion } from './insights.service.ts';
import { GROUP_BYS, utilisation } from './utilisation.query.ts';

export function insightsApi() {
  const app = new Hono<AppEnv>();
  app.get('/insights/utilisation', requireLogin, async (c) => {
    const staff = c.get('actor');
    if (!isStaff(staff)) throw new ForbiddenError('staff only');
    const { db, clock } = c.get('deps');
    const lang = c.get('lang');
    const q = parseOrThrow(utilisationQuerySchema, c.req.query());
    const rows = await utilisation(db, await scopedQuestion(db, staff, q), q.groupBy, clock);
    return c.json({
      from: q.from,
      to: q.to,
      groupBy: q.groupBy,
      rows: rows.map((r) => ({
        key: r.key,
        label: r.label[lang],
        openCells: r.openCells,
        bookedCells: r.bookedCells,
        rate: r.rate === null ? null : Math.round(r.rate * 10_000) / 10_000,
      })),
    });
  });
  return app;
}

/** The OpenAPI paths of this API and the component schemas they refer to (composed in src/openapi.ts). */
export function insightsOpenApi(): OpenApiPart {
  return {
    paths: {
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
    },
    schemas: {
      Utilisation: json(utilisationJsonSchema),
    },
  };
}
