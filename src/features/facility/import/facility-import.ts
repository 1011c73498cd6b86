/**
 * The real-data import path: a city's own facility list (デジタル庁 自治体標準オープンデータセット
 * 「公共施設一覧」) and our rooms CSV. All or nothing: every row is checked and every problem reported
 * before anything is written, and the write is one transaction, so a file with one bad row — or a database
 * failure half-way — leaves the catalogue exactly as it was. Reference lookups run inside that same
 * transaction, so the checks and the write see the same data.
 */
import type { Insertable, Kysely, Transaction } from 'kysely';
import type { Database, FacilityTable, RoomTable } from '../../../db/schema.ts';
import { markAllMonthsChanged } from '../../../platform/marks/marks.ts';
import type { FacilityKind } from '../facility.ts';
import {
  type OpenDays,
  type Parsed,
  parseClockTime,
  parseDecimal,
  parseEquipmentList,
  parseHttpUrl,
  parseOpenDays,
  parsePhone,
  parsePostcode,
  parseRoomType,
  parseWholeNumber,
} from './cell-parsers.ts';
import { type CsvRow, cellOf, type ImportError, readCsvTable, textOf } from './csv-table.ts';

export type { ImportError } from './csv-table.ts';

export type ImportReport = { ok: true; inserted: number; updated: number } | { ok: false; errors: ImportError[] };

export interface ImportOptions {
  now: Date;
}

type Trx = Transaction<Database>;

/** Columns of 公共施設一覧 we read; the standard's other columns (市区町村名, 方書, 説明 …) are ignored. */
const FACILITY_COLUMNS = {
  required: [
    'NO',
    '名称',
    '名称_カナ',
    '住所',
    '緯度',
    '経度',
    '電話番号',
    '利用可能曜日',
    '開始時間',
    '終了時間',
    'バリアフリー情報',
    'URL',
    '備考',
  ],
  optional: ['名称_英字', '種類', '郵便番号'],
} as const;

/** Our rooms format (docs/import.md); only the columns a room cannot do without are required. */
const ROOM_COLUMNS = {
  required: ['施設NO', '部屋名', '種類', '定員'],
  optional: ['部屋名_英字', '面積', '設備', '利用区分', 'バリアフリー情報', '備考'],
} as const;

const SOURCE_NO = /^[A-Za-z0-9_-]{1,20}$/;
const DEFAULT_BAND_SCHEME = 'standard';
/** Japan's extent, with margin: catches swapped 緯度/経度 and values in another datum's units. */
const LATITUDE_RANGE = [20, 46] as const;
const LONGITUDE_RANGE = [122, 154] as const;

// ---------------------------------------------------------------------------------------------------------
// Shared row checking

/** Collects the problems of one row while reading its cells, so one pass reports every bad cell. */
class RowCheck {
  readonly errors: ImportError[] = [];
  constructor(readonly row: CsvRow) {}

  fail(column: string, message: string): undefined {
    this.errors.push({ line: this.row.line, column, message });
    return undefined;
  }

  required(column: string): string | undefined {
    const text = textOf(this.row, column);
    return text === '' ? this.fail(column, `${column}を書いてください。`) : text;
  }

  /** Blank cells become null, as the catalogue stores them. */
  optionalText(column: string): string | null {
    const text = textOf(this.row, column);
    return text === '' ? null : text;
  }

  parse<T>(column: string, parser: (text: string) => Parsed<T>): T | undefined {
    const result = parser(cellOf(this.row, column));
    return result.ok ? result.value : this.fail(column, result.message);
  }

  /** null for a blank cell, undefined for an unreadable one. */
  parseOptional<T>(column: string, parser: (text: string) => Parsed<T>): T | null | undefined {
    return cellOf(this.row, column) === '' ? null : this.parse(column, parser);
  }
}

const byLine = (a: ImportError, b: ImportError) => a.line - b.line;

function failure(errors: ImportError[]): ImportReport {
  return { ok: false, errors: [...errors].sort(byLine) };
}

// ---------------------------------------------------------------------------------------------------------
// Facilities (公共施設一覧)

type FacilityFields = Omit<Insertable<FacilityTable>, 'id' | 'source_no' | 'created_at' | 'updated_at'>;

interface FacilityDraft {
  line: number;
  sourceNo: string;
  fields: FacilityFields;
  hours: { weekday: number; opens: string; closes: string }[];
}

interface FacilityContext {
  wards: { id: string; name: string }[];
  /** source_no → facility id, for updating on re-import. */
  idBySourceNo: Map<string, string>;
  /** facility id → its source_no, to notice an `imp-` id already used by another facility. */
  sourceNoById: Map<string, string | null>;
}

export async function importFacilitiesCsv(db: Kysely<Database>, input: Buffer, options: ImportOptions): Promise<ImportReport> {
  const table = readCsvTable(input, FACILITY_COLUMNS);
  if (!table.ok) return failure(table.errors);
  return db.transaction().execute(async (trx) => {
    const context = await loadFacilityContext(trx);
    const checks = table.rows.map((row) => checkFacilityRow(row, context.wards));
    const drafts = checks.flatMap((c) => (c.draft ? [c.draft] : []));
    const errors = [...checks.flatMap((c) => c.errors), ...checkFacilityIdentity(drafts, context)];
    if (errors.length > 0) return failure(errors);
    return writeFacilities(trx, drafts, context, options.now.toISOString());
  });
}

async function loadFacilityContext(trx: Trx): Promise<FacilityContext> {
  const wards = await trx.selectFrom('wards').select(['id', 'name']).orderBy('sort_order').execute();
  const facilities = await trx.selectFrom('facilities').select(['id', 'source_no']).execute();
  const idBySourceNo = new Map<string, string>();
  for (const f of facilities) if (f.source_no !== null) idBySourceNo.set(f.source_no, f.id);
  return { wards, idBySourceNo, sourceNoById: new Map(facilities.map((f) => [f.id, f.source_no])) };
}

function checkFacilityRow(row: CsvRow, wards: FacilityContext['wards']): { draft?: FacilityDraft; errors: ImportError[] } {
  const check = new RowCheck(row);
  const sourceNo = check.parse('NO', parseSourceNo);
  const name = check.required('名称');
  const nameKana = check.required('名称_カナ');
  const kind = name === undefined ? undefined : facilityKind(check, name, cellOf(row, '種類'));
  const address = check.required('住所');
  const wardId = address === undefined ? undefined : wardOf(check, address, wards);
  const postcode = check.parseOptional('郵便番号', parsePostcode);
  const position = readPosition(check);
  const phone = check.parse('電話番号', parsePhone);
  const url = check.parseOptional('URL', parseHttpUrl);
  const days = check.parse('利用可能曜日', parseOpenDays);
  const times = readOpeningTimes(check);
  const ready =
    check.errors.length === 0 &&
    sourceNo !== undefined &&
    name !== undefined &&
    nameKana !== undefined &&
    kind !== undefined &&
    address !== undefined &&
    wardId !== undefined &&
    postcode !== undefined &&
    position !== undefined &&
    phone !== undefined &&
    url !== undefined &&
    days !== undefined &&
    times !== undefined;
  if (!ready) return { errors: check.errors };
  return {
    errors: [],
    draft: {
      line: row.line,
      sourceNo,
      fields: {
        ward_id: wardId,
        kind,
        name,
        name_kana: nameKana,
        name_en: check.optionalText('名称_英字'),
        postcode,
        address,
        latitude: position.latitude,
        longitude: position.longitude,
        phone,
        url,
        access: null,
        accessibility: check.optionalText('バリアフリー情報'),
        notes: check.optionalText('備考'),
        open_on_holidays: days.holidays ? 1 : 0,
        is_demo: 0,
      },
      hours: hoursFor(days, times),
    },
  };
}

function parseSourceNo(text: string): Parsed<string> {
  if (SOURCE_NO.test(text)) return { ok: true, value: text };
  return { ok: false, message: `NOは半角英数字と「-」「_」の20文字以内で書いてください（「${text}」）。` };
}

/** Only the two kinds of centre whose rooms are booked here; the 公共施設一覧 also lists parks, libraries … */
function facilityKind(check: RowCheck, name: string, type: string): FacilityKind | undefined {
  const text = `${name} ${type}`;
  if (text.includes('生涯学習センター')) return 'lifelong_learning_centre';
  if (text.includes('市民センター')) return 'citizen_centre';
  return check.fail('名称', '市民センター・生涯学習センター以外の施設は取り込めません。');
}

/** The ward whose name appears first in the address (北九州市小倉北区… → 小倉北区). */
function wardOf(check: RowCheck, address: string, wards: FacilityContext['wards']): string | undefined {
  const found = wards
    .map((w) => ({ id: w.id, at: address.indexOf(w.name) }))
    .filter((w) => w.at >= 0)
    .sort((a, b) => a.at - b.at)[0];
  if (found) return found.id;
  return check.fail('住所', `住所から区がわかりません。区の名前（${wards.map((w) => w.name).join('・')}）を含めて書いてください。`);
}

function readPosition(check: RowCheck): { latitude: number | null; longitude: number | null } | undefined {
  const latitude = check.parseOptional('緯度', (t) => parseDecimal(t, ...LATITUDE_RANGE));
  const longitude = check.parseOptional('経度', (t) => parseDecimal(t, ...LONGITUDE_RANGE));
  if (latitude === undefined || longitude === undefined) return undefined;
  // A point with only one coordinate cannot be placed on a map: half a position is a typo, not data.
  if ((latitude === null) !== (longitude === null)) {
    return check.fail(latitude === null ? '緯度' : '経度', '緯度と経度は両方書くか、両方とも空にしてください。');
  }
  return { latitude, longitude };
}

function readOpeningTimes(check: RowCheck): { opens: string; closes: string } | undefined {
  const opens = check.parse('開始時間', parseClockTime);
  const closes = check.parse('終了時間', parseClockTime);
  if (opens === undefined || closes === undefined) return undefined;
  if (opens >= closes) return check.fail('終了時間', `終了時間（${closes}）は開始時間（${opens}）より後にしてください。`);
  return { opens, closes };
}

function hoursFor(days: OpenDays, times: { opens: string; closes: string }): FacilityDraft['hours'] {
  return days.weekdays.map((weekday) => ({ weekday, ...times }));
}

/** Within the file a NO names one facility; in the database its `imp-` id must not belong to another one. */
function checkFacilityIdentity(drafts: readonly FacilityDraft[], context: FacilityContext): ImportError[] {
  const errors: ImportError[] = [];
  const firstLine = new Map<string, number>();
  for (const d of drafts) {
    const seen = firstLine.get(d.sourceNo);
    if (seen !== undefined) errors.push({ line: d.line, column: 'NO', message: `NO「${d.sourceNo}」は${seen}行目と重複しています。` });
    else firstLine.set(d.sourceNo, d.line);
    const owner = context.sourceNoById.get(facilityIdFor(d.sourceNo));
    if (!context.idBySourceNo.has(d.sourceNo) && owner !== undefined) {
      errors.push({ line: d.line, column: 'NO', message: `NO「${d.sourceNo}」の施設IDは、すでに別の施設が使っています。` });
    }
  }
  return errors;
}

function facilityIdFor(sourceNo: string): string {
  return `imp-${sourceNo}`;
}

async function writeFacilities(trx: Trx, drafts: readonly FacilityDraft[], context: FacilityContext, now: string): Promise<ImportReport> {
  let inserted = 0;
  let updated = 0;
  for (const draft of drafts) {
    const existingId = context.idBySourceNo.get(draft.sourceNo);
    const id = existingId ?? facilityIdFor(draft.sourceNo);
    if (existingId) {
      await trx
        .updateTable('facilities')
        .set({ ...draft.fields, updated_at: now })
        .where('id', '=', id)
        .execute();
      await trx.deleteFrom('facility_hours').where('facility_id', '=', id).execute();
      updated += 1;
    } else {
      await trx
        .insertInto('facilities')
        .values({ ...draft.fields, id, source_no: draft.sourceNo, created_at: now, updated_at: now })
        .execute();
      inserted += 1;
    }
    await trx
      .insertInto('facility_hours')
      .values(draft.hours.map((h) => ({ facility_id: id, ...h })))
      .execute();
  }
  // New facilities and opening hours change the open cells of every month counted so far.
  await markAllMonthsChanged(trx);
  return { ok: true, inserted, updated };
}

// ---------------------------------------------------------------------------------------------------------
// Rooms (our format, docs/import.md)

type RoomFields = Omit<Insertable<RoomTable>, 'id' | 'facility_id' | 'sort_order'>;

interface RoomDraft {
  line: number;
  facilityNo: string;
  facilityId: string;
  fields: RoomFields;
  equipment: string[];
}

interface RoomContext {
  facilityIdBySourceNo: Map<string, string>;
  bandSchemes: Set<string>;
}

export async function importRoomsCsv(db: Kysely<Database>, input: Buffer, _options: ImportOptions): Promise<ImportReport> {
  const table = readCsvTable(input, ROOM_COLUMNS);
  if (!table.ok) return failure(table.errors);
  return db.transaction().execute(async (trx) => {
    const context = await loadRoomContext(trx);
    const checks = table.rows.map((row) => checkRoomRow(row, context));
    const drafts = checks.flatMap((c) => (c.draft ? [c.draft] : []));
    const errors = checks.flatMap((c) => c.errors);
    errors.push(...(await checkNoBookings(trx, drafts)));
    if (errors.length > 0) return failure(errors);
    return replaceRooms(trx, drafts);
  });
}

async function loadRoomContext(trx: Trx): Promise<RoomContext> {
  const facilities = await trx.selectFrom('facilities').select(['id', 'source_no']).where('source_no', 'is not', null).execute();
  const schemes = await trx.selectFrom('band_schemes').select('id').orderBy('id').execute();
  const facilityIdBySourceNo = new Map<string, string>();
  for (const f of facilities) if (f.source_no !== null) facilityIdBySourceNo.set(f.source_no, f.id);
  return { facilityIdBySourceNo, bandSchemes: new Set(schemes.map((s) => s.id)) };
}

function checkRoomRow(row: CsvRow, context: RoomContext): { draft?: RoomDraft; errors: ImportError[] } {
  const check = new RowCheck(row);
  // A code, like the facility's NO it refers to: read in the same normalised form (全角 digits are common).
  const facilityNo = check.parse('施設NO', (t) => (t === '' ? { ok: false, message: '施設NOを書いてください。' } : { ok: true, value: t }));
  const facilityId = facilityNo === undefined ? undefined : facilityFor(check, facilityNo, context);
  const name = check.required('部屋名');
  const roomType = check.parse('種類', parseRoomType);
  const capacity = check.parse('定員', (t) => (t === '' ? { ok: false, message: '定員を書いてください。' } : parseWholeNumber(t, 1, 1000)));
  const area = check.parseOptional('面積', (t) => parseDecimal(t, 1, 10000));
  const equipment = check.parseOptional('設備', parseEquipmentList);
  const scheme = bandSchemeOf(check, cellOf(row, '利用区分'), context.bandSchemes);
  const ready =
    check.errors.length === 0 &&
    facilityNo !== undefined &&
    facilityId !== undefined &&
    name !== undefined &&
    roomType !== undefined &&
    capacity !== undefined &&
    area !== undefined &&
    equipment !== undefined &&
    scheme !== undefined;
  if (!ready) return { errors: check.errors };
  return {
    errors: [],
    draft: {
      line: row.line,
      facilityNo,
      facilityId,
      fields: {
        name,
        name_en: check.optionalText('部屋名_英字'),
        room_type: roomType,
        capacity,
        area_m2: area,
        band_scheme_id: scheme,
        accessibility: check.optionalText('バリアフリー情報'),
        notes: check.optionalText('備考'),
      },
      equipment: equipment ?? [],
    },
  };
}

/** Rooms belong to a facility imported earlier: its NO in the 公共施設一覧 is the link. */
function facilityFor(check: RowCheck, facilityNo: string, context: RoomContext): string | undefined {
  const id = context.facilityIdBySourceNo.get(facilityNo);
  if (id) return id;
  return check.fail('施設NO', `施設NO「${facilityNo}」の施設がありません。先に施設一覧（公共施設一覧）を取り込んでください。`);
}

function bandSchemeOf(check: RowCheck, text: string, schemes: ReadonlySet<string>): string | undefined {
  const scheme = text === '' ? DEFAULT_BAND_SCHEME : text;
  if (schemes.has(scheme)) return scheme;
  return check.fail(
    '利用区分',
    `利用区分「${text}」はありません。${[...schemes].join('・')} のどれかを書くか、空にしてください（標準は ${DEFAULT_BAND_SCHEME}）。`,
  );
}

/**
 * Replacing a facility's rooms deletes them, which would orphan or cancel bookings without telling anyone:
 * refuse instead, once per facility, on the first line that names it.
 */
async function checkNoBookings(trx: Trx, drafts: readonly RoomDraft[]): Promise<ImportError[]> {
  const facilityIds = [...new Set(drafts.map((d) => d.facilityId))];
  if (facilityIds.length === 0) return [];
  const booked = await trx
    .selectFrom('rooms')
    .select(['rooms.id', 'rooms.name', 'rooms.facility_id'])
    .where('rooms.facility_id', 'in', facilityIds)
    .where((eb) =>
      eb.or([
        eb.exists(
          eb.selectFrom('reservation_cells').select('reservation_cells.room_id').whereRef('reservation_cells.room_id', '=', 'rooms.id'),
        ),
        // Cancelled bookings free their cells but keep the reservation, whose room must not disappear.
        eb.exists(eb.selectFrom('reservations').select('reservations.room_id').whereRef('reservations.room_id', '=', 'rooms.id')),
      ]),
    )
    .orderBy('rooms.sort_order')
    .execute();
  return facilityIds.flatMap((facilityId) => {
    const rooms = booked.filter((r) => r.facility_id === facilityId).map((r) => r.name);
    const first = drafts.find((d) => d.facilityId === facilityId);
    if (rooms.length === 0 || !first) return [];
    return [
      {
        line: first.line,
        column: '施設NO',
        message: `施設NO「${first.facilityNo}」の部屋（${rooms.join('、')}）には予約があるため、部屋を置き換えられません。予約を移すか取り消してから取り込んでください。`,
      },
    ];
  });
}

/** Deletes the rooms of every facility named in the file, then inserts the file's rooms in file order. */
async function replaceRooms(trx: Trx, drafts: readonly RoomDraft[]): Promise<ImportReport> {
  const facilityIds = [...new Set(drafts.map((d) => d.facilityId))];
  if (facilityIds.length === 0) return { ok: true, inserted: 0, updated: 0 };
  const before = await trx.selectFrom('rooms').select('id').where('facility_id', 'in', facilityIds).execute();
  const existing = new Set(before.map((r) => r.id));
  await trx
    .deleteFrom('room_equipment')
    .where('room_id', 'in', (eb) => eb.selectFrom('rooms').select('id').where('facility_id', 'in', facilityIds))
    .execute();
  await trx.deleteFrom('rooms').where('facility_id', 'in', facilityIds).execute();

  let inserted = 0;
  let updated = 0;
  const countByFacility = new Map<string, number>();
  for (const draft of drafts) {
    const n = (countByFacility.get(draft.facilityId) ?? 0) + 1;
    countByFacility.set(draft.facilityId, n);
    const id = `imp-${draft.facilityNo}-${n}`;
    await trx
      .insertInto('rooms')
      .values({ ...draft.fields, id, facility_id: draft.facilityId, sort_order: n })
      .execute();
    if (draft.equipment.length > 0) {
      await trx
        .insertInto('room_equipment')
        .values(draft.equipment.map((code) => ({ room_id: id, code })))
        .execute();
    }
    if (existing.has(id)) updated += 1;
    else inserted += 1;
  }
  // The rooms were replaced: the months counted so far are counted again.
  await markAllMonthsChanged(trx);
  return { ok: true, inserted, updated };
}
