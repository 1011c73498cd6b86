/** The insights question: a date range, a grouping, and optionally a ward or a facility. */
import { z } from 'zod';
import { normalizeCode } from '../../lib/normalize.ts';
import { localDateSchema } from '../availability/availability.schema.ts';
import { GROUP_BYS } from './utilisation.query.ts';

const optionalId = z.preprocess(
  normalizeCode,
  z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,64}$/, { error: 'errInvalidValue' })
    .optional(),
);

export const utilisationQuerySchema = z.object({
  from: localDateSchema('errDateRequired'),
  to: localDateSchema('errDateRequired'),
  groupBy: z.enum(GROUP_BYS, { error: 'errInvalidValue' }).default('facility'),
  ward: optionalId,
  facility: optionalId,
});

export const utilisationJsonSchema = z
  .object({
    from: z.string(),
    to: z.string(),
    groupBy: z.enum(GROUP_BYS),
    rows: z.array(
      z
        .object({
          key: z.string(),
          label: z.string(),
          openCells: z.number().int(),
          bookedCells: z.number().int(),
          rate: z.number().nullable().describe('booked ÷ open (0–1); null when nothing was open'),
        })
        .strict(),
    ),
  })
  .strict();
