/**
 * Excel workbooks (.xlsx) with exceljs, for what city offices keep in Excel rather than CSV: lists to
 * hand out, and sheets they send back to import. Writing gives each sheet a bold header row; reading
 * gives each sheet's cells as plain values (text, number, or null for blank), whatever formatting,
 * rich text or formula the office used, so an importer checks values, not Excel's cell types.
 * exceljs (about 30 MiB) is imported when the first workbook is made or read, not at server start.
 */
import type ExcelJS from 'exceljs';

const loadExcel = async () => (await import('exceljs')).default;

export type XlsxCell = string | number | null;

export interface XlsxSheet {
  /** Excel allows at most 31 characters and none of \ / ? * [ ] : in a sheet name. */
  name: string;
  header: readonly string[];
  rows: readonly (readonly XlsxCell[])[];
}

export interface ReadSheet {
  name: string;
  /** Every row, the header included, each as long as the sheet's widest row. */
  rows: XlsxCell[][];
}

/** A file that is not a readable workbook: the caller says so in plain words (422). */
export class XlsxReadError extends Error {}

export async function xlsxBytes(sheets: readonly XlsxSheet[]): Promise<Buffer> {
  const book = new (await loadExcel()).Workbook();
  book.creator = 'tsunagu';
  for (const sheet of sheets) {
    const ws = book.addWorksheet(sheet.name);
    ws.addRow([...sheet.header]).font = { bold: true };
    for (const row of sheet.rows) ws.addRow([...row]);
    ws.columns.forEach((column, i) => {
      const widest = Math.max(...[sheet.header[i] ?? '', ...sheet.rows.map((r) => String(r[i] ?? ''))].map(displayWidth));
      column.width = Math.min(60, Math.max(8, widest + 2));
    });
  }
  return Buffer.from(await book.xlsx.writeBuffer());
}

/** Full-width characters take two columns in Excel's width unit (Latin-1 and half-width kana take one). */
function displayWidth(text: string): number {
  let n = 0;
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0;
    n += code <= 0xff || (code >= 0xff61 && code <= 0xff9f) ? 1 : 2;
  }
  return n;
}

function plain(value: ExcelJS.CellValue): XlsxCell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number' || typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if ('richText' in value) return value.richText.map((part) => part.text).join('');
  if ('result' in value) return value.result === undefined ? null : plain(value.result as ExcelJS.CellValue);
  if ('text' in value) return String(value.text);
  if ('error' in value) return null;
  return null;
}

export async function readXlsx(bytes: Buffer | Uint8Array): Promise<ReadSheet[]> {
  const book = new (await loadExcel()).Workbook();
  try {
    await book.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  } catch (error) {
    throw new XlsxReadError(`not a readable .xlsx workbook: ${String(error)}`);
  }
  return book.worksheets.map((ws) => {
    const width = ws.columnCount;
    const rows: XlsxCell[][] = [];
    for (let r = 1; r <= ws.rowCount; r++) {
      const row = ws.getRow(r);
      rows.push(Array.from({ length: width }, (_, c) => plain(row.getCell(c + 1).value)));
    }
    return { name: ws.name, rows };
  });
}

export function xlsxHeaders(filename: string): Record<string, string> {
  return {
    'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    'content-disposition': `attachment; filename="${filename}"; filename*=UTF-8''${encodeURIComponent(filename)}`,
  };
}
