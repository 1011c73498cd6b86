/**
 * Inputs of the queue of the day (kiosk and console forms, and the staff JSON API) and the JSON the API
 * answers with, as zod schemas: the OpenAPI document is built from the same ones.
 */
import { z } from 'zod';
import { normalizeCode } from '../../lib/normalize.ts';
import { normaliseAppointmentNumber } from './queue.ts';

const idSchema = (error: string) => z.preprocess(normalizeCode, z.string({ error }).regex(/^[A-Za-z0-9_-]{1,64}$/, { error }));

/** What a QR scanner or a person typed: any width, hyphens or not; 4 to 32 letters and digits remain. */
export const appointmentNumberSchema = z
  .string({ error: 'errQueueNumberRequired' })
  .max(64, { error: 'errQueueNumberFormat' })
  .refine((v) => /^[0-9A-Za-z]{4,32}$/.test(normaliseAppointmentNumber(v)), { error: 'errQueueNumberFormat' });

const staffVia = z.enum(['kiosk', 'staff', 'phone'], { error: 'errQueueVia' });

export const checkInRequestSchema = z.object({ number: appointmentNumberSchema, via: staffVia.default('staff') });
export const walkInRequestSchema = z.object({ serviceId: idSchema('errQueueServiceUnknown'), via: staffVia.default('kiosk') });
export const selfCheckInRequestSchema = z.object({
  number: appointmentNumberSchema,
  secret: z.string({ error: 'errQueueSecret' }).regex(/^[A-Za-z0-9_-]{8,128}$/, { error: 'errQueueSecret' }),
});
export const callNextRequestSchema = z.object({
  desk: z.preprocess(
    (v) => (typeof v === 'number' ? String(v) : normalizeCode(v)),
    z
      .string({ error: 'errQueueDeskRequired' })
      .regex(/^\d{1,2}$/, { error: 'errQueueDeskRequired' })
      .transform(Number),
  ),
});
export const transferRequestSchema = z.object({ counterId: idSchema('errQueueTransferCounter') });

export const ticketJsonSchema = z
  .object({
    id: z.string(),
    number: z.number().int().describe('受付番号, unique per office and day'),
    officeId: z.string(),
    date: z.string(),
    counterId: z.string(),
    serviceId: z.string().nullable(),
    appointmentId: z.string().nullable(),
    kind: z.enum(['booked', 'walk_in']),
    status: z.enum(['waiting', 'called', 'serving', 'done', 'no_show', 'transferred']),
    queuedAt: z.string().describe('the instant the queue orders by'),
    checkedInAt: z.string(),
    checkedInVia: z.enum(['kiosk', 'staff', 'self', 'phone']),
    desk: z.number().int().nullable(),
    calledAt: z.string().nullable(),
    ahead: z.number().int().describe('people ahead at its counter (0 once called)'),
    late: z.boolean().describe('checked in later than the counter’s grace: queued at the check-in'),
  })
  .strict();

export const officeQueueJsonSchema = z
  .object({
    officeId: z.string(),
    officeName: z.string(),
    date: z.string(),
    updatedAt: z.string(),
    waiting: z.number().int(),
    counters: z.array(
      z
        .object({
          id: z.string(),
          name: z.string(),
          nameEn: z.string(),
          place: z.string(),
          placeEn: z.string(),
          waiting: z.number().int(),
          openDesks: z.number().int(),
          estimatedWaitMinutes: z.number().int().nullable().describe('null: the counter is closed today'),
          serviceMinutes: z.number(),
        })
        .strict(),
    ),
  })
  .strict();
