/**
 * The rows of an uploaded 校区 table, whichever format the office saved it in: CSV (UTF-8 with or
 * without a BOM, or Shift_JIS) read by lib/csv-table.ts, or an Excel workbook (its first sheet) read by
 * documents/xlsx.ts. Either way: a header row, then one row per 町丁目, each with the line a person finds
 * it on (the editor's line, or Excel's row number).
 */
import { readCsvRecords } from '../../lib/csv-table.ts';
import { readXlsx, XlsxReadError } from '../documents/xlsx.ts';

export interface TableRow {
  line: number;
  /** Cell text by header name, trimmed; '' for a blank cell. */
  cells: ReadonlyMap<string, string>;
}

export type TableRead = { ok: true; header: string[]; headerLine: number; rows: TableRow[] } | { ok: false; line: number; key: string };

/** An .xlsx file is a ZIP archive: it starts with "PK\x03\x04". */
export function isXlsx(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}

function byName(header: readonly string[], cells: readonly (string | number | null)[]): Map<string, string> {
  const out = new Map<string, string>();
  header.forEach((name, i) => {
    if (name && !out.has(name)) out.set(name, String(cells[i] ?? '').trim());
  });
  return out;
}

export async function readTable(bytes: Uint8Array): Promise<TableRead> {
  let records: { line: number; cells: (string | number | null)[] }[];
  if (isXlsx(bytes)) {
    try {
      const [sheet] = await readXlsx(bytes);
      records = (sheet?.rows ?? [])
        .map((cells, i) => ({ line: i + 1, cells }))
        .filter((r) => r.cells.some((v) => v !== null && String(v).trim() !== ''));
    } catch (error) {
      if (error instanceof XlsxReadError) return { ok: false, line: 1, key: 'errDistrictFileUnreadable' };
      throw error;
    }
  } else {
    const read = readCsvRecords(bytes);
    if (!read.ok)
      return { ok: false, line: read.line, key: read.reason === 'unclosed-quote' ? 'errDistrictCsvQuote' : 'errDistrictCsvSyntax' };
    records = read.records;
  }
  const [first, ...body] = records;
  if (!first) return { ok: false, line: 1, key: 'errDistrictFileEmpty' };
  // Header names are compared as NFKC: 「郵便番号 」 or a full-width space must not hide a column.
  const header = first.cells.map((v) =>
    String(v ?? '')
      .normalize('NFKC')
      .trim(),
  );
  return { ok: true, header, headerLine: first.line, rows: body.map((r) => ({ line: r.line, cells: byName(header, r.cells) })) };
}
