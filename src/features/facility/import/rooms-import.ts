/**
 * Imports rooms in our own format (docs/import.md) for facilities imported before from the 公共施設一覧
 * (facilities-import.ts): a facility's NO links its rooms. A file replaces the rooms of every facility it
 * names. All or nothing, as for facilities: every row is checked and every problem reported before
 * anything is written, the checks and the write run in one transaction, and rooms that have bookings are
 * never replaced.
 */
import type { Insertable } from 'kysely';
import type { Db, Trx } from '../../../db/database.ts';
import type { RoomTable } from '../../../db/schema.ts';
import { type CsvRow, cellOf, type ImportError, readCsvTable } from '../../../lib/csv-table.ts';
import { markAllMonthsChanged } from '../../../platform/marks/marks.ts';
import { parseDecimal, parseEquipmentList, parseRoomType, parseWholeNumber } from './cell-parsers.ts';
import { failure, type ImportOptions, type ImportReport, RowCheck } from './row-check.ts';

/** Our rooms format (docs/import.md); only the columns a room cannot do without are required. */
const ROOM_COLUMNS = {
  required: ['施設NO', '部屋名', '種類', '定員'],
  optional: ['部屋名_英字', '面積', '設備', '利用区分', 'バリアフリー情報', '備考'],
} as const;

const DEFAULT_BAND_SCHEME = 'standard';

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

export async function importRoomsCsv(db: Db, input: Buffer, _options: ImportOptions): Promise<ImportReport> {
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
