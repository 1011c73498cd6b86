/** Texts of 窓口の実績 (the counters' figures for staff) and their open data, ja and en. */
import type { Texts } from '../../lib/i18n.ts';

export const counterInsightsJa = {
  counterInsightsTitle: '窓口の実績',
  counterInsightsLead:
    '予約と当日受付（整理券）の人数、待ち時間（受付から呼び出しまで）、手続きにかかった時間、予約したのに来なかった割合です。見られるのは担当の区役所・出張所の分です。個人の名前は出ません。',
  counterInsightsOffice: '区役所・出張所',
  counterInsightsAllOffices: '担当のすべて',
  counterInsightsTo: '終了日（92日以内）',
  counterInsightsFiles: 'ファイル',
  counterInsightsByCounter: '窓口ごとの実績',
  counterInsightsByHour: '時間帯ごとの来庁者と待ち時間',
  counterInsightsHeatmap: '混み合う時間帯（曜日×時間帯の受付人数）',
  counterInsightsCounter: '窓口',
  counterInsightsBooked: '予約',
  counterInsightsWalkIns: '当日受付',
  counterInsightsWaitMedian: '待ち時間（中央値）',
  counterInsightsWaitP90: '待ち時間（長い方から1割）',
  counterInsightsServiceMedian: '手続きの時間（中央値）',
  counterInsightsNoShowRate: '来なかった予約',
  counterInsightsHour: '時間帯',
  counterInsightsArrivals: '受付人数',
  counterInsightsWeekday: '曜日',
  counterInsightsNone: 'この期間の記録はありません。',
  counterMinutes: '{n}分',
  counterHourRange: '{from}時〜{to}時',
  counterHourShort: '{hour}時',
  errCounterRangeTooLong: '期間が長すぎます。最長{max}日までです。',
};

export const counterInsightsEn: Texts<typeof counterInsightsJa> = {
  counterInsightsTitle: 'Counter figures',
  counterInsightsLead:
    'Bookings and walk-ins (numbered tickets), the wait from check-in to call, the time a procedure took, and the share of bookings nobody came for, for the ward offices and branches you work for. No person is named.',
  counterInsightsOffice: 'Ward office or branch',
  counterInsightsAllOffices: 'All of yours',
  counterInsightsTo: 'To (at most 92 days)',
  counterInsightsFiles: 'Files',
  counterInsightsByCounter: 'Figures by counter',
  counterInsightsByHour: 'Arrivals and waits by hour',
  counterInsightsHeatmap: 'Busiest hours (check-ins by weekday and hour)',
  counterInsightsCounter: 'Counter',
  counterInsightsBooked: 'Booked',
  counterInsightsWalkIns: 'Walk-ins',
  counterInsightsWaitMedian: 'Wait (median)',
  counterInsightsWaitP90: 'Wait (90th percentile)',
  counterInsightsServiceMedian: 'Service time (median)',
  counterInsightsNoShowRate: 'No-shows',
  counterInsightsHour: 'Hour',
  counterInsightsArrivals: 'Check-ins',
  counterInsightsWeekday: 'Weekday',
  counterInsightsNone: 'Nothing was recorded in this period.',
  counterMinutes: '{n} min',
  counterHourRange: '{from}:00–{to}:00',
  counterHourShort: '{hour}:00',
  errCounterRangeTooLong: 'The period is too long: at most {max} days.',
};

declare module '../../lib/i18n.ts' {
  interface Messages extends Texts<typeof counterInsightsJa> {}
}
