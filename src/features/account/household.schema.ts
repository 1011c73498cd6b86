/**
 * Inputs of the household pages (the resident's and, through the staff feature, the counter's) and of
 * account deletion. Addresses and names are kept as typed; the matching folds them (platform/household).
 */
import { z } from 'zod';
import { normalizeCode, normalizeFreeText } from '../../lib/normalize.ts';
import { localDateSchema } from '../availability/availability.schema.ts';
import { kanaSchema, phoneSchema, text } from './account.schema.ts';

const idSchema = (error: string) => z.preprocess(normalizeCode, z.string({ error }).regex(/^[A-Za-z0-9_-]{1,64}$/, { error }));
const optional = <S extends z.ZodType>(schema: S) =>
  z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), schema.optional());

export const addressFields = {
  wardId: idSchema('errHouseholdWard'),
  addressLine: text(120, 'errHouseholdAddressRequired'),
  postcode: optional(z.preprocess(normalizeCode, z.string().regex(/^\d{3}-?\d{4}$/, { error: 'errHouseholdPostcode' }))),
};

/** The resident's first step: where they live (matches are looked for from it). */
export const addressForm = z.object(addressFields);

/** Registering a household: the address and, optionally, its 班. */
export const householdForm = z.object({ ...addressFields, hanId: optional(idSchema('errHouseholdHan')) });

/** "This is my household": the match is checked again from the address typed. */
export const joinForm = z.object({ ...addressFields, householdId: idSchema('errHouseholdNoMatch') });

export const personForm = z.object({
  name: text(50, 'errNameRequired'),
  nameKana: kanaSchema,
  phone: optional(phoneSchema),
  userNumber: optional(z.preprocess(normalizeCode, z.string().regex(/^\d{8}$/, { error: 'errUserNumber' }))),
});

/** Staff register a household with its first person. */
export const counterHouseholdForm = householdForm.extend({
  name: personForm.shape.name,
  nameKana: personForm.shape.nameKana,
  phone: personForm.shape.phone,
  userNumber: personForm.shape.userNumber,
});

export const moveOutForm = z.object({
  on: optional(localDateSchema()),
  reason: optional(z.preprocess(normalizeFreeText, z.string().max(200, { error: 'errTooLong' }))),
});

export const householdSearchForm = z.object({
  q: z.preprocess(normalizeFreeText, z.string({ error: 'errHouseholdSearchEmpty' }).max(120, { error: 'errTooLong' })),
});

export const deleteAccountForm = z.object({
  password: z.string({ error: 'errPasswordRequired' }).min(1, { error: 'errPasswordRequired' }).max(128, { error: 'errTooLong' }),
});

export const counterDeleteForm = z.object({
  reason: text(200, 'errDeleteReasonRequired'),
  channel: z.enum(['counter', 'phone'], { error: 'errChannelChoose' }),
});
