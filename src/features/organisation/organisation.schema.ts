/** Inputs and JSON shapes of the registry and 校区 pages and API. Messages are keys of organisation.messages.ts. */
import { z } from 'zod';
import { kanaFoldKey, normalizeCode, normalizeFreeText } from '../../lib/normalize.ts';
import { isLocalDate } from '../../lib/time.ts';
import { MAX_ADDRESS_LENGTH } from '../../platform/organisation/district-lookup.ts';
import { MEMBER_ROLES, ORGANISATION_KINDS } from '../../platform/organisation/organisation.ts';

const ID = /^[A-Za-z0-9_-]{1,64}$/;
const id = (error: string) => z.preprocess(normalizeCode, z.string({ error }).regex(ID, { error }));
const optionalId = (error: string) => z.preprocess(normalizeCode, z.string().regex(ID, { error }).optional());
const date = (error: string) => z.preprocess(normalizeCode, z.string().refine(isLocalDate, { error }).optional());

export const treeQuery = z.object({
  ward: z.preprocess(
    normalizeCode,
    z
      .string()
      .regex(/^[a-z0-9_-]{1,40}$/, { error: 'errUnknownWard' })
      .optional(),
  ),
  kind: z.preprocess(normalizeCode, z.enum(ORGANISATION_KINDS, { error: 'errOrgKind' }).optional()),
});

export const lookupQuery = z.object({
  // Kept as typed: the lookup folds it (full-width digits, 一丁目) itself.
  address: z.preprocess(normalizeFreeText, z.string({ error: 'errLookupRequired' }).max(MAX_ADDRESS_LENGTH, { error: 'errLookupTooLong' })),
});

const kana = z.preprocess(
  normalizeFreeText,
  z
    .string()
    .max(100, { error: 'errTooLong' })
    .refine((v) => /^[ァ-ヶー・]+$/u.test(kanaFoldKey(v)), { error: 'errKanaOnly' })
    .optional(),
);

export const entryForm = z.object({
  kind: z.preprocess(normalizeCode, z.enum(ORGANISATION_KINDS, { error: 'errOrgKind' })),
  name: z.preprocess(normalizeFreeText, z.string({ error: 'errOrgName' }).max(100, { error: 'errTooLong' })),
  nameKana: kana,
  parentId: optionalId('errOrgParentUnknown'),
  wardId: z.preprocess(
    normalizeCode,
    z
      .string()
      .regex(/^[a-z0-9_-]{1,40}$/, { error: 'errUnknownWard' })
      .optional(),
  ),
  schoolDistrictId: optionalId('errOrgSchoolDistrict'),
  // 法人番号 is often written in groups (1234-5678-90123): the hyphens go, the digits are checked.
  corporateNumber: z.preprocess((v) => {
    const code = normalizeCode(v);
    return typeof code === 'string' ? code.replaceAll('-', '') : code;
  }, z.string().max(20, { error: 'errOrgCorporateNumber' }).optional()),
  code: z.preprocess(
    normalizeCode,
    z
      .string()
      .regex(/^[A-Za-z0-9_.-]{1,40}$/, { error: 'errOrgCode' })
      .optional(),
  ),
});

export const renameForm = z.object({
  name: z.preprocess(normalizeFreeText, z.string({ error: 'errOrgName' }).max(100, { error: 'errTooLong' })),
  nameKana: kana,
});

export const officerForm = z.object({
  number: z.preprocess(normalizeCode, z.string({ error: 'errResidentNumber' }).regex(/^\d{8}$/, { error: 'errResidentNumber' })),
  role: z.preprocess(normalizeCode, z.enum(MEMBER_ROLES, { error: 'errOrgRole' })),
  termStartsOn: date('errInvalidDate'),
  termEndsOn: date('errInvalidDate'),
});

export const endTermForm = z.object({
  userId: id('errInvalidValue'),
  endsOn: z.preprocess(normalizeCode, z.string({ error: 'errInvalidDate' }).refine(isLocalDate, { error: 'errInvalidDate' })),
});

export const linkForm = z.object({ groupId: id('errLinkNotSelfMade') });
export const officerLinkForm = z.object({ groupId: id('errLinkNotSelfMade') });

// Response shapes of the JSON API; the OpenAPI document is generated from them and the API tests parse
// real answers with them (strict), so the document cannot drift from what the server sends.
const ref = z.object({ id: z.string(), kind: z.enum(ORGANISATION_KINDS), name: z.string() }).strict();

export const treeNodeJsonSchema = z
  .object({
    id: z.string(),
    kind: z.enum(ORGANISATION_KINDS),
    name: z.string(),
    nameKana: z.string().nullable(),
    parentId: z.string().nullable(),
    wardId: z.string().nullable(),
    schoolDistrictId: z.string().nullable(),
    depth: z.number().int().describe('0 at the top of the tree (or of the filtered list)'),
    childCount: z.number().int(),
  })
  .strict();

export const treeJsonSchema = z
  .object({
    organisations: z.array(treeNodeJsonSchema).describe('Registry entries in tree order: each entry is followed by those under it'),
    counts: z.record(z.string(), z.number().int()).describe('Entries by kind'),
  })
  .strict();

export const organisationJsonSchema = z
  .object({
    id: z.string(),
    kind: z.enum(ORGANISATION_KINDS),
    official: z.boolean().describe('true for an entry of the city’s registry; false for a group residents made (always a circle)'),
    name: z.string(),
    nameKana: z.string().nullable(),
    wardId: z.string().nullable(),
    schoolDistrictId: z.string().nullable(),
    corporateNumber: z.string().nullable().describe('法人番号 (13 digits) of an NPO, company or university'),
    parents: z.array(ref).describe('From the top of the tree down to the parent'),
    children: z.array(ref.extend({ childCount: z.number().int() }).strict()),
    registryEntry: ref.nullable().describe('For a residents’ group: the registry entry staff or its officers linked it to'),
  })
  .strict();

export const lookupJsonSchema = z
  .object({
    address: z.string(),
    matches: z.array(
      z
        .object({
          ward: z.object({ id: z.string(), name: z.string(), nameEn: z.string() }).strict(),
          town: z.string().nullable().describe('町丁目 as the city writes it; null when only the postcode was recognised'),
          postcode: z.string().nullable(),
          schoolDistrict: z.object({ id: z.string(), name: z.string(), nameKana: z.string() }).strict(),
          council: z.object({ id: z.string(), name: z.string() }).strict().nullable(),
          associations: z.array(z.object({ id: z.string(), name: z.string() }).strict()),
        })
        .strict(),
    ),
  })
  .strict();
