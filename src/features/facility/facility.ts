/**
 * Facility catalogue domain types (施設・部屋・利用区分) and the row mappers that build them. Labels are
 * kept beside the codes so every page, API answer and CSV speaks the same words.
 */
import type { BandRow, FacilityHoursRow, FacilityRow, RoomRow, WardRow } from '../../db/schema.ts';
import { isOneOf } from '../../lib/collections.ts';
import type { Lang } from '../../lib/i18n.ts';

type Labels = Readonly<Record<Lang, string>>;

export const FACILITY_KINDS = ['citizen_centre', 'lifelong_learning_centre'] as const;
export type FacilityKind = (typeof FACILITY_KINDS)[number];
export const facilityKindLabels: Record<FacilityKind, Labels> = {
  citizen_centre: { ja: '市民センター', en: 'Citizen centre' },
  lifelong_learning_centre: { ja: '生涯学習センター', en: 'Lifelong-learning centre' },
};

export const ROOM_TYPES = ['japanese_room', 'lecture_room', 'meeting_room', 'cooking_room', 'hall', 'craft_room', 'music_room'] as const;
export type RoomType = (typeof ROOM_TYPES)[number];
export const roomTypeLabels: Record<RoomType, Labels> = {
  japanese_room: { ja: '和室', en: 'Japanese-style room' },
  lecture_room: { ja: '講座室', en: 'Lecture room' },
  meeting_room: { ja: '会議室', en: 'Meeting room' },
  cooking_room: { ja: '調理室', en: 'Cooking room' },
  hall: { ja: '多目的ホール', en: 'Multipurpose hall' },
  craft_room: { ja: '創作室', en: 'Craft room' },
  music_room: { ja: '音楽室', en: 'Music room' },
};

export const EQUIPMENT = [
  'kitchen',
  'projector',
  'screen',
  'whiteboard',
  'piano',
  'audio',
  'microphone',
  'monitor',
  'wifi',
  'mirror',
  'hearing_loop',
] as const;
export type Equipment = (typeof EQUIPMENT)[number];
export const equipmentLabels: Record<Equipment, Labels> = {
  kitchen: { ja: '調理設備', en: 'Kitchen' },
  projector: { ja: 'プロジェクター', en: 'Projector' },
  screen: { ja: 'スクリーン', en: 'Screen' },
  whiteboard: { ja: 'ホワイトボード', en: 'Whiteboard' },
  piano: { ja: 'ピアノ', en: 'Piano' },
  audio: { ja: '音響設備', en: 'Sound system' },
  microphone: { ja: 'マイク', en: 'Microphone' },
  monitor: { ja: 'テレビ・モニター', en: 'TV / monitor' },
  wifi: { ja: '無料Wi-Fi', en: 'Free Wi-Fi' },
  mirror: { ja: '姿見（鏡）', en: 'Wall mirror' },
  hearing_loop: { ja: '磁気ループ（補聴）', en: 'Hearing loop' },
};

export const CLOSURE_REASONS = ['maintenance', 'election', 'shelter', 'other'] as const;
export type ClosureReason = (typeof CLOSURE_REASONS)[number];
export const closureReasonLabels: Record<ClosureReason, Labels> = {
  maintenance: { ja: '設備点検・工事', en: 'Maintenance' },
  election: { ja: '選挙事務', en: 'Election use' },
  shelter: { ja: '避難所開設', en: 'Evacuation shelter' },
  other: { ja: 'その他', en: 'Other' },
};

export interface Ward {
  id: string;
  name: string;
  nameKana: string;
  nameEn: string;
}

export interface Band {
  code: string;
  label: string;
  labelEn: string;
  start: string;
  end: string;
}

export interface OpeningHours {
  /** ISO weekday 1 = Monday … 7 = Sunday. */
  weekday: number;
  opens: string;
  closes: string;
}

export interface Facility {
  id: string;
  wardId: string;
  kind: FacilityKind;
  name: string;
  nameKana: string;
  nameEn: string | null;
  postcode: string | null;
  address: string;
  latitude: number | null;
  longitude: number | null;
  phone: string;
  url: string | null;
  access: string | null;
  accessibility: string | null;
  notes: string | null;
  openOnHolidays: boolean;
  isDemo: boolean;
  hours: OpeningHours[];
}

export interface Room {
  id: string;
  facilityId: string;
  name: string;
  nameEn: string | null;
  roomType: RoomType;
  capacity: number;
  areaM2: number | null;
  bandSchemeId: string;
  equipment: Equipment[];
  accessibility: string | null;
  notes: string | null;
  /** Cells open for booking this many days ahead. */
  bookingWindowDays: number;
  /** Online cancellation closes at the end of the day this many days before the use date. */
  cancelDeadlineDays: number;
  /** Bookings wait for a clerk's approval (仮予約 → 本予約). */
  requiresApproval: boolean;
  /** 'lottery': each month's cells are allocated by lottery before they open first-come. */
  allocation: Allocation;
}

export const ALLOCATIONS = ['first_come', 'lottery'] as const;
export type Allocation = (typeof ALLOCATIONS)[number];

export function toWard(row: WardRow): Ward {
  return { id: row.id, name: row.name, nameKana: row.name_kana, nameEn: row.name_en };
}

export function toBand(row: BandRow): Band {
  return { code: row.code, label: row.label, labelEn: row.label_en, start: row.starts_at, end: row.ends_at };
}

export function toFacility(row: FacilityRow, hours: FacilityHoursRow[]): Facility {
  return {
    id: row.id,
    wardId: row.ward_id,
    kind: isOneOf(FACILITY_KINDS, row.kind) ? row.kind : 'citizen_centre',
    name: row.name,
    nameKana: row.name_kana,
    nameEn: row.name_en,
    postcode: row.postcode,
    address: row.address,
    latitude: row.latitude === null ? null : Number(row.latitude),
    longitude: row.longitude === null ? null : Number(row.longitude),
    phone: row.phone,
    url: row.url,
    access: row.access,
    accessibility: row.accessibility,
    notes: row.notes,
    openOnHolidays: Number(row.open_on_holidays) === 1,
    isDemo: Number(row.is_demo) === 1,
    hours: hours
      .filter((h) => h.facility_id === row.id)
      .map((h) => ({ weekday: Number(h.weekday), opens: h.opens, closes: h.closes }))
      .sort((a, b) => a.weekday - b.weekday),
  };
}

/** Known equipment codes, sorted; unknown codes from old data are dropped. */
export function toEquipmentList(codes: readonly string[]): Equipment[] {
  return codes.filter((code): code is Equipment => isOneOf(EQUIPMENT, code)).sort();
}

export function toRoom(row: RoomRow, equipment: string[]): Room {
  return {
    id: row.id,
    facilityId: row.facility_id,
    name: row.name,
    nameEn: row.name_en,
    roomType: isOneOf(ROOM_TYPES, row.room_type) ? row.room_type : 'meeting_room',
    capacity: Number(row.capacity),
    areaM2: row.area_m2 === null ? null : Number(row.area_m2),
    bandSchemeId: row.band_scheme_id,
    equipment: toEquipmentList(equipment),
    accessibility: row.accessibility,
    notes: row.notes,
    bookingWindowDays: Number(row.booking_window_days),
    cancelDeadlineDays: Number(row.cancel_deadline_days),
    requiresApproval: Number(row.requires_approval ?? 0) === 1,
    allocation: row.allocation === 'lottery' ? 'lottery' : 'first_come',
  };
}
