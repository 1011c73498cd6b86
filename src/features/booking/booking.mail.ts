/**
 * The emails a booker receives, in their language. Plain text: Japanese with the 和暦 date people write
 * on forms, or English with the English names of facilities and rooms where the data has them.
 */
import type { Insertable } from 'kysely';
import type { ReservationTable } from '../../db/schema.ts';
import { bandText, japaneseDate, mailDate, yen } from '../../lib/format.ts';
import type { Lang } from '../../lib/i18n.ts';
import type { User } from '../../platform/authz/actor.ts';
import type { RenderedMessage } from '../../platform/notify/notify.ts';
import type { ChangeText } from '../account/group.mail.ts';
import type { Band } from '../facility/facility.ts';
import type { PreparedBooking, ReservationView } from './booking.ts';
import { feeAmountText } from './payment.ts';

/** A facility's or room's name: the English one in English when there is one, else the Japanese. */
export function nameIn(lang: Lang, x: { name: string; nameEn: string | null }): string {
  return lang === 'en' && x.nameEn ? x.nameEn : x.name;
}

/** "Facility Room" in the language of the mail. */
export function placeName(lang: Lang, facility: { name: string; nameEn: string | null }, room: { name: string; nameEn: string | null }) {
  return `${nameIn(lang, facility)} ${nameIn(lang, room)}`;
}

export function bookingConfirmedMail(lang: Lang, user: User, row: Insertable<ReservationTable>, p: PreparedBooking): RenderedMessage {
  const provisional = row.status === 'provisional';
  if (lang === 'en') {
    const facility = nameIn('en', p.facility);
    return {
      subject: provisional
        ? `[Tsunagu] Provisional booking received (booking no. ${row.number})`
        : `[Tsunagu] Booking received (booking no. ${row.number})`,
      text: [
        `Dear ${user.name},`,
        '',
        provisional
          ? 'We have received your provisional booking. It becomes a confirmed booking once staff have checked it.'
          : 'We have received your booking.',
        provisional && row.payment_due_on
          ? `Please pay the fee at the facility counter by ${mailDate(row.payment_due_on, 'en')}. If it is not paid by then, the provisional booking is cancelled automatically.`
          : '',
        '',
        `Booking no.: ${row.number}`,
        `Facility: ${placeName('en', p.facility, p.room)}`,
        `Date: ${mailDate(row.date, 'en')}`,
        `Time: ${bandText(p.bands, 'en')}`,
        `Purpose: ${row.purpose} (${row.attendees} ${Number(row.attendees) === 1 ? 'person' : 'people'})`,
        p.fee.total > 0
          ? `Fee: ${yen(p.fee.total, 'en')}${p.fee.reductionReason ? ` (reduction: ${p.fee.reductionReason.en})` : ''}`
          : `Fee: ${feeAmountText('en', 0, p.fee)}${p.fee.reductionReason ? `\nReason for the reduction: ${p.fee.reductionReason.en}` : ''}`,
        p.group ? `Group: ${p.group.name}` : '',
        p.reductionAwaitsVerification
          ? 'The city has not yet verified the type of your group, so the fee is without a reduction. Once it is verified, staff can apply the reduction at the facility counter.'
          : '',
        '',
        `You can cancel online until ${mailDate(p.cancelUntil, 'en')} under “My bookings”.`,
        `To cancel after that, or if you have any questions, please call ${facility} (${p.facility.phone}).`,
      ]
        .filter((line, i, all) => line !== '' || all[i - 1] !== '')
        .join('\n'),
    };
  }
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
        ? `使用料: ${yen(p.fee.total, 'ja')}${p.fee.reductionReason ? `（減免: ${p.fee.reductionReason.ja}）` : ''}`
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

export function bookingCancelledMail(lang: Lang, user: Pick<User, 'name'>, v: ReservationView): RenderedMessage {
  if (lang === 'en') {
    return {
      subject: `[Tsunagu] Booking cancelled (booking no. ${v.reservation.number})`,
      text: [
        `Dear ${user.name},`,
        '',
        'The following booking has been cancelled.',
        '',
        `Booking no.: ${v.reservation.number}`,
        `Facility: ${placeName('en', v.facility, v.room)}`,
        `Date: ${mailDate(v.reservation.date, 'en')}`,
        `Time: ${bandText(v.bands, 'en')}`,
        '',
        `If you have any questions, please call ${nameIn('en', v.facility)} (${v.facility.phone}).`,
      ].join('\n'),
    };
  }
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

interface Named {
  name: string;
  nameEn: string | null;
}

/** The job's notice of a 仮予約 cancelled because its fee was not paid by the due date (jobs.ts). */
export function overdueCancelledMail(
  lang: Lang,
  r: { bookerName: string; number: string; date: string; dueOn: string; facility: Named & { phone: string }; room: Named },
): RenderedMessage {
  if (lang === 'en') {
    const facility = nameIn('en', r.facility);
    return {
      subject: `[Tsunagu] Provisional booking cancelled (booking no. ${r.number})`,
      text: `Dear ${r.bookerName},\n\nAs the fee was not paid by the due date (${mailDate(r.dueOn, 'en')}), the following provisional booking has been cancelled.\n\nBooking no.: ${r.number}\nFacility: ${placeName('en', r.facility, r.room)}\nDate: ${mailDate(r.date, 'en')}\n\nEnquiries: ${facility} (${r.facility.phone})`,
    };
  }
  return {
    subject: `【つなぐ】仮予約を取り消しました（予約番号 ${r.number}）`,
    text: `${r.bookerName} 様\n\n使用料のお支払い期限（${japaneseDate(r.dueOn)}）を過ぎたため、次の仮予約を取り消しました。\n\n予約番号: ${r.number}\n施設: ${r.facility.name} ${r.room.name}\n利用日: ${japaneseDate(r.date)}\n\nお問い合わせ: ${r.facility.name}（${r.facility.phone}）`,
  };
}

/** What a member did to a group booking, for the mail to the representative (account/group.service.ts), in their language. */
export function groupBookingChangeText(
  change: 'booked' | 'cancelled',
  b: { number: string; date: string; facility: Named; room: Named; bands: readonly Band[] } | ReservationView,
): ChangeText {
  const v = 'reservation' in b ? { ...b, number: b.reservation.number, date: b.reservation.date } : b;
  return (lang) =>
    lang === 'en'
      ? [
          change === 'booked' ? 'Made the following booking for the group.' : 'Cancelled the following booking of the group.',
          `Booking no.: ${v.number}`,
          `Facility: ${placeName('en', v.facility, v.room)}`,
          `Date: ${mailDate(v.date, 'en')}`,
          `Time: ${bandText(v.bands, 'en')}`,
        ].join('\n')
      : [
          change === 'booked' ? '団体として次の予約をしました。' : '団体の次の予約を取り消しました。',
          `予約番号: ${v.number}`,
          `施設: ${v.facility.name} ${v.room.name}`,
          `利用日: ${japaneseDate(v.date)}`,
          `時間: ${bandText(v.bands)}`,
        ].join('\n');
}
