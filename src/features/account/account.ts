/** Residents (利用者), groups (団体) and their labels. */
import type { GroupRow } from '../../db/schema.ts';
import { isOneOf } from '../../lib/collections.ts';
import type { Lang } from '../../lib/i18n.ts';
import { type MultipurposeStatus, RESIDENCIES, type Residency } from '../../platform/authz/actor.ts';

type Labels = Readonly<Record<Lang, string>>;

export const residencyLabels: Record<Residency, Labels> = {
  resident: { ja: '市内在住', en: 'Lives in the city' },
  worker: { ja: '市内在勤', en: 'Works in the city' },
  student: { ja: '市内在学', en: 'Studies in the city' },
  non_resident: { ja: '市外', en: 'Outside the city' },
};

/** The residencies as a form's choices. */
export const residencyOptions = (lang: Lang) => RESIDENCIES.map((r) => ({ value: r, label: residencyLabels[r][lang] }));

export const GROUP_TYPES = ['community', 'circle', 'npo', 'business'] as const;
export type GroupType = (typeof GROUP_TYPES)[number];
export const groupTypeLabels: Record<GroupType, Labels> = {
  community: { ja: '地域団体（自治会・町内会など）', en: 'Neighbourhood association' },
  circle: { ja: 'サークル', en: 'Club / circle' },
  npo: { ja: 'NPO', en: 'NPO' },
  business: { ja: '事業者', en: 'Business' },
};

/**
 * Types whose bookings get a 減免 (fees.ts reductionFor). A group of such a type gets it only once staff
 * have verified that it is what it says (a registered 自治会, an NPO corporation); the others need no check.
 */
export const REDUCTION_GROUP_TYPES: readonly GroupType[] = ['community', 'npo'];

export const VERIFICATION_STATUSES = ['none', 'pending', 'verified', 'refused'] as const;
export type VerificationStatus = (typeof VERIFICATION_STATUSES)[number];

/** The status a group of this type starts with (or returns to when its type changes). */
export function initialVerification(type: string): VerificationStatus {
  return (REDUCTION_GROUP_TYPES as readonly string[]).includes(type) ? 'pending' : 'none';
}

/**
 * The type a reduction may be based on: the group's type once staff verified that very type, else
 * nothing (the booking is charged as an ordinary one).
 */
export function reductionTypeOf(group: { type: string; verification_status: string; verified_type: string | null }): string | null {
  return group.verification_status === 'verified' && group.verified_type === group.type ? group.type : null;
}

export const multipurposeStatusLabels: Record<MultipurposeStatus, Labels> = {
  none: { ja: '未登録', en: 'Not registered' },
  pending: { ja: '審査中', en: 'Under review' },
  approved: { ja: '登録済み', en: 'Approved' },
  rejected: { ja: '登録できませんでした', en: 'Not approved' },
};

export interface Group {
  id: string;
  name: string;
  type: GroupType;
  memberCount: number;
  /** null only for a registry entry nobody represents online; a group a resident made always has one. */
  representativeId: string | null;
  verification: VerificationStatus;
  /** The reason staff gave when they refused the verification. */
  verificationNote: string | null;
  /** True when its type gives a reduction and staff have verified it. */
  reductionVerified: boolean;
}

export function toGroup(row: GroupRow): Group {
  return {
    id: row.id,
    name: row.name,
    type: isOneOf(GROUP_TYPES, row.type) ? row.type : 'circle',
    memberCount: Number(row.member_count),
    representativeId: row.representative_id,
    verification: isOneOf(VERIFICATION_STATUSES, row.verification_status) ? row.verification_status : 'none',
    verificationNote: row.verification_note ?? null,
    reductionVerified: reductionTypeOf(row) !== null,
  };
}
