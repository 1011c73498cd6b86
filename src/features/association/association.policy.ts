/**
 * Who sees what of an association, and who may let people join it. Built on the kernel's officer rule
 * (platform/household isOfficerOf: an office in the association or one of its 班, term running), so an
 * officer who may edit a household in the kernel is the one who sees it here.
 *
 * | who                                         | public part | member households (names, phones) | passcodes, approvals |
 * | anyone                                      | yes         | no                                | no                   |
 * | officer of a 班 of it (班長)                 | yes         | their 班                           | no                   |
 * | officer of the association                   | yes         | every 班                           | 会長・副会長・役員・代表者 |
 * | officer of another association               | yes         | no                                | no (403)             |
 */
import { ForbiddenError } from '../../lib/errors.ts';
import { isOfficerOf, type OfficerMembership } from '../../platform/household/household.policy.ts';

/** The offices that run joining (the brief of the association: 会長, 副会長, 役員, and its 代表者). */
const JOIN_MANAGER_ROLES: readonly string[] = ['president', 'vice_president', 'officer', 'representative'];

export interface OfficerView {
  /** The 班 whose households the officer sees; 'all' for an officer of the association itself. */
  han: 'all' | readonly string[];
  /** Creates and revokes passcodes, sets approval, approves and declines joins. */
  managesJoining: boolean;
}

export function officerView(
  memberships: readonly OfficerMembership[],
  association: { id: string; hanIds: readonly string[] },
  today: string,
): OfficerView | undefined {
  const current = (m: OfficerMembership) => m.termEndsOn === null || m.termEndsOn >= today;
  const ofAssociation = isOfficerOf(memberships, { associationId: association.id }, today);
  const managesJoining = memberships.some((m) => m.organisationId === association.id && JOIN_MANAGER_ROLES.includes(m.role) && current(m));
  if (ofAssociation) return { han: 'all', managesJoining };
  const han = association.hanIds.filter((hanId) => isOfficerOf(memberships, { associationId: null, hanId }, today));
  return han.length > 0 ? { han, managesJoining: false } : undefined;
}

export function requireManagesJoining(view: OfficerView | undefined): OfficerView {
  if (!view?.managesJoining) throw new ForbiddenError('not an officer who runs joining', 'errAssocNotOfficer');
  return view;
}
