/** A CSV download in the encoding the query asks for (`?encoding=sjis`; UTF-8 with a BOM otherwise). */
import type { Context } from 'hono';
import { type CsvRow, csvBytes, csvEncodingOf, csvHeaders } from '../lib/csv-export.ts';
import type { AppEnv } from './env.ts';

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
