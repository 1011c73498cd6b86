/** Texts of the catalogue: wards and facilities, ja and en. */
import type { Texts } from '../../lib/i18n.ts';

export const facilityJa = {
  metaWard: '{ward}の市民センター・生涯学習センターの一覧です。施設ごとの部屋と空き状況を見て予約できます。',
  metaFacility: '{facility}（{ward}）の部屋・開館時間・交通アクセス・バリアフリー情報と、部屋の空き状況です。',
  wardHeading: '{ward}の施設',
  closedDays: '休館日',
  website: 'ウェブサイト',
  roomName: '部屋名',
  area: '広さ',
  viewAvailability: '空き状況を見る',
  holidaysClosed: '祝日',
  yearEndClosed: '年末年始（12月29日〜1月3日）',
  openingHours: '開館時間',
  errInvalidKind: '施設の種類は citizen_centre または lifelong_learning_centre を指定してください。',
};

export const facilityEn: Texts<typeof facilityJa> = {
  metaWard: 'The citizen centres and lifelong-learning centres of {ward}: see each one’s rooms and when they are free, and book.',
  metaFacility: '{facility} ({ward}): rooms, opening hours, access and accessibility, and when the rooms are free.',
  wardHeading: 'Facilities in {ward}',
  closedDays: 'Closed',
  website: 'Website',
  roomName: 'Room',
  area: 'Area',
  viewAvailability: 'See availability',
  holidaysClosed: 'Public holidays',
  yearEndClosed: 'New year (29 Dec – 3 Jan)',
  openingHours: 'Opening hours',
  errInvalidKind: 'The facility type must be citizen_centre or lifelong_learning_centre.',
};

declare module '../../lib/i18n.ts' {
  interface Messages extends Texts<typeof facilityJa> {}
}
