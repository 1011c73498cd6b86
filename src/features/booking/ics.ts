/**
 * An iCalendar file for one reservation, with ical-generator. Tokyo has no DST: times convert at +09:00.
 *
 * The file is downloaded again after each change, so a calendar that imported it must be able to tell the
 * newer version: the UID stays, STATUS follows the booking (a 仮予約 or an unconfirmed lottery win is
 * TENTATIVE, a cancellation CANCELLED), and SEQUENCE rises with it. No METHOD: with one the file would be
 * an iTIP message (RFC 5546), whose CANCEL needs ORGANIZER and ATTENDEE addresses a booking does not have
 * and whose DTSTAMP would be the download time; without one, DTSTAMP is the time the booking last changed
 * (RFC 5545 §3.8.7.2), so the same booking always gives the same file.
 */
import type { Context } from 'hono';
import ical, { ICalEventStatus } from 'ical-generator';
import type { AppEnv } from '../../http/env.ts';
import { parseId } from '../facility/facility.schema.ts';
import { getMyReservation } from './booking.service.ts';
import type { ReservationView, Status } from './booking.ts';

/**
 * STATUS and SEQUENCE of each booking status. A booking only moves forward (won or provisional, then
 * confirmed, then used, no-show or cancelled; cancelled is final), so a sequence read off the status rises
 * with every change of STATUS and never falls; changes that leave STATUS as it was (a payment, a 減免)
 * keep it, as they are not significant to a calendar.
 */
const EVENT_STATUS: Record<Status, { status: ICalEventStatus; sequence: number }> = {
  won: { status: ICalEventStatus.TENTATIVE, sequence: 0 },
  provisional: { status: ICalEventStatus.TENTATIVE, sequence: 0 },
  confirmed: { status: ICalEventStatus.CONFIRMED, sequence: 1 },
  used: { status: ICalEventStatus.CONFIRMED, sequence: 1 },
  no_show: { status: ICalEventStatus.CONFIRMED, sequence: 1 },
  cancelled: { status: ICalEventStatus.CANCELLED, sequence: 2 },
};

export function reservationIcs(view: ReservationView, publicUrl: string): string {
  const r = view.reservation;
  const first = view.bands[0];
  const last = view.bands.at(-1);
  if (!first || !last) throw new Error(`reservation ${r.id} has no bands`);
  const lastChange = new Date(r.updatedAt ?? r.createdAt);
  const calendar = ical({ name: 'つなぐ 施設予約', prodId: { company: 'tsunagu', product: 'booking', language: 'JA' } });
  calendar.createEvent({
    id: `${r.id}@tsunagu`,
    ...EVENT_STATUS[r.status],
    stamp: lastChange,
    lastModified: lastChange,
    created: new Date(r.createdAt),
    start: new Date(`${r.date}T${first.start}:00+09:00`),
    end: new Date(`${r.date}T${last.end}:00+09:00`),
    // Calendars that ignore STATUS still show a cancellation for what it is.
    summary: `${r.status === 'cancelled' ? '【取消済み】' : ''}${view.facility.name} ${view.room.name}（${r.purpose}）`,
    location: `${view.facility.name} ${view.room.name}, ${view.facility.address}`,
    description: `予約番号 ${r.number}\n問い合わせ: ${view.facility.phone}`,
    url: `${publicUrl}/my/reservations/${r.id}`,
  });
  // RFC 5545 ends every content line with CRLF, the last one included; ical-generator leaves it off.
  return calendar.toString().replace(/(?:\r\n)?$/, '\r\n');
}

/**
 * GET …/:id/ics for the signed-in booker (behind requireLogin): the page's link (/my/reservations/:id/ics)
 * and the API (/api/v1/reservations/:id/ics) serve the same file through this one handler.
 */
export async function myReservationIcs(c: Context<AppEnv>): Promise<Response> {
  const { db, clock, config } = c.get('deps');
  const view = await getMyReservation(db, clock, c.get('actor'), parseId(c.req.param('id'), 'reservation'));
  return icsResponse(c, view, config.publicUrl);
}

/** The reservation's .ics as a download, named after its number (the same from the pages and the API). */
export function icsResponse(c: Context, view: ReservationView, publicUrl: string): Response {
  return c.body(reservationIcs(view, publicUrl), 200, {
    'content-type': 'text/calendar; charset=utf-8',
    'content-disposition': `attachment; filename="${view.reservation.number}.ics"`,
  });
}
