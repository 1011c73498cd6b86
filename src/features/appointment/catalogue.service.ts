/**
 * The counter catalogue as staff manage it: who may (platform/authz canManageCounterCatalogue: admins
 * for every office at once or any one, a ward's officers for its offices), the export, the import in
 * two steps (check: what would change, nothing written; apply: the same file again, re-checked against
 * a fingerprint of the catalogue the check saw, written in one transaction with its audit entry) and
 * the small settings of an office: the call screen's sound, each counter's late grace, exception days.
 */
import type { Db } from '../../db/database.ts';
import { ForbiddenError, InvalidInputError, NotFoundError } from '../../lib/errors.ts';
import { type Clock, todayIn } from '../../lib/time.ts';
import { sha256 } from '../../lib/tokens.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import type { User } from '../../platform/authz/actor.ts';
import { canManageCounterCatalogue, isAdmin, requireStaff } from '../../platform/authz/policy.ts';
import { writeSetting } from '../../platform/settings/settings.ts';
import * as repo from './catalogue.repository.ts';
import type { Catalogue, CatalogueIssue, DayRow } from './catalogue.ts';
import { readCatalogueFile } from './catalogue-file.ts';
import { type CataloguePlan, planImport } from './catalogue-plan.ts';
import { parseRows } from './catalogue-rows.ts';
import { officesWithCounters } from './counter-insights.repository.ts';
import { soundSetting } from './queue.board.service.ts';
import { findOffice } from './queue.repository.ts';

export interface ManagedOffice {
  id: string;
  name: string;
  wardId: string | null;
}

/** The offices whose catalogue this person manages (with counters already, or not: a new office starts empty). */
export async function managedOffices(db: Db, actor: User | undefined): Promise<ManagedOffice[]> {
  const staff = requireStaff(actor);
  return (await officesWithCounters(db)).filter((o) => canManageCounterCatalogue(staff, o));
}

/** The scope asked ('all' or an office id), or Forbidden/NotFound. */
export async function resolveScope(
  db: Db,
  actor: User | undefined,
  asked: string,
): Promise<{ scope: repo.CatalogueScope; office?: ManagedOffice }> {
  if (asked === 'all') {
    if (!isAdmin(actor)) throw new ForbiddenError('the whole city’s catalogue is for administrators');
    return { scope: { kind: 'all' } };
  }
  const office = await findOffice(db, asked);
  if (!office) throw new NotFoundError('organisation');
  const ref = { id: office.id, name: office.name, wardId: office.ward_id };
  if (!canManageCounterCatalogue(actor, ref)) throw new ForbiddenError('not a manager of this office’s counters');
  return { scope: { kind: 'office', officeId: office.id }, office: ref };
}

export function exportCatalogue(db: Db, clock: Clock, scope: repo.CatalogueScope): Promise<Catalogue> {
  return repo.loadCatalogue(db, scope, todayIn(clock));
}

/** What the check saw: the import applies only if the catalogue is still the same. */
export const fingerprintOf = (catalogue: Catalogue) => sha256(JSON.stringify(catalogue));

export type ImportCheck =
  | { ok: true; plan: CataloguePlan; fingerprint: string }
  | { ok: false; issues: CatalogueIssue[]; changed?: boolean };

async function check(db: Db, clock: Clock, scope: repo.CatalogueScope, bytes: Uint8Array): Promise<ImportCheck> {
  const file = await readCatalogueFile(bytes);
  if (!file.ok) return { ok: false, issues: file.errors };
  const parsed = parseRows(file.tables);
  if (parsed.issues.length > 0) return { ok: false, issues: parsed.issues };
  const planned = await planImport(db, scope, todayIn(clock), parsed);
  if (!planned.ok) return planned;
  return { ok: true, plan: planned.plan, fingerprint: fingerprintOf(planned.plan.current) };
}

/** Step 1: what the file would change; nothing is written. */
export function checkImport(db: Db, clock: Clock, scope: repo.CatalogueScope, bytes: Uint8Array): Promise<ImportCheck> {
  return check(db, clock, scope, bytes);
}

/** Step 2: the same file, applied all or nothing if the catalogue is as the check saw it. */
export async function applyImport(
  db: Db,
  clock: Clock,
  actor: User,
  scope: repo.CatalogueScope,
  bytes: Uint8Array,
  fingerprint: string,
): Promise<ImportCheck> {
  return db.transaction().execute(async (trx) => {
    const checked = await check(trx, clock, scope, bytes);
    if (!checked.ok) return checked;
    if (checked.fingerprint !== fingerprint)
      return { ok: false, changed: true, issues: [{ table: undefined, line: 0, column: '', key: 'errCatalogueChanged' }] };
    const { diff, codes, final } = checked.plan;
    if (checked.plan.empty) return checked;
    const counterIds = new Map([...codes.counters].map(([code, c]) => [code, c.id]));
    for (const c of [...diff.counters.added, ...diff.counters.changed.map((x) => x.after)])
      counterIds.set(c.code, await repo.upsertCounter(trx, c, codes.counters.get(c.code)?.id));
    const counterId = (code: string) => counterIds.get(code) ?? '';
    const serviceIds = new Map([...codes.services].map(([code, s]) => [code, s.id]));
    for (const s of [...diff.services.added, ...diff.services.changed.map((x) => x.after)])
      serviceIds.set(s.code, await repo.upsertService(trx, s, counterId(s.counter), codes.services.get(s.code)?.id));
    for (const h of [...diff.hours.removed, ...diff.hours.changed.map((x) => x.before)])
      await repo.deleteHours(trx, counterId(h.counter), h);
    for (const h of [...diff.hours.added, ...diff.hours.changed.map((x) => x.after)]) await repo.insertHours(trx, counterId(h.counter), h);
    for (const d of [...diff.days.removed, ...diff.days.changed.map((x) => x.before)])
      await repo.deleteDay(trx, counterId(d.counter), d.date);
    for (const d of [...diff.days.added, ...diff.days.changed.map((x) => x.after)]) await repo.insertDay(trx, counterId(d.counter), d);
    for (const e of diff.life_events.removed) await repo.deleteLifeEvent(trx, e.code);
    for (const e of [...diff.life_events.added, ...diff.life_events.changed.map((x) => x.after)])
      await repo.writeLifeEvent(
        trx,
        e,
        e.services.map((code) => serviceIds.get(code) ?? ''),
        codes.lifeEvents.has(e.code),
      );
    for (const s of diff.services.removed) await repo.deactivate(trx, 'appointment_services', serviceIds.get(s.code) ?? '');
    for (const c of diff.counters.removed) await repo.deactivate(trx, 'appointment_counters', counterId(c.code));
    await recordAudit(trx, clock.now(), {
      actorId: actor.id,
      action: 'appointment_catalogue.import',
      targetType: 'organisation',
      targetId: scope.kind === 'all' ? 'all' : scope.officeId,
      before: { fingerprint },
      after: { fingerprint: fingerprintOf(final), diff },
    });
    return checked;
  });
}

// The office's settings on the catalogue page.

export async function setSound(db: Db, clock: Clock, actor: User, officeId: string, on: boolean): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await writeSetting(trx, soundSetting(officeId).key, on ? '1' : '0');
    await recordAudit(trx, clock.now(), {
      actorId: actor.id,
      action: 'appointment_catalogue.sound',
      targetType: 'organisation',
      targetId: officeId,
      after: { sound: on },
    });
  });
}

async function counterOfOffice(db: Db, officeId: string, counterId: string) {
  const row = await db
    .selectFrom('appointment_counters')
    .select(['id', 'code', 'name', 'desks', 'late_grace_minutes'])
    .where('id', '=', counterId)
    .where('office_id', '=', officeId)
    .where('active', '=', 1)
    .executeTakeFirst();
  if (!row) throw new InvalidInputError([{ field: 'counterId', key: 'errCatalogueCounterUnknown' }]);
  return row;
}

export async function setLateGrace(db: Db, clock: Clock, actor: User, officeId: string, counterId: string, minutes: number) {
  const counter = await counterOfOffice(db, officeId, counterId);
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('appointment_counters').set({ late_grace_minutes: minutes }).where('id', '=', counter.id).execute();
    await recordAudit(trx, clock.now(), {
      actorId: actor.id,
      action: 'appointment_catalogue.late_grace',
      targetType: 'appointment_counter',
      targetId: counter.id,
      before: { lateGraceMinutes: Number(counter.late_grace_minutes) },
      after: { lateGraceMinutes: minutes },
    });
  });
}

export async function addDay(db: Db, clock: Clock, actor: User, officeId: string, counterId: string, day: DayRow) {
  const counter = await counterOfOffice(db, officeId, counterId);
  if (day.date < todayIn(clock)) throw new InvalidInputError([{ field: 'date', key: 'errCataloguePastDate', params: { value: day.date } }]);
  if (day.desks !== null && day.desks > Number(counter.desks))
    throw new InvalidInputError([
      { field: 'desks', key: 'errCatalogueDayDesks', params: { desks: day.desks, max: Number(counter.desks) } },
    ]);
  const existing = await db
    .selectFrom('appointment_days')
    .select('date')
    .where('counter_id', '=', counter.id)
    .where('date', '=', day.date)
    .executeTakeFirst();
  if (existing) throw new InvalidInputError([{ field: 'date', key: 'errCatalogueDayExists' }]);
  await db.transaction().execute(async (trx) => {
    await repo.insertDay(trx, counter.id, day);
    await recordAudit(trx, clock.now(), {
      actorId: actor.id,
      action: 'appointment_catalogue.day_add',
      targetType: 'appointment_counter',
      targetId: counter.id,
      after: day,
    });
  });
}

export async function removeDay(db: Db, clock: Clock, actor: User, officeId: string, counterId: string, date: string) {
  const counter = await counterOfOffice(db, officeId, counterId);
  await db.transaction().execute(async (trx) => {
    const before = await trx
      .selectFrom('appointment_days')
      .selectAll()
      .where('counter_id', '=', counter.id)
      .where('date', '=', date)
      .executeTakeFirst();
    if (!before) return;
    await repo.deleteDay(trx, counter.id, date);
    await recordAudit(trx, clock.now(), {
      actorId: actor.id,
      action: 'appointment_catalogue.day_remove',
      targetType: 'appointment_counter',
      targetId: counter.id,
      before,
    });
  });
}
