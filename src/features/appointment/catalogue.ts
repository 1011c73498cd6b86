/**
 * The counter catalogue as a staff-managed file (窓口の設定ファイル): the five tables people export, edit
 * in Excel and import back, in the form both directions share. Rows are keyed by codes, never by ids,
 * so a file is readable and can move between databases: a counter by its 窓口コード, a service by its
 * 手続コード, a life event by its コード (the life event's id), hours by (counter, weekday, opens), a day
 * exception by (counter, date).
 *
 * Cells: 持ち物 are one item a line inside the cell (Alt+Enter in Excel), as the catalogue stores them
 * — a ';' is kept as part of an item, so a round trip never splits one. A life event's services are
 * 手続コード in the order they are done, one a line (commas, 、 and spaces also separate on import). The
 * weekday is 日月火水木金土; a day exception's kind is 休み / 開庁 / 窓口数; yes/no cells are はい / いいえ.
 */
import type { MessageKey } from '../../lib/i18n.ts';
import type { LocalDate } from '../../lib/time.ts';
import type { Counter, DayException, Service } from './appointment.ts';

export const CATALOGUE_TABLES = ['counters', 'hours', 'days', 'services', 'life_events'] as const;
export type CatalogueTable = (typeof CATALOGUE_TABLES)[number];

/** A counter as the file has it: its office (organisation id) and its place in the list, no id. */
export type CounterRow = Omit<Counter, 'id' | 'officeId'> & { office: string; order: number };

export interface HoursRow {
  counter: string;
  /** 0 = Sunday … 6 = Saturday, as the catalogue stores it. */
  weekday: number;
  opens: string;
  closes: string;
}

export type DayStatus = DayException['status'];

export interface DayRow {
  counter: string;
  date: LocalDate;
  status: DayStatus;
  opens: string | null;
  closes: string | null;
  desks: number | null;
  note: string;
}

/** A service as the file has it: its counter by 窓口コード and its place in the list, no id. */
export type ServiceRow = Omit<Service, 'id' | 'counterId'> & { counter: string; order: number };

export interface LifeEventRow {
  code: string;
  name: string;
  nameEn: string;
  description: string;
  descriptionEn: string;
  gapMinutes: number;
  order: number;
  /** 手続コード in the order they are done. */
  services: string[];
}

export interface Catalogue {
  counters: CounterRow[];
  hours: HoursRow[];
  days: DayRow[];
  services: ServiceRow[];
  life_events: LifeEventRow[];
}

export type CatalogueRow<T extends CatalogueTable> = Catalogue[T][number];

/** Sheet names (xlsx) and the names of the tables in messages; Japanese whatever the page language. */
export const SHEET_NAMES: Record<CatalogueTable, string> = {
  counters: '窓口',
  hours: '受付時間',
  days: '例外の日',
  services: '手続',
  life_events: 'ライフイベント',
};

export const WEEKDAY_CHARS = ['日', '月', '火', '水', '木', '金', '土'];
export const DAY_STATUS_LABELS: Record<DayStatus, string> = { closed: '休み', open: '開庁', desks: '窓口数' };
export const ELIGIBILITY_LABELS = { anyone: 'だれでも', ward_residents: '区民のみ' } as const;
export const YES = 'はい';
export const NO = 'いいえ';

/** The header of each table, in file order; every column is required on import (a round trip has them all). */
export const HEADERS = {
  counters: ['庁舎ID', '窓口コード', '窓口名', '窓口名(英語)', '場所', '場所(英語)', '枠(分)', '窓口数', '遅刻の猶予(分)', '並び順'],
  hours: ['窓口コード', '曜日', '開始', '終了'],
  days: ['窓口コード', '日付', '種類', '開始', '終了', '窓口数', 'メモ'],
  services: [
    '窓口コード',
    '手続コード',
    '手続名',
    '手続名(英語)',
    '所要時間(分)',
    '持ち物',
    '持ち物(英語)',
    '備考',
    '備考(英語)',
    '予約できる人',
    '予約開始(日前)',
    '予約締切(日前)',
    '当日受付',
    '並び順',
  ],
  life_events: ['ライフイベントコード', '名前', '名前(英語)', '説明', '説明(英語)', '移動の時間(分)', '並び順', '手続コード(順に)'],
} as const satisfies Record<CatalogueTable, readonly string[]>;

export type Cell = string | number | null;

/** One row as the file holds it, in HEADERS order. */
export const toCells = {
  counters: (r: CounterRow): Cell[] => [
    r.office,
    r.code,
    r.name,
    r.nameEn,
    r.place,
    r.placeEn,
    r.slotMinutes,
    r.desks,
    r.lateGraceMinutes,
    r.order,
  ],
  hours: (r: HoursRow): Cell[] => [r.counter, WEEKDAY_CHARS[r.weekday] ?? '', r.opens, r.closes],
  days: (r: DayRow): Cell[] => [r.counter, r.date, DAY_STATUS_LABELS[r.status], r.opens, r.closes, r.desks, r.note],
  services: (r: ServiceRow): Cell[] => [
    r.counter,
    r.code,
    r.name,
    r.nameEn,
    r.durationMinutes,
    r.documents.join('\n'),
    r.documentsEn.join('\n'),
    r.notes,
    r.notesEn,
    ELIGIBILITY_LABELS[r.eligibility],
    r.bookFromDays,
    r.bookUntilDays,
    r.walkIns ? YES : NO,
    r.order,
  ],
  life_events: (r: LifeEventRow): Cell[] => [
    r.code,
    r.name,
    r.nameEn,
    r.description,
    r.descriptionEn,
    r.gapMinutes,
    r.order,
    r.services.join('\n'),
  ],
} satisfies { [T in CatalogueTable]: (row: CatalogueRow<T>) => Cell[] };

/** The key a row is matched on between the file and the database (see the file comment). */
export const keyOf = {
  counters: (r: CounterRow) => r.code,
  hours: (r: HoursRow) => `${r.counter}|${r.weekday}|${r.opens}`,
  days: (r: DayRow) => `${r.counter}|${r.date}`,
  services: (r: ServiceRow) => r.code,
  life_events: (r: LifeEventRow) => r.code,
} satisfies { [T in CatalogueTable]: (row: CatalogueRow<T>) => string };

/** How a row is named in the preview: its key as a person reads it. */
export const labelOf = {
  counters: (r: CounterRow) => `${r.code}（${r.name}）`,
  hours: (r: HoursRow) => `${r.counter} ${WEEKDAY_CHARS[r.weekday] ?? ''} ${r.opens}〜${r.closes}`,
  days: (r: DayRow) => `${r.counter} ${r.date} ${DAY_STATUS_LABELS[r.status]}`,
  services: (r: ServiceRow) => `${r.code}（${r.name}）`,
  life_events: (r: LifeEventRow) => `${r.code}（${r.name}）`,
} satisfies { [T in CatalogueTable]: (row: CatalogueRow<T>) => string };

/** The same row? Compared as the file writes it, so only what a person can see counts as a change. */
export function sameRow<T extends CatalogueTable>(table: T, a: CatalogueRow<T>, b: CatalogueRow<T>): boolean {
  const cells = toCells[table] as (row: CatalogueRow<T>) => Cell[];
  return JSON.stringify(cells(a)) === JSON.stringify(cells(b));
}

export const emptyCatalogue = (): Catalogue => ({ counters: [], hours: [], days: [], services: [], life_events: [] });

/**
 * One problem of an import: where (table, the line a person finds it on, the column) and what, as a
 * message key with its values, or as the CSV reader's own text (lib/csv-table.ts speaks Japanese only).
 */
export interface CatalogueIssue {
  /** undefined: the file as a whole, or the database as it is (a service with future appointments). */
  table: CatalogueTable | undefined;
  /** 0: no line (a problem of the catalogue as a whole). */
  line: number;
  column: string;
  key?: MessageKey;
  params?: Record<string, string | number>;
  text?: string;
}
