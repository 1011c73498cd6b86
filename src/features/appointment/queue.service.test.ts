/**
 * Joining the queue, on both databases: check-in by 予約番号 however it is typed, idempotent, only today's
 * appointments of this office, the late rule, the resident's own check-in window, walk-in numbers in
 * today's hours, and the numbers of the day handed out consecutively and uniquely under concurrency.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { countRows, describeEachDialect } from '../../../test/db.ts';
import { ConflictError, ForbiddenError, InvalidInputError, NotFoundError } from '../../lib/errors.ts';
import { fixedClock } from '../../lib/time.ts';
import type { User } from '../../platform/authz/actor.ts';
import { checkInByNumber, checkInSelf, issueWalkIn } from './queue.service.ts';
import { makeAppointment, makeClerk, makeCounter, makeOffice, makeOfficeWithCounter, makeService } from './queue.test-helpers.ts';

/** Tokyo 2026-11-24 at hh:mm (a Tuesday). */
const at = (time: string) => fixedClock(`2026-11-24T${time}:00+09:00`);

describeEachDialect('checking in and taking a number', (ctx) => {
  let officeId: string;
  let counterId: string;
  let serviceId: string;
  let clerk: User;
  const db = () => ctx().db.kysely;

  beforeAll(async () => {
    ({ officeId, counterId, serviceId } = await makeOfficeWithCounter(db()));
    clerk = await makeClerk(db(), officeId);
  });

  const book = (starts: string, o: Parameters<typeof makeAppointment>[3] = {}) =>
    makeAppointment(db(), officeId, [{ serviceId, counterId, starts }], o);

  it('checks in by the number as a QR scanner or a person types it: full-width, without hyphens, lower case', async () => {
    const { id, number } = await book('10:30', { number: 'AB12-3456' });
    const issued = await checkInByNumber(db(), at('10:05'), clerk, { officeId, number: 'ａｂ１２３４５６', via: 'kiosk' });
    expect(issued.created).toBe(true);
    expect(issued.ticket).toMatchObject({ kind: 'booked', status: 'waiting', appointmentId: id, counterId, checkedInVia: 'kiosk' });
    // Early: queued at the appointment's time, not at the check-in.
    expect(issued.ticket.queuedAt).toBe('2026-11-24T01:30:00.000Z');
    expect(issued.late).toBe(false);
    const appointment = await db()
      .selectFrom('appointments')
      .select(['status', 'contact_confirmed'])
      .where('number', '=', number)
      .executeTakeFirstOrThrow();
    expect(appointment).toEqual({ status: 'checked_in', contact_confirmed: 1 });
    const audit = await db().selectFrom('audit_log').selectAll().where('target_id', '=', id).execute();
    expect(audit.map((a) => [a.action, a.actor_id])).toEqual([['queue.check_in', clerk.id]]);
  });

  it('answers a second check-in with the same ticket (idempotent), including two at once', async () => {
    const { number, id } = await book('11:00');
    const [a, b] = await Promise.all([
      checkInByNumber(db(), at('10:40'), clerk, { officeId, number, via: 'kiosk' }),
      checkInByNumber(db(), at('10:40'), clerk, { officeId, number, via: 'staff' }),
    ]);
    expect(a.ticket.id).toBe(b.ticket.id);
    expect([a.created, b.created].sort()).toEqual([false, true]);
    const again = await checkInByNumber(db(), at('10:50'), clerk, { officeId, number, via: 'kiosk' });
    expect(again).toMatchObject({ created: false, ticket: { id: a.ticket.id } });
    const tickets = await db().selectFrom('queue_tickets').select('id').where('appointment_id', '=', id).execute();
    expect(tickets).toHaveLength(1);
  });

  it('queues someone later than the counter’s grace at their check-in (the late rule); within it at their time', async () => {
    const onTime = await book('09:30');
    const late = await book('09:30');
    const graceful = await checkInByNumber(db(), at('09:40'), clerk, { officeId, number: onTime.number, via: 'staff' });
    expect(graceful.late).toBe(false);
    expect(graceful.ticket.queuedAt).toBe('2026-11-24T00:30:00.000Z');
    const tardy = await checkInByNumber(db(), at('09:41'), clerk, { officeId, number: late.number, via: 'staff' });
    expect(tardy.late).toBe(true);
    expect(tardy.ticket.queuedAt).toBe('2026-11-24T00:41:00.000Z');
  });

  it('refuses a cancelled appointment, another day’s, another office’s and an unknown number, changing nothing', async () => {
    const before = await countRows(ctx(), 'queue_tickets');
    const cancelled = await book('10:00', { status: 'cancelled' });
    const tomorrow = await book('10:00', { date: '2026-11-25' });
    const otherOffice = await makeOffice(db(), '別の区役所');
    const otherCounter = await makeCounter(db(), otherOffice);
    const elsewhere = await makeAppointment(db(), otherOffice, [
      { serviceId: await makeService(db(), otherCounter), counterId: otherCounter, starts: '10:00' },
    ]);
    const tryNumber = (number: string) => checkInByNumber(db(), at('10:00'), clerk, { officeId, number, via: 'kiosk' });
    await expect(tryNumber(cancelled.number)).rejects.toMatchObject({ key: 'errQueueCancelled' });
    await expect(tryNumber(tomorrow.number)).rejects.toMatchObject({ key: 'errQueueNotToday', params: { date: '2026-11-25' } });
    await expect(tryNumber(elsewhere.number)).rejects.toMatchObject({ key: 'errQueueOtherOffice', params: { office: '別の区役所' } });
    const unknown = await tryNumber('ZZZZ-9999').catch((e: unknown) => e);
    expect(unknown).toBeInstanceOf(InvalidInputError);
    expect((unknown as InvalidInputError).issues).toEqual([{ field: 'number', key: 'errQueueNumberUnknown' }]);
    expect(await countRows(ctx(), 'queue_tickets')).toBe(before);
  });

  it('lets only the office’s counter clerks (and admins) check people in or hand out numbers', async () => {
    const { number } = await book('10:00');
    const otherClerk = await makeClerk(db(), await makeOffice(db(), '他区'));
    await expect(checkInByNumber(db(), at('10:00'), otherClerk, { officeId, number, via: 'kiosk' })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(checkInByNumber(db(), at('10:00'), undefined, { officeId, number, via: 'kiosk' })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(issueWalkIn(db(), at('10:00'), otherClerk, { officeId, serviceId, via: 'kiosk' })).rejects.toBeInstanceOf(ForbiddenError);
  });

  describe('from the resident’s own phone', () => {
    it('checks in within 15 minutes before the time until the grace ends, with the link’s secret', async () => {
      const { number, secret } = await book('13:00');
      await expect(checkInSelf(db(), at('12:44'), { number, secret })).rejects.toMatchObject({ key: 'errQueueSelfWindow' });
      await expect(checkInSelf(db(), at('13:11'), { number, secret })).rejects.toBeInstanceOf(ConflictError);
      await expect(checkInSelf(db(), at('12:50'), { number, secret: 'wrong-secret' })).rejects.toBeInstanceOf(NotFoundError);
      const issued = await checkInSelf(db(), at('12:46'), { number, secret });
      expect(issued.ticket).toMatchObject({ checkedInVia: 'self', queuedAt: '2026-11-24T04:00:00.000Z' });
      const contact = await db()
        .selectFrom('appointments')
        .select('contact_confirmed')
        .where('number', '=', number)
        .executeTakeFirstOrThrow();
      expect(contact.contact_confirmed).toBe(0); // a phone at home confirms nothing
    });
  });

  describe('walk-ins (整理券)', () => {
    it('hands out a walk-in number from the same sequence as the check-ins, queued at once', async () => {
      const issued = await issueWalkIn(db(), at('10:15'), clerk, { officeId, serviceId, via: 'kiosk' });
      expect(issued.ticket).toMatchObject({ kind: 'walk_in', appointmentId: null, serviceId, queuedAt: '2026-11-24T01:15:00.000Z' });
      const numbers = await db().selectFrom('queue_tickets').select('number').where('office_id', '=', officeId).execute();
      expect(Math.max(...numbers.map((n) => Number(n.number)))).toBe(issued.ticket.number);
      expect(new Set(numbers.map((n) => n.number)).size).toBe(numbers.length);
    });

    it('refuses a service without walk-ins, outside the hours, in the lunch break and at another office’s service', async () => {
      const noWalkIns = await makeService(db(), counterId, { walkIns: false });
      const lunch = await makeCounter(db(), officeId, {
        hours: [
          ['08:30', '12:00'],
          ['13:00', '17:15'],
        ],
      });
      const lunchService = await makeService(db(), lunch);
      const before = await countRows(ctx(), 'queue_tickets');
      await expect(issueWalkIn(db(), at('10:00'), clerk, { officeId, serviceId: noWalkIns, via: 'kiosk' })).rejects.toMatchObject({
        key: 'errQueueWalkInsClosed',
      });
      await expect(issueWalkIn(db(), at('17:30'), clerk, { officeId, serviceId, via: 'kiosk' })).rejects.toMatchObject({
        key: 'errQueueWalkInsClosed',
      });
      await expect(issueWalkIn(db(), at('12:30'), clerk, { officeId, serviceId: lunchService, via: 'kiosk' })).rejects.toMatchObject({
        key: 'errQueueWalkInsClosed',
      });
      // Saturday: closed unless a day says open.
      await expect(
        issueWalkIn(db(), fixedClock('2026-11-28T10:00:00+09:00'), clerk, { officeId, serviceId, via: 'kiosk' }),
      ).rejects.toMatchObject({
        key: 'errQueueWalkInsClosed',
      });
      const foreign = await makeService(db(), await makeCounter(db(), await makeOffice(db(), '他区役所')));
      await expect(issueWalkIn(db(), at('10:00'), clerk, { officeId, serviceId: foreign, via: 'kiosk' })).rejects.toBeInstanceOf(
        InvalidInputError,
      );
      expect(await countRows(ctx(), 'queue_tickets')).toBe(before);
    });

    it('opens on a 休日開庁 Sunday the day says open', async () => {
      await db()
        .insertInto('appointment_days')
        .values({ counter_id: counterId, date: '2026-11-29', status: 'open', opens: '09:00', closes: '12:00', desks: 2 })
        .execute();
      const sunday = fixedClock('2026-11-29T10:00:00+09:00');
      const issued = await issueWalkIn(db(), sunday, clerk, { officeId, serviceId, via: 'kiosk' });
      expect(issued.ticket).toMatchObject({ date: '2026-11-29', number: 1 });
    });
  });

  it('hands out 50 simultaneous check-ins and walk-ins 50 distinct consecutive numbers', async () => {
    const office = await makeOfficeWithCounter(db());
    const staff = await makeClerk(db(), office.officeId);
    const bookings = [];
    for (let i = 0; i < 25; i++) bookings.push(await makeAppointment(db(), office.officeId, [{ ...office, starts: '10:30' }]));
    const clock = at('10:20');
    const issued = await Promise.all([
      ...bookings.map((b) => checkInByNumber(db(), clock, staff, { officeId: office.officeId, number: b.number, via: 'kiosk' })),
      ...Array.from({ length: 25 }, () =>
        issueWalkIn(db(), clock, staff, { officeId: office.officeId, serviceId: office.serviceId, via: 'kiosk' }),
      ),
    ]);
    const numbers = issued.map((i) => i.ticket.number).sort((a, b) => a - b);
    expect(numbers).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    const stored = await db()
      .selectFrom('queue_numbers')
      .select('last_number')
      .where('office_id', '=', office.officeId)
      .executeTakeFirstOrThrow();
    expect(Number(stored.last_number)).toBe(50);
  });
});
