/**
 * Table types of ward-office counter appointments and the queue of the day (features/appointment;
 * migration 2026-12-06-21-appointments, which explains the model). Composed into `Database` by schema.ts.
 */
import type { Generated } from 'kysely';

export interface AppointmentCounterTable {
  id: string;
  /** The ward office or 出張所 (an organisation). */
  office_id: string;
  code: string;
  name: string;
  name_en: string;
  place: Generated<string>;
  place_en: Generated<string>;
  slot_minutes: number;
  /** Desks (seats) in each slot, unless a day says fewer. */
  desks: number;
  late_grace_minutes: Generated<number>;
  sort_order: Generated<number>;
  active: Generated<number>;
}

/** One opening period of a weekday (0 = Sunday); a break is the gap between two periods. */
export interface AppointmentHoursTable {
  counter_id: string;
  weekday: number;
  opens: string;
  closes: string;
}

/** One date that differs from the week: 'closed', 'open' with its own hours, or 'desks' (fewer desks). */
export interface AppointmentDayTable {
  counter_id: string;
  date: string;
  status: string;
  opens: string | null;
  closes: string | null;
  desks: number | null;
  note: Generated<string>;
}

export interface AppointmentServiceTable {
  id: string;
  counter_id: string;
  code: string;
  name: string;
  name_en: string;
  duration_minutes: number;
  /** 持ち物, one a line. */
  documents: Generated<string>;
  documents_en: Generated<string>;
  notes: Generated<string>;
  notes_en: Generated<string>;
  /** 'anyone' | 'ward_residents' */
  eligibility: Generated<string>;
  book_from_days: Generated<number>;
  book_until_days: Generated<number>;
  walk_ins: Generated<number>;
  sort_order: Generated<number>;
  active: Generated<number>;
}

export interface LifeEventTable {
  id: string;
  name: string;
  name_en: string;
  description: Generated<string>;
  description_en: Generated<string>;
  gap_minutes: Generated<number>;
  sort_order: Generated<number>;
}

export interface LifeEventServiceTable {
  life_event_id: string;
  service_id: string;
  position: number;
}

export interface AppointmentTable {
  id: string;
  /** 予約番号 */
  number: string;
  secret_hash: string;
  office_id: string;
  life_event_id: string | null;
  /** 'booked' | 'cancelled' | 'checked_in' | 'done' | 'no_show' */
  status: Generated<string>;
  name: string;
  name_kana: string;
  phone: string | null;
  email: string | null;
  contact_confirmed: Generated<number>;
  person_id: string | null;
  /** 'web' | 'api' | 'phone' | 'counter' */
  channel: string;
  operator_id: string | null;
  idempotency_key: string | null;
  lang: Generated<string>;
  date: string;
  starts: string;
  created_at: string;
  cancelled_at: string | null;
  reminded_at: string | null;
  /** The Idempotency-Key of the last change (migration 2026-12-07-22). */
  change_key: string | null;
  changed_at: string | null;
  /** The hash of the reminder mail's own manage-link secret, accepted like secret_hash. */
  reminder_secret_hash: string | null;
}

/** One service of an appointment, in the order they are done. */
export interface AppointmentItemTable {
  appointment_id: string;
  position: number;
  service_id: string;
  counter_id: string;
  date: string;
  starts: string;
  ends: string;
  desk: number;
}

/** A taken seat: the primary key (counter, date, slot, seat) is the guarantee against double booking. */
export interface AppointmentSeatTable {
  counter_id: string;
  date: string;
  slot: string;
  seat: number;
  appointment_id: string;
  position: number;
}

export interface AppointmentEmailCodeTable {
  id: string;
  email: string;
  code_hash: string;
  attempts: Generated<number>;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

/** A contact's lock row (SHA-256 key): see migration 2026-12-08-23-appointment-contact-locks. */
export interface AppointmentContactLockTable {
  key: string;
  locked_at: string;
}

export interface QueueNumberTable {
  office_id: string;
  date: string;
  last_number: number;
}

export interface QueueTicketTable {
  id: string;
  office_id: string;
  date: string;
  number: number;
  counter_id: string;
  service_id: string | null;
  appointment_id: string | null;
  position: number | null;
  /** 'booked' | 'walk_in' */
  kind: string;
  /** 'waiting' | 'called' | 'serving' | 'done' | 'no_show' | 'transferred' */
  status: Generated<string>;
  queued_at: string;
  /** 'kiosk' | 'staff' | 'self' | 'phone' */
  checked_in_via: string;
  checked_in_at: string;
  operator_id: string | null;
  desk: number | null;
  called_at: string | null;
  serving_at: string | null;
  done_at: string | null;
  transferred_to: string | null;
  near_notified: Generated<number>;
}

export interface AppointmentTables {
  appointment_counters: AppointmentCounterTable;
  appointment_hours: AppointmentHoursTable;
  appointment_days: AppointmentDayTable;
  appointment_services: AppointmentServiceTable;
  life_events: LifeEventTable;
  life_event_services: LifeEventServiceTable;
  appointments: AppointmentTable;
  appointment_items: AppointmentItemTable;
  appointment_seats: AppointmentSeatTable;
  appointment_email_codes: AppointmentEmailCodeTable;
  appointment_contact_locks: AppointmentContactLockTable;
  queue_numbers: QueueNumberTable;
  queue_tickets: QueueTicketTable;
}
