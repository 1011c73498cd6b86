/**
 * Counter appointments (区役所窓口予約) as the feature sees them: the catalogue (ward office → counters
 * (窓口) → services (手続), life events (手続きナビ) listing services in order) and an appointment with
 * its items. The model and its guarantee are explained in migration 2026-12-06-21-appointments; slot
 * arithmetic is in appointment.slots.ts, the write path in appointment.booking.ts.
 */
import type { Selectable } from 'kysely';
import type { AppointmentCounterTable, AppointmentServiceTable, AppointmentTable } from '../../db/schema-appointment.ts';
import { isOneOf } from '../../lib/collections.ts';
import type { LocalDate, LocalTime } from '../../lib/time.ts';

export const APPOINTMENT_STATUSES = ['booked', 'cancelled', 'checked_in', 'done', 'no_show'] as const;
export type AppointmentStatus = (typeof APPOINTMENT_STATUSES)[number];

/** How a booking came in: the resident's pages or the API, or staff for a caller on the phone or at the desk. */
export const CHANNELS = ['web', 'api', 'phone', 'counter'] as const;
export type AppointmentChannel = (typeof CHANNELS)[number];
export const STAFF_CHANNELS = ['phone', 'counter'] as const;

export const ELIGIBILITIES = ['anyone', 'ward_residents'] as const;
export type Eligibility = (typeof ELIGIBILITIES)[number];

/** One opening period of a day: a lunch break is the gap between two. */
export interface Period {
  opens: LocalTime;
  closes: LocalTime;
}

export interface Counter {
  id: string;
  officeId: string;
  code: string;
  name: string;
  nameEn: string;
  place: string;
  placeEn: string;
  slotMinutes: number;
  desks: number;
  lateGraceMinutes: number;
}

export interface Service {
  id: string;
  counterId: string;
  code: string;
  name: string;
  nameEn: string;
  durationMinutes: number;
  /** 持ち物, one item per entry. */
  documents: string[];
  documentsEn: string[];
  notes: string;
  notesEn: string;
  eligibility: Eligibility;
  /** Bookable from this many days before the day … */
  bookFromDays: number;
  /** … until this many days before it (0: the same day, for times still ahead). */
  bookUntilDays: number;
  walkIns: boolean;
}

export interface Office {
  id: string;
  name: string;
  nameKana: string | null;
  wardId: string | null;
  counters: (Counter & { services: Service[] })[];
}

export interface LifeEvent {
  id: string;
  name: string;
  nameEn: string;
  description: string;
  descriptionEn: string;
  gapMinutes: number;
  /** Service ids in the order they are done. */
  serviceIds: string[];
}

/** A day that differs from the counter's week. */
export interface DayException {
  status: 'closed' | 'open' | 'desks';
  opens: LocalTime | null;
  closes: LocalTime | null;
  desks: number | null;
  note: string;
}

/** What slot arithmetic needs of a counter: its slots, desks, week and exceptions. */
export interface CounterSchedule {
  counterId: string;
  slotMinutes: number;
  desks: number;
  /** Periods by weekday, 0 = Sunday … 6 = Saturday (Date.getDay()). */
  week: ReadonlyMap<number, readonly Period[]>;
  days: ReadonlyMap<LocalDate, DayException>;
}

export interface AppointmentItem {
  position: number;
  serviceId: string;
  counterId: string;
  date: LocalDate;
  starts: LocalTime;
  ends: LocalTime;
  desk: number;
}

export interface Appointment {
  id: string;
  number: string;
  officeId: string;
  lifeEventId: string | null;
  status: AppointmentStatus;
  name: string;
  nameKana: string;
  phone: string | null;
  email: string | null;
  contactConfirmed: boolean;
  personId: string | null;
  channel: AppointmentChannel;
  operatorId: string | null;
  lang: 'ja' | 'en';
  date: LocalDate;
  starts: LocalTime;
  createdAt: string;
  cancelledAt: string | null;
}

const lines = (text: string) =>
  text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '');

export function toCounter(row: Selectable<AppointmentCounterTable>): Counter {
  return {
    id: row.id,
    officeId: row.office_id,
    code: row.code,
    name: row.name,
    nameEn: row.name_en,
    place: row.place,
    placeEn: row.place_en,
    slotMinutes: Number(row.slot_minutes),
    desks: Number(row.desks),
    lateGraceMinutes: Number(row.late_grace_minutes),
  };
}

export function toService(row: Selectable<AppointmentServiceTable>): Service {
  return {
    id: row.id,
    counterId: row.counter_id,
    code: row.code,
    name: row.name,
    nameEn: row.name_en,
    durationMinutes: Number(row.duration_minutes),
    documents: lines(String(row.documents)),
    documentsEn: lines(String(row.documents_en)),
    notes: String(row.notes),
    notesEn: String(row.notes_en),
    eligibility: isOneOf(ELIGIBILITIES, String(row.eligibility)) ? (row.eligibility as Eligibility) : 'anyone',
    bookFromDays: Number(row.book_from_days),
    bookUntilDays: Number(row.book_until_days),
    walkIns: Number(row.walk_ins) === 1,
  };
}

export function toAppointment(row: Selectable<AppointmentTable>): Appointment {
  return {
    id: row.id,
    number: row.number,
    officeId: row.office_id,
    lifeEventId: row.life_event_id,
    status: isOneOf(APPOINTMENT_STATUSES, String(row.status)) ? (row.status as AppointmentStatus) : 'booked',
    name: row.name,
    nameKana: row.name_kana,
    phone: row.phone,
    email: row.email,
    contactConfirmed: Number(row.contact_confirmed) === 1,
    personId: row.person_id,
    channel: isOneOf(CHANNELS, row.channel) ? row.channel : 'web',
    operatorId: row.operator_id,
    lang: row.lang === 'en' ? 'en' : 'ja',
    date: row.date,
    starts: row.starts,
    createdAt: row.created_at,
    cancelledAt: row.cancelled_at,
  };
}

/** 予約番号 as printed: 8 digits in two groups of four (1234-5678); stored without the hyphen. */
export function formatAppointmentNumber(number: string): string {
  return number.length === 8 ? `${number.slice(0, 4)}-${number.slice(4)}` : number;
}
