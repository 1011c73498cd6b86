/**
 * Imports a city's own facility list (デジタル庁 自治体標準オープンデータセット「公共施設一覧」) into the
 * catalogue. All or nothing: every row is checked and every problem reported before anything is written,
 * and the write is one transaction, so a file with one bad row — or a database failure half-way — leaves
 * the catalogue exactly as it was. Reference lookups run inside that same transaction, so the checks and
 * the write see the same data. A facility's rooms come after, from our own format (rooms-import.ts).
 */
import type { Insertable } from 'kysely';
import type { Db, Trx } from '../../../db/database.ts';
import type { FacilityTable } from '../../../db/schema.ts';
import { type CsvRow, cellOf, type ImportError, readCsvTable } from '../../../lib/csv-table.ts';
import { markAllMonthsChanged } from '../../../platform/marks/marks.ts';
import type { FacilityKind } from '../facility.ts';
import {
  type OpenDays,
  type Parsed,
  parseClockTime,
  parseDecimal,
  parseHttpUrl,
  parseOpenDays,
  parsePhone,
  parsePostcode,
} from './cell-parsers.ts';
import { failure, type ImportOptions, type ImportReport, RowCheck } from './row-check.ts';

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

const SOURCE_NO = /^[A-Za-z0-9_-]{1,20}$/;
/** Japan's extent, with margin: catches swapped 緯度/経度 and values in another datum's units. */
const LATITUDE_RANGE = [20, 46] as const;
const LONGITUDE_RANGE = [122, 154] as const;

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

export async function importFacilitiesCsv(db: Db, input: Buffer, options: ImportOptions): Promise<ImportReport> {
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
