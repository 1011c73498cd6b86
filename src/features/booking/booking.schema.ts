/** The booking request, shared by the booking form and POST /api/v1/reservations. */
import { z } from 'zod';
import { normalizeCode, normalizeFreeText, normalizeList } from '../../lib/normalize.ts';
import { localDateSchema } from '../availability/availability.schema.ts';
import { BAND_CODES } from '../search/search.schema.ts';
import { CATEGORIES } from './booking.ts';

const idSchema = (error: string) => z.preprocess(normalizeCode, z.string({ error }).regex(/^[A-Za-z0-9_-]{1,64}$/, { error }));

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
  purpose: z.preprocess(normalizeFreeText, z.string({ error: 'errPurposeRequired' }).max(100, { error: 'errTooLong' })),
  attendees: z.preprocess(
    (v) => (typeof v === 'number' ? String(v) : normalizeCode(v)),
    z
      .string({ error: 'errAttendeesRequired' })
      .regex(/^\d{1,4}$/, { error: 'errAttendees' })
      .transform(Number)
      .refine((n) => n >= 1, { error: 'errAttendees' }),
  ),
  category: z.enum(CATEGORIES, { error: 'errCategoryRequired' }),
  groupId: z.preprocess(
    normalizeCode,
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

const feeDetailJsonSchema = z
  .object({
    base: z.number().int(),
    multipliers: z.array(z.object({ kind: z.enum(['commercial', 'admission', 'nonResident']), percent: z.number().int() }).strict()),
    gross: z.number().int(),
    reductionPercent: z.number().int(),
    reductionReason: z.object({ ja: z.string(), en: z.string() }).strict().nullable(),
    total: z.number().int(),
  })
  .strict();

/** Response shape of a reservation in the JSON API (documented in the OpenAPI file; tests parse with it). */
export const reservationJsonSchema = z
  .object({
    id: z.string(),
    number: z.string().describe('予約番号, e.g. 2612-483920'),
    status: z.enum(['won', 'provisional', 'confirmed', 'used', 'cancelled', 'no_show']),
    date: z.string(),
    bands: z.array(z.object({ band: z.string(), label: z.string(), labelEn: z.string(), start: z.string(), end: z.string() }).strict()),
    roomId: z.string(),
    roomName: z.string(),
    facilityId: z.string(),
    facilityName: z.string(),
    facilityPhone: z.string(),
    purpose: z.string(),
    attendees: z.number().int(),
    category: z.enum(CATEGORIES),
    groupId: z.string().nullable(),
    commercial: z.boolean(),
    admission: z.boolean(),
    fee: z.number().int().describe('Yen payable, after multipliers and reductions, rounded down to 10 yen'),
    feeDetail: feeDetailJsonSchema.nullable(),
    channel: z.enum(['web', 'counter', 'phone', 'api']),
    createdAt: z.string(),
    cancelledAt: z.string().nullable(),
    cancellableUntil: z.string().describe('Last day (Tokyo) the booking can be cancelled online'),
    cancellable: z.boolean(),
  })
  .strict();
