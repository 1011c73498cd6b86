/**
 * What an import would do, worked out before anything is written: the catalogue as it would be (each
 * table in the file replaces that table in scope; a table not in the file stays, less the rows of
 * counters the file removes), every rule that needs other rows or the database, and per table the rows
 * added, changed and removed. Removing means deactivating a counter or service (its past appointments
 * keep their names), deleting hours, exceptions and life events. Nothing with appointments to come is
 * removed: the plan refuses and names them.
 */
import type { Db } from '../../db/database.ts';
import type { LocalDate } from '../../lib/time.ts';
import {
  type CatalogueCodes,
  type CatalogueScope,
  existingOffices,
  lifeEventsInUse,
  loadCatalogue,
  loadCodes,
  withFutureAppointments,
} from './catalogue.repository.ts';
import {
  CATALOGUE_TABLES,
  type Catalogue,
  type CatalogueIssue,
  type CatalogueRow,
  type CatalogueTable,
  emptyCatalogue,
  keyOf,
  sameRow,
} from './catalogue.ts';
import type { ParsedTables } from './catalogue-rows.ts';

export interface TableDiff<T extends CatalogueTable> {
  added: CatalogueRow<T>[];
  changed: { before: CatalogueRow<T>; after: CatalogueRow<T> }[];
  removed: CatalogueRow<T>[];
  unchanged: number;
}

export type CatalogueDiff = { [T in CatalogueTable]: TableDiff<T> };

export interface CataloguePlan {
  current: Catalogue;
  final: Catalogue;
  diff: CatalogueDiff;
  codes: CatalogueCodes;
  /** Nothing would change: the preview says so and offers no confirmation. */
  empty: boolean;
}

export type PlanResult = { ok: true; plan: CataloguePlan } | { ok: false; issues: CatalogueIssue[] };

function diffOf<T extends CatalogueTable>(table: T, before: CatalogueRow<T>[], after: CatalogueRow<T>[]): TableDiff<T> {
  const key = keyOf[table] as (row: CatalogueRow<T>) => string;
  const old = new Map(before.map((r) => [key(r), r]));
  const now = new Set(after.map(key));
  const out: TableDiff<T> = { added: [], changed: [], removed: before.filter((r) => !now.has(key(r))), unchanged: 0 };
  for (const row of after) {
    const was = old.get(key(row));
    if (!was) out.added.push(row);
    else if (sameRow(table, was, row)) out.unchanged += 1;
    else out.changed.push({ before: was, after: row });
  }
  return out;
}

export async function planImport(db: Db, scope: CatalogueScope, today: LocalDate, parsed: ParsedTables): Promise<PlanResult> {
  const [current, codes] = await Promise.all([loadCatalogue(db, scope, today), loadCodes(db)]);
  const issues: CatalogueIssue[] = [];
  const fail = (table: CatalogueTable | undefined, line: number, column: string, key: CatalogueIssue['key'], params = {}) =>
    issues.push({ table, line, column, key, params });
  // Where each final row came from in the file (0: from the database).
  const lineOf = new Map<string, number>();
  const final = emptyCatalogue();
  for (const table of CATALOGUE_TABLES) {
    const rows = parsed.rows[table];
    const key = keyOf[table] as (row: CatalogueRow<typeof table>) => string;
    if (!rows) {
      (final[table] as CatalogueRow<typeof table>[]) = [...(current[table] as CatalogueRow<typeof table>[])];
      continue;
    }
    for (const { row, line } of rows as { row: CatalogueRow<typeof table>; line: number }[]) {
      const k = `${table}|${key(row)}`;
      if (lineOf.has(k)) fail(table, line, '', 'errCatalogueDuplicate', { key: key(row), first: lineOf.get(k) ?? 0 });
      else {
        lineOf.set(k, line);
        (final[table] as CatalogueRow<typeof table>[]).push(row);
      }
    }
  }
  const at = (table: CatalogueTable, key: string) => lineOf.get(`${table}|${key}`) ?? 0;

  // Counters: in scope, their codes not another office's.
  const offices =
    scope.kind === 'all'
      ? await existingOffices(
          db,
          final.counters.map((c) => c.office),
        )
      : new Set([scope.officeId]);
  const counters = new Map(final.counters.map((c) => [c.code, c]));
  for (const c of final.counters) {
    const line = at('counters', c.code);
    if (!offices.has(c.office))
      fail('counters', line, '庁舎ID', scope.kind === 'all' ? 'errCatalogueUnknownOffice' : 'errCatalogueOtherOffice', { value: c.office });
    const existing = codes.counters.get(c.code);
    if (existing && existing.office_id !== c.office) fail('counters', line, '窓口コード', 'errCatalogueCounterCodeTaken', { code: c.code });
  }
  // A table not in the file loses the rows of counters the file removes.
  const kept = <R extends { counter: string }>(table: CatalogueTable, rows: R[]) =>
    parsed.rows[table] ? rows : rows.filter((r) => counters.has(r.counter));
  final.hours = kept('hours', final.hours);
  final.days = kept('days', final.days);
  final.services = kept('services', final.services);

  const unknownCounter = (table: CatalogueTable, key: string, code: string) => {
    if (counters.has(code)) return false;
    fail(table, at(table, key), '窓口コード', 'errCatalogueUnknownCounter', { code });
    return true;
  };
  const byDay = new Map<string, { opens: string; closes: string; key: string }[]>();
  for (const h of final.hours) {
    if (unknownCounter('hours', keyOf.hours(h), h.counter)) continue;
    const list = byDay.get(`${h.counter}|${h.weekday}`) ?? [];
    list.push({ opens: h.opens, closes: h.closes, key: keyOf.hours(h) });
    byDay.set(`${h.counter}|${h.weekday}`, list);
  }
  for (const list of byDay.values()) {
    list.sort((a, b) => a.opens.localeCompare(b.opens));
    for (let i = 1; i < list.length; i++) {
      const [prev, next] = [list[i - 1], list[i]];
      if (prev && next && next.opens < prev.closes)
        fail('hours', at('hours', next.key), '開始', 'errCatalogueHoursOverlap', { opens: next.opens, closes: prev.closes });
    }
  }
  for (const d of final.days) {
    const key = keyOf.days(d);
    if (unknownCounter('days', key, d.counter)) continue;
    if (d.date < today) fail('days', at('days', key), '日付', 'errCataloguePastDate', { value: d.date });
    const desks = counters.get(d.counter)?.desks ?? 0;
    if (d.desks !== null && d.desks > desks)
      fail('days', at('days', key), '窓口数', 'errCatalogueDayDesks', { desks: d.desks, max: desks });
  }

  // Services: a known counter, a whole number of its slots, a code not another office's.
  const counterOffice = new Map([...codes.counters.values()].map((c) => [c.id, c.office_id]));
  for (const s of final.services) {
    if (unknownCounter('services', s.code, s.counter)) continue;
    const counter = counters.get(s.counter);
    const existing = codes.services.get(s.code);
    if (existing && counter && counterOffice.get(existing.counter_id) !== counter.office)
      fail('services', at('services', s.code), '手続コード', 'errCatalogueServiceCodeTaken', { code: s.code });
    if (counter && s.durationMinutes % counter.slotMinutes !== 0) {
      const fromFile = at('services', s.code) > 0 || !parsed.rows.counters;
      const params = { service: s.name, duration: s.durationMinutes, slot: counter.slotMinutes };
      if (fromFile) fail('services', at('services', s.code), '所要時間(分)', 'errCatalogueDurationSlot', params);
      else fail('counters', at('counters', counter.code), '枠(分)', 'errCatalogueDurationSlot', params);
    }
  }

  // Life events: their own (in scope) or new codes; services of the final catalogue or active elsewhere.
  const scopeServiceCodes = new Set(current.services.map((s) => s.code));
  const finalServiceCodes = new Set(final.services.map((s) => s.code));
  const currentEvents = new Map(current.life_events.map((e) => [e.code, e]));
  for (const e of final.life_events) {
    const line = at('life_events', e.code);
    if (!currentEvents.has(e.code) && codes.lifeEvents.has(e.code))
      fail('life_events', line, 'ライフイベントコード', 'errCatalogueLifeEventTaken', { code: e.code });
    const linkedBefore = new Set(currentEvents.get(e.code)?.services ?? []);
    for (const code of e.services) {
      const known = codes.services.get(code);
      const ok =
        finalServiceCodes.has(code) || (known !== undefined && !scopeServiceCodes.has(code) && (known.active || linkedBefore.has(code)));
      if (!ok) fail('life_events', line, '手続コード(順に)', 'errCatalogueUnknownService', { event: e.name, code });
    }
  }
  // The diff is worked out even when a rule failed, so that a removal with appointments to come is
  // reported in the same pass as the file's other problems.
  const diff = Object.fromEntries(
    CATALOGUE_TABLES.map((t) => [t, diffOf(t, current[t] as CatalogueRow<typeof t>[], final[t] as CatalogueRow<typeof t>[])]),
  ) as CatalogueDiff;

  // Nothing with appointments to come is removed, or moved to another counter.
  const serviceId = (code: string) => codes.services.get(code)?.id ?? '';
  const removedServices = diff.services.removed;
  const moved = diff.services.changed.filter((c) => c.before.counter !== c.after.counter).map((c) => c.after);
  const busy = await withFutureAppointments(db, 'service_id', [...removedServices, ...moved].map((s) => s.code).map(serviceId), today);
  const busyNames = (list: { code: string; name: string }[]) => list.filter((s) => busy.has(serviceId(s.code))).map((s) => s.name);
  if (busyNames(removedServices).length > 0)
    fail(undefined, 0, '', 'errCatalogueServiceHasAppointments', { names: busyNames(removedServices).join('、') });
  if (busyNames(moved).length > 0) fail(undefined, 0, '', 'errCatalogueServiceMovedAppointments', { names: busyNames(moved).join('、') });
  const counterId = (code: string) => codes.counters.get(code)?.id ?? '';
  const busyCounters = await withFutureAppointments(
    db,
    'counter_id',
    diff.counters.removed.map((c) => counterId(c.code)),
    today,
  );
  const busyCounterNames = diff.counters.removed.filter((c) => busyCounters.has(counterId(c.code))).map((c) => c.name);
  if (busyCounterNames.length > 0) fail(undefined, 0, '', 'errCatalogueCounterHasAppointments', { names: busyCounterNames.join('、') });
  const inUse = await lifeEventsInUse(
    db,
    diff.life_events.removed.map((e) => e.code),
  );
  const usedEvents = diff.life_events.removed.filter((e) => inUse.has(e.code)).map((e) => e.name);
  if (usedEvents.length > 0) fail(undefined, 0, '', 'errCatalogueLifeEventInUse', { names: usedEvents.join('、') });
  if (issues.length > 0) return { ok: false, issues };

  const empty = CATALOGUE_TABLES.every((t) => diff[t].added.length + diff[t].changed.length + diff[t].removed.length === 0);
  return { ok: true, plan: { current, final, diff, codes, empty } };
}
