/** Inputs of the staff API. */
import { z } from 'zod';
import { normalizeText } from '../../lib/normalize.ts';
import { localDateSchema } from '../availability/availability.schema.ts';
import { bookingRequestSchema } from '../booking/booking.schema.ts';

export const dayQuery = z.object({ date: localDateSchema('errDateRequired') });

/** 代理予約: the usual booking fields, for whom, through which channel, and any rule set aside and why. */
export const proxyBookingSchema = bookingRequestSchema
  .extend({
    residentId: z.preprocess(
      normalizeText,
      z.string({ error: 'errResidentRequired' }).regex(/^[A-Za-z0-9_-]{1,64}$/, { error: 'errResidentRequired' }),
    ),
    channel: z.enum(['counter', 'phone'], { error: 'errChannel' }),
    overrideQuota: z.boolean().default(false),
    overrideWindow: z.boolean().default(false),
    overrideReason: z.preprocess(normalizeText, z.string().max(200, { error: 'errTooLong' }).optional()),
  })
  .strict()
  .refine((v) => !(v.overrideQuota || v.overrideWindow) || (v.overrideReason?.length ?? 0) > 0, {
    path: ['overrideReason'],
    error: 'errOverrideReason',
  });
