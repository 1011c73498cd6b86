/** The booking request, shared by the booking form and POST /api/v1/reservations. */
import { z } from 'zod';
import { normalizeList, normalizeText } from '../../lib/normalize.ts';
import { localDateSchema } from '../availability/availability.schema.ts';
import { BAND_CODES } from '../search/search.schema.ts';
import { CATEGORIES } from './booking.ts';

const idSchema = (error: string) => z.preprocess(normalizeText, z.string({ error }).regex(/^[A-Za-z0-9_-]{1,64}$/, { error }));

/** Checkbox "on", "true", "1" or a JSON boolean. */
const flag = z.preprocess((v) => v === true || v === 'on' || v === 'true' || v === '1', z.boolean());

export const bookingRequestSchema = z.object({
  roomId: idSchema('errNotFoundRoom'),
  date: localDateSchema('errDateRequired'),
  bands: z.preprocess(
    normalizeList,
    z
      .array(z.enum(BAND_CODES, { error: 'errInvalidBand' }), { error: 'errBandsRequired' })
      .min(1, { error: 'errBandsRequired' })
      .max(3),
  ),
  purpose: z.preprocess(normalizeText, z.string({ error: 'errPurposeRequired' }).max(100, { error: 'errTooLong' })),
  attendees: z.preprocess(
    (v) => (typeof v === 'number' ? String(v) : normalizeText(v)),
    z
      .string({ error: 'errAttendeesRequired' })
      .regex(/^\d{1,4}$/, { error: 'errAttendees' })
      .transform(Number)
      .refine((n) => n >= 1, { error: 'errAttendees' }),
  ),
  category: z.enum(CATEGORIES, { error: 'errCategoryRequired' }),
  groupId: z.preprocess(
    normalizeText,
    z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,64}$/, { error: 'errGroupUnknown' })
      .optional(),
  ),
  commercial: flag.default(false),
  admission: flag.default(false),
});

export type BookingRequestInput = z.infer<typeof bookingRequestSchema>;

/** Idempotency-Key header (API) or form token (pages): opaque, short, printable. */
export const idempotencyKeySchema = z.string().regex(/^[A-Za-z0-9_.:-]{8,100}$/, { error: 'errIdempotencyKey' });
