/**
 * Texts of households (世帯) that the resident's and the staff's pages share, and the errors the household
 * service raises, ja and en.
 */
import type { Texts } from '../../lib/i18n.ts';

export const householdJa = {
  householdTitle: '世帯',
  householdHan: '班（任意）',
  householdHanHint: 'わからなければ選ばなくて構いません。あとで自治会の役員や窓口で登録できます。',
  householdCreate: '登録する',
  householdAddPerson: 'アカウントのない人を加える',
  householdAdd: '加える',
  householdMoveOutLead: '世帯の全員が引っ越すときの手続きです。世帯は自治会・班から外れ、記録として残ります。',
  noticeHouseholdCreated: '世帯を登録しました。',
  noticeHouseholdPersonAdded: '世帯に人を加えました。',
  noticeHouseholdMovedOut: '転出の手続きをしました。',
  errUserNumberUnknown: 'この利用者番号の方は見つかりません。',
  errHouseholdWard: '区を選んでください。',
  errHouseholdHan: '選んだ班が見つかりません。この区の自治会の班から選んでください。',
  errHouseholdNoMatch: 'この世帯には入れません。住所と、フリガナか電話番号が一致する世帯にだけ入れます。',
  errHouseholdForbidden: 'この世帯を見たり変更したりする権限がありません。',
  errHouseholdRegisterForbidden: '世帯を登録できるのは、この区を担当する職員か、この自治会の役員です。',
  errHouseholdStaffScope: '世帯を扱えるのは、区を担当する職員です。施設の職員の方は区役所にお問い合わせください。',
  errHouseholdPersonHasHousehold: 'この利用者番号の方は、すでに別の世帯に登録されています。',
  errHouseholdMoveOutFuture: '転出日は、今日以前の日付を入力してください。',
  errDeleteNotCounterResident: 'パスワードのある方は、ご本人がアカウントのページから退会します。',
};

export const householdEn: Texts<typeof householdJa> = {
  householdTitle: 'Household',
  householdHan: 'Block (班, optional)',
  householdHanHint: 'Leave it if you do not know: an officer or a counter can set it later.',
  householdCreate: 'Register',
  householdAddPerson: 'Add a person without an account',
  householdAdd: 'Add',
  householdMoveOutLead: 'For when everyone moves away. The household leaves its association and block and is kept for the record.',
  noticeHouseholdCreated: 'Your household is registered.',
  noticeHouseholdPersonAdded: 'The person was added.',
  noticeHouseholdMovedOut: 'The household is recorded as moved out.',
  errUserNumberUnknown: 'No one has this user number.',
  errHouseholdWard: 'Choose the ward.',
  errHouseholdHan: 'The block was not found: choose a block of an association of this ward.',
  errHouseholdNoMatch: 'You cannot join this household: only one whose address, and kana or phone number, match yours.',
  errHouseholdForbidden: 'You may not see or change this household.',
  errHouseholdRegisterForbidden: 'Households are registered by the staff of the ward or by the association’s officers.',
  errHouseholdStaffScope: 'Households are handled by staff of a ward. Centre staff: please ask the ward office.',
  errHouseholdPersonHasHousehold: 'The person with this user number is already in another household.',
  errHouseholdMoveOutFuture: 'Enter a moving-out date of today or earlier.',
  errDeleteNotCounterResident: 'A resident with a password deletes their account themselves, from their account page.',
};

declare module '../../lib/i18n.ts' {
  interface Messages extends Texts<typeof householdJa> {}
}
