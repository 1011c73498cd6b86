/** Inputs of the staff API. */
import { z } from 'zod';
import { normalizeCode, normalizeFreeText } from '../../lib/normalize.ts';
import { daysBetween } from '../../lib/time.ts';
import { ROLES, type Role, roleNamed } from '../../platform/authz/actor.ts';
import { emailSchema, passwordSchema } from '../account/account.schema.ts';
import { localDateSchema } from '../availability/availability.schema.ts';
import { bookingRequestSchema, reservationJsonSchema } from '../booking/booking.schema.ts';
import { ALLOCATIONS, CLOSURE_REASONS } from '../facility/facility.ts';

export const dayQuery = z.object({ date: localDateSchema('errDateRequired') });

/**
 * 代理予約: the usual booking fields, for whom (the internal id or the 利用者番号 on the resident's card:
 * exactly one), through which channel, and any rule set aside and why.
 */
export const proxyBookingSchema = bookingRequestSchema
  .extend({
    residentId: z.preprocess(
      normalizeCode,
      z
        .string({ error: 'errResidentRequired' })
        .regex(/^[A-Za-z0-9_-]{1,64}$/, { error: 'errResidentRequired' })
        .optional(),
    ),
    residentNumber: z.preprocess(
      normalizeCode,
      z
        .string({ error: 'errResidentNumber' })
        .regex(/^\d{8}$/, { error: 'errResidentNumber' })
        .optional()
        .describe('利用者番号 (8 digits), instead of residentId'),
    ),
    channel: z.enum(['counter', 'phone'], { error: 'errChannel' }),
    overrideQuota: z.boolean().default(false),
    overrideWindow: z.boolean().default(false),
    overrideReason: z.preprocess(normalizeFreeText, z.string().max(200, { error: 'errTooLong' }).optional()),
  })
  .strict()
  .refine((v) => v.residentId !== undefined || v.residentNumber !== undefined, { path: ['residentId'], error: 'errResidentRequired' })
  .refine((v) => v.residentId === undefined || v.residentNumber === undefined, { path: ['residentNumber'], error: 'errResidentBoth' })
  .refine((v) => !(v.overrideQuota || v.overrideWindow) || (v.overrideReason?.length ?? 0) > 0, {
    path: ['overrideReason'],
    error: 'errOverrideReason',
  });

/** Staff resident search (API): the page's search key, bounded. */
export const residentSearchQuery = z.object({
  q: z.string({ error: 'errSearchKeyEmpty' }).max(100, { error: 'errTooLong' }),
});

/** POST /api/v1/staff/reservations answers the reservation, for whom (both ways of naming them) and by whom. */
export const proxyReservationJsonSchema = reservationJsonSchema
  .extend({ residentId: z.string(), residentNumber: z.string().describe('利用者番号'), operatorId: z.string() })
  .strict();

/** GET /api/v1/staff/residents: who matched, with the phone masked to its last four digits. */
export const residentSearchJsonSchema = z
  .object({
    residents: z.array(
      z
        .object({
          id: z.string(),
          number: z.string().describe('利用者番号'),
          name: z.string(),
          nameKana: z.string(),
          phoneTail: z.string().describe('The last four digits of the phone number'),
          noShows: z.number().int().describe('Reservations marked as not used'),
        })
        .strict(),
    ),
    limit: z.number().int().describe('At most this many residents are returned: narrow the key to find others'),
  })
  .strict();

export const decisionForm = z.discriminatedUnion('decision', [
  z.object({ decision: z.literal('approve'), expiresOn: localDateSchema('errDateRequired') }),
  z.object({
    decision: z.literal('reject'),
    reason: z.preprocess(normalizeFreeText, z.string({ error: 'errRejectReason' }).max(300, { error: 'errTooLong' })),
  }),
]);

/** Verifying a group's type (group-verification.service.ts): a refusal needs the reason. */
export const groupDecisionForm = z.discriminatedUnion('decision', [
  z.object({ decision: z.literal('verify') }),
  z.object({
    decision: z.literal('refuse'),
    reason: z.preprocess(normalizeFreeText, z.string({ error: 'errRejectReason' }).max(300, { error: 'errTooLong' })),
  }),
]);

export const closureForm = z
  .object({
    roomId: z.preprocess(
      normalizeCode,
      z
        .string()
        .regex(/^[A-Za-z0-9_-]{1,64}$/, { error: 'errNotFoundRoom' })
        .optional(),
    ),
    startsOn: localDateSchema('errDateRequired'),
    endsOn: localDateSchema('errDateRequired'),
    reason: z.enum(CLOSURE_REASONS, { error: 'errInvalidValue' }),
    note: z.preprocess(normalizeFreeText, z.string().max(200, { error: 'errTooLong' }).optional()),
  })
  .refine((v) => v.endsOn >= v.startsOn, { path: ['endsOn'], error: 'errRangeReversed' })
  .refine((v) => daysBetween(v.startsOn, v.endsOn) < 366, { path: ['endsOn'], error: 'errRangeTooLong' });

export const staffCancelForm = z.object({
  reason: z.preprocess(normalizeFreeText, z.string({ error: 'errCancelReason' }).max(300, { error: 'errTooLong' })),
  back: z
    .string()
    .regex(/^\/staff\/[A-Za-z0-9_/-]*$/)
    .optional(),
});

export const paymentForm = z.object({
  receiptNumber: z.preprocess(normalizeCode, z.string({ error: 'errReceipt' }).regex(/^[A-Za-z0-9-]{1,30}$/, { error: 'errReceipt' })),
});

export const attendanceForm = z.object({ outcome: z.enum(['used', 'no_show']) });

const percent = z.preprocess(
  normalizeCode,
  z
    .string({ error: 'errPercent' })
    .regex(/^\d{1,3}$/, { error: 'errPercent' })
    .transform(Number),
);
/** A clerk's answer to a group invitation for a resident, confirmed with them first. */
export const residentInvitationForm = z.object({
  invitationId: z.string({ error: 'errInvitationChoose' }).min(1, { error: 'errInvitationChoose' }),
  answer: z.enum(['accept', 'decline'], { error: 'errInvitationChoose' }),
  channel: z.enum(['counter', 'phone'], { error: 'errChannelChoose' }),
  confirmed: z.literal('yes', { error: 'errConfirmedWithResident' }),
});

/** How many groups one person may represent (group.service.ts maxGroupsRepresented): 1 to 50. */
export const groupSettingsForm = z.object({
  maxGroupsRepresented: z
    .preprocess(
      normalizeCode,
      z
        .string({ error: 'errGroupCapSetting' })
        .regex(/^\d{1,2}$/, { error: 'errGroupCapSetting' })
        .transform(Number),
    )
    .refine((n) => n >= 1 && n <= 50, { error: 'errGroupCapSetting' }),
});
export const citySettingsForm = z.object({
  commercial: percent,
  admission: percent,
  nonResident: percent,
  communityReduction: percent.refine((n) => n <= 100, { error: 'errPercent' }),
  npoReduction: percent.refine((n) => n <= 100, { error: 'errPercent' }),
  quota: z
    .preprocess(
      normalizeCode,
      z
        .string()
        .regex(/^\d{1,3}$/, { error: 'errQuotaSetting' })
        .transform(Number),
    )
    .refine((n) => n >= 1, { error: 'errQuotaSetting' }),
});

const time = z.preprocess(normalizeCode, z.string({ error: 'errTime' }).regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: 'errTime' }));
export const bandForm = z.object({ start: time, end: time }).refine((v) => v.start < v.end, { path: ['end'], error: 'errTime' });

export const calendarForm = z
  .object({ sundayOpen: z.boolean(), openOnHolidays: z.boolean(), sundayOpens: time, sundayCloses: time })
  .refine((v) => v.sundayOpens < v.sundayCloses, { path: ['sundayCloses'], error: 'errTime' });

const count = (max: number) =>
  z
    .preprocess(
      normalizeCode,
      z
        .string({ error: 'errConfigNumber' })
        .regex(/^\d{1,6}$/, { error: 'errConfigNumber' })
        .transform(Number),
    )
    .refine((n) => n <= max, { error: 'errConfigNumber' });
export const roomConfigForm = z.object({
  capacity: count(1000).refine((n) => n >= 1, { error: 'errConfigNumber' }),
  bookingWindowDays: count(366),
  cancelDeadlineDays: count(60),
  requiresApproval: z.boolean(),
  allocation: z.enum(ALLOCATIONS, { error: 'errInvalidValue' }).default('first_come'),
  fee_morning: count(100_000),
  fee_afternoon: count(100_000),
  fee_evening: count(100_000),
});

export const reductionForm = z.object({
  percent: z
    .preprocess(
      normalizeCode,
      z
        .string({ error: 'errPercent' })
        .regex(/^\d{1,3}$/, { error: 'errPercent' })
        .transform(Number),
    )
    .refine((n) => n <= 100, { error: 'errPercent' }),
  reason: z.preprocess(normalizeFreeText, z.string({ error: 'errReductionReason' }).max(200, { error: 'errTooLong' })),
});

/** A role as typed on the page or the CLI: its name, or an old spelling (clerk, ward). */
const roleField = z.preprocess((v) => (typeof v === 'string' ? roleNamed(v) : v), z.enum(ROLES as [Role, ...Role[]], { error: 'errRole' }));
/** Where a role holds: a ward, facility or organisation id (checked against the database by the service). */
const scopeIdField = z.preprocess(
  normalizeCode,
  z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,64}$/, { error: 'errScopeUnknown' })
    .optional(),
);

/**
 * A new staff account and its first role. The scope comes in `scopeId`; the old form's `facilityId` and
 * `wardId` are still read (bookmarked forms, scripts), the first one given wins.
 */
export const staffAccountForm = z
  .object({
    email: emailSchema,
    password: passwordSchema,
    name: z.preprocess(normalizeFreeText, z.string({ error: 'errNameRequired' }).max(50, { error: 'errTooLong' })),
    role: roleField,
    scopeId: scopeIdField,
    facilityId: scopeIdField,
    wardId: scopeIdField,
  })
  .transform(({ facilityId, wardId, scopeId, ...rest }) => ({ ...rest, scopeId: scopeId ?? facilityId ?? wardId }));

/** A role for an existing account, named by 利用者番号 or email address. */
export const grantRoleForm = z.object({
  who: z.preprocess(
    (v) => (typeof v === 'string' ? v.normalize('NFKC').trim().toLowerCase() : v),
    z
      .string({ error: 'errStaffWho' })
      .regex(/^(\d{8}|[^\s@]+@[^\s@]+)$/, { error: 'errStaffWho' })
      .max(254, { error: 'errTooLong' }),
  ),
  role: roleField,
  scopeId: scopeIdField,
});
