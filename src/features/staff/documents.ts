/**
 * Printed documents: the use permit (利用許可書) for a confirmed reservation, and the A4 daily sheet a
 * centre keeps at the front desk. Dates in 和暦, as on the paper forms they replace.
 */

import { japaneseDate, yen } from '../../lib/format.ts';
import { warekiYear } from '../../lib/time.ts';
import { A4, black, grey, japaneseDocument } from '../../platform/documents/pdf.ts';
import type { ReservationView } from '../booking/booking.ts';
import { categoryLabels, type Reservation } from '../booking/booking.ts';
import { multiplierLabel } from '../booking/fees.ts';
import { feeAmountText, feePhrase, paymentStateOf } from '../booking/payment.ts';
import type { facilityDay } from './staff.service.ts';

/** `pdfFont`: config.pdfFont, passed on to the PDF kernel (only config.ts reads the environment). */
export async function permitPdf(
  view: ReservationView,
  bookerName: string,
  issuedOn: string,
  pdfFont: string | undefined,
): Promise<Uint8Array> {
  const r = view.reservation;
  const fee = r.feeDetail;
  // A free room has no calculation to print; a 減免 keeps it, to show how the fee came to nothing.
  const calculated = (fee?.gross ?? r.fee) > 0;
  const payment = {
    paid: `支払済み（領収番号 ${r.receiptNumber ?? ''}）`,
    unpaid: '未払い（利用日までに窓口でお支払いください）',
    none: '使用料なし（お支払いはありません）',
  }[paymentStateOf(r)];
  const rows: [string, string][] = [
    ['予約番号', r.number],
    ['利用者', `${bookerName} 様`],
    ['施設', `${view.facility.name}　${view.room.name}`],
    ['利用日', japaneseDate(r.date)],
    ['時間', view.bands.map((b) => `${b.label}（${b.start}〜${b.end}）`).join('・')],
    ['利用目的', `${r.purpose}（${r.attendees}人）`],
    ['利用の種類', categoryLabels[r.category].ja],
    ...(calculated ? [['基本の使用料', yen(fee?.base ?? r.fee, 'ja')] as [string, string]] : []),
    ...(calculated ? (fee?.multipliers ?? []) : []).map((m): [string, string] => ['割増', multiplierLabel(m.kind, 'ja')]),
    ...(fee?.reductionReason ? [['減免', `${fee.reductionReason.ja}（${fee.reductionPercent}%）`] as [string, string]] : []),
    ['使用料', feeAmountText('ja', r.fee, fee)],
    ['支払い', payment],
  ];
  const title = '利用許可書';
  const notes = [
    '上記のとおり施設の利用を許可します。',
    `${japaneseDate(issuedOn)}`,
    `${view.facility.name}（${view.facility.phone}）`,
    'この許可書は利用当日にお持ちください。',
  ];
  const text = rows.flat().join('') + notes.join('') + warekiYear(issuedOn);
  const { doc, font, page } = await japaneseDocument(text, title, pdfFont);
  page.drawText(title, { x: A4.width / 2 - 60, y: 770, size: 26, font, color: black });
  let y = 700;
  for (const [label, value] of rows) {
    page.drawText(label, { x: 70, y, size: 12, font, color: grey });
    page.drawText(value, { x: 190, y, size: 12, font, color: black, maxWidth: 340 });
    page.drawLine({ start: { x: 70, y: y - 8 }, end: { x: 530, y: y - 8 }, thickness: 0.5, color: grey });
    y -= 34;
  }
  y -= 20;
  for (const line of notes) {
    page.drawText(line, { x: 70, y, size: 12, font, color: black });
    y -= 22;
  }
  return doc.save();
}

type Day = Awaited<ReturnType<typeof facilityDay>>;

/** The fee column of the daily sheet: what the front desk still has to collect is marked as such. */
function sheetFee(r: Reservation): string {
  const state = paymentStateOf(r);
  if (state === 'none') return feePhrase('ja', r.fee, r.feeDetail);
  return `${yen(r.fee, 'ja')} ${state === 'paid' ? '支払済' : '未払い'}`;
}

/** The day's bookings per room and band, for the front desk. Contact details stay on paper in the office. */
export async function dailySheetPdf(day: Day, date: string, pdfFont: string | undefined): Promise<Uint8Array> {
  const title = `${day.facility.name} 利用予定 ${japaneseDate(date)}`;
  const lines: { room: string; band: string; who: string; what: string }[] = [];
  for (const r of day.reservations) {
    if (r.reservation.status === 'cancelled') continue;
    const room = day.rooms.find((x) => x.id === r.reservation.roomId);
    lines.push({
      room: room?.name ?? '',
      band: r.reservation.bands.join('・'),
      who: r.booker ? `${r.booker.name}（${r.booker.phone}）` : '窓口記録',
      what: `${r.reservation.purpose} ${r.reservation.attendees}人 ${sheetFee(r.reservation)}`,
    });
  }
  const bandNames: Record<string, string> = { morning: '午前', afternoon: '午後', evening: '夜間' };
  const text = `${title}${lines.map((l) => l.room + l.who + l.what).join('')}${Object.values(bandNames).join('')}部屋時間帯予約者内容予約はありません`;
  const { doc, font, page } = await japaneseDocument(text, title, pdfFont);
  page.drawText(title, { x: 40, y: 800, size: 16, font, color: black });
  const columns = [40, 150, 220, 380];
  let y = 765;
  for (const [i, h] of ['部屋', '時間帯', '予約者', '内容'].entries())
    page.drawText(h, { x: columns[i] ?? 40, y, size: 10, font, color: grey });
  y -= 18;
  if (lines.length === 0) page.drawText('予約はありません', { x: 40, y, size: 11, font, color: black });
  for (const l of lines) {
    const band = l.band
      .split('・')
      .map((b) => bandNames[b] ?? b)
      .join('・');
    for (const [i, v] of [l.room, band, l.who, l.what].entries()) {
      page.drawText(v, { x: columns[i] ?? 40, y, size: 10, font, color: black, maxWidth: i === 3 ? 175 : 150 });
    }
    page.drawLine({ start: { x: 40, y: y - 5 }, end: { x: 555, y: y - 5 }, thickness: 0.3, color: grey });
    y -= 20;
    if (y < 50) break;
  }
  return doc.save();
}
