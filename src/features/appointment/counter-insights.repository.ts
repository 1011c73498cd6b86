/** The rows the counters' figures are computed from (counter-insights.ts): tickets and booked items. */
import type { Db } from '../../db/database.ts';
import type { BookedItemFact, TicketFact } from './counter-insights.ts';

export interface OfficeRef {
  id: string;
  name: string;
  wardId: string | null;
}

/** Ward offices and 出張所 that have counters, in ward order. */
export async function officesWithCounters(db: Db): Promise<OfficeRef[]> {
  const rows = await db
    .selectFrom('organisations as o')
    .select(['o.id', 'o.name', 'o.ward_id'])
    .where((eb) => eb.exists(eb.selectFrom('appointment_counters as c').select('c.id').whereRef('c.office_id', '=', 'o.id')))
    .orderBy('o.ward_id')
    .orderBy('o.name_kana')
    .execute();
  return rows.map((r) => ({ id: r.id, name: r.name, wardId: r.ward_id }));
}

export async function countersOf(db: Db, officeIds: readonly string[]) {
  if (officeIds.length === 0) return [];
  return db
    .selectFrom('appointment_counters')
    .select(['id', 'office_id', 'name', 'name_en'])
    .where('office_id', 'in', officeIds)
    .orderBy('office_id')
    .orderBy('sort_order')
    .execute();
}

export async function ticketFacts(
  db: Db,
  officeIds: readonly string[],
  from: string,
  to: string,
): Promise<(TicketFact & { officeId: string })[]> {
  if (officeIds.length === 0) return [];
  const rows = await db
    .selectFrom('queue_tickets')
    .select(['office_id', 'counter_id', 'kind', 'status', 'date', 'checked_in_at', 'called_at', 'serving_at', 'done_at'])
    .where('office_id', 'in', officeIds)
    .where('date', '>=', from)
    .where('date', '<=', to)
    .execute();
  return rows.map((r) => ({
    officeId: r.office_id,
    counterId: r.counter_id,
    kind: r.kind === 'walk_in' ? 'walk_in' : 'booked',
    status: r.status,
    date: r.date,
    checkedInAt: r.checked_in_at,
    calledAt: r.called_at,
    servingAt: r.serving_at,
    doneAt: r.done_at,
  }));
}

/**
 * The booked services of days from `from` to `to` (days that have ended), not cancelled, and whether the
 * person came: a ticket for that service that was not marked no-show.
 */
export async function bookedItemFacts(db: Db, officeIds: readonly string[], from: string, to: string): Promise<BookedItemFact[]> {
  if (officeIds.length === 0 || to < from) return [];
  const rows = await db
    .selectFrom('appointment_items as i')
    .innerJoin('appointments as a', 'a.id', 'i.appointment_id')
    .leftJoin('queue_tickets as t', (join) =>
      join.onRef('t.appointment_id', '=', 'i.appointment_id').onRef('t.position', '=', 'i.position').on('t.status', '<>', 'no_show'),
    )
    .select(['i.counter_id', 't.id as ticket_id'])
    .where('a.office_id', 'in', officeIds)
    .where('a.status', '<>', 'cancelled')
    .where('i.date', '>=', from)
    .where('i.date', '<=', to)
    .execute();
  return rows.map((r) => ({ counterId: r.counter_id, came: r.ticket_id !== null }));
}
