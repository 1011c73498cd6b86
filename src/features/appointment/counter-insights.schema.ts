/** The counters' figures question: an office (blank: every office in reach) and a period of at most 92 days. */
import { z } from 'zod';
import { normalizeCode } from '../../lib/normalize.ts';
import { localDateSchema } from '../availability/availability.schema.ts';

export const MAX_INSIGHT_DAYS = 92;

export const counterInsightsQuerySchema = z.object({
  office: z.preprocess(
    normalizeCode,
    z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,64}$/, { error: 'errInvalidValue' })
      .optional(),
  ),
  from: localDateSchema('errDateRequired'),
  to: localDateSchema('errDateRequired'),
});

export type CounterInsightsQuery = z.infer<typeof counterInsightsQuerySchema>;
