/**
 * Inputs and JSON shapes of counter appointments: the slots query, the booking request (one or more
 * services in sequence), the email-code request, and the responses documented in the OpenAPI file. Shared
 * by the API and, later, the pages. Messages are keys (appointment.messages.ts, account's for contact).
 */
import { z } from 'zod';
import { normalizeCode, normalizeList } from '../../lib/normalize.ts';
import { emailSchema, kanaSchema, phoneSchema, text } from '../account/account.schema.ts';
import { localDateSchema } from '../availability/availability.schema.ts';
import { idempotencyKeySchema } from '../booking/booking.schema.ts';

export { idempotencyKeySchema };

const ID_RE = /^[A-Za-z0-9_-]{1,64}$/;
const idSchema = (error: string) => z.preprocess(normalizeCode, z.string({ error }).regex(ID_RE, { error }));

/** 'HH:MM'; 9:30 and full-width digits are accepted and read as 09:30. */
export const timeSchema = z.preprocess(
  (v) => {
    const code = normalizeCode(v);
    return typeof code === 'string' && /^\d:\d{2}$/.test(code) ? `0${code}` : code;
  },
  z.string({ error: 'errAppointmentStartFormat' }).regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: 'errAppointmentStartFormat' }),
);

/** Checkbox "on", "true", "1" or a JSON boolean. */
const flag = z.preprocess((v) => v === true || v === 'on' || v === 'true' || v === '1', z.boolean());

export const slotsQuery = z.object({
  from: localDateSchema('errDateRequired'),
  to: localDateSchema('errDateRequired'),
});

export const appointmentRequestSchema = z.object({
  serviceIds: z.preprocess(
    normalizeList,
    z
      .array(z.string().regex(ID_RE, { error: 'errAppointmentServiceUnknown' }), { error: 'errAppointmentServicesRequired' })
      .min(1, { error: 'errAppointmentServicesRequired' })
      .max(10, { error: 'errAppointmentServicesRequired' }),
  ),
  lifeEventId: idSchema('errAppointmentLifeEventUnknown').optional(),
  date: localDateSchema('errDateRequired'),
  start: timeSchema,
  name: text(100, 'errNameRequired').optional(),
  nameKana: kanaSchema.optional(),
  phone: z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), phoneSchema.optional()),
  email: z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), emailSchema.optional()),
  emailCode: z.preprocess(
    normalizeCode,
    z
      .string()
      .regex(/^\d{6}$/, { error: 'errAppointmentEmailCodeFormat' })
      .optional(),
  ),
  /** Declared for a service only the ward's residents may book; checked at the counter. */
  wardResident: flag.default(false),
  /** Staff booking for a caller: how the request came in. */
  channel: z.enum(['phone', 'counter'], { error: 'errAppointmentChannel' }).optional(),
  lang: z.enum(['ja', 'en']).optional(),
});
export type AppointmentRequestInput = z.infer<typeof appointmentRequestSchema>;

export const emailCodeRequestSchema = z.object({
  email: emailSchema,
  lang: z.enum(['ja', 'en']).optional(),
});

/** 予約番号 as typed: 8 digits, with or without the hyphen, in any width. */
export function parseAppointmentNumber(value: string | undefined): string | undefined {
  const code = normalizeCode(value ?? '');
  if (typeof code !== 'string') return undefined;
  const digits = code.replaceAll('-', '');
  return /^\d{8}$/.test(digits) ? digits : undefined;
}

const itemJsonSchema = z
  .object({
    position: z.number().int(),
    serviceId: z.string(),
    serviceName: z.string(),
    serviceNameEn: z.string(),
    counterId: z.string(),
    counterName: z.string(),
    counterNameEn: z.string(),
    place: z.string(),
    placeEn: z.string(),
    date: z.string(),
    starts: z.string(),
    ends: z.string(),
    documents: z.array(z.string()),
    documentsEn: z.array(z.string()),
  })
  .strict();

export const appointmentJsonSchema = z
  .object({
    number: z.string().describe('予約番号, 8 digits (printed 1234-5678)'),
    secret: z
      .string()
      .optional()
      .describe('Only in the answer that made the booking (never stored, never shown again): for the change/cancel link'),
    status: z.enum(['booked', 'cancelled', 'checked_in', 'done', 'no_show']),
    officeId: z.string(),
    officeName: z.string(),
    lifeEventId: z.string().nullable(),
    date: z.string(),
    starts: z.string(),
    name: z.string(),
    contactConfirmed: z.boolean().describe('false for a phone-only booking: confirmed at the counter on the day'),
    channel: z.enum(['web', 'api', 'phone', 'counter']),
    createdAt: z.string(),
    cancelledAt: z.string().nullable(),
    items: z.array(itemJsonSchema),
  })
  .strict();

const serviceJsonSchema = z
  .object({
    id: z.string(),
    code: z.string(),
    name: z.string(),
    nameEn: z.string(),
    durationMinutes: z.number().int(),
    documents: z.array(z.string()).describe('持ち物'),
    documentsEn: z.array(z.string()),
    notes: z.string(),
    notesEn: z.string(),
    eligibility: z.enum(['anyone', 'ward_residents']),
    bookFromDays: z.number().int().describe('Bookable from this many days before the day'),
    bookUntilDays: z.number().int().describe('… until this many days before it (0: the same day)'),
    walkIns: z.boolean(),
  })
  .strict();

export const officesJsonSchema = z
  .object({
    offices: z.array(
      z
        .object({
          id: z.string(),
          name: z.string(),
          wardId: z.string().nullable(),
          counters: z.array(
            z
              .object({
                id: z.string(),
                name: z.string(),
                nameEn: z.string(),
                place: z.string(),
                placeEn: z.string(),
                slotMinutes: z.number().int(),
                desks: z.number().int(),
                services: z.array(serviceJsonSchema),
              })
              .strict(),
          ),
        })
        .strict(),
    ),
    lifeEvents: z.array(
      z
        .object({
          id: z.string(),
          name: z.string(),
          nameEn: z.string(),
          description: z.string(),
          descriptionEn: z.string(),
          gapMinutes: z.number().int(),
          serviceIds: z.array(z.string()).describe('In the order they are done'),
        })
        .strict(),
    ),
  })
  .strict();

export const slotsJsonSchema = z
  .object({
    serviceId: z.string(),
    counterId: z.string(),
    durationMinutes: z.number().int(),
    slotMinutes: z.number().int(),
    days: z.array(
      z
        .object({
          date: z.string(),
          open: z.boolean(),
          closedReason: z.enum(['weekend', 'holiday', 'year_end', 'closed_day', 'no_hours']).nullable(),
          note: z.string(),
          bookable: z.boolean(),
          opensOn: z.string().nullable().describe('When not bookable yet: the first day it is'),
          desks: z.number().int(),
          slots: z.array(
            z
              .object({
                starts: z.string(),
                ends: z.string(),
                free: z.number().int().describe('Desks on which the whole service fits from this start'),
              })
              .strict(),
          ),
        })
        .strict(),
    ),
  })
  .strict();

export const alternativesJsonSchema = z.array(z.object({ date: z.string(), start: z.string() }).strict());
