/** Test data builders with sensible defaults and overrides. */
import type { Insertable } from 'kysely';
import type { Db } from '../src/db/database.ts';
import type { ReservationTable } from '../src/db/schema.ts';
import { hashPassword } from '../src/features/account/password.ts';
import { insertReservation } from '../src/features/booking/booking.repository.ts';
import { newId } from '../src/lib/ids.ts';
import { type Role, roleNamed, SCOPE_OF_ROLE } from '../src/platform/authz/actor.ts';
import { markRangeChanged } from '../src/platform/marks/marks.ts';

const STAMP = '2026-11-01T00:00:00.000Z';

export interface FacilityOverrides {
  id?: string;
  ward_id?: string;
  kind?: string;
  name?: string;
  name_kana?: string;
  open_on_holidays?: number;
  is_demo?: number;
  /** ISO weekday → [opens, closes]; default Mon–Sat 09:00–21:00. */
  hours?: Record<number, [string, string]>;
}

export async function makeFacility(db: Db, o: FacilityOverrides = {}) {
  const id = o.id ?? newId('fac');
  await db
    .insertInto('facilities')
    .values({
      id,
      ward_id: o.ward_id ?? 'kokurakita',
      kind: o.kind ?? 'citizen_centre',
      name: o.name ?? `テスト${id.slice(-4)}市民センター`,
      name_kana: o.name_kana ?? 'てすとしみんせんたー',
      name_en: null,
      postcode: null,
      address: '北九州市小倉北区テスト町1-1',
      latitude: null,
      longitude: null,
      phone: '093-000-0000',
      url: null,
      access: null,
      accessibility: null,
      notes: null,
      open_on_holidays: o.open_on_holidays ?? 0,
      is_demo: o.is_demo ?? 0,
      source_no: null,
      created_at: STAMP,
      updated_at: STAMP,
    })
    .execute();
  const hours = o.hours ?? {
    1: ['09:00', '21:00'],
    2: ['09:00', '21:00'],
    3: ['09:00', '21:00'],
    4: ['09:00', '21:00'],
    5: ['09:00', '21:00'],
    6: ['09:00', '21:00'],
  };
  const rows = Object.entries(hours).map(([weekday, [opens, closes]]) => ({ facility_id: id, weekday: Number(weekday), opens, closes }));
  if (rows.length > 0) await db.insertInto('facility_hours').values(rows).execute();
  return id;
}

export interface RoomOverrides {
  id?: string;
  name?: string;
  room_type?: string;
  capacity?: number;
  band_scheme_id?: string;
  equipment?: string[];
  sort_order?: number;
  allocation?: 'first_come' | 'lottery';
}

export async function makeRoom(db: Db, facilityId: string, o: RoomOverrides = {}) {
  const id = o.id ?? newId('room');
  await db
    .insertInto('rooms')
    .values({
      id,
      facility_id: facilityId,
      name: o.name ?? '講座室',
      name_en: null,
      room_type: o.room_type ?? 'lecture_room',
      capacity: o.capacity ?? 30,
      area_m2: 50,
      band_scheme_id: o.band_scheme_id ?? 'standard',
      accessibility: null,
      notes: null,
      sort_order: o.sort_order ?? 1,
      allocation: o.allocation ?? 'first_come',
    })
    .execute();
  if (o.equipment && o.equipment.length > 0) {
    await db
      .insertInto('room_equipment')
      .values(o.equipment.map((code) => ({ room_id: id, code })))
      .execute();
  }
  return id;
}

export async function makeClosure(
  db: Db,
  facilityId: string,
  o: { roomId?: string | null; startsOn: string; endsOn: string; reason?: string; note?: string },
) {
  const id = newId('cl');
  await db
    .insertInto('closures')
    .values({
      id,
      facility_id: facilityId,
      room_id: o.roomId ?? null,
      starts_on: o.startsOn,
      ends_on: o.endsOn,
      reason: o.reason ?? 'maintenance',
      note: o.note ?? null,
      created_at: STAMP,
    })
    .execute();
  await db.transaction().execute((trx) => markRangeChanged(trx, o.startsOn, o.endsOn));
  return id;
}

/**
 * A confirmed reservation holding the given bands of one room on one date, written as the booking service
 * writes it (the repository, in a transaction: the cells and the insights mark go with it).
 */
export async function makeBooking(db: Db, roomId: string, date: string, bands: string[], o: Partial<Insertable<ReservationTable>> = {}) {
  const id = o.id ?? newId('rsv');
  await db.transaction().execute((trx) =>
    insertReservation(
      trx,
      {
        number: id.toUpperCase(),
        room_id: roomId,
        date,
        status: 'confirmed',
        category: 'general',
        purpose: 'テスト',
        attendees: 5,
        channel: 'web',
        created_at: STAMP,
        bands: bands.join(','),
        ...o,
        id,
      },
      bands,
    ),
  );
  return id;
}

export const TEST_PASSWORD = 'correct-horse-battery';
let passwordHash: Promise<string> | undefined;

export interface UserOverrides {
  id?: string;
  number?: string;
  email?: string | null;
  name?: string;
  name_kana?: string;
  residency?: string;
  multipurpose_status?: string;
  birth_year?: number | null;
}

/** A resident who can log in with TEST_PASSWORD. */
export async function makeUser(db: Db, o: UserOverrides = {}) {
  passwordHash ??= hashPassword(TEST_PASSWORD);
  const id = o.id ?? newId('usr');
  const number = o.number ?? String(10_000_000 + Math.floor(Math.random() * 89_999_999));
  await db
    .insertInto('users')
    .values({
      id,
      number,
      email: o.email === undefined ? `${id}@example.com` : o.email,
      name: o.name ?? 'テスト 利用者',
      name_kana: o.name_kana ?? 'テスト リヨウシャ',
      phone: '093-000-1111',
      residency: o.residency ?? 'resident',
      birth_year: o.birth_year === undefined ? 1960 : o.birth_year,
      password_hash: await passwordHash,
      multipurpose_status: o.multipurpose_status ?? 'none',
      multipurpose_requested_at: null,
      created_at: STAMP,
      updated_at: STAMP,
    })
    .execute();
  return { id, number, email: o.email === undefined ? `${id}@example.com` : o.email };
}

/**
 * A group with members (no invitations). A 地域団体 or NPO is verified by staff unless `verification`
 * says otherwise, as an established group is; other types need no verification.
 */
export async function makeGroup(
  db: Db,
  representativeId: string,
  o: { type?: string; name?: string; members?: string[]; verification?: 'pending' | 'verified' | 'refused' } = {},
) {
  const id = newId('grp');
  const type = o.type ?? 'community';
  const verification = ['community', 'npo'].includes(type) ? (o.verification ?? 'verified') : 'none';
  await db
    .insertInto('organisations')
    .values({
      id,
      name: o.name ?? 'テスト町内会',
      type,
      member_count: 30,
      representative_id: representativeId,
      created_at: STAMP,
      verification_status: verification,
      verified_type: verification === 'verified' ? type : null,
      verification_requested_at: verification === 'none' ? null : STAMP,
    })
    .execute();
  await db
    .insertInto('organisation_members')
    .values(
      [representativeId, ...(o.members ?? [])].map((user_id, i) => ({
        group_id: id,
        user_id,
        role: i === 0 ? 'representative' : 'member',
        created_at: STAMP,
      })),
    )
    .execute();
  return id;
}

export async function makeRoomFees(db: Db, roomId: string, fees: Record<string, number>) {
  await db
    .insertInto('room_fees')
    .values(Object.entries(fees).map(([band, amount]) => ({ room_id: roomId, band, amount })))
    .execute();
}

/**
 * A staff member holding one role (the old names clerk and ward still mean centre_staff and ward_officer):
 * a facility's centre staff, a ward's officer, the city's admin, or any other role at `scope.id`.
 */
export async function makeStaff(db: Db, role: 'clerk' | 'ward' | Role, scope: { facilityId?: string; wardId?: string; id?: string } = {}) {
  const user = await makeUser(db, { name: '職員' });
  await grant(db, user.id, role, scope.facilityId ?? scope.wardId ?? scope.id ?? null);
  return user;
}

/** Gives an existing person one more role assignment, as the migration or `staff grant` would write it. */
export async function grant(db: Db, userId: string, role: 'clerk' | 'ward' | Role, scopeId: string | null) {
  const named = roleNamed(role) as Role;
  await db
    .insertInto('role_assignments')
    .values({
      id: newId('ra'),
      user_id: userId,
      role: named,
      scope_kind: SCOPE_OF_ROLE[named],
      scope_id: scopeId,
      granted_by: null,
      granted_at: STAMP,
    })
    .execute();
}
