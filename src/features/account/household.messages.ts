/** Texts of the resident’s own household (世帯) pages: finding, joining, registering, leaving; ja and en. */
import type { Texts } from '../../lib/i18n.ts';

export const householdPagesJa = {
  householdLead: '世帯は、自治会への加入と回覧板のお知らせの単位です。同じ住まいの家族がひとつの世帯になります。',
  householdNone:
    'まだ世帯に登録されていません。住所を入力すると、窓口や自治会ですでに登録されている世帯をさがします。見つからなければ、新しく登録できます。',
  householdNext: '次へ',
  householdMatchTitle: 'この住所に登録されている世帯があります',
  householdMatchLead:
    '窓口や自治会で登録された世帯のうち、住所と、フリガナか電話番号があなたと一致する世帯です。ご自分の世帯なら「これは私の世帯です」を押してください。',
  householdMatchPeople: '{count}人の世帯',
  householdJoin: 'これは私の世帯です',
  householdCreateInstead: 'どれも違うので、新しい世帯として登録する',
  householdCreateTitle: '新しい世帯を登録する',
  householdAddPersonLead:
    'お子さんや、インターネットを使わないご家族などです。名前は、この世帯の人と担当の職員・自治会の役員だけに見えます。',
  householdLeave: '世帯から抜ける',
  householdLeaveLead: 'あなただけが世帯から抜けます。最後の一人が抜けると、世帯は終わります。',
  noticeHouseholdJoined: '世帯に入りました。',
  noticeHouseholdLeft: '世帯から抜けました。',
  errHouseholdAddressRequired: '住所を入力してください。',
  errHouseholdPostcode: '郵便番号は「802-0001」のように7けたの数字で入力してください。',
  errHouseholdSearchEmpty: '住所の一部か利用者番号を入力してください。',
  errDeleteReasonRequired: '退会の理由を入力してください。',
};

export const householdPagesEn: Texts<typeof householdPagesJa> = {
  householdLead: 'A household is the unit of neighbourhood-association membership and of circulars: the family living at one address.',
  householdNone:
    'You are not in a household yet. Enter your address: we look for a household already registered at a counter or by your association, and otherwise you can register one.',
  householdNext: 'Continue',
  householdMatchTitle: 'A household is registered at this address',
  householdMatchLead:
    'Households registered at a counter or by an association whose address, and the kana of a person or a phone number, match yours. If it is yours, choose “This is my household”.',
  householdMatchPeople: 'a household of {count}',
  householdJoin: 'This is my household',
  householdCreateInstead: 'None of these: register a new household',
  householdCreateTitle: 'Register a new household',
  householdAddPersonLead:
    'A child, or a family member who does not use the internet. Names are seen only by the household, the staff in charge and the association’s officers.',
  householdLeave: 'Leave the household',
  householdLeaveLead: 'Only you leave. When the last person leaves, the household ends.',
  noticeHouseholdJoined: 'You have joined the household.',
  noticeHouseholdLeft: 'You have left the household.',
  errHouseholdAddressRequired: 'Enter the address.',
  errHouseholdPostcode: 'Enter a postcode of 7 digits, like 802-0001.',
  errHouseholdSearchEmpty: 'Enter part of an address or a user number.',
  errDeleteReasonRequired: 'Enter the reason.',
};

declare module '../../lib/i18n.ts' {
  interface Messages extends Texts<typeof householdPagesJa> {}
}
