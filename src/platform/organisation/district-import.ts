/**
 * Import of the city's 校区 table: one row per 町丁目 with its ward and 校区 (docs in the README,
 * "Organisations and 校区"). All or nothing: every row is checked and every problem reported by its line
 * before anything is written, and the write is one transaction. Re-importing the same file changes
 * nothing; a changed one updates in place: a 校区 is matched by (ward, name), a 町丁目 by (ward, folded
 * town), so 「中央1丁目」 in a new file is the 中央一丁目 already there. 町丁目 missing from a file are
 * kept (a partial file, one ward's, must not delete the rest of the city).
 */
import { insertInBatches } from '../../db/batch.ts';
import type { Db } from '../../db/database.ts';
import { newId } from '../../lib/ids.ts';
import { recordAudit } from '../audit/audit.ts';
import { normalizePostcode, townKey } from './address.ts';
import * as repo from './district.repository.ts';
import { readTable, type TableRow } from './district-table.ts';

export const DISTRICT_COLUMNS = { required: ['区', '校区', '町丁目'], optional: ['校区よみ', '郵便番号', '並び順'] } as const;

/** One problem, by the line a person finds it on; `key` is a message of organisation.messages.ts. */
export interface RowIssue {
  line: number;
  key: string;
  params?: Record<string, string | number>;
}

export interface ImportCounts {
  districtsAdded: number;
  districtsUpdated: number;
  areasAdded: number;
  areasUpdated: number;
  unchanged: number;
}

export type DistrictImportReport = ({ ok: true; dryRun: boolean } & ImportCounts) | { ok: false; errors: RowIssue[] };

interface CheckedRow {
  line: number;
  wardId: string;
  district: string;
  kana: string;
  town: string;
  key: string;
  postcode: string | null;
  order: number | null;
}

const KANA = /^[\u3041-\u3096\u30a1-\u30fa\u30fc\u3000 ・]+$/u;

export interface ImportOptions {
  dryRun?: boolean;
  /** Who imported (null: the command line, run by the system's operator). */
  actorId: string | null;
  now: Date;
}

export async function importDistricts(db: Db, bytes: Uint8Array, options: ImportOptions): Promise<DistrictImportReport> {
  const table = await readTable(bytes);
  if (!table.ok) return { ok: false, errors: [{ line: table.line, key: table.key }] };
  const missing = DISTRICT_COLUMNS.required.filter((name) => !table.header.includes(name));
  if (missing.length > 0)
    return { ok: false, errors: [{ line: table.headerLine, key: 'errDistrictColumns', params: { columns: missing.join('、') } }] };
  if (table.rows.length === 0) return { ok: false, errors: [{ line: table.headerLine, key: 'errDistrictNoRows' }] };

  return db.transaction().execute(async (trx) => {
    const wards = await repo.listWardNames(trx);
    const wardOf = new Map<string, string>();
    for (const w of wards) for (const name of [w.id, w.name, w.name.normalize('NFKC')]) wardOf.set(name, w.id);
    const { rows, errors } = checkRows(table.rows, wardOf);
    const districts = await repo.listSchoolDistrictsByKey(trx);
    const districtByName = new Map(districts.map((d) => [`${d.ward_id}\u0000${d.name}`, d]));
    // A new 校区 needs its よみ from some row; an existing one keeps its own when every row leaves it blank.
    const kanaOf = new Map<string, { kana: string; line: number }>();
    for (const r of rows) {
      const k = `${r.wardId}\u0000${r.district}`;
      if (r.kana && !kanaOf.has(k)) kanaOf.set(k, { kana: r.kana, line: r.line });
    }
    const firstLine = new Map<string, number>();
    for (const r of rows)
      firstLine.set(`${r.wardId}\u0000${r.district}`, Math.min(firstLine.get(`${r.wardId}\u0000${r.district}`) ?? r.line, r.line));
    for (const [k, line] of firstLine) {
      if (!kanaOf.has(k) && !districtByName.has(k))
        errors.push({ line, key: 'errDistrictKanaMissing', params: { district: k.split('\u0000')[1] ?? '' } });
    }
    if (errors.length > 0) return { ok: false as const, errors: errors.sort((a, b) => a.line - b.line) };

    const counts: ImportCounts = { districtsAdded: 0, districtsUpdated: 0, areasAdded: 0, areasUpdated: 0, unchanged: 0 };
    const districtId = new Map<string, string>();
    const newDistricts: { id: string; ward_id: string; name: string; name_kana: string; sort_order: number }[] = [];
    const orderInWard = new Map<string, number>();
    for (const [k] of firstLine) {
      const [wardId = '', name = ''] = k.split('\u0000');
      const existing = districtByName.get(k);
      const fileOrder = rows.find((r) => r.wardId === wardId && r.district === name && r.order !== null)?.order ?? null;
      const nextOrder = (orderInWard.get(wardId) ?? 0) + 1;
      orderInWard.set(wardId, nextOrder);
      const kana = kanaOf.get(k)?.kana ?? existing?.name_kana ?? '';
      const sortOrder = fileOrder ?? existing?.sort_order ?? nextOrder;
      if (existing) {
        districtId.set(k, existing.id);
        if (existing.name_kana !== kana || Number(existing.sort_order) !== sortOrder) {
          counts.districtsUpdated++;
          if (!options.dryRun) await repo.updateSchoolDistrict(trx, existing.id, { name_kana: kana, sort_order: sortOrder });
        }
      } else {
        const id = newId('sd');
        districtId.set(k, id);
        newDistricts.push({ id, ward_id: wardId, name, name_kana: kana, sort_order: sortOrder });
        counts.districtsAdded++;
      }
    }
    if (!options.dryRun) await repo.insertSchoolDistricts(trx, newDistricts);

    const areas = await repo.listAreasByKey(trx);
    const areaByKey = new Map(areas.map((a) => [`${a.ward_id}\u0000${a.town_key}`, a]));
    const newAreas: { id: string; ward_id: string; town: string; town_key: string; school_district_id: string; postcode: string | null }[] =
      [];
    for (const r of rows) {
      const sd = districtId.get(`${r.wardId}\u0000${r.district}`) ?? '';
      const existing = areaByKey.get(`${r.wardId}\u0000${r.key}`);
      if (!existing) {
        newAreas.push({ id: newId('da'), ward_id: r.wardId, town: r.town, town_key: r.key, school_district_id: sd, postcode: r.postcode });
        counts.areasAdded++;
      } else if (existing.town !== r.town || existing.school_district_id !== sd || existing.postcode !== r.postcode) {
        counts.areasUpdated++;
        if (!options.dryRun) await repo.updateArea(trx, existing.id, { town: r.town, school_district_id: sd, postcode: r.postcode });
      } else counts.unchanged++;
    }
    if (!options.dryRun) {
      await insertInBatches(trx, 'district_areas', newAreas);
      await recordAudit(trx, options.now, {
        actorId: options.actorId,
        action: 'districts.import',
        targetType: 'school_districts',
        targetId: '*',
        after: counts,
      });
    }
    return { ok: true as const, dryRun: options.dryRun === true, ...counts };
  });
}

function checkRows(input: readonly TableRow[], wardOf: ReadonlyMap<string, string>): { rows: CheckedRow[]; errors: RowIssue[] } {
  const rows: CheckedRow[] = [];
  const errors: RowIssue[] = [];
  const seen = new Map<string, number>();
  for (const row of input) {
    const cell = (name: string) => row.cells.get(name) ?? '';
    const before = errors.length;
    const fail = (key: string, params?: Record<string, string | number>) =>
      errors.push({ line: row.line, key, ...(params ? { params } : {}) });
    const wardText = cell('区').normalize('NFKC').replace(/\s/g, '');
    const wardId = wardOf.get(wardText);
    if (!wardText) fail('errDistrictCellMissing', { column: '区' });
    else if (!wardId) fail('errDistrictWardUnknown', { value: cell('区') });
    const district = cell('校区');
    if (!district) fail('errDistrictCellMissing', { column: '校区' });
    const town = cell('町丁目');
    if (!town) fail('errDistrictCellMissing', { column: '町丁目' });
    const kana = cell('校区よみ');
    if (kana && !KANA.test(kana)) fail('errDistrictKana', { value: kana });
    const postcodeText = cell('郵便番号');
    const postcode = postcodeText ? normalizePostcode(postcodeText) : undefined;
    if (postcodeText && !postcode) fail('errDistrictPostcode', { value: postcodeText });
    const orderText = cell('並び順').normalize('NFKC');
    const order = orderText === '' ? null : /^\d{1,4}$/.test(orderText) ? Number(orderText) : Number.NaN;
    if (Number.isNaN(order)) fail('errDistrictOrder', { value: cell('並び順') });
    const key = townKey(town);
    if (wardId && town) {
      const at = seen.get(`${wardId}\u0000${key}`);
      if (at !== undefined) fail('errDistrictTownRepeated', { town, line: at });
      else seen.set(`${wardId}\u0000${key}`, row.line);
    }
    if (errors.length === before && wardId) {
      rows.push({
        line: row.line,
        wardId,
        district,
        kana,
        town,
        key,
        postcode: postcode ?? null,
        order: order === null || Number.isNaN(order) ? null : order,
      });
    }
  }
  return { rows, errors };
}
