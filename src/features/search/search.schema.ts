/**
 * The cross-facility search query, shared by the page and the API. A single `date`, or `from`/`to`;
 * bands and equipment may repeat. Validation messages are keys into lib/i18n.ts.
 */
import { z } from 'zod';
import { normalizeCode, normalizeList } from '../../lib/normalize.ts';
import { optionalLocalDateSchema } from '../availability/availability.schema.ts';
import { EQUIPMENT, ROOM_TYPES } from '../facility/facility.ts';

export const BAND_CODES = ['morning', 'afternoon', 'evening'] as const;

export const searchQuerySchema = z
  .object({
    date: optionalLocalDateSchema,
    from: optionalLocalDateSchema,
    to: optionalLocalDateSchema,
    band: z.preprocess(
      normalizeList,
      z
        .array(z.enum(BAND_CODES, { error: 'errInvalidBand' }))
        .max(3)
        .optional(),
    ),
    ward: z.preprocess(
      normalizeCode,
      z
        .string()
        .regex(/^[a-z0-9_-]{1,40}$/, { error: 'errUnknownWard' })
        .optional(),
    ),
    minCapacity: z.preprocess(
      normalizeCode,
      z
        .string()
        .regex(/^\d{1,3}$/, { error: 'errInvalidCapacity' })
        .transform(Number)
        .refine((n) => n >= 1 && n <= 500, { error: 'errInvalidCapacity' })
        .optional(),
    ),
    roomType: z.preprocess(normalizeCode, z.enum(ROOM_TYPES, { error: 'errInvalidRoomType' }).optional()),
    equipment: z.preprocess(
      normalizeList,
      z
        .array(z.enum(EQUIPMENT, { error: 'errInvalidEquipment' }))
        .max(EQUIPMENT.length)
        .optional(),
    ),
  })
  .superRefine((q, ctx) => {
    if (!q.date && !q.from) ctx.addIssue({ code: 'custom', path: ['date'], message: 'errDateRequired' });
  })
  .transform((q) => {
    const from = (q.date ?? q.from) as string;
    return {
      from,
      to: q.date ? (q.to ?? q.date) : (q.to ?? from),
      bands: q.band,
      wardId: q.ward,
      minCapacity: q.minCapacity,
      roomType: q.roomType,
      equipment: q.equipment,
    };
  });

export type ParsedSearchQuery = z.infer<typeof searchQuerySchema>;

/** Collects the raw search parameters from a URL, keeping repeated keys as arrays. */
export function rawSearchParams(url: URL): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const key of ['date', 'from', 'to', 'ward', 'minCapacity', 'roomType']) {
    const v = url.searchParams.get(key);
    if (v !== null) out[key] = v;
  }
  for (const key of ['band', 'equipment']) {
    const all = url.searchParams.getAll(key);
    if (all.length > 0) out[key] = all;
  }
  return out;
}

export const searchResponseJsonSchema = z
  .object({
    from: z.string(),
    to: z.string(),
    total: z.number().int(),
    truncated: z.boolean(),
    results: z.array(
      z
        .object({
          date: z.string(),
          band: z.string(),
          label: z.string(),
          labelEn: z.string(),
          start: z.string(),
          end: z.string(),
          facility: z.object({ id: z.string(), name: z.string(), wardId: z.string(), kind: z.string() }).strict(),
          room: z
            .object({ id: z.string(), name: z.string(), roomType: z.string(), capacity: z.number().int(), equipment: z.array(z.string()) })
            .strict(),
        })
        .strict(),
    ),
  })
  .strict();
