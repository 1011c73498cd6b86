/**
 * The organisation registry's vocabulary: what kinds of body there are, what roles a member can hold,
 * which kind may sit under which, and the domain shape of a row. One registry for every body the city
 * deals with (DESIGN "organisations"): 市 → 区 (ward office) → 校区 (community council) → 自治会 → 班,
 * a ward office's sections under it, and NPOs, companies, universities and circles at the top.
 */
import type { OrganisationRow } from '../../db/schema.ts';
import { isOneOf } from '../../lib/collections.ts';

export const ORGANISATION_KINDS = [
  'city_department',
  'ward_office',
  'ward_section',
  'community_council',
  'association',
  'han',
  'npo',
  'company',
  'university',
  'circle',
] as const;
export type OrganisationKind = (typeof ORGANISATION_KINDS)[number];

type Label = { ja: string; en: string };

export const KIND_LABELS: Record<OrganisationKind, Label> = {
  city_department: { ja: '市の所管課', en: 'City department' },
  ward_office: { ja: '区役所', en: 'Ward office' },
  ward_section: { ja: '区役所の課', en: 'Ward office section' },
  community_council: { ja: 'まちづくり協議会・校区自治連合会', en: 'Community council (school district)' },
  association: { ja: '自治会・町内会', en: 'Neighbourhood association' },
  han: { ja: '班', en: 'Block (han)' },
  npo: { ja: 'NPO法人', en: 'NPO' },
  company: { ja: '企業', en: 'Company' },
  university: { ja: '大学', en: 'University' },
  circle: { ja: 'サークル・団体', en: 'Circle or group' },
};

export const MEMBER_ROLES = [
  'representative',
  'president',
  'vice_president',
  'treasurer',
  'han_leader',
  'officer',
  'auditor',
  'member',
] as const;
export type MemberRole = (typeof MEMBER_ROLES)[number];

export const ROLE_LABELS: Record<MemberRole, Label> = {
  representative: { ja: '代表者', en: 'Representative' },
  president: { ja: '会長', en: 'President' },
  vice_president: { ja: '副会長', en: 'Vice-president' },
  treasurer: { ja: '会計', en: 'Treasurer' },
  han_leader: { ja: '班長', en: 'Block leader' },
  officer: { ja: '役員', en: 'Officer' },
  auditor: { ja: '監事', en: 'Auditor' },
  member: { ja: '会員', en: 'Member' },
};

/** Roles that are offices (役員): served for a term, listed with it, and allowed to act for the body. */
export const OFFICER_ROLES: readonly MemberRole[] = ['president', 'vice_president', 'treasurer', 'han_leader', 'officer', 'auditor'];

/**
 * Which kind may sit under which. `null` in the list: the kind may stand at the top (under the city
 * itself, which is not a row). A ward office is the top of its ward; everything below inherits its ward.
 */
export const ALLOWED_PARENTS: Record<OrganisationKind, readonly (OrganisationKind | null)[]> = {
  city_department: [null],
  ward_office: [null],
  ward_section: ['ward_office'],
  community_council: ['ward_office'],
  association: ['community_council'],
  han: ['association'],
  npo: [null],
  company: [null],
  university: [null],
  circle: [null],
};

/** Kinds that must name their ward: a ward office is one; NPOs and the rest may name one or not. */
export const WARD_REQUIRED: readonly OrganisationKind[] = ['ward_office'];
/** Kinds that carry a 法人番号 (optional, checked when given). */
export const CORPORATE_KINDS: readonly OrganisationKind[] = ['npo', 'company', 'university'];
/** Kinds a resident's own group may be linked to: the body it books for and sends circulars as. */
export const LINKABLE_KINDS: readonly OrganisationKind[] = ['association', 'community_council', 'han'];

export function mayHaveParent(kind: OrganisationKind, parentKind: OrganisationKind | null): boolean {
  return ALLOWED_PARENTS[kind].includes(parentKind);
}

export function isOrganisationKind(value: string): value is OrganisationKind {
  return isOneOf(ORGANISATION_KINDS, value);
}

export function isMemberRole(value: string): value is MemberRole {
  return isOneOf(MEMBER_ROLES, value);
}

export interface Organisation {
  id: string;
  kind: OrganisationKind;
  /** True for an entry of the registry (staff, import, seed); false for a group a resident made. */
  official: boolean;
  name: string;
  nameKana: string | null;
  parentId: string | null;
  wardId: string | null;
  schoolDistrictId: string | null;
  corporateNumber: string | null;
  code: string | null;
  /** For a resident's own group: the registry entry staff or its officers linked it to. */
  registryId: string | null;
}

export function toOrganisation(row: OrganisationRow): Organisation {
  // A self-made group is a circle whatever its declared type, until someone links it (README).
  const kind = isOrganisationKind(row.kind) ? row.kind : 'circle';
  return {
    id: row.id,
    kind,
    official: Number(row.official) === 1,
    name: row.name,
    nameKana: row.name_kana,
    parentId: row.parent_id,
    wardId: row.ward_id,
    schoolDistrictId: row.school_district_id,
    corporateNumber: row.corporate_number,
    code: row.code,
    registryId: row.registry_id,
  };
}

export function kindLabel(kind: OrganisationKind, lang: 'ja' | 'en'): string {
  return KIND_LABELS[kind][lang];
}

export function roleLabel(role: string, lang: 'ja' | 'en'): string {
  return isMemberRole(role) ? ROLE_LABELS[role][lang] : role;
}
