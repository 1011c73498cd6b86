/**
 * The catalogue's files: written with the platform's CSV and xlsx writers, read back with the one CSV
 * reader (lib/csv-table.ts). An xlsx workbook holds every table as a sheet named as in SHEET_NAMES; a
 * CSV file holds one table, told apart by its header. A workbook's sheets are turned into CSV and read
 * by the same reader, so both formats are checked alike; line numbers are mapped back to Excel's rows.
 */
import { type CsvRow, readCsvRecords, readCsvTable } from '../../lib/csv-table.ts';
import { type CsvEncoding, csvBytes } from '../../platform/documents/csv.ts';
import { type ReadSheet, readXlsx, XlsxReadError, xlsxBytes } from '../../platform/documents/xlsx.ts';
import { isXlsx } from '../../platform/organisation/district-table.ts';
import { CATALOGUE_TABLES, type Catalogue, type CatalogueIssue, type CatalogueTable, HEADERS, SHEET_NAMES, toCells } from './catalogue.ts';

function rowsOf<T extends CatalogueTable>(catalogue: Catalogue, table: T) {
  const cells = toCells[table] as (row: Catalogue[T][number]) => (string | number | null)[];
  return (catalogue[table] as Catalogue[T][number][]).map(cells);
}

export function catalogueCsv(catalogue: Catalogue, table: CatalogueTable, encoding: CsvEncoding): Buffer {
  return csvBytes(HEADERS[table], rowsOf(catalogue, table), encoding);
}

export function catalogueXlsx(catalogue: Catalogue): Promise<Buffer> {
  return xlsxBytes(CATALOGUE_TABLES.map((table) => ({ name: SHEET_NAMES[table], header: HEADERS[table], rows: rowsOf(catalogue, table) })));
}

/** The rows of each table the file holds; a table the file does not hold is left as it is. */
export type CatalogueFile = { ok: true; tables: Partial<Record<CatalogueTable, CsvRow[]>> } | { ok: false; errors: CatalogueIssue[] };

const spec = (table: CatalogueTable) => ({ required: HEADERS[table], optional: [] });

/** Which table a CSV header is: the table whose first two columns it starts with (or holds, in any order). */
function tableOfHeader(header: readonly string[]): CatalogueTable | undefined {
  const names = new Set(header.map((h) => h.normalize('NFKC').trim()));
  const fits = CATALOGUE_TABLES.filter((t) => HEADERS[t].every((h) => names.has(h.normalize('NFKC'))));
  if (fits.length === 1) return fits[0];
  // Fewer columns than a table has: named by its most telling column, so the message can say which is missing.
  const telling: Record<CatalogueTable, string> = {
    counters: '庁舎ID',
    hours: '曜日',
    days: '種類',
    services: '手続名',
    life_events: 'ライフイベントコード',
  };
  return CATALOGUE_TABLES.find((t) => names.has(telling[t]));
}

function readOne(table: CatalogueTable, bytes: Uint8Array, lineOf: (csvLine: number) => number = (l) => l): CatalogueFile {
  const read = readCsvTable(bytes, spec(table));
  if (!read.ok) return { ok: false, errors: read.errors.map((e) => ({ table, line: lineOf(e.line), column: e.column, text: e.message })) };
  return { ok: true, tables: { [table]: read.rows.map((r) => ({ ...r, line: lineOf(r.line) })) } };
}

/** A sheet as CSV bytes, and where each CSV line starts in Excel's rows (a cell with line breaks spans lines). */
function sheetAsCsv(sheet: ReadSheet): { bytes: Buffer; lineOf: (csvLine: number) => number } {
  const [header = [], ...body] = sheet.rows;
  const starts: number[] = [];
  let line = 2;
  for (const row of body) {
    starts.push(line);
    line += 1 + row.reduce<number>((n, v) => n + (String(v ?? '').match(/\n/g)?.length ?? 0), 0);
  }
  const text = (v: string | number | null) => (v === null ? '' : String(v));
  const bytes = csvBytes(
    header.map(text),
    body.map((r) => r.map(text)),
    'utf8',
  );
  return { bytes, lineOf: (csvLine) => (csvLine <= 1 ? 1 : starts.indexOf(csvLine) + 2 || csvLine) };
}

export async function readCatalogueFile(bytes: Uint8Array): Promise<CatalogueFile> {
  if (isXlsx(bytes)) {
    let sheets: ReadSheet[];
    try {
      sheets = await readXlsx(bytes);
    } catch (error) {
      if (!(error instanceof XlsxReadError)) throw error;
      return { ok: false, errors: [{ table: undefined, line: 1, column: '', key: 'errCatalogueUnreadable' }] };
    }
    const tables: Partial<Record<CatalogueTable, CsvRow[]>> = {};
    const errors: CatalogueIssue[] = [];
    for (const table of CATALOGUE_TABLES) {
      const sheet = sheets.find((s) => s.name.normalize('NFKC').trim() === SHEET_NAMES[table]);
      if (!sheet) continue;
      const { bytes: csv, lineOf } = sheetAsCsv(sheet);
      const read = readOne(table, csv, lineOf);
      if (read.ok) Object.assign(tables, read.tables);
      else errors.push(...read.errors);
    }
    if (errors.length > 0) return { ok: false, errors };
    if (Object.keys(tables).length === 0)
      return { ok: false, errors: [{ table: undefined, line: 1, column: '', key: 'errCatalogueNoSheet' }] };
    return { ok: true, tables };
  }
  const records = readCsvRecords(bytes);
  const header = records.ok ? records.records[0]?.cells : undefined;
  const table = header ? tableOfHeader(header) : undefined;
  if (records.ok && !table) return { ok: false, errors: [{ table: undefined, line: 1, column: '', key: 'errCatalogueUnknownTable' }] };
  // An unreadable CSV is reported by the reader itself, with its line.
  return readOne(table ?? 'counters', bytes);
}
