/**
 * Texts of counter appointments (区役所窓口予約) other than the queue of the day (queue.messages.ts):
 * booking rules, email codes and the confirmation mail, ja and en. The two conflicts (a time just taken,
 * an appointment that can no longer be cancelled) live in lib/messages/errors.ts with every conflict.
 */
import type { Texts } from '../../lib/i18n.ts';

export const appointmentJa = {
  errAppointmentServicesRequired: '予約する手続きを選んでください。',
  errAppointmentServiceUnknown: '選んだ手続きが見つかりません。',
  errAppointmentServiceTwice: '同じ手続きを2回選んでいます。',
  errAppointmentLifeEventUnknown: '選んだ「手続きナビ」の項目が見つかりません。',
  errAppointmentNotInLifeEvent: 'この手続きは、選んだ「手続きナビ」の項目に含まれていません。',
  errAppointmentOneOffice: '一度に予約できるのは、同じ区役所の手続きだけです。',
  errAppointmentStartFormat: '開始時刻は「09:30」の形で入力してください。',
  errAppointmentDayClosed: 'この日は窓口がお休みです（土日祝・年末年始・休業日）。ほかの日をお選びください。',
  errAppointmentStartNotOffered: 'この時刻からは予約できません。空き状況に表示された開始時刻からお選びください。',
  errAppointmentNotYetOpen: 'この日の予約の受付は{date}から始まります（{days}日前から）。',
  errAppointmentWindowClosed: 'この日の予約の受付は終わりました。窓口へ直接お越しいただくか、区役所へお電話ください。',
  errAppointmentContactRequired: '電話番号かメールアドレスの、少なくともどちらかを入力してください。',
  errAppointmentEmailNeeded:
    'インターネットでの予約には、メールアドレスの確認が必要です。電話番号だけで予約するときは、区役所へお電話ください（職員がお受けします）。',
  errAppointmentEmailCodeRequired: 'メールでお送りした6桁の確認コードを入力してください。',
  errAppointmentEmailCodeFormat: '確認コードは6桁の数字です。',
  errAppointmentEmailCodeWrong: '確認コードが違うか、有効期限（10分）が切れています。もう一度コードをお送りください。',
  errAppointmentLimitEmail: 'このメールアドレスで予約できるのは{limit}件までです（これからの予約がすでに{count}件あります）。',
  errAppointmentLimitPhone: 'この電話番号で予約できるのは{limit}件までです（これからの予約がすでに{count}件あります）。',
  errAppointmentLimitPerson: '予約できるのは{limit}件までです（これからの予約がすでに{count}件あります）。',
  errAppointmentWardResidentsOnly: 'この手続きは{office}の区内にお住まいの方のみ予約できます。',
  errAppointmentWardResidentConfirm:
    'この手続きは区内にお住まいの方が対象です。区内にお住まいであることを確かめて、チェックを入れてください。',
  errAppointmentStaffOnly: '電話・窓口での代理予約は、その区役所の職員だけができます。',
  errAppointmentChannel: '受付の方法は phone（電話）か counter（窓口）です。',
  errAppointmentIdempotencyReused: 'この Idempotency-Key は、別の内容の予約にすでに使われています。',
  errAppointmentSecretRequired: '予約の確認用のコード（secret）が必要です。確認メールのリンクからお進みください。',
  errAppointmentNumberFormat: '予約番号は8桁の数字です。',
  errTooManyEmailCodes:
    '確認コードのお申し込みが続いたため、しばらく受け付けを止めています。{minutes}分ほどたってから、もう一度お試しください。',
  errTooManyBookings:
    'この端末（接続元）からの予約が続いたため、しばらく受け付けを止めています。{minutes}分ほどたってから、もう一度お試しください。お急ぎの方は区役所の窓口にお電話ください。',
  appointmentCodeSubject: '【北九州市】窓口予約の確認コード',
  appointmentCodeBody:
    '区役所の窓口予約の確認コードです。\n\n確認コード: {code}\n\nこのコードの有効期限は10分です。お心当たりがない場合は、このメールを破棄してください。',
  appointmentConfirmedSubject: '【北九州市】窓口予約を受け付けました（予約番号 {number}）',
  appointmentConfirmedLead:
    '{name} 様\n\n{office}の窓口予約を受け付けました。当日は受付機に予約番号を入力するか、QRコードをかざしてください。',
  appointmentConfirmedNumber: '予約番号: {number}',
  appointmentConfirmedItem: '{starts}〜{ends} {service}（{counter} {place}）',
  appointmentConfirmedDocuments: '持ち物:',
  appointmentConfirmedManage: '予約の確認・取り消しはこちら:\n{url}',
  appointmentConfirmedFooter: 'このメールは送信専用です。',
};

export const appointmentEn: Texts<typeof appointmentJa> = {
  errAppointmentServicesRequired: 'Choose the procedures to book.',
  errAppointmentServiceUnknown: 'The chosen procedure was not found.',
  errAppointmentServiceTwice: 'The same procedure is chosen twice.',
  errAppointmentLifeEventUnknown: 'The chosen life event was not found.',
  errAppointmentNotInLifeEvent: 'This procedure is not part of the chosen life event.',
  errAppointmentOneOffice: 'Procedures booked together must be at the same ward office.',
  errAppointmentStartFormat: 'Enter the start time like 09:30.',
  errAppointmentDayClosed: 'The counter is closed on this day (weekends, holidays, year-end). Please choose another day.',
  errAppointmentStartNotOffered: 'No appointment starts at this time. Please choose one of the start times shown as available.',
  errAppointmentNotYetOpen: 'Booking for this day opens on {date} ({days} days before).',
  errAppointmentWindowClosed: 'Booking for this day has closed. Please come to the counter or phone the ward office.',
  errAppointmentContactRequired: 'Enter a phone number or an email address (at least one).',
  errAppointmentEmailNeeded:
    'Booking online needs a confirmed email address. To book with a phone number only, please phone the ward office (staff will book for you).',
  errAppointmentEmailCodeRequired: 'Enter the 6-digit code we emailed you.',
  errAppointmentEmailCodeFormat: 'The code is 6 digits.',
  errAppointmentEmailCodeWrong: 'The code is wrong or has expired (10 minutes). Please ask for a new code.',
  errAppointmentLimitEmail: 'At most {limit} appointments can be booked with this email address (it already has {count} upcoming).',
  errAppointmentLimitPhone: 'At most {limit} appointments can be booked with this phone number (it already has {count} upcoming).',
  errAppointmentLimitPerson: 'At most {limit} appointments can be booked (you already have {count} upcoming).',
  errAppointmentWardResidentsOnly: 'This procedure can be booked only by residents of the ward ({office}).',
  errAppointmentWardResidentConfirm: 'This procedure is for residents of the ward. Please confirm that you live in the ward.',
  errAppointmentStaffOnly: 'Only staff of the ward office can book for a caller on the phone or at the counter.',
  errAppointmentChannel: 'The channel is phone or counter.',
  errAppointmentIdempotencyReused: 'This Idempotency-Key was already used for a different booking.',
  errAppointmentSecretRequired: 'The appointment’s secret is needed: please follow the link in the confirmation email.',
  errAppointmentNumberFormat: 'The appointment number is 8 digits.',
  errTooManyEmailCodes: 'Too many code requests. Please try again in about {minutes} minutes.',
  errTooManyBookings:
    'Too many bookings from this connection. Please try again in about {minutes} minutes, or phone the ward office if it is urgent.',
  appointmentCodeSubject: '[Kitakyushu City] Your code for a counter appointment',
  appointmentCodeBody:
    'Your code for booking a ward-office counter appointment:\n\nCode: {code}\n\nIt is valid for 10 minutes. If you did not ask for it, please ignore this email.',
  appointmentConfirmedSubject: '[Kitakyushu City] Your counter appointment (number {number})',
  appointmentConfirmedLead:
    'Dear {name},\n\nYour appointment at {office} is booked. On the day, type the appointment number at the kiosk or show its QR code.',
  appointmentConfirmedNumber: 'Appointment number: {number}',
  appointmentConfirmedItem: '{starts}–{ends} {service} ({counter}, {place})',
  appointmentConfirmedDocuments: 'Please bring:',
  appointmentConfirmedManage: 'To see or cancel your appointment:\n{url}',
  appointmentConfirmedFooter: 'This address does not receive replies.',
};

declare module '../../lib/i18n.ts' {
  interface Messages extends Texts<typeof appointmentJa> {}
}
