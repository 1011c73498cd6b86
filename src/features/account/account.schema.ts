/** Inputs of the account pages and API. Messages are keys into lib/i18n.ts. */
import { z } from 'zod';
import { kanaFoldKey, normalizeCode, normalizeFreeText } from '../../lib/normalize.ts';
import { RESIDENCIES, ROLES, type Role } from '../../platform/authz/actor.ts';
import { GROUP_TYPES, VERIFICATION_STATUSES } from './account.ts';

/** A name or other free text: stored as typed (only trimmed); blank is missing. */
export const text = (max: number, required: string) =>
  z.preprocess(normalizeFreeText, z.string({ error: required }).min(1, { error: required }).max(max, { error: 'errTooLong' }));

/**
 * フリガナ: kana only, in whichever script it is typed (カタカナ, ひらがな, 半角ｶﾅ; ー, ・ and spaces), and stored
 * as typed; searches fold it when comparing (staff.service findResidents).
 */
export const kanaSchema = z.preprocess(
  normalizeFreeText,
  z
    .string({ error: 'errKanaRequired' })
    .max(60, { error: 'errTooLong' })
    .refine((v) => /^[ァ-ヶー・]+$/u.test(kanaFoldKey(v)), { error: 'errKanaOnly' }),
);

/** Email addresses and logins are codes: an IME's full-width letters and hyphens are read as ASCII. */
const lowerCode = (v: unknown) => {
  const code = normalizeCode(v);
  return typeof code === 'string' ? code.toLowerCase() : code;
};

export const emailSchema = z.preprocess(
  lowerCode,
  z.string({ error: 'errEmailRequired' }).max(254, { error: 'errTooLong' }).email({ error: 'errEmailInvalid' }),
);

export const phoneSchema = z.preprocess(
  normalizeCode,
  z
    .string({ error: 'errPhoneRequired' })
    .max(20, { error: 'errPhoneInvalid' })
    .refine((v) => /^[0-9-]+$/.test(v) && /^\d{10,11}$/.test(v.replaceAll('-', '')), { error: 'errPhoneInvalid' }),
);

/** Optional year of birth, used only for age statistics. */
const birthYearSchema = z.preprocess(
  normalizeCode,
  z
    .string()
    .regex(/^\d{4}$/, { error: 'errBirthYear' })
    .transform(Number)
    .refine((y) => y >= 1900 && y <= 2026, { error: 'errBirthYear' })
    .optional(),
);

export const passwordSchema = z
  .string({ error: 'errPasswordRequired' })
  .min(10, { error: 'errPasswordShort' })
  .max(128, { error: 'errTooLong' });

export const registerForm = z
  .object({
    name: text(50, 'errNameRequired'),
    nameKana: kanaSchema,
    phone: phoneSchema,
    email: emailSchema,
    residency: z.enum(RESIDENCIES, { error: 'errResidencyRequired' }),
    birthYear: birthYearSchema,
    password: passwordSchema,
    passwordConfirm: z.string({ error: 'errPasswordConfirm' }),
  })
  .refine((f) => f.password === f.passwordConfirm, { path: ['passwordConfirm'], error: 'errPasswordConfirm' });

export const loginForm = z.object({
  login: z.preprocess(lowerCode, z.string({ error: 'errLoginRequired' }).max(254, { error: 'errTooLong' })),
  password: z.string({ error: 'errPasswordRequired' }).min(1, { error: 'errPasswordRequired' }).max(128, { error: 'errTooLong' }),
});

export const groupForm = z.object({
  name: text(80, 'errGroupNameRequired'),
  type: z.enum(GROUP_TYPES, { error: 'errGroupTypeRequired' }),
  memberCount: z.preprocess(
    normalizeCode,
    z
      .string({ error: 'errMemberCount' })
      .regex(/^\d{1,5}$/, { error: 'errMemberCount' })
      .transform(Number)
      .refine((n) => n >= 1 && n <= 10000, { error: 'errMemberCount' }),
  ),
});

export const inviteForm = z.object({
  number: z.preprocess(normalizeCode, z.string({ error: 'errUserNumber' }).regex(/^\d{8}$/, { error: 'errUserNumber' })),
});

/** The member the representative hands the group over to. */
export const handOverForm = z.object({
  memberId: z.preprocess(
    normalizeCode,
    z.string({ error: 'errHandOverMember' }).regex(/^[A-Za-z0-9_-]{1,64}$/, { error: 'errHandOverMember' }),
  ),
});

export const forgotForm = z.object({ email: emailSchema });

export const resetForm = z
  .object({
    token: z.string().min(10).max(200),
    password: passwordSchema,
    passwordConfirm: z.string({ error: 'errPasswordConfirm' }),
  })
  .refine((f) => f.password === f.passwordConfirm, { path: ['passwordConfirm'], error: 'errPasswordConfirm' });

export const tokenRequest = z
  .object({
    email: emailSchema,
    password: z.string({ error: 'errPasswordRequired' }).min(1, { error: 'errPasswordRequired' }).max(128, { error: 'errTooLong' }),
    name: z
      .preprocess(normalizeFreeText, z.string().max(60, { error: 'errTooLong' }).optional())
      .describe('A label shown on the account page'),
  })
  .strict();

/** GET /api/v1/me: the token holder, what they may do, and the groups they belong to. */
export const meJsonSchema = z
  .object({
    id: z.string(),
    number: z.string().describe('利用者番号'),
    name: z.string(),
    roleAssignments: z
      .array(
        z
          .object({
            role: z
              .enum(ROLES as [Role, ...Role[]])
              .describe(
                'admin (the city), ward_officer (a ward), centre_staff (a facility), counter_clerk (a ward office), department_staff and coordinator (a department), organisation_officer (an organisation)',
              ),
            scope: z.union([
              z.object({ kind: z.literal('city'), id: z.null() }).strict(),
              z
                .object({
                  kind: z.enum(['ward', 'facility', 'ward_office', 'department', 'organisation']),
                  id: z.string().describe('A ward id, a facility id, or an organisation id (ward office, department, organisation)'),
                })
                .strict(),
            ]),
          })
          .strict(),
      )
      .describe('Staff roles with where they hold; empty for a resident'),
    organisations: z
      .array(
        z
          .object({
            id: z.string(),
            name: z.string(),
            type: z.enum(GROUP_TYPES),
            role: z.enum(['representative', 'member']).describe('The token holder’s role in the group'),
            verification: z.enum(VERIFICATION_STATUSES).describe('Whether staff verified the group’s type (for a 減免)'),
          })
          .strict(),
      )
      .describe('The groups (団体) the token holder belongs to'),
    household: z
      .object({
        id: z.string(),
        addressLine: z.string().describe('As registered'),
        wardId: z.string(),
        association: z
          .object({ id: z.string(), name: z.string() })
          .strict()
          .nullable()
          .describe('自治会・町内会; null when not registered'),
        han: z.object({ id: z.string(), name: z.string() }).strict().nullable().describe('班; null when not registered'),
        peopleCount: z.number().int().describe('People in the household, with an account or without'),
      })
      .strict()
      .nullable()
      .describe('The household (世帯) the token holder belongs to; null when none'),
  })
  .strict();

export const tokenNameForm = z.object({ name: text(60, 'errTokenName') });

/** A resident registered by staff at the counter or on the phone: no password, email optional. */
export const counterResidentForm = z.object({
  name: text(50, 'errNameRequired'),
  nameKana: kanaSchema,
  phone: phoneSchema,
  email: z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), emailSchema.optional()),
  residency: z.enum(RESIDENCIES, { error: 'errResidencyRequired' }),
  birthYear: birthYearSchema,
});
