/** The emails a booker receives. Plain text, Japanese, with the 和暦 date people write on forms. */
import type { Insertable } from 'kysely';
import type { ReservationTable } from '../../db/schema.ts';
import { warekiYear, weekdayLabel } from '../../lib/time.ts';
import type { User } from '../../platform/authz/actor.ts';
import type { RenderedMessage } from '../../platform/notify/notify.ts';
import type { Band } from '../facility/facility.ts';
import type { PreparedBooking, ReservationView } from './booking.service.ts';
import { feeAmountText, yenText } from './payment.ts';

export function japaneseDate(date: string): string {
  const [, m, d] = date.split('-');
  return `${warekiYear(date)}${Number(m)}月${Number(d)}日（${weekdayLabel(date, 'ja')}）`;
}

export function bandText(bands: readonly Band[]): string {
  return bands.map((b) => `${b.label}（${b.start}〜${b.end}）`).join('・');
}

const yen = (n: number) => yenText(n, 'ja');

export function bookingConfirmedMail(user: User, row: Insertable<ReservationTable>, p: PreparedBooking): RenderedMessage {
  const provisional = row.status === 'provisional';
  return {
    subject: provisional
      ? `【つなぐ】仮予約を受け付けました（予約番号 ${row.number}）`
      : `【つなぐ】予約を受け付けました（予約番号 ${row.number}）`,
    text: [
      `${user.name} 様`,
      '',
      provisional ? '施設の仮予約を受け付けました。職員が確認したあと、本予約になります。' : '施設の予約を受け付けました。',
      provisional && row.payment_due_on
        ? `使用料は ${japaneseDate(row.payment_due_on)} までに施設の窓口でお支払いください。期限を過ぎると仮予約は自動で取り消されます。`
        : '',
      '',
      `予約番号: ${row.number}`,
      `施設: ${p.facility.name} ${p.room.name}`,
      `利用日: ${japaneseDate(row.date)}`,
      `時間: ${bandText(p.bands)}`,
      `利用目的: ${row.purpose}（${row.attendees}人）`,
      p.fee.total > 0
        ? `使用料: ${yen(p.fee.total)}${p.fee.reductionReason ? `（減免: ${p.fee.reductionReason.ja}）` : ''}`
        : `使用料: ${feeAmountText('ja', 0, p.fee)}${p.fee.reductionReason ? `\n減免の理由: ${p.fee.reductionReason.ja}` : ''}`,
      p.group ? `団体: ${p.group.name}` : '',
      p.reductionAwaitsVerification
        ? '団体の種類がまだ市の確認を受けていないため、減免のない料金です。確認が済んだあとは、施設の窓口で職員が減免を適用できます。'
        : '',
      '',
      `インターネットでの取消は ${japaneseDate(p.cancelUntil)} まで、「予約の確認」からできます。`,
      `それ以降の取消やご不明な点は ${p.facility.name}（${p.facility.phone}）へお電話ください。`,
    ]
      .filter((line, i, all) => line !== '' || all[i - 1] !== '')
      .join('\n'),
  };
}

export function bookingCancelledMail(user: Pick<User, 'name'>, v: ReservationView): RenderedMessage {
  return {
    subject: `【つなぐ】予約を取り消しました（予約番号 ${v.reservation.number}）`,
    text: [
      `${user.name} 様`,
      '',
      '次の予約を取り消しました。',
      '',
      `予約番号: ${v.reservation.number}`,
      `施設: ${v.facility.name} ${v.room.name}`,
      `利用日: ${japaneseDate(v.reservation.date)}`,
      `時間: ${bandText(v.bands)}`,
      '',
      `ご不明な点は ${v.facility.name}（${v.facility.phone}）へお電話ください。`,
    ].join('\n'),
  };
}

/** What a member did to a group booking, for the mail to the representative (account/group.service.ts). */
export function groupBookingChangeText(
  change: 'booked' | 'cancelled',
  b: { number: string; date: string; facilityName: string; roomName: string; bands: readonly Band[] } | ReservationView,
): string {
  const v =
    'reservation' in b
      ? { number: b.reservation.number, date: b.reservation.date, facilityName: b.facility.name, roomName: b.room.name, bands: b.bands }
      : b;
  return [
    change === 'booked' ? '団体として次の予約をしました。' : '団体の次の予約を取り消しました。',
    `予約番号: ${v.number}`,
    `施設: ${v.facilityName} ${v.roomName}`,
    `利用日: ${japaneseDate(v.date)}`,
    `時間: ${bandText(v.bands)}`,
  ].join('\n');
}
