/**
 * The messages a resident gets about an appointment after booking it: changed (the new times and the
 * manage link), cancelled (by them or by staff for them), and the reminder the day before (times,
 * counters, places, 持ち物 and a manage link). Each lists the appointment's services as the confirmation
 * does, from the same view the pages show (appointmentView), in the recipient's language.
 */
import { mailDate } from '../../lib/format.ts';
import { type Lang, type MessageKey, translator } from '../../lib/i18n.ts';
import type { RenderedMessage } from '../../platform/notify/notify.ts';
import { formatAppointmentNumber } from './appointment.ts';

/** What the messages need of an appointment (appointment.service.ts's AppointmentView is one). */
export interface NoticeAppointment {
  appointment: { number: string; name: string; date: string };
  officeName: string;
  items: readonly {
    starts: string;
    ends: string;
    serviceName: string;
    serviceNameEn: string;
    counterName: string;
    counterNameEn: string;
    place: string;
    placeEn: string;
    documents: readonly string[];
    documentsEn: readonly string[];
  }[];
}

/** The date, one line per service, and (when asked) what to bring. */
function itemLines(lang: Lang, view: NoticeAppointment, withDocuments: boolean): string[] {
  const t = translator(lang);
  const en = lang === 'en';
  const lines = [
    t('appointmentConfirmedNumber', { number: formatAppointmentNumber(view.appointment.number) }),
    mailDate(view.appointment.date, lang),
    ...view.items.map((i) =>
      t('appointmentConfirmedItem', {
        starts: i.starts,
        ends: i.ends,
        service: en ? i.serviceNameEn : i.serviceName,
        counter: en ? i.counterNameEn : i.counterName,
        place: en ? i.placeEn : i.place,
      }),
    ),
  ];
  const documents = [...new Set(view.items.flatMap((i) => (en && i.documentsEn.length > 0 ? i.documentsEn : i.documents)))];
  if (withDocuments && documents.length > 0) lines.push('', t('appointmentConfirmedDocuments'), ...documents.map((d) => `・${d}`));
  return lines;
}

const who = (view: NoticeAppointment) => ({ name: view.appointment.name, office: view.officeName });

/** One message: subject and lead of its own, the appointment's lines, then what follows them. */
function notice(
  lang: Lang,
  view: NoticeAppointment,
  keys: { subject: MessageKey; lead: MessageKey },
  o: { documents: boolean; after: string[] },
): RenderedMessage {
  const t = translator(lang);
  const number = formatAppointmentNumber(view.appointment.number);
  return {
    subject: t(keys.subject, { number }),
    text: [t(keys.lead, who(view)), '', ...itemLines(lang, view, o.documents), '', ...o.after, '', t('appointmentConfirmedFooter')].join(
      '\n',
    ),
    // The kiosk reads the 予約番号 from this code; a cancelled appointment has nothing left to check in.
    ...(o.documents ? { qr: view.appointment.number } : {}),
  };
}

export function appointmentChangedMail(lang: Lang, view: NoticeAppointment, manageUrl: string): RenderedMessage {
  const after = [translator(lang)('appointmentChangeLink', { url: manageUrl })];
  return notice(lang, view, { subject: 'appointmentChangedSubject', lead: 'appointmentChangedLead' }, { documents: true, after });
}

export function appointmentCancelledMail(lang: Lang, view: NoticeAppointment, byStaff: boolean): RenderedMessage {
  const t = translator(lang);
  const after = [...(byStaff ? [t('appointmentCancelledByStaff')] : []), t('appointmentCancelledAgain')];
  return notice(lang, view, { subject: 'appointmentCancelledSubject', lead: 'appointmentCancelledLead' }, { documents: false, after });
}

export function appointmentReminderMail(lang: Lang, view: NoticeAppointment, manageUrl: string): RenderedMessage {
  const after = [translator(lang)('appointmentChangeLink', { url: manageUrl })];
  return notice(lang, view, { subject: 'appointmentReminderSubject', lead: 'appointmentReminderLead' }, { documents: true, after });
}

/** The resident's manage page, with the secret of their link. */
export const manageUrlOf = (publicUrl: string, number: string, secret: string) =>
  `${publicUrl}/appointments/${number}?secret=${encodeURIComponent(secret)}`;
