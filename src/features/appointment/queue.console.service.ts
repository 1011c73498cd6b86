/**
 * The clerk's console (窓口の呼出): call the next person to a desk, call again, serving, done, no-show,
 * transfer to another counter. Each action is a conditional update of the ticket's status — the claim —
 * so two desks pressing "call next" at once never take the same ticket: the loser moves on to the next
 * in the order (queue.ts callOrder). Every action is audited in its transaction.
 *
 * "Your turn is near" (NEAR_AHEAD people ahead) is queued after the call commits, each in its own small
 * transaction guarded by near_notified: a call's transaction touches one ticket only, so concurrent calls
 * cannot deadlock on each other's rows, and the message still goes out once.
 */
import type { Db, Trx } from '../../db/database.ts';
import { ConflictError, InvalidInputError, NotFoundError } from '../../lib/errors.ts';
import { type Clock, todayIn } from '../../lib/time.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import type { User } from '../../platform/authz/actor.ts';
import { requireCounterWork } from '../../platform/authz/policy.ts';
import { findAddressee, messageFor, notify, queueMessage } from '../../platform/notify/notify.ts';
import { nearTurnMessage } from './queue.mail.ts';
import {
  findBusyTicketAtDesk,
  findCounter,
  findTicket,
  findTicketContact,
  listItemsOfAppointment,
  listWaitingAtCounter,
  markNearNotified,
  setAppointmentStatus,
  type TicketChange,
  updateTicketIfIn,
} from './queue.repository.ts';
import { issueTicket } from './queue.service.ts';
import { callOrder, NEAR_AHEAD, type Ticket, tokyoInstant, toTicket } from './queue.ts';

type CounterRow = NonNullable<Awaited<ReturnType<typeof findCounter>>>;

async function counterFor(db: Db, actor: User | undefined, counterId: string): Promise<{ counter: CounterRow; staff: User }> {
  const counter = await findCounter(db, counterId);
  if (!counter) throw new NotFoundError('page');
  return { counter, staff: requireCounterWork(actor, counter.office_id) };
}

async function ticketFor(db: Db, actor: User | undefined, ticketId: string): Promise<{ ticket: Ticket; staff: User }> {
  const row = await findTicket(db, ticketId);
  if (!row) throw new NotFoundError('page');
  return { ticket: toTicket(row), staff: requireCounterWork(actor, row.office_id) };
}

async function reload(db: Db, ticketId: string): Promise<Ticket> {
  const row = await findTicket(db, ticketId);
  if (!row) throw new NotFoundError('page');
  return toTicket(row);
}

/** Calls the next person to the desk. A desk with someone called or served must finish them first. */
export async function callNext(db: Db, clock: Clock, actor: User | undefined, input: { counterId: string; desk: number }): Promise<Ticket> {
  const { counter, staff } = await counterFor(db, actor, input.counterId);
  if (!Number.isInteger(input.desk) || input.desk < 1 || input.desk > Number(counter.desks))
    throw new InvalidInputError([{ field: 'desk', key: 'errQueueDeskRange', params: { max: Number(counter.desks) } }]);
  const today = todayIn(clock);
  if (await findBusyTicketAtDesk(db, counter.id, today, input.desk)) throw new ConflictError('errQueueDeskBusy', { desk: input.desk });
  const now = clock.now().toISOString();
  const calledId = await db.transaction().execute(async (trx) => {
    for (const candidate of callOrder(await listWaitingAtCounter(trx, counter.id, today), now)) {
      const claimed = await updateTicketIfIn(trx, candidate.id, ['waiting'], { status: 'called', desk: input.desk, called_at: now });
      if (claimed === 0) continue; // another desk took them a moment ago
      await recordAudit(trx, clock.now(), {
        actorId: staff.id,
        action: 'queue.call',
        targetType: 'queue_ticket',
        targetId: candidate.id,
        before: { status: 'waiting' },
        after: { status: 'called', counterId: counter.id, desk: input.desk, number: candidate.number },
      });
      return candidate.id;
    }
    return undefined;
  });
  if (!calledId) throw new ConflictError('errQueueNobodyWaiting');
  await notifyNearTurns(db, clock, counter.id, today);
  return reload(db, calledId);
}

/** One console action on a ticket: from the statuses it must be in, what changes, audited together. */
async function act(
  db: Db,
  clock: Clock,
  actor: User | undefined,
  ticketId: string,
  action: string,
  from: readonly string[],
  change: (ticket: Ticket, now: string) => TicketChange,
  after?: (trx: Trx, ticket: Ticket, staff: User, now: string) => Promise<Record<string, unknown>>,
): Promise<{ ticket: Ticket; extra: Record<string, unknown> }> {
  const { ticket, staff } = await ticketFor(db, actor, ticketId);
  const now = clock.now().toISOString();
  const set = change(ticket, now);
  const extra = await db.transaction().execute(async (trx) => {
    if ((await updateTicketIfIn(trx, ticket.id, from, set)) === 0) throw new ConflictError('errQueueTicketState');
    const more = after ? await after(trx, ticket, staff, now) : {};
    await recordAudit(trx, clock.now(), {
      actorId: staff.id,
      action,
      targetType: 'queue_ticket',
      targetId: ticket.id,
      before: { status: ticket.status, counterId: ticket.counterId, desk: ticket.desk },
      after: { ...set, ...more },
    });
    return more;
  });
  return { ticket: await reload(db, ticket.id), extra };
}

/** Calls the same number again (the screen shows it on top once more). */
export async function recall(db: Db, clock: Clock, actor: User | undefined, ticketId: string): Promise<Ticket> {
  return (await act(db, clock, actor, ticketId, 'queue.recall', ['called'], (_t, now) => ({ called_at: now }))).ticket;
}

export async function startServing(db: Db, clock: Clock, actor: User | undefined, ticketId: string): Promise<Ticket> {
  return (await act(db, clock, actor, ticketId, 'queue.serving', ['called'], (_t, now) => ({ status: 'serving', serving_at: now }))).ticket;
}

/**
 * Done. A booking with a further item gets that item's ticket at once, at its counter, queued at the
 * item's own time; the last item done finishes the appointment.
 */
export async function markDone(
  db: Db,
  clock: Clock,
  actor: User | undefined,
  ticketId: string,
): Promise<{ ticket: Ticket; next: Ticket | null }> {
  let next: Ticket | null = null;
  const { ticket } = await act(
    db,
    clock,
    actor,
    ticketId,
    'queue.done',
    ['called', 'serving'],
    (_t, now) => ({ status: 'done', done_at: now }),
    async (trx, done, staff, now) => {
      if (!done.appointmentId) return {};
      const following = (await listItemsOfAppointment(trx, done.appointmentId)).find((i) => i.position > (done.position ?? 0));
      if (!following) {
        await setAppointmentStatus(trx, done.appointmentId, 'done');
        return { appointment: 'done' };
      }
      const made = await issueTicket(trx, {
        officeId: done.officeId,
        date: done.date,
        counterId: following.counter_id,
        serviceId: following.service_id,
        appointmentId: done.appointmentId,
        position: following.position,
        kind: 'booked',
        queuedAt: tokyoInstant(following.date, following.starts),
        via: done.checkedInVia,
        checkedInAt: now,
        operatorId: staff.id,
      });
      next = made.ticket;
      return { nextTicket: made.ticket.number, nextCounterId: following.counter_id };
    },
  );
  const issued = next as Ticket | null;
  if (issued) await notifyNearTurns(db, clock, issued.counterId, issued.date);
  return { ticket, next: issued };
}

/** Called and not answering: the ticket ends as no-show; a booking's later items are not queued. */
export async function markNoShow(db: Db, clock: Clock, actor: User | undefined, ticketId: string): Promise<Ticket> {
  const { ticket } = await act(
    db,
    clock,
    actor,
    ticketId,
    'queue.no_show',
    ['called'],
    (_t, now) => ({ status: 'no_show', done_at: now }),
    async (trx, t) => {
      if (t.appointmentId) await setAppointmentStatus(trx, t.appointmentId, 'no_show');
      return {};
    },
  );
  return ticket;
}

/**
 * To another counter of the same office: the ticket keeps its number and its place in time (queued_at),
 * and waits in that counter's queue; transferred_to records where it went.
 */
export async function transfer(
  db: Db,
  clock: Clock,
  actor: User | undefined,
  ticketId: string,
  input: { counterId: string },
): Promise<Ticket> {
  const { ticket } = await ticketFor(db, actor, ticketId);
  const target = await findCounter(db, input.counterId);
  if (!target || target.office_id !== ticket.officeId || target.active !== 1 || target.id === ticket.counterId)
    throw new InvalidInputError([{ field: 'counterId', key: 'errQueueTransferCounter' }]);
  const moved = (
    await act(db, clock, actor, ticketId, 'queue.transfer', ['waiting', 'called', 'serving'], () => ({
      status: 'waiting',
      counter_id: target.id,
      desk: null,
      called_at: null,
      serving_at: null,
      transferred_to: target.id,
      near_notified: 0,
    }))
  ).ticket;
  await notifyNearTurns(db, clock, ticket.counterId, ticket.date);
  await notifyNearTurns(db, clock, target.id, ticket.date);
  return moved;
}

/**
 * Queues "your turn is near" for the waiting people of the counter with NEAR_AHEAD or fewer ahead who have
 * not had it: through the booking's account (inbox, and LINE or email as they chose; never paper, which
 * would arrive after their turn), else to the booking's email. Walk-ins leave no contact. Returns how
 * many were queued (the caller kicks the notifier).
 */
export async function notifyNearTurns(db: Db, clock: Clock, counterId: string, date: string): Promise<number> {
  const order = callOrder(await listWaitingAtCounter(db, counterId, date), clock.now().toISOString());
  const counter = await findCounter(db, counterId);
  if (!counter) return 0;
  const names = { name: counter.name, nameEn: counter.name_en, place: counter.place, placeEn: counter.place_en };
  let queued = 0;
  for (const [ahead, waiting] of order.slice(0, NEAR_AHEAD + 1).entries()) {
    if (waiting.nearNotified) continue;
    const contact = await findTicketContact(db, waiting.id);
    const addressee = contact?.person_id ? await findAddressee(db, contact.person_id, 'queue.near', null) : undefined;
    const sent = await db.transaction().execute(async (trx) => {
      if ((await markNearNotified(trx, waiting.id)) === 0) return false;
      const template = (lang: 'ja' | 'en') => nearTurnMessage(lang, { number: waiting.number, counter: names, ahead });
      if (addressee) {
        await queueMessage(
          trx,
          messageFor(
            clock,
            { to: addressee.userId, kind: 'queue.near', template, urgent: true },
            {
              ...addressee,
              channels: { ...addressee.channels, paper: false },
            },
          ),
        );
        return true;
      }
      if (contact?.email) {
        await notify(trx, clock, {
          to: { address: contact.email },
          kind: 'queue.near',
          template,
          urgent: true,
          lang: contact.lang === 'en' ? 'en' : 'ja',
        });
        return true;
      }
      return false;
    });
    if (sent) queued += 1;
  }
  return queued;
}
