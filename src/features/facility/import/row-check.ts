/**
 * What the facilities and rooms imports share: the report they give, and RowCheck, which reads one row's
 * cells and collects every problem on the way, so one pass over a file reports every bad cell.
 */

import { type CsvRow, cellOf, type ImportError, textOf } from '../../../lib/csv-table.ts';
import type { Parsed } from './cell-parsers.ts';

export type ImportReport = { ok: true; inserted: number; updated: number } | { ok: false; errors: ImportError[] };

export interface ImportOptions {
  now: Date;
}

/** Collects the problems of one row while reading its cells, so one pass reports every bad cell. */
export class RowCheck {
  readonly errors: ImportError[] = [];
  constructor(readonly row: CsvRow) {}

  fail(column: string, message: string): undefined {
    this.errors.push({ line: this.row.line, column, message });
    return undefined;
  }

  required(column: string): string | undefined {
    const text = textOf(this.row, column);
    return text === '' ? this.fail(column, `${column}を書いてください。`) : text;
  }

  /** Blank cells become null, as the catalogue stores them. */
  optionalText(column: string): string | null {
    const text = textOf(this.row, column);
    return text === '' ? null : text;
  }

  parse<T>(column: string, parser: (text: string) => Parsed<T>): T | undefined {
    const result = parser(cellOf(this.row, column));
    return result.ok ? result.value : this.fail(column, result.message);
  }

  /** null for a blank cell, undefined for an unreadable one. */
  parseOptional<T>(column: string, parser: (text: string) => Parsed<T>): T | null | undefined {
    return cellOf(this.row, column) === '' ? null : this.parse(column, parser);
  }
}

const byLine = (a: ImportError, b: ImportError) => a.line - b.line;

/** A failed import reports its problems in file order, whichever check found them. */
export function failure(errors: ImportError[]): ImportReport {
  return { ok: false, errors: [...errors].sort(byLine) };
}
