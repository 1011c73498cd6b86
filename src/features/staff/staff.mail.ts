/**
 * The messages staff decisions send to a resident, in the resident's language: a 仮予約 approved at the
 * counter, a booking cancelled by the facility (a closure), a 多目的利用者登録 decided.
 */
import { japaneseDate, mailDate } from '../../lib/format.ts';
import type { Lang } from '../../lib/i18n.ts';
import type { RenderedMessage } from '../../platform/notify/notify.ts';
import { nameIn, placeName } from '../booking/booking.mail.ts';
import type { ReservationView } from '../booking/booking.ts';
import { feeAmountText } from '../booking/payment.ts';

type View = Pick<ReservationView, 'reservation' | 'facility' | 'room'>;

/** 仮予約 → 本予約 (counter.service.ts approveProvisional). */
export function bookingApprovedMail(lang: Lang, booker: { name: string }, v: View): RenderedMessage {
  const r = v.reservation;
  if (lang === 'en') {
    return {
      subject: `[Tsunagu] Booking confirmed (booking no. ${r.number})`,
      text: `Dear ${booker.name},\n\nYour provisional booking has been approved and is now a confirmed booking.\n\nBooking no.: ${r.number}\nFacility: ${placeName('en', v.facility, v.room)}\nDate: ${mailDate(r.date, 'en')}\nFee: ${feeAmountText('en', r.fee, r.feeDetail)}\n\nEnquiries: ${nameIn('en', v.facility)} (${v.facility.phone})`,
    };
  }
  return {
    subject: `【つなぐ】予約が確定しました（予約番号 ${r.number}）`,
    text: `${booker.name} 様\n\n仮予約を承認し、本予約になりました。\n\n予約番号: ${r.number}\n施設: ${v.facility.name} ${v.room.name}\n利用日: ${japaneseDate(r.date)}\n使用料: ${feeAmountText('ja', r.fee, r.feeDetail)}\n\nお問い合わせ: ${v.facility.name}（${v.facility.phone}）`,
  };
}

/** A booking cancelled by staff, with the reason they typed (closures.service.ts staffCancel). */
export function staffCancelledMail(lang: Lang, booker: { name: string }, v: View, reason: string): RenderedMessage {
  const r = v.reservation;
  if (lang === 'en') {
    const facility = nameIn('en', v.facility);
    return {
      subject: `[Tsunagu] Booking cancelled (booking no. ${r.number})`,
      text: `Dear ${booker.name},\n\nOwing to circumstances at ${facility}, the following booking has been cancelled. We apologise for the inconvenience.\n\nBooking no.: ${r.number}\nFacility: ${placeName('en', v.facility, v.room)}\nDate: ${mailDate(r.date, 'en')}\nReason: ${reason}\n\nEnquiries: ${facility} (${v.facility.phone})`,
    };
  }
  return {
    subject: `【つなぐ】予約を取り消しました（予約番号 ${r.number}）`,
    text: `${booker.name} 様\n\n${v.facility.name}の都合により、次の予約を取り消しました。ご迷惑をおかけして申し訳ありません。\n\n予約番号: ${r.number}\n施設: ${v.facility.name} ${v.room.name}\n利用日: ${japaneseDate(r.date)}\n理由: ${reason}\n\nお問い合わせ: ${v.facility.name}（${v.facility.phone}）`,
  };
}

/** The decision on a 多目的利用者登録 (approvals.service.ts decideApplication). */
export function multipurposeDecisionMail(
  lang: Lang,
  user: { name: string },
  d: { decision: 'approve'; expiresOn: string } | { decision: 'reject'; reason: string },
): RenderedMessage {
  if (lang === 'en') {
    return d.decision === 'approve'
      ? {
          subject: '[Tsunagu] Your multipurpose registration has been approved',
          text: `Dear ${user.name},\n\nYour multipurpose registration has been approved. Until ${mailDate(d.expiresOn, 'en')}, you can book with the use type “Multipurpose”.`,
        }
      : {
          subject: '[Tsunagu] About your multipurpose registration',
          text: `Dear ${user.name},\n\nWe could not approve your application for multipurpose registration for the following reason.\n\n${d.reason}\n\nIf you have any questions, please contact your nearest citizen centre.`,
        };
  }
  return d.decision === 'approve'
    ? {
        subject: '【つなぐ】多目的利用者登録が承認されました',
        text: `${user.name} 様\n\n多目的利用者登録を承認しました。${japaneseDate(d.expiresOn)}まで、利用の種類「多目的」で予約できます。`,
      }
    : {
        subject: '【つなぐ】多目的利用者登録について',
        text: `${user.name} 様\n\n多目的利用者登録のお申し込みは、次の理由により承認できませんでした。\n\n${d.reason}\n\nご不明な点はお近くの市民センターへお問い合わせください。`,
      };
}
