/**
 * The messages a resident gets about a counter appointment, in their language: the one-time code that
 * confirms an email address, and the confirmation with the 予約番号, each service's time and place, what
 * to bring and the change/cancel link (which carries the secret: the only place it is ever written).
 */
import { mailDate } from '../../lib/format.ts';
import type { Lang } from '../../lib/i18n.ts';
import type { RenderedMessage } from '../../platform/notify/notify.ts';
import { appointmentEn, appointmentJa } from './appointment.messages.ts';
import { formatAppointmentNumber } from './appointment.ts';

type Key = keyof typeof appointmentJa;

function text(lang: Lang, key: Key, params: Record<string, string | number> = {}): string {
  const template = (lang === 'en' ? appointmentEn : appointmentJa)[key];
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

export function emailCodeMail(lang: Lang, code: string): RenderedMessage {
  return { subject: text(lang, 'appointmentCodeSubject'), text: text(lang, 'appointmentCodeBody', { code }) };
}

export interface ConfirmationItem {
  serviceName: string;
  serviceNameEn: string;
  counterName: string;
  counterNameEn: string;
  place: string;
  placeEn: string;
  date: string;
  starts: string;
  ends: string;
  documents: string[];
  documentsEn: string[];
}

export function appointmentConfirmedMail(
  lang: Lang,
  a: { number: string; name: string; officeName: string; date: string; items: readonly ConfirmationItem[]; manageUrl: string },
): RenderedMessage {
  const en = lang === 'en';
  const number = formatAppointmentNumber(a.number);
  const lines = [
    text(lang, 'appointmentConfirmedLead', { name: a.name, office: a.officeName }),
    '',
    text(lang, 'appointmentConfirmedNumber', { number }),
    mailDate(a.date, lang),
    ...a.items.map((i) =>
      text(lang, 'appointmentConfirmedItem', {
        starts: i.starts,
        ends: i.ends,
        service: en ? i.serviceNameEn : i.serviceName,
        counter: en ? i.counterNameEn : i.counterName,
        place: en ? i.placeEn : i.place,
      }),
    ),
  ];
  const documents = [...new Set(a.items.flatMap((i) => (en && i.documentsEn.length > 0 ? i.documentsEn : i.documents)))];
  if (documents.length > 0) lines.push('', text(lang, 'appointmentConfirmedDocuments'), ...documents.map((d) => `・${d}`));
  lines.push('', text(lang, 'appointmentConfirmedManage', { url: a.manageUrl }), '', text(lang, 'appointmentConfirmedFooter'));
  // The QR holds the 予約番号's digits, which the kiosk's field takes scanned (email attaches it as a PNG).
  return { subject: text(lang, 'appointmentConfirmedSubject', { number }), text: lines.join('\n'), qr: a.number };
}
