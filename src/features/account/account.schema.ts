/** Inputs of the account pages and API. Messages are keys into lib/i18n.ts. */
import { z } from 'zod';
import { normalizeText } from '../../lib/normalize.ts';
import { GROUP_TYPES, RESIDENCIES } from './account.ts';

const text = (max: number, required: string) =>
  z.preprocess(normalizeText, z.string({ error: required }).min(1, { error: required }).max(max, { error: 'errTooLong' }));

/** Katakana (with ー, ・ and spaces). Hiragana is accepted and converted, as people type either. */
function toKatakana(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const v = value
    .normalize('NFKC')
    .trim()
    .replace(/[ぁ-ゖ]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) + 0x60));
  return v === '' ? undefined : v;
}

const kanaSchema = z.preprocess(
  toKatakana,
  z
    .string({ error: 'errKanaRequired' })
    .max(60, { error: 'errTooLong' })
    .regex(/^[ァ-ヶー・\s]+$/u, { error: 'errKanaOnly' }),
);

export const emailSchema = z.preprocess(
  (v) => (typeof v === 'string' ? v.normalize('NFKC').trim().toLowerCase() || undefined : v),
  z.string({ error: 'errEmailRequired' }).max(254, { error: 'errTooLong' }).email({ error: 'errEmailInvalid' }),
);

export const phoneSchema = z.preprocess(
  normalizeText,
  z
    .string({ error: 'errPhoneRequired' })
    .max(20, { error: 'errPhoneInvalid' })
    .refine((v) => /^[0-9-]+$/.test(v) && /^\d{10,11}$/.test(v.replaceAll('-', '')), { error: 'errPhoneInvalid' }),
);

/** Optional year of birth, used only for age statistics. */
const birthYearSchema = z.preprocess(
  normalizeText,
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
  login: z.preprocess(
    (v) => (typeof v === 'string' ? v.normalize('NFKC').trim().toLowerCase() || undefined : v),
    z.string({ error: 'errLoginRequired' }).max(254, { error: 'errTooLong' }),
  ),
  password: z.string({ error: 'errPasswordRequired' }).min(1, { error: 'errPasswordRequired' }).max(128, { error: 'errTooLong' }),
});

export const groupForm = z.object({
  name: text(80, 'errGroupNameRequired'),
  type: z.enum(GROUP_TYPES, { error: 'errGroupTypeRequired' }),
  memberCount: z.preprocess(
    normalizeText,
    z
      .string({ error: 'errMemberCount' })
      .regex(/^\d{1,5}$/, { error: 'errMemberCount' })
      .transform(Number)
      .refine((n) => n >= 1 && n <= 10000, { error: 'errMemberCount' }),
  ),
});

export const addMemberForm = z.object({
  number: z.preprocess(normalizeText, z.string({ error: 'errUserNumber' }).regex(/^\d{8}$/, { error: 'errUserNumber' })),
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
    name: z.string().max(60).optional(),
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
