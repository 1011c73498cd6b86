/** The refusals of the policy functions (platform/authz) shown to the person refused, ja and en. */
import type { Texts } from '../../lib/i18n.ts';

export const authzJa = {
  errFacilityNotInWard: 'その施設は選んだ区にありません。区か施設を選び直してください。',
  errRevokeOwnAdmin: '自分自身の本庁（admin）の役割は外せません。ほかの本庁職員に頼んでください。',
  errGroupRepresentativeOnly: 'この操作は団体の代表者だけができます。',
  errGroupCancelOwnOnly: '団体の予約を取り消せるのは、予約した方と団体の代表者だけです。',
  errGroupEntryOwnOnly: '団体の抽選の申し込みを取り下げたり確定したりできるのは、申し込んだ方と団体の代表者だけです。',
  errGroupHandOverFirst: '代表者は、ほかのメンバーに代表者を交代してから脱退できます。',
};

export const authzEn: Texts<typeof authzJa> = {
  errFacilityNotInWard: 'That facility is not in the ward chosen. Choose the ward or the facility again.',
  errRevokeOwnAdmin: 'You cannot revoke your own city admin role. Ask another admin.',
  errGroupRepresentativeOnly: 'Only the representative of the group can do this.',
  errGroupCancelOwnOnly: 'A group booking can be cancelled only by the member who made it or by the representative.',
  errGroupEntryOwnOnly: 'A group lottery entry can be withdrawn or confirmed only by the member who submitted it or by the representative.',
  errGroupHandOverFirst: 'The representative can leave only after handing over to another member.',
};

declare module '../../lib/i18n.ts' {
  interface Messages extends Texts<typeof authzJa> {}
}
