/** GET /api/v1/insights/utilisation — staff tokens, answered within the caller's scope. */
import { Hono } from 'hono';
import type { AppEnv } from '../../http/env.ts';
import { parseOrThrow } from '../../http/validation.ts';
import { ForbiddenError } from '../../lib/errors.ts';
import { isStaff } from '../../platform/authz/policy.ts';
import { requireLogin } from '../../platform/authz/require-login.ts';
import { utilisationQuerySchema } from './insights.schema.ts';
import { scopedQuestion } from './insights.service.ts';
import { utilisation } from './utilisation.query.ts';

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
