/** Texts of the availability grid (空き状況), ja and en. */
import type { Texts } from '../../lib/i18n.ts';

export const availabilityJa = {
  metaAvailability: '{facility}の{month}の部屋の空き状況です。空いている利用区分を選ぶと予約できます。',
  availabilityHeading: '{facility} 空き状況',
  prevMonth: '前の月',
  nextMonth: '次の月',
  thisMonth: '今月',
  legend: '記号の説明',
  stateFree: '空き',
  stateClosed: '利用できません',
  roomsInFacility: 'この施設の部屋',
  howToBook: '「○ 空き」を選ぶとインターネットで予約できます（利用日の{days}日前から）。電話・窓口でも受け付けています（{phone}）。',
  bookThisCell: ' この時間帯を予約する',
  reasonYearEnd: '年末年始',
  reasonHoliday: '祝日',
  reasonClosedDay: '休館日',
  reasonClosure: '臨時休館',
  reasonOutsideHours: '時間外',
  reasonPast: '受付終了',
  reasonLottery: '抽選の対象（先着順は受付前）',
  lotteryRoomNote: 'この部屋は毎月の抽選のあと、先着順で予約を受け付けます。「抽選の対象」の時間帯は抽選に申し込めます。',
  errInvalidMonth: '月は「2026-12」の形で入力してください。',
  errRangeTooLongDays: '期間が長すぎます。最長{max}日までです。',
};

export const availabilityEn: Texts<typeof availabilityJa> = {
  metaAvailability: 'When the rooms of {facility} are free in {month}: choose a free band to book it.',
  availabilityHeading: '{facility}: availability',
  prevMonth: 'Previous month',
  nextMonth: 'Next month',
  thisMonth: 'This month',
  legend: 'Key',
  stateFree: 'Free',
  stateClosed: 'Not available',
  roomsInFacility: 'Rooms in this facility',
  howToBook: 'Choose a “○ Free” cell to book online (from {days} days ahead). You can also book by phone or at the counter ({phone}).',
  bookThisCell: ' — book this slot',
  reasonYearEnd: 'New-year closure',
  reasonHoliday: 'Public holiday',
  reasonClosedDay: 'Closed day',
  reasonClosure: 'Temporarily closed',
  reasonOutsideHours: 'Outside opening hours',
  reasonPast: 'Past',
  reasonLottery: 'Lottery (first-come not open yet)',
  lotteryRoomNote: 'This room is allocated by a monthly lottery, then first-come. Times marked “Lottery” can be entered in the lottery.',
  errInvalidMonth: 'Enter a month in the form 2026-12.',
  errRangeTooLongDays: 'The period is too long: at most {max} days.',
};

declare module '../../lib/i18n.ts' {
  interface Messages extends Texts<typeof availabilityJa> {}
}
