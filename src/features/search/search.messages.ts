/** Texts of the home page and the search for free rooms, ja and en. */
import type { Texts } from '../../lib/i18n.ts';

export const searchJa = {
  wardsHeading: '区から施設をさがす',
  homeAppointmentsHeading: '区役所の窓口予約',
  homeAppointmentsLead:
    '転入届・国民健康保険などの手続きの時間を予約できます。引っ越しなどの「手続きナビ」では、必要な手続きを続けて予約できます。インターネットが使えない方は、区役所にお電話ください。',
  homeAppointmentsLink: '窓口の予約をする',
  homeLead: '部屋の空き状況を24時間いつでも確認できます。電話や窓口に行かなくても、条件に合う空き部屋を市内全域からさがせます。',
  siteTagline: '市民センター・生涯学習センターの空き状況と予約',
  metaSearch: '日付・時間帯・区・人数・設備の条件で、市内全域の市民センター・生涯学習センターの空き部屋をさがせます。',
  searchLead: '日付・時間帯・人数などの条件から、市内すべての施設の空き部屋をさがします。',
  searchDate: '利用日',
  searchDateHint: '例：2026-12-05。期間でさがすときは「終了日」も入力してください。',
  searchTo: '終了日（期間でさがす場合）',
  searchToHint: '最長31日間までさがせます。',
  searchBand: '時間帯',
  searchWard: '区',
  searchMinCapacity: '人数',
  searchMinCapacityHint: '利用する人数を入れると、その人数が入れる部屋だけを表示します。',
  searchRoomType: '部屋の種類',
  searchEquipment: '設備',
  any: '指定しない',
  searchSubmit: 'この条件でさがす',
  searchResultCount: '{count}件の空きが見つかりました。',
  searchResultTruncated: '多いため先頭の{count}件を表示しています。条件をしぼってください。',
  searchNoResults: '条件に合う空き部屋はありませんでした。日付や区を変えてお試しください。',
  errInvalidRoomType: '部屋の種類が正しくありません。一覧から選んでください。',
  errInvalidEquipment: '設備の指定が正しくありません。一覧から選んでください。',
  errInvalidCapacity: '人数は1〜500の数字で入力してください。',
};

export const searchEn: Texts<typeof searchJa> = {
  wardsHeading: 'Facilities by ward',
  homeAppointmentsHeading: 'Ward office appointments',
  homeAppointmentsLead:
    'Book a time at a ward office counter for moving in, health insurance and other procedures. The life-event guide books the procedures you need back to back. Without internet, please call the ward office.',
  homeAppointmentsLink: 'Book a counter appointment',
  homeLead: 'Check room availability at any time. Search free rooms across the whole city without phoning or visiting.',
  siteTagline: 'Availability and booking of citizen-centre and lifelong-learning-centre rooms',
  metaSearch:
    'Find free rooms at the citizen centres and lifelong-learning centres across the city by date, time band, ward, number of people and equipment.',
  searchLead: 'Search free rooms in every facility of the city by date, time band, group size and more.',
  searchDate: 'Date',
  searchDateHint: 'e.g. 2026-12-05. To search a period, also enter an end date.',
  searchTo: 'End date (for a period)',
  searchToHint: 'Up to 31 days.',
  searchBand: 'Time band',
  searchWard: 'Ward',
  searchMinCapacity: 'Number of people',
  searchMinCapacityHint: 'Only rooms that hold this many people are shown.',
  searchRoomType: 'Type of room',
  searchEquipment: 'Equipment',
  any: 'Any',
  searchSubmit: 'Search',
  searchResultCount: '{count} free slots found.',
  searchResultTruncated: 'Showing the first {count}. Narrow your search to see others.',
  searchNoResults: 'No free rooms match. Try another date or ward.',
  errInvalidRoomType: 'Choose a type of room from the list.',
  errInvalidEquipment: 'Choose equipment from the list.',
  errInvalidCapacity: 'Enter a number of people from 1 to 500.',
};

declare module '../../lib/i18n.ts' {
  interface Messages extends Texts<typeof searchJa> {}
}
