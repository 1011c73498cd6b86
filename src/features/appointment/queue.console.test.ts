/**
 * The clerk's console on both databases: the order of calling, the claim that keeps two desks from
 * calling the same person (concurrently), serving / done / no-show / recall / transfer with their audit
 * entries, the next item's ticket after done, and "your turn is near" sent once.
 */
import { describe, expect, it } from 'vitest';
import { countRows, describeEachDialect } from '../../../test/db.ts';
import { makeUser } from '../../../test/factories.ts';
import { ConflictError, InvalidInputError } from '../../lib/errors.ts';
import { fixedClock } from '../../lib/time.ts';
import type { User } from '../../platform/authz/actor.ts';
import { callNext, markDone, markNoShow, recall, startServing, transfer } from './queue.console.service.ts';
import { checkInByNumber, issueWalkIn } from './queue.service.ts';
import { makeAppointment, makeClerk, makeCounter, makeOfficeWithCounter, makeService } from './queue.test-helpers.ts';

const at = (time: string) => fixedClock(`2026-11-24T${time}:00+09:00`);

describeEachDialect('the clerk’s console', (ctx) => {
  const db = () => ctx().db.kysely;

  /** A fresh office so each test's queue is its own. */
  async function office(desks = 3) {
    const made = await makeOfficeWithCounter(db(), { desks });
    const clerk = await makeClerk(db(), made.officeId);
    const checkIn = async (starts: string, when: string, o: Parameters<typeof makeAppointment>[3] = {}) => {
      const { number } = await makeAppointment(db(), made.officeId, [{ serviceId: made.serviceId, counterId: made.counterId, starts }], o);
      return (await checkInByNumber(db(), at(when), clerk, { officeId: made.officeId, number, via: 'kiosk' })).ticket;
    };
    const walkIn = async (when: string) =>
      (await issueWalkIn(db(), at(when), clerk, { officeId: made.officeId, serviceId: made.serviceId, via: 'kiosk' })).ticket;
    return { ...made, clerk, checkIn, walkIn };
  }

  it('calls booked people on time first, then walk-ins and late arrivals by arrival, then those early for a later time', async () => {
    const o = await office();
    const early = await o.checkIn('11:00', '09:40'); // for 11:00, arrived early
    const walkInFirst = await o.walkIn('09:45');
    const late = await o.checkIn('09:00', '09:50'); // 50 minutes late: queued at 09:50
    const onTime = await o.checkIn('09:55', '09:52');
    const onTimeEarlier = await o.checkIn('09:50', '09:53');
    const called = [];
    for (let desk = 1; desk <= 3; desk++) {
      const ticket = await callNext(db(), at('10:00'), o.clerk, { counterId: o.counterId, desk });
      called.push(ticket.number);
      await markDone(db(), at('10:00'), o.clerk, (await startServing(db(), at('10:00'), o.clerk, ticket.id)).id);
    }
    for (let i = 0; i < 2; i++) {
      const ticket = await callNext(db(), at('10:01'), o.clerk, { counterId: o.counterId, desk: 1 });
      called.push(ticket.number);
      await markDone(db(), at('10:01'), o.clerk, ticket.id);
    }
    expect(called).toEqual([onTimeEarlier.number, onTime.number, walkInFirst.number, late.number, early.number]);
    await expect(callNext(db(), at('10:02'), o.clerk, { counterId: o.counterId, desk: 1 })).rejects.toMatchObject({
      key: 'errQueueNobodyWaiting',
    });
  });

  it('never lets two desks call the same person: 12 desks at once for 10 waiting call 10 distinct tickets', async () => {
    const o = await office(12);
    for (let i = 0; i < 10; i++) await o.walkIn('09:30');
    const results = await Promise.allSettled(
      Array.from({ length: 12 }, (_, i) => callNext(db(), at('10:00'), o.clerk, { counterId: o.counterId, desk: i + 1 })),
    );
    const called = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
    const refused = results.flatMap((r) => (r.status === 'rejected' ? [r.reason] : []));
    expect(called).toHaveLength(10);
    expect(new Set(called.map((t) => t.id)).size).toBe(10);
    expect(new Set(called.map((t) => t.desk)).size).toBe(10);
    expect(refused).toHaveLength(2);
    expect(refused.every((e) => e instanceof ConflictError && e.key === 'errQueueNobodyWaiting')).toBe(true);
    const rows = await db().selectFrom('queue_tickets').select(['status']).where('counter_id', '=', o.counterId).execute();
    expect(rows.every((r) => r.status === 'called')).toBe(true);
  });

  it('moves a ticket through recall, serving and done, refusing what its state does not allow, and audits each', async () => {
    const o = await office();
    await o.walkIn('09:30');
    const called = await callNext(db(), at('10:00'), o.clerk, { counterId: o.counterId, desk: 2 });
    expect(called).toMatchObject({ status: 'called', desk: 2, calledAt: '2026-11-24T01:00:00.000Z' });
    await expect(callNext(db(), at('10:00'), o.clerk, { counterId: o.counterId, desk: 2 })).rejects.toMatchObject({
      key: 'errQueueDeskBusy',
    });
    await expect(callNext(db(), at('10:00'), o.clerk, { counterId: o.counterId, desk: 9 })).rejects.toBeInstanceOf(InvalidInputError);
    expect((await recall(db(), at('10:02'), o.clerk, called.id)).calledAt).toBe('2026-11-24T01:02:00.000Z');
    const serving = await startServing(db(), at('10:03'), o.clerk, called.id);
    expect(serving.status).toBe('serving');
    await expect(markNoShow(db(), at('10:04'), o.clerk, called.id)).rejects.toMatchObject({ key: 'errQueueTicketState' });
    await expect(recall(db(), at('10:04'), o.clerk, called.id)).rejects.toMatchObject({ key: 'errQueueTicketState' });
    const done = await markDone(db(), at('10:10'), o.clerk, called.id);
    expect(done).toMatchObject({ ticket: { status: 'done', doneAt: '2026-11-24T01:10:00.000Z' }, next: null });
    await expect(markDone(db(), at('10:11'), o.clerk, called.id)).rejects.toMatchObject({ key: 'errQueueTicketState' });
    const audit = await db()
      .selectFrom('audit_log')
      .select(['action', 'actor_id'])
      .where('target_id', '=', called.id)
      .orderBy('at')
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['queue.walk_in', 'queue.call', 'queue.recall', 'queue.serving', 'queue.done']);
    expect(audit.every((a) => a.actor_id === o.clerk.id)).toBe(true);
  });

  it('marks a called person who does not answer as a no-show, and their appointment with them', async () => {
    const o = await office();
    const waiting = await o.checkIn('10:00', '09:55');
    await expect(markNoShow(db(), at('10:00'), o.clerk, waiting.id)).rejects.toMatchObject({ key: 'errQueueTicketState' });
    const called = await callNext(db(), at('10:00'), o.clerk, { counterId: o.counterId, desk: 1 });
    expect((await markNoShow(db(), at('10:05'), o.clerk, called.id)).status).toBe('no_show');
    const appointment = await db()
      .selectFrom('appointments')
      .select('status')
      .where('id', '=', waiting.appointmentId)
      .executeTakeFirstOrThrow();
    expect(appointment.status).toBe('no_show');
  });

  it('issues the next item’s ticket at its counter when the first is done, queued at its time; the last done ends the appointment', async () => {
    const o = await office();
    const second = await makeCounter(db(), o.officeId, { name: '保険年金課' });
    const secondService = await makeService(db(), second, { name: '国民健康保険' });
    const { number, id } = await makeAppointment(db(), o.officeId, [
      { serviceId: o.serviceId, counterId: o.counterId, starts: '10:00' },
      { serviceId: secondService, counterId: second, starts: '10:30' },
    ]);
    const first = (await checkInByNumber(db(), at('09:58'), o.clerk, { officeId: o.officeId, number, via: 'kiosk' })).ticket;
    expect(first.counterId).toBe(o.counterId);
    const called = await callNext(db(), at('10:00'), o.clerk, { counterId: o.counterId, desk: 1 });
    expect(called.id).toBe(first.id);
    const { next } = await markDone(db(), at('10:40'), o.clerk, called.id);
    expect(next).toMatchObject({ counterId: second, position: 2, kind: 'booked', queuedAt: '2026-11-24T01:30:00.000Z', status: 'waiting' });
    expect(next?.number).toBeGreaterThan(first.number);
    const nextCalled = await callNext(db(), at('10:41'), o.clerk, { counterId: second, desk: 1 });
    expect(nextCalled.id).toBe(next?.id);
    await markDone(db(), at('10:50'), o.clerk, nextCalled.id);
    const appointment = await db().selectFrom('appointments').select('status').where('id', '=', id).executeTakeFirstOrThrow();
    expect(appointment.status).toBe('done');
  });

  it('transfers a ticket to another counter of the office: same number, waiting there, first if it was on time', async () => {
    const o = await office();
    const other = await makeCounter(db(), o.officeId, { name: '子ども家庭課' });
    await issueWalkIn(db(), at('09:00'), o.clerk, { officeId: o.officeId, serviceId: await makeService(db(), other), via: 'kiosk' });
    const booked = await o.checkIn('09:50', '09:45');
    const called = await callNext(db(), at('10:00'), o.clerk, { counterId: o.counterId, desk: 1 });
    expect(called.id).toBe(booked.id);
    await expect(transfer(db(), at('10:05'), o.clerk, called.id, { counterId: o.counterId })).rejects.toBeInstanceOf(InvalidInputError);
    const before = await countRows(ctx(), 'queue_tickets');
    const moved = await transfer(db(), at('10:05'), o.clerk, called.id, { counterId: other });
    expect(moved).toMatchObject({ number: booked.number, counterId: other, status: 'waiting', desk: null, queuedAt: booked.queuedAt });
    expect(await countRows(ctx(), 'queue_tickets')).toBe(before);
    // On time for 09:50, so ahead of the 09:00 walk-in at the new counter.
    expect((await callNext(db(), at('10:06'), o.clerk, { counterId: other, desk: 1 })).id).toBe(booked.id);
  });

  describe('your turn is near', () => {
    let clerk: User;
    it('is queued once per ticket when three people are ahead, by the person’s channels (never paper) or the booking’s email', async () => {
      const o = await office(1);
      clerk = o.clerk;
      const person = await makeUser(db(), { email: 'near@example.com' });
      const tickets = [];
      for (let i = 0; i < 4; i++) tickets.push(await o.checkIn('09:00', '09:10', { email: `early${i}@example.com` }));
      // These two had more than three ahead when they checked in.
      const withAccount = await o.checkIn('09:00', '09:11', { email: null, personId: person.id });
      const byEmail = await o.checkIn('09:00', '09:12', { email: 'booker@example.com' });
      const ours = ['booker@example.com', ...[0, 1, 2, 3].map((i) => `early${i}@example.com`)];
      const nearMessages = () =>
        db()
          .selectFrom('notify_messages')
          .select(['user_id', 'address'])
          .where('kind', '=', 'queue.near')
          .where((eb) => eb.or([eb('user_id', '=', person.id), eb('address', 'in', ours)]))
          .execute();
      expect(await nearMessages()).toEqual([]);

      const first = await callNext(db(), at('10:00'), clerk, { counterId: o.counterId, desk: 1 });
      expect(await nearMessages()).toEqual([{ user_id: person.id, address: null }]);
      const channels = await db()
        .selectFrom('notify_deliveries')
        .innerJoin('notify_messages', 'notify_messages.id', 'notify_deliveries.message_id')
        .select('notify_deliveries.channel')
        .where('notify_messages.kind', '=', 'queue.near')
        .where('notify_messages.user_id', '=', person.id)
        .execute();
      expect(channels.map((c) => c.channel).sort()).toEqual(['email', 'web']);

      await markDone(db(), at('10:05'), clerk, first.id);
      const secondCall = await callNext(db(), at('10:05'), clerk, { counterId: o.counterId, desk: 1 });
      expect((await nearMessages()).map((m) => m.address ?? m.user_id).sort()).toEqual(['booker@example.com', person.id].sort());
      await markDone(db(), at('10:10'), clerk, secondCall.id);
      await callNext(db(), at('10:10'), clerk, { counterId: o.counterId, desk: 1 });
      expect(await nearMessages()).toHaveLength(2); // once each
      const flags = await db()
        .selectFrom('queue_tickets')
        .select('near_notified')
        .where('id', 'in', [withAccount.id, byEmail.id])
        .execute();
      expect(flags.every((f) => Number(f.near_notified) === 1)).toBe(true);
      expect(tickets).toHaveLength(4);
    });
  });
});
