/**
 * Test kit of the mail templates (imported by tests only): a person, a facility and a room with or
 * without English names, the standard bands, a prepared booking and a reservation view to render.
 */
import type { Insertable } from 'kysely';
import type { ReservationTable } from '../../db/schema.ts';
import type { User } from '../../platform/authz/actor.ts';
import type { Band, Facility, Room } from '../facility/facility.ts';
import type { PreparedBooking, Reservation, ReservationView } from './booking.ts';
import type { FeeBreakdown } from './fees.ts';

/** Kana, kanji and full-width forms: what must not be left in an English mail whose data is English. */
export const JAPANESE = /[\u3040-\u30ff\u3400-\u9fff\uff00-\uffef\u3000-\u303f]/;

export const FACILITY_EN = 'Kokurakita Citizen Centre';
export const ROOM_EN = 'Japanese-style room';

export function mailUser(name = 'Jane Smith'): User {
  return {
    id: 'usr_mail',
    number: '12345678',
    email: 'jane@example.com',
    name,
    nameKana: 'ジェーン スミス',
    phone: '093-000-1111',
    residency: 'resident',
    birthYear: 1980,
    multipurposeStatus: 'none',
    multipurposeExpiresOn: null,
    assignments: [],
  };
}

export function mailFacility(english = true): Facility {
  return {
    id: 'fac_mail',
    wardId: 'kokurakita',
    kind: 'citizen_centre',
    name: '小倉北市民センター',
    nameKana: 'こくらきたしみんせんたー',
    nameEn: english ? FACILITY_EN : null,
    postcode: null,
    address: '北九州市小倉北区大手町1-1',
    latitude: null,
    longitude: null,
    phone: '093-582-0000',
    url: null,
    access: null,
    accessibility: null,
    notes: null,
    openOnHolidays: false,
    isDemo: false,
    hours: [],
  };
}

export function mailRoom(english = true): Room {
  return {
    id: 'room_mail',
    facilityId: 'fac_mail',
    name: '和室',
    nameEn: english ? ROOM_EN : null,
    roomType: 'japanese_room',
    capacity: 20,
    areaM2: null,
    bandSchemeId: 'standard',
    equipment: [],
    accessibility: null,
    notes: null,
    bookingWindowDays: 90,
    cancelDeadlineDays: 3,
    requiresApproval: false,
    allocation: 'first_come',
  };
}

export const MAIL_BANDS: Band[] = [
  { code: 'morning', label: '午前', labelEn: 'Morning', start: '09:00', end: '12:00' },
  { code: 'afternoon', label: '午後', labelEn: 'Afternoon', start: '13:00', end: '17:00' },
];

export function mailFee(total: number, reduction?: { percent: number; ja: string; en: string }): FeeBreakdown {
  const gross = reduction && total === 0 ? 900 : total;
  return {
    base: gross,
    multipliers: [],
    gross,
    reductionPercent: reduction?.percent ?? 0,
    reductionReason: reduction ? { ja: reduction.ja, en: reduction.en } : null,
    total,
  };
}

export function mailPrepared(o: { english?: boolean; fee?: FeeBreakdown; group?: boolean; awaits?: boolean } = {}): PreparedBooking {
  return {
    facility: mailFacility(o.english ?? true),
    room: mailRoom(o.english ?? true),
    bands: MAIL_BANDS,
    group: o.group ? { id: 'grp_mail', name: 'Go Club', type: 'community' } : undefined,
    fee: o.fee ?? mailFee(900),
    reductionAwaitsVerification: o.awaits ?? false,
    cancelUntil: '2026-11-30',
  };
}

export function mailRow(o: { provisional?: boolean } = {}): Insertable<ReservationTable> {
  return {
    id: 'rsv_mail',
    number: '2612-000001',
    room_id: 'room_mail',
    date: '2026-12-03',
    status: o.provisional ? 'provisional' : 'confirmed',
    category: 'general',
    purpose: 'Go practice',
    attendees: 8,
    channel: 'web',
    created_at: '2026-11-24T01:00:00Z',
    user_id: 'usr_mail',
    group_id: null,
    operator_id: null,
    idempotency_key: null,
    cancelled_at: null,
    updated_at: null,
    payment_due_on: o.provisional ? '2026-12-01' : null,
  };
}

export function mailView(o: { english?: boolean; fee?: number; feeDetail?: FeeBreakdown | null } = {}): ReservationView {
  const reservation: Reservation = {
    id: 'rsv_mail',
    number: '2612-000002',
    roomId: 'room_mail',
    date: '2026-12-03',
    bands: ['morning', 'afternoon'],
    status: 'confirmed',
    category: 'general',
    purpose: 'Go practice',
    attendees: 8,
    channel: 'web',
    userId: 'usr_mail',
    groupId: null,
    fee: o.fee ?? 900,
    feeDetail: o.feeDetail ?? null,
    commercial: false,
    admission: false,
    createdAt: '2026-11-24T01:00:00Z',
    updatedAt: null,
    cancelledAt: null,
    paidAt: null,
    receiptNumber: null,
  };
  return {
    reservation,
    facility: mailFacility(o.english ?? true),
    room: mailRoom(o.english ?? true),
    bands: MAIL_BANDS,
    cancelUntil: '2026-11-30',
    cancellable: true,
    mayCancel: true,
  };
}
