/** Inputs of the availability routes. */
import { z } from 'zod';
import { normalizeCode } from '../../lib/normalize.ts';
import { isLocalDate, isYearMonth } from '../../lib/time.ts';
import { CLOSURE_REASONS } from '../facility/facility.ts';

export const localDateSchema = (required: 'errInvalidDate' | 'errDateRequired' = 'errInvalidDate') =>
  z.preprocess(
    normalizeCode,
    z.string({ error: required }).max(10, { error: 'errInvalidDate' }).refine(isLocalDate, { error: 'errInvalidDate' }),
  );

/** An optional date: blank form fields arrive as '' and mean "not given". */
export const optionalLocalDateSchema = z.preprocess(
  normalizeCode,
  z.string().max(10, { error: 'errInvalidDate' }).refine(isLocalDate, { error: 'errInvalidDate' }).optional(),
);

export const roomAvailabilityQuery = z.object({
  from: localDateSchema('errDateRequired'),
  to: localDateSchema('errDateRequired'),
});

export const monthQuery = z.object({
  month: z.preprocess(
    normalizeCode,
    z.string().max(7, { error: 'errInvalidMonth' }).refine(isYearMonth, { error: 'errInvalidMonth' }).optional(),
  ),
  room: z.preprocess(
    normalizeCode,
    z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,64}$/, { error: 'errNotFoundRoom' })
      .optional(),
  ),
});

export const cellJsonSchema = z
  .object({
    band: z.string(),
    label: z.string(),
    labelEn: z.string(),
    start: z.string(),
    end: z.string(),
    state: z.enum(['free', 'booked', 'closed']),
    reason: z.enum(['year_end', 'closure', 'holiday', 'closed_day', 'outside_hours', 'past', 'lottery']).optional(),
    reasonLabel: z.string().optional(),
    closure: z
      .object({ reason: z.enum(CLOSURE_REASONS), label: z.string(), note: z.string().nullable() })
      .strict()
      .optional(),
  })
  .strict();

export const roomAvailabilityJsonSchema = z
  .object({
    roomId: z.string(),
    facilityId: z.string(),
    from: z.string(),
    to: z.string(),
    days: z.array(
      z
        .object({
          date: z.string(),
          weekday: z.number().int().min(1).max(7),
          holiday: z.object({ name: z.string(), nameEn: z.string() }).strict().nullable(),
          bands: z.array(cellJsonSchema),
        })
        .strict(),
    ),
  })
  .strict();
