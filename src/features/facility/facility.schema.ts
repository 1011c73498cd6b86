/** Inputs of the catalogue routes. Message texts are keys into lib/i18n.ts. */
import { z } from 'zod';
import { NotFoundError } from '../../lib/errors.ts';
import { normalizeCode } from '../../lib/normalize.ts';
import { EQUIPMENT, FACILITY_KINDS, ROOM_TYPES } from './facility.ts';

const ID_RE = /^[A-Za-z0-9_-]{1,64}$/;

/** Ids are short ASCII tokens; anything else cannot exist, so it is a 404 before the database is asked. */
export function parseId(value: string | undefined, what: NotFoundError['what']): string {
  if (value === undefined || !ID_RE.test(value)) throw new NotFoundError(what);
  return value;
}

export const facilityListQuery = z.object({
  ward: z.preprocess(
    normalizeCode,
    z
      .string()
      .regex(/^[a-z0-9_-]{1,40}$/, { error: 'errUnknownWard' })
      .optional(),
  ),
  kind: z.preprocess(normalizeCode, z.enum(FACILITY_KINDS, { error: 'errInvalidKind' }).optional()),
});

// Response shapes of the JSON API. The OpenAPI document is generated from these, and the API tests parse
// real responses with them (strict), so the document cannot drift from what the server sends.
export const wardJsonSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    nameKana: z.string(),
    nameEn: z.string(),
    facilityCount: z.number().int(),
  })
  .strict();

export const openingHoursJsonSchema = z
  .object({
    weekday: z.number().int().min(1).max(7).describe('ISO weekday: 1 = Monday … 7 = Sunday'),
    opens: z.string().describe('HH:MM, Asia/Tokyo'),
    closes: z.string().describe('HH:MM, Asia/Tokyo'),
  })
  .strict();

export const facilityJsonSchema = z
  .object({
    id: z.string(),
    wardId: z.string(),
    kind: z.enum(FACILITY_KINDS),
    name: z.string(),
    nameKana: z.string(),
    nameEn: z.string().nullable(),
    postcode: z
      .string()
      .regex(/^\d{3}-\d{4}$/)
      .nullable()
      .describe('〒 seven digits, NNN-NNNN'),
    address: z.string(),
    latitude: z.number().nullable(),
    longitude: z.number().nullable(),
    phone: z.string(),
    url: z.string().nullable(),
    access: z.string().nullable(),
    accessibility: z.string().nullable(),
    notes: z.string().nullable(),
    openingHours: z.array(openingHoursJsonSchema).describe('Weekdays not listed are closed days'),
    openOnHolidays: z.boolean(),
    demo: z.boolean().describe('True for invented demo data'),
  })
  .strict();

export const bandJsonSchema = z
  .object({ band: z.string(), label: z.string(), labelEn: z.string(), start: z.string(), end: z.string() })
  .strict();

export const roomJsonSchema = z
  .object({
    id: z.string(),
    facilityId: z.string(),
    name: z.string(),
    nameEn: z.string().nullable(),
    roomType: z.enum(ROOM_TYPES),
    capacity: z.number().int(),
    areaM2: z.number().nullable(),
    equipment: z.array(z.enum(EQUIPMENT)),
    accessibility: z.string().nullable(),
    notes: z.string().nullable(),
    bands: z.array(bandJsonSchema),
  })
  .strict();

export const facilityDetailJsonSchema = facilityJsonSchema.extend({ rooms: z.array(roomJsonSchema) }).strict();
