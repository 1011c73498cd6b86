/** Reservations (予約) as the booking feature sees them, with their labels. */
import type { ReservationRow } from '../../db/schema.ts';
import { isOneOf } from '../../lib/collections.ts';
import type { Lang } from '../../lib/i18n.ts';
import { addDays } from '../../lib/time.ts';
import type { Band, Facility, Room } from '../facility/facility.ts';
import type { FeeBreakdown } from './fees.ts';

type Labels = Readonly<Record<Lang, string>>;

export const CATEGORIES = ['community', 'general', 'multipurpose'] as const;
export type Category = (typeof CATEGORIES)[number];
export const categoryLabels: Record<Category, Labels> = {
  community: { ja: '地域活動', en: 'Community activity' },
  general: { ja: '一般', en: 'General' },
  multipurpose: { ja: '多目的', en: 'Multipurpose' },
};
export const categoryHints: Record<Category, Labels> = {
  community: { ja: '自治会・まちづくり協議会などの地域の活動', en: 'Activities of neighbourhood associations and community councils' },
  general: { ja: 'サークル活動や会議など', en: 'Clubs, meetings and the like' },
  multipurpose: {
    ja: '教室・事業者の利用など（多目的利用者登録が必要です）',
    en: 'Lessons and business use (needs multipurpose registration)',
  },
};

/** The categories as a form's choices, each with the hint that explains it. */
export const categoryOptions = (lang: Lang) =>
  CATEGORIES.map((c) => ({ value: c, label: categoryLabels[c][lang], hint: categoryHints[c][lang] }));

export const STATUSES = ['won', 'provisional', 'confirmed', 'used', 'cancelled', 'no_show'] as const;
export type Status = (typeof STATUSES)[number];
export const statusLabels: Record<Status, Labels> = {
  won: { ja: '抽選で当選（利用の確定が必要）', en: 'Won in the lottery (confirm to keep)' },
  provisional: { ja: '仮予約', en: 'Provisional' },
  confirmed: { ja: '予約確定', en: 'Confirmed' },
  used: { ja: '利用済み', en: 'Used' },
  cancelled: { ja: '取消済み', en: 'Cancelled' },
  no_show: { ja: '無断不使用', en: 'No-show' },
};
/** Statuses that hold their cells. A lottery win ('won') holds them until confirmed or lapsed. */
export const LIVE_STATUSES: readonly Status[] = ['won', 'provisional', 'confirmed'];

export const CHANNELS = ['web', 'counter', 'phone', 'api'] as const;
export type Channel = (typeof CHANNELS)[number];

export interface Reservation {
  id: string;
  number: string;
  roomId: string;
  date: string;
  bands: string[];
  status: Status;
  category: Category;
  purpose: string;
  attendees: number;
  channel: Channel;
  userId: string | null;
  groupId: string | null;
  fee: number;
  feeDetail: FeeBreakdown | null;
  commercial: boolean;
  admission: boolean;
  createdAt: string;
  /** The last change of any kind (status, payment, fee); null when never changed since it was made. */
  updatedAt: string | null;
  cancelledAt: string | null;
  paidAt: string | null;
  receiptNumber: string | null;
}

export function toReservation(row: ReservationRow): Reservation {
  let feeDetail: FeeBreakdown | null = null;
  try {
    feeDetail = row.fee_detail ? (JSON.parse(row.fee_detail) as FeeBreakdown) : null;
  } catch {
    feeDetail = null;
  }
  return {
    id: row.id,
    number: row.number,
    roomId: row.room_id,
    date: row.date,
    bands: row.bands ? row.bands.split(',') : [],
    status: isOneOf(STATUSES, row.status) ? row.status : 'confirmed',
    category: isOneOf(CATEGORIES, row.category) ? row.category : 'general',
    purpose: row.purpose,
    attendees: Number(row.attendees),
    channel: isOneOf(CHANNELS, row.channel) ? row.channel : 'web',
    userId: row.user_id,
    groupId: row.group_id,
    fee: Number(row.fee),
    feeDetail,
    commercial: Number(row.commercial) === 1,
    admission: Number(row.admission) === 1,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    cancelledAt: row.cancelled_at,
    paidAt: row.paid_at ?? null,
    receiptNumber: row.receipt_number ?? null,
  };
}

/** The last day a booking can be cancelled online: the end of the day `days` before the use date. */
export function cancelDeadline(date: string, days: number): string {
  return addDays(date, -days);
}

/** A booking checked and priced, ready to write (prepareBooking); also what its confirmation mail shows. */
export interface PreparedBooking {
  facility: Facility;
  room: Room;
  /** The chosen bands, in scheme order. */
  bands: Band[];
  group: { id: string; name: string; type: string } | undefined;
  fee: FeeBreakdown;
  /**
   * The group's type would give a 減免 for this use, but staff have not verified the group yet: the fee
   * is the ordinary one, and the confirmation says so (staff can apply the 減免 at the counter later).
   */
  reductionAwaitsVerification: boolean;
  cancelUntil: string;
}

/** A reservation with its place and times, as its pages, the API, the .ics and the mails show it. */
export interface ReservationView {
  reservation: Reservation;
  facility: Facility;
  room: Room;
  bands: Band[];
  cancelUntil: string;
  /** Live, before the cancellation deadline, and the viewer's to cancel (group rules). */
  cancellable: boolean;
  /** The group rules let the viewer cancel it (whatever the deadline): else the page says who can. */
  mayCancel: boolean;
}

/**
 * The view of a reservation just made, from what its booking already knew (no read after commit): the
 * booker made it, so the group rules let them cancel it; the deadline as for any reservation.
 */
export function newBookingView(
  reservation: Reservation,
  prepared: Pick<PreparedBooking, 'facility' | 'room' | 'bands' | 'cancelUntil'>,
  today: string,
): ReservationView {
  return {
    reservation,
    facility: prepared.facility,
    room: prepared.room,
    bands: prepared.bands,
    cancelUntil: prepared.cancelUntil,
    cancellable: LIVE_STATUSES.includes(reservation.status) && today <= prepared.cancelUntil,
    mayCancel: true,
  };
}
