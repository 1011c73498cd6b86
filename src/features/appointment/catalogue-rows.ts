/**
 * Reads each row of an imported catalogue table into its typed form, with every problem of the row on
 * the way (a bad time, closes before opens, a negative booking window …), so one pass reports every bad
 * cell. What needs other rows or the database (an unknown counter code, a duration that is not a whole
 * number of the counter's slots) is checked later, on the catalogue as it would be (catalogue-plan.ts).
 */
import { controlCharIssues } from '../../http/validation.ts';
import { type CsvRow, cellOf, textOf } from '../../lib/csv-table.ts';
import type { MessageKey } from '../../lib/i18n.ts';
import { isLocalDate } from '../../lib/time.ts';
import { parseClockTime } from '../facility/import/cell-parsers.ts';
import {
  type Catalogue,
  type CatalogueIssue,
  type CatalogueTable,
  DAY_STATUS_LABELS,
  type DayRow,
  type DayStatus,
  ELIGIBILITY_LABELS,
  type HoursRow,
  NO,
  WEEKDAY_CHARS,
  YES,
} from './catalogue.ts';

const CODE = /^[A-Za-z0-9_-]{1,64}$/;

class Row {
  constructor(
    readonly table: CatalogueTable,
    readonly row: CsvRow,
    readonly issues: CatalogueIssue[],
  ) {}

  fail(column: string, key: MessageKey, params: Record<string, string | number> = {}): undefined {
    this.issues.push({ table: this.table, line: this.row.line, column, key, params: { column, ...params } });
    return undefined;
  }

  /** Free text as written (trimmed); `required` refuses a blank cell. */
  text(column: string, required = false, max = 400): string {
    const value = textOf(this.row, column);
    if (required && value === '') this.fail(column, 'errCatalogueRequired');
    else if (value.length > max) this.fail(column, 'errCatalogueTooLong', { max });
    return value;
  }

  code(column: string): string {
    const value = cellOf(this.row, column);
    if (value === '') this.fail(column, 'errCatalogueRequired');
    else if (!CODE.test(value)) this.fail(column, 'errCatalogueCode', { value });
    return value;
  }

  /** The number, or NaN (reported) when the cell is not one in range: a row with NaN is never kept. */
  whole(column: string, min: number, max: number): number {
    const value = cellOf(this.row, column);
    if (value === '') return this.fail(column, 'errCatalogueRequired') ?? Number.NaN;
    const n = /^-?\d+$/.test(value) ? Number(value) : Number.NaN;
    if (Number.isNaN(n)) return this.fail(column, 'errCatalogueWhole', { value }) ?? Number.NaN;
    if (n < min || n > max) return this.fail(column, 'errCatalogueRange', { value, min, max }) ?? Number.NaN;
    return n;
  }

  time(column: string, required: boolean): string | null {
    const raw = cellOf(this.row, column);
    if (raw === '') return required ? (this.fail(column, 'errCatalogueRequired') ?? null) : null;
    // Excel keeps a time typed into a cell as a fraction of a day (0.375 is 9:00).
    const fraction = /^0?\.\d+$/.test(raw) ? Math.round(Number(raw) * 24 * 60) : undefined;
    const text = fraction === undefined ? raw : `${Math.floor(fraction / 60)}:${String(fraction % 60).padStart(2, '0')}`;
    const parsed = parseClockTime(text);
    return parsed.ok ? parsed.value : (this.fail(column, 'errCatalogueTime', { value: raw }) ?? null);
  }

  /** Opens before closes, when both were readable. */
  period(opens: string | null, closes: string | null, column: string) {
    if (opens && closes && closes <= opens) this.fail(column, 'errCatalogueClosesBeforeOpens', { opens, closes });
  }

  choice<T extends string>(column: string, labels: Record<T, string>): T | undefined {
    const value = cellOf(this.row, column);
    const found = (Object.keys(labels) as T[]).find((k) => k === value || labels[k].normalize('NFKC') === value);
    if (found) return found;
    return this.fail(column, value === '' ? 'errCatalogueRequired' : 'errCatalogueChoice', {
      value,
      choices: Object.values<string>(labels).join('・'),
    });
  }
}

const lines = (text: string) =>
  text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '');

type Parsed<T extends CatalogueTable> = { row: Catalogue[T][number]; line: number };

export interface ParsedTables {
  rows: { [T in CatalogueTable]?: Parsed<T>[] };
  issues: CatalogueIssue[];
}

export function parseRows(tables: Partial<Record<CatalogueTable, CsvRow[]>>): ParsedTables {
  const issues: CatalogueIssue[] = [];
  const each = <T extends CatalogueTable>(table: T, read: (r: Row) => Catalogue[T][number] | undefined): Parsed<T>[] | undefined => {
    const rows = tables[table];
    if (!rows) return undefined;
    const out: Parsed<T>[] = [];
    for (const csv of rows) {
      const r = new Row(table, csv, []);
      // No database text takes a NUL, and no control character belongs in a name or a code.
      for (const { field } of controlCharIssues(Object.fromEntries(csv.original))) r.fail(field, 'errControlChars');
      const row = read(r);
      issues.push(...r.issues);
      if (row && r.issues.length === 0) out.push({ row, line: csv.line });
    }
    return out;
  };
  const rows: ParsedTables['rows'] = {
    counters: each('counters', (r) => {
      const slotMinutes = r.whole('枠(分)', 5, 120);
      return {
        office: r.code('庁舎ID'),
        code: r.code('窓口コード'),
        name: r.text('窓口名', true, 100),
        nameEn: r.text('窓口名(英語)', true, 100),
        place: r.text('場所', false, 100),
        placeEn: r.text('場所(英語)', false, 100),
        slotMinutes,
        desks: r.whole('窓口数', 1, 50),
        lateGraceMinutes: r.whole('遅刻の猶予(分)', 0, 120),
        order: r.whole('並び順', 0, 9999),
      };
    }),
    hours: each('hours', (r): HoursRow | undefined => {
      const counter = r.code('窓口コード');
      const weekday = r.choice('曜日', Object.fromEntries(WEEKDAY_CHARS.map((c, i) => [String(i), c])));
      const opens = r.time('開始', true);
      const closes = r.time('終了', true);
      r.period(opens, closes, '終了');
      if (weekday === undefined || !opens || !closes) return undefined;
      return { counter, weekday: Number(weekday), opens, closes };
    }),
    days: each('days', (r): DayRow | undefined => {
      const counter = r.code('窓口コード');
      const date = cellOf(r.row, '日付').replaceAll('/', '-');
      if (!isLocalDate(date)) r.fail('日付', date === '' ? 'errCatalogueRequired' : 'errCatalogueDate', { value: date });
      const status = r.choice<DayStatus>('種類', DAY_STATUS_LABELS);
      const opens = r.time('開始', status === 'open');
      const closes = r.time('終了', status === 'open');
      r.period(opens, closes, '終了');
      const desksText = cellOf(r.row, '窓口数');
      const desks = desksText === '' && status !== 'desks' ? null : r.whole('窓口数', 0, 50);
      if (status === 'closed' && (opens || closes || desks !== null)) r.fail('種類', 'errCatalogueClosedWithHours');
      if (status === 'desks' && (opens || closes)) r.fail('種類', 'errCatalogueDesksWithHours');
      if (!status) return undefined;
      return { counter, date, status, opens, closes, desks, note: r.text('メモ', false, 200) };
    }),
    services: each('services', (r) => {
      const bookFromDays = r.whole('予約開始(日前)', 0, 365);
      const bookUntilDays = r.whole('予約締切(日前)', 0, 365);
      if (bookUntilDays > bookFromDays)
        r.fail('予約締切(日前)', 'errCatalogueWindowReversed', { from: bookFromDays, until: bookUntilDays });
      const eligibility = r.choice('予約できる人', ELIGIBILITY_LABELS);
      const walkIns = r.choice('当日受付', { yes: YES, no: NO });
      return {
        counter: r.code('窓口コード'),
        code: r.code('手続コード'),
        name: r.text('手続名', true, 100),
        nameEn: r.text('手続名(英語)', true, 100),
        durationMinutes: r.whole('所要時間(分)', 5, 480),
        documents: lines(r.text('持ち物', false, 2000)),
        documentsEn: lines(r.text('持ち物(英語)', false, 2000)),
        notes: r.text('備考', false, 2000),
        notesEn: r.text('備考(英語)', false, 2000),
        eligibility: eligibility ?? 'anyone',
        bookFromDays,
        bookUntilDays,
        walkIns: walkIns === 'yes',
        order: r.whole('並び順', 0, 9999),
      };
    }),
    life_events: each('life_events', (r) => {
      const services = cellOf(r.row, '手続コード(順に)')
        .split(/[\s,、]+/)
        .filter((s) => s !== '');
      if (services.length === 0) r.fail('手続コード(順に)', 'errCatalogueRequired');
      for (const code of services) if (!CODE.test(code)) r.fail('手続コード(順に)', 'errCatalogueCode', { value: code });
      if (new Set(services).size !== services.length) r.fail('手続コード(順に)', 'errCatalogueServiceTwice');
      return {
        code: r.code('ライフイベントコード'),
        name: r.text('名前', true, 100),
        nameEn: r.text('名前(英語)', true, 100),
        description: r.text('説明', false, 2000),
        descriptionEn: r.text('説明(英語)', false, 2000),
        gapMinutes: r.whole('移動の時間(分)', 0, 120),
        order: r.whole('並び順', 0, 9999),
        services,
      };
    }),
  };
  return { rows, issues };
}
