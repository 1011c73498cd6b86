/**
 * CSV files people open in Excel: CRLF line ends, and either UTF-8 with a BOM (Excel needs the BOM to
 * read UTF-8) or Shift_JIS (CP932) for older Excel and city systems. Writing is csv-stringify (quoting
 * done right); Shift_JIS is iconv-lite. A character CP932 cannot hold becomes 〓 (the geta mark used on
 * Japanese forms for an unprintable character), never a silent '?'. Reading, in either encoding, is the
 * one CSV reader in lib/csv-table.ts.
 */
import { stringify } from 'csv-stringify/sync';
import type { Context } from 'hono';
import iconv from 'iconv-lite';
import type { AppEnv } from '../../http/env.ts';

export const CSV_ENCODINGS = ['utf8', 'sjis'] as const;
export type CsvEncoding = (typeof CSV_ENCODINGS)[number];

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/**
 * Characters that look the same but have another code in CP932 (Unicode's JIS mapping differs from
 * Microsoft's): text typed on a Mac or pasted from JIS sources. Mapped to the CP932 form, not lost.
 */
const CP932_LOOKALIKES: Record<string, string> = { '〜': '～', '−': '－', '—': '―', '‖': '∥', '¢': '￠', '£': '￡', '¬': '￢' };

/** Characters outside CP932, which iconv-lite would turn into '?'. */
function toCp932Safe(text: string): string {
  let out = '';
  for (const raw of text) {
    const ch = CP932_LOOKALIKES[raw] ?? raw;
    out += iconv.decode(iconv.encode(ch, 'CP932'), 'CP932') === ch ? ch : '〓';
  }
  return out;
}

export type CsvRow = readonly (string | number | null)[];

export function csvBytes(header: readonly string[], rows: readonly CsvRow[], encoding: CsvEncoding): Buffer {
  // A cell with a bare line feed must be quoted too: with CRLF records csv-stringify only quotes on CRLF.
  const text = stringify([header, ...rows.map((r) => r.map((v) => (v === null ? '' : String(v))))], {
    record_delimiter: 'windows',
    quoted_match: /[\r\n]/,
  });
  if (encoding === 'utf8') return Buffer.concat([BOM, Buffer.from(text, 'utf8')]);
  // The per-character check is only needed where a character is not plain ASCII.
  // biome-ignore lint/suspicious/noControlCharactersInRegex: ASCII range test.
  return iconv.encode(/^[\u0000-\u007f]*$/.test(text) ? text : toCp932Safe(text), 'CP932');
}

/** `?encoding=sjis` (or shift_jis, cp932) asks for Shift_JIS; anything else, or nothing, is UTF-8. */
export function csvEncodingOf(query: string | undefined): CsvEncoding {
  return /^(sjis|shift_jis|shift-jis|cp932)$/i.test(query ?? '') ? 'sjis' : 'utf8';
}

export function csvHeaders(filename: string, encoding: CsvEncoding): Record<string, string> {
  return {
    'content-type': `text/csv; charset=${encoding === 'sjis' ? 'Shift_JIS' : 'utf-8'}`,
    'content-disposition': `attachment; filename="${filename}"; filename*=UTF-8''${encodeURIComponent(filename)}`,
  };
}

/** A CSV download in the encoding the query asks for (`?encoding=sjis`; UTF-8 with a BOM otherwise). */
export function csvResponse(
  c: Context<AppEnv>,
  filename: string,
  header: readonly string[],
  rows: readonly CsvRow[],
  extraHeaders: Record<string, string> = {},
) {
  const encoding = csvEncodingOf(c.req.query('encoding'));
  return c.body(new Uint8Array(csvBytes(header, rows, encoding)), 200, { ...csvHeaders(filename, encoding), ...extraHeaders });
}
