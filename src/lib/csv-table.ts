/**
 * Reads a city's CSV file into rows of normalised cells keyed by header name. City offices save CSV from
 * Excel, so the bytes may be UTF-8 (often with a BOM) or Shift_JIS (CP932); cells often hold full-width
 * digits. Problems are reported with the physical line a person sees when opening the file in an editor.
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

/** UTF-8 when the bytes are valid UTF-8 (Shift_JIS kanji almost never are), else CP932. */
export function decodeCsv(input: Buffer): string {
  const text = isUtf8(input) ? input.toString('utf8') : iconv.decode(input, 'CP932');
  return text.replace(/^\uFEFF/, '');
}

interface ParsedRecord {
  record: string[];
  info: { lines: number };
}

export function readCsvTable(input: Buffer, spec: ColumnSpec): CsvTable {
  // One line-ending style, so that csv-parse's line count matches what an editor shows.
  const text = decodeCsv(input).replace(/\r\n?/g, '\n');
  let records: ParsedRecord[];
  try {
    // With `info: true` csv-parse returns { record, info } objects, which its sync typings do not model.
    records = parse(text, {
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
      skip_records_with_empty_values: true,
    }) as unknown as ParsedRecord[];
  } catch (error) {
    if (error instanceof CsvError) return { ok: false, errors: [csvSyntaxError(error)] };
    throw error;
  }
  const [header, ...body] = records;
  if (!header) return { ok: false, errors: [{ line: 1, column: '', message: 'ファイルが空です。1行目に見出し行が必要です。' }] };
  const names = header.record.map(normalizeCell);
  const headerErrors = checkHeader(names, spec, startLine(header));
  if (headerErrors.length > 0) return { ok: false, errors: headerErrors };

  const rows: CsvRow[] = [];
  const errors: ImportError[] = [];
  for (const parsed of body) {
    const line = startLine(parsed);
    const problem = columnCountProblem(parsed.record, names.length);
    if (problem) errors.push({ line, column: '', message: problem });
    else
      rows.push({
        line,
        cells: cellsByName(names, parsed.record, normalizeCell),
        original: cellsByName(names, parsed.record, (v) => v.trim()),
      });
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, rows };
}

/** csv-parse reports the line a record ends on; a quoted cell with line breaks started that many lines earlier. */
function startLine(parsed: ParsedRecord): number {
  const breaks = parsed.record.reduce((n, cell) => n + (cell.match(/\n/g)?.length ?? 0), 0);
  return parsed.info.lines - breaks;
}

function csvSyntaxError(error: CsvError): ImportError {
  const line = typeof error.lines === 'number' && error.lines > 0 ? error.lines : 1;
  const message =
    error.code === 'CSV_QUOTE_NOT_CLOSED'
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
