/**
 * Table types of the platform kernel (src/platform/): roles, audit, the organisation registry and 校区,
 * households, files, and the notification layer with LINE. Split from schema.ts, which composes them into
 * the one Database interface; the same portable column types apply (see there).
 */
import type { Generated } from 'kysely';

/**
 * A role a person holds at a scope (platform/authz/actor.ts lists the roles and the scope kind of each).
 * scope_id names a ward, a facility or an organisation by scope_kind; null only for the city.
 */
export interface RoleAssignmentTable {
  id: string;
  user_id: string;
  role: string;
  scope_kind: string;
  scope_id: string | null;
  /** The admin who granted it; null for the migration that carried the old roles over, or the CLI. */
  granted_by: string | null;
  granted_at: string;
}

/** Append-only record of every staff action: who, when, what, before and after. */
export interface AuditLogTable {
  id: string;
  at: string;
  /** null for the system (scheduled jobs). */
  actor_id: string | null;
  action: string;
  target_type: string;
  target_id: string;
  facility_id: string | null;
  reason: string | null;
  before_json: string | null;
  after_json: string | null;
}

/**
 * One registry of organisations (migration 2026-12-03-13): the booking groups residents make and the
 * registry entries staff keep (departments, ward offices, 校区 councils, 自治会 and their 班, NPOs).
 */
export interface OrganisationTable {
  id: string;
  name: string;
  /** The booking type a 減免 depends on: community, circle, npo, business. */
  type: string;
  member_count: number;
  /** null for a registry entry nobody represents online (a department, a 班). */
  representative_id: string | null;
  created_at: string;
  /** 'none' (its type gives no 減免), 'pending' (waiting for staff), 'verified' or 'refused'. */
  verification_status: Generated<string>;
  /** The type staff verified: a reduction needs it to equal `type` (see migration 2026-12-02-08). */
  verified_type: Generated<string | null>;
  verified_at: Generated<string | null>;
  verified_by: Generated<string | null>;
  /** The reason given with a refusal, shown to the representative. */
  verification_note: Generated<string | null>;
  verification_requested_at: Generated<string | null>;
  /** What body it is in the registry: see ORGANISATION_KINDS in platform/organisation. */
  kind: Generated<string>;
  /** 1: a registry entry made by staff or an import; 0: a group a resident made. */
  official: Generated<number>;
  parent_id: Generated<string | null>;
  ward_id: Generated<string | null>;
  /** A community council's 校区. */
  school_district_id: Generated<string | null>;
  /** 法人番号 (13 digits) of an NPO or company. */
  corporate_number: Generated<string | null>;
  /** The key an import matches on (unique when set). */
  code: Generated<string | null>;
  name_kana: Generated<string | null>;
  /** A self-made group linked by officers or staff to the registry entry it is. */
  registry_id: Generated<string | null>;
}

/** 校区 (小学校区): the area of a community council; data imported from the city's table. */
export interface SchoolDistrictTable {
  id: string;
  ward_id: string;
  name: string;
  name_kana: string;
  sort_order: Generated<number>;
}

/** The 町丁目 → 校区 table: which school district a town (中央一丁目) of a ward belongs to. */
export interface DistrictAreaTable {
  id: string;
  ward_id: string;
  town: string;
  school_district_id: string;
  postcode: string | null;
  /** The town folded for the address lookup (migration 2026-12-03-16; platform/organisation/address.ts). */
  town_key: string;
}

export interface OrganisationMemberTable {
  group_id: string;
  user_id: string;
  role: string;
  created_at: string;
  /** An officer's term (役員の任期); null for members and open-ended roles. */
  term_starts_on: Generated<string | null>;
  term_ends_on: Generated<string | null>;
}

/** One message to a person or to a bare address (platform/notify), rendered in its language. */
export interface NotifyMessageTable {
  id: string;
  /** Exactly one of user_id and address. */
  user_id: string | null;
  address: string | null;
  /** What it is about, e.g. 'booking.confirmed'; choices per kind use the part before the dot. */
  kind: string;
  subject: string;
  body_text: string;
  lang: string;
  urgent: Generated<number>;
  /** The facility it is about: its staff print a paper delivery. */
  facility_id: string | null;
  created_at: string;
  /** When the person opened it in their inbox. */
  read_at: string | null;
  /** A text to draw as a QR code beside the message (email: a PNG attachment), e.g. a 予約番号. */
  qr_text?: string | null;
}

/** A message on one channel: 'web' | 'email' | 'line' | 'paper'. */
export interface NotifyDeliveryTable {
  id: string;
  message_id: string;
  channel: string;
  address: string | null;
  /** 'queued' | 'sending' | 'sent' | 'failed' | 'handed_over' | 'skipped' */
  status: string;
  attempts: Generated<number>;
  next_attempt_at: string;
  last_error: string | null;
  /** The batch it was claimed in; persisted before sending, reused on every retry of that batch. */
  batch_id: string | null;
  claimed_at: string | null;
  sent_at: string | null;
  /** Paper: the ward whose staff print it when no facility is concerned. */
  ward_id: string | null;
  handed_over_by: string | null;
  handed_over_at: string | null;
  created_at: string;
}

/** A person's channel choices for every kind ('*') or one kind; the inbox is always on. 0/1 each. */
export interface NotifyPreferenceTable {
  user_id: string;
  kind: string;
  email: number;
  line: number;
  paper: number;
  updated_at: string;
}

/** One holder at a time across processes (the notify worker, each scheduled job): a named lease until it expires. */
export interface LeaseTable {
  name: string;
  holder: string;
  expires_at: string;
}

/** Bytes of an upload, once per content (SHA-256 hex); content is null when kept in FILES_DIR. */
export interface FileBlobTable {
  sha256: string;
  size: number;
  content: Buffer | null;
  created_at: string;
}

/** One upload (platform/files) belonging to an owner, e.g. ('circular', id). */
export interface FileTable {
  id: string;
  owner_kind: string;
  owner_id: string;
  /** The name the uploader gave, cleaned; the type comes from the bytes, never from this name. */
  name: string;
  content_type: string;
  size: number;
  sha256: string;
  uploaded_by: string | null;
  created_at: string;
  /** Local date from which the retention job removes it; null: kept until its owner is removed. */
  expires_on: string | null;
}

/** 世帯 (platform/household): a dwelling with its address, 自治会 and 班; kept after moving out. */
export interface HouseholdTable {
  id: string;
  /** As typed. */
  address_line: string;
  /** Folded for matching (platform/household addressKey). */
  address_key: string;
  postcode: string | null;
  ward_id: string;
  association_id: string | null;
  han_id: string | null;
  /** 'active' or 'moved_out'. */
  status: Generated<string>;
  moved_out_on: string | null;
  created_by: string | null;
  /** How it was registered: 'web' (a resident), 'counter' (staff) or 'officer' (an association officer). */
  channel: string;
  created_at: string;
  updated_at: string;
}

/** A person of a household, with an account or without (reached on paper); one household per account. */
export interface HouseholdPersonTable {
  id: string;
  household_id: string;
  user_id: string | null;
  name: string;
  name_kana: string;
  phone: string | null;
  created_at: string;
}

/** A person's linked LINE user id (platform/notify/line); the row going is the unlink. */
export interface LineLinkTable {
  user_id: string;
  line_user_id: string;
  linked_at: string;
}

/** The one pending link code of a person, hashed; a new code replaces it. */
export interface LineLinkCodeTable {
  user_id: string;
  code_hash: string;
  expires_at: string;
  created_at: string;
}

/** A LINE user who added the official account; wrong codes counted per window. */
export interface LineFollowerTable {
  line_user_id: string;
  followed_at: string;
  unfollowed_at: string | null;
  code_failures: Generated<number>;
  code_failures_since: string | null;
}

/** A webhook event already handled (its webhookEventId): a redelivery is ignored. */
export interface LineWebhookEventTable {
  webhook_event_id: string;
  received_at: string;
}
