/**
 * Inputs of changing an appointment (PATCH body and the change page's form) and of the staff's look-up
 * and cancel. Messages are keys (appointment-change.messages.ts, appointment.messages.ts, lib errors).
 */
import { z } from 'zod';
import { normalizeFreeText } from '../../lib/normalize.ts';
import { localDateSchema } from '../availability/availability.schema.ts';
import { timeSchema } from './appointment.schema.ts';

/** The new date and the first service's new start; the others follow as they were booked. */
export const changeRequestSchema = z.object({
  date: localDateSchema('errDateRequired'),
  starts: timeSchema,
});

/** The staff's look-up: a day (today when left out) and what the caller gives: 予約番号, phone or name. */
export const staffLookupQuery = z.object({
  date: localDateSchema('errInvalidDate').optional(),
  q: z.preprocess((v) => (typeof v === 'string' ? v.slice(0, 100) : v), z.string().default('')),
});

export const staffCancelSchema = z.object({
  reason: z.preprocess(normalizeFreeText, z.string().max(200, { error: 'errTooLong' }).optional()),
});
