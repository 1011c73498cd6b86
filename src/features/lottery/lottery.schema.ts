/** The lottery entry request, shared by the entry form and POST /api/v1/lottery/entries, and its JSON. */
import { z } from 'zod';
import { isYearMonth } from '../../lib/time.ts';
import { bookingRequestSchema } from '../booking/booking.schema.ts';

export const wishSchema = bookingRequestSchema.pick({ roomId: true, date: true, bands: true }).strict();

export const entryRequestSchema = bookingRequestSchema
  .pick({ purpose: true, attendees: true, category: true, groupId: true, commercial: true, admission: true })
  .extend({
    // The rule's own limit (lottery_max_wishes) is checked by the service with a plain message; this only
    // keeps absurd payloads out.
    wishes: z.array(wishSchema, { error: 'errWishRequired' }).min(1, { error: 'errWishRequired' }).max(10, { error: 'errTooManyWishes' }),
  });

export const monthParamSchema = z.string({ error: 'errMonthFormat' }).refine(isYearMonth, { error: 'errMonthFormat' });

const bandJson = z.object({ band: z.string(), label: z.string(), labelEn: z.string(), start: z.string(), end: z.string() }).strict();

export const lotteryMonthJsonSchema = z
  .object({
    month: z.string().describe('YYYY-MM'),
    phase: z.enum(['upcoming', 'entry', 'waiting_draw', 'drawn', 'first_come']),
    entryOpensAt: z.string().describe('ISO instant (Asia/Tokyo 00:00)'),
    entryClosesAt: z.string().describe('first instant entries are no longer taken'),
    drawAt: z.string(),
    confirmClosesAt: z.string().describe('first instant an unconfirmed win lapses'),
    firstComeOpensAt: z.string(),
    firstComeOpensAtNonResident: z.string(),
    seedHash: z.string().describe('SHA-256 (hex) of the seed, published before entries close'),
    seed: z.string().nullable().describe('revealed after the draw'),
    drawnAt: z.string().nullable(),
  })
  .strict();

export const lotteryEntryJsonSchema = z
  .object({
    id: z.string(),
    month: lotteryMonthJsonSchema,
    groupId: z.string().nullable(),
    groupName: z.string().nullable(),
    purpose: z.string(),
    attendees: z.number().int(),
    category: z.string(),
    createdAt: z.string(),
    confirmedAt: z.string().nullable(),
    canWithdraw: z.boolean(),
    canConfirm: z.boolean(),
    wishes: z.array(
      z
        .object({
          rank: z.number().int(),
          roomId: z.string(),
          roomName: z.string(),
          facilityId: z.string(),
          facilityName: z.string(),
          date: z.string(),
          bands: z.array(bandJson),
          fee: z.number().int(),
          outcome: z.enum(['pending', 'won', 'lost', 'over_cap']),
          reservationId: z.string().nullable(),
          reservationStatus: z.string().nullable(),
        })
        .strict(),
    ),
  })
  .strict();
