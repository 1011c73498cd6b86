/** An iCalendar file for one reservation, with ical-generator. Tokyo has no DST: times convert at +09:00. */
import ical from 'ical-generator';
import type { ReservationView } from './booking.service.ts';

export function reservationIcs(view: ReservationView, publicUrl: string): string {
  const r = view.reservation;
  const first = view.bands[0];
  const last = view.bands.at(-1);
  if (!first || !last) throw new Error(`reservation ${r.id} has no bands`);
  const calendar = ical({ name: 'つなぐ 施設予約', prodId: { company: 'tsunagu', product: 'booking', language: 'JA' } });
  calendar.createEvent({
    id: `${r.id}@tsunagu`,
    start: new Date(`${r.date}T${first.start}:00+09:00`),
    end: new Date(`${r.date}T${last.end}:00+09:00`),
    summary: `${view.facility.name} ${view.room.name}（${r.purpose}）`,
    location: `${view.facility.name} ${view.room.name}, ${view.facility.address}`,
    description: `予約番号 ${r.number}\n問い合わせ: ${view.facility.phone}`,
    url: `${publicUrl}/my/reservations/${r.id}`,
  });
  return calendar.toString();
}
