/**
 * Reads a city's CSV file: the one CSV reader, for imports and for reading our own downloads back. City
 * offices save CSV from Excel, so the bytes may be UTF-8 (often with a BOM) or Shift_JIS (CP932); cells
 * often hold full-width digits. Records and problems carry the physical line a person sees when opening
 * the file in an editor. `readCsvRecords` gives the raw records; `readCsvTable` checks the header against
 * the columns an import needs and gives rows of normalised cells keyed by header name.
 */
import { isUtf8 } from 'node:buffer';
import { CsvError, parse } from 'csv-parse/sync';
import iconv from 'iconv-lite';

/** One problem in an imported file: 1-based physical line, the column as named in the header, plain Japanese. */
export interface ImportError {
  line: number;
  column: string;
  message: string;
}

export interface CsvRow {
  /** Physical line where the record starts; a quoted cell may span several lines. */
  line: number;
  /** Cell text after NFKC + trim, by header name; '' for a blank cell. Used for codes, numbers, dates. */
  cells: ReadonlyMap<string, string>;
  /** Cell text only trimmed: names and notes are stored as written (（新館） stays full-width). */
  original: ReadonlyMap<string, string>;
}

export type CsvTable = { ok: true; rows: CsvRow[] } | { ok: false; errors: ImportError[] };

export interface ColumnSpec {
  required: readonly string[];
  optional: readonly string[];
}

/** Codes, numbers and times are read in this form: full-width digits and letters become ASCII. */
export function normalizeCell(value: string): string {
  return value.normalize('NFKC').trim();
}

/** UTF-8 when the bytes are valid UTF-8 (Shift_JIS kanji almost never are), else CP932; no BOM. */
export function decodeCsv(input: Uint8Array): string {
  const bytes = Buffer.from(input);
  const text = isUtf8(bytes) ? bytes.toString('utf8') : iconv.decode(bytes, 'CP932');
  return text.replace(/^\uFEFF/, '');
}

export interface CsvRecord {
  /** Physical line where the record starts (a quoted cell may span several lines). */
  line: number;
  cells: string[];
}

/** The records of a CSV file, or where and why it cannot be read (an unclosed quote, broken quoting). */
export type CsvRead = { ok: true; records: CsvRecord[] } | { ok: false; line: number; reason: 'unclosed-quote' | 'syntax' };

export function readCsvRecords(input: Uint8Array): CsvRead {
  // One line-ending style, so that csv-parse's line count matches what an editor shows.
  const text = decodeCsv(input).replace(/\r\n?/g, '\n');
  let parsed: { record: string[]; info: { lines: number } }[];
  try {
    // With `info: true` csv-parse returns { record, info } objects, which its sync typings do not model.
    parsed = parse(text, {
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
      skip_records_with_empty_values: true,
    }) as unknown as typeof parsed;
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    const line = typeof error.lines === 'number' && error.lines > 0 ? error.lines : 1;
    return { ok: false, line, reason: error.code === 'CSV_QUOTE_NOT_CLOSED' ? 'unclosed-quote' : 'syntax' };
  }
  return {
    ok: true,
    records: parsed.map(({ record, info }) => {
      // csv-parse reports the line a record ends on; a quoted cell with line breaks started earlier.
      const breaks = record.reduce((n, cell) => n + (cell.match(/\n/g)?.length ?? 0), 0);
      return { line: info.lines - breaks, cells: record };
    }),
  };
}

export function readCsvTable(input: Uint8Array, spec: ColumnSpec): CsvTable {
  const read = readCsvRecords(input);
  if (!read.ok) return { ok: false, errors: [csvSyntaxError(read)] };
  const [header, ...body] = read.records;
  if (!header) return { ok: false, errors: [{ line: 1, column: '', message: 'ファイルが空です。1行目に見出し行が必要です。' }] };
  const names = header.cells.map(normalizeCell);
  const headerErrors = checkHeader(names, spec, header.line);
  if (headerErrors.length > 0) return { ok: false, errors: headerErrors };

  const rows: CsvRow[] = [];
  const errors: ImportError[] = [];
  for (const { line, cells } of body) {
    const problem = columnCountProblem(cells, names.length);
    if (problem) errors.push({ line, column: '', message: problem });
    else
      rows.push({
        line,
        cells: cellsByName(names, cells, normalizeCell),
        original: cellsByName(names, cells, (v) => v.trim()),
      });
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, rows };
}

function csvSyntaxError({ line, reason }: Extract<CsvRead, { ok: false }>): ImportError {
  const message =
    reason === 'unclosed-quote'
      ? '「"」で始まった値が閉じられていません。'
      : 'CSVとして読み取れません。値に「,」「"」や改行を含む場合は、値全体を「"」で囲み、中の「"」は「""」と書いてください。';
  return { line, column: '', message };
}

function checkHeader(names: readonly string[], spec: ColumnSpec, line: number): ImportError[] {
  const missing = spec.required.filter((name) => !names.includes(name));
  if (missing.length > 0) {
    return [{ line, column: missing.join('、'), message: `見出し行に必要な列がありません: ${missing.join('、')}` }];
  }
  // A known column twice would make it ambiguous which value we import; unknown columns are ignored.
  const known = new Set([...spec.required, ...spec.optional]);
  const repeated = [...new Set(names.filter((name, i) => known.has(name) && names.indexOf(name) !== i))];
  return repeated.map((name) => ({ line, column: name, message: `見出し行に列「${name}」が2回以上あります。` }));
}

/** Excel writes every row with the header's column count, so another count means shifted cells (an unquoted comma, usually). */
function columnCountProblem(record: readonly string[], expected: number): string | undefined {
  if (record.length === expected) return undefined;
  return `列の数（${record.length}）が見出し行の列の数（${expected}）と違います。値に「,」を含む場合は値全体を「"」で囲んでください。`;
}

function cellsByName(names: readonly string[], record: readonly string[], clean: (value: string) => string): Map<string, string> {
  const cells = new Map<string, string>();
  names.forEach((name, i) => {
    if (!cells.has(name)) cells.set(name, clean(record[i] ?? ''));
  });
  return cells;
}

export function cellOf(row: CsvRow, column: string): string {
  return row.cells.get(column) ?? '';
}

/** The cell as written (trimmed), for free text that is stored rather than parsed. */
export function textOf(row: CsvRow, column: string): string {
  return row.original.get(column) ?? '';
}
