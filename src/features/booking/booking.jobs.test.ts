import { beforeAll, describe, expect, it } from 'vitest';
import { api, tokenFor } from '../../../test/api.ts';
import { PageClient } from '../../../test/browser.ts';
import { describeEachDialect, testApp } from '../../../test/db.ts';
import { makeFacility, makeRoom, makeRoomFees, makeStaff, makeUser, TEST_PASSWORD } from '../../../test/factories.ts';
import { outbox } from '../../../test/outbox.ts';
import { fixedClock } from '../../lib/time.ts';
import { cancelOverdueProvisional } from './booking.jobs.ts';
import { paymentDueOn } from './booking.service.ts';

describe('paymentDueOn', () => {
  it('is 7 days after booking, but at the latest 3 days before use, and never in the past', () => {
    expect(paymentDueOn('2026-11-24', '2026-12-20')).toBe('2026-12-01');
    expect(paymentDueOn('2026-11-24', '2026-12-02')).toBe('2026-11-29');
    expect(paymentDueOn('2026-11-24', '2026-11-25')).toBe('2026-11-24');
  });
});

describeEachDialect('仮予約: approval, payment and the unpaid auto-cancel job', (ctx) => {
  let app: ReturnType<typeof testApp>;
  let roomId: string;
  let token: string;
  let clerk: PageClient;

  beforeAll(async () => {
    const db = ctx().db.kysely;
    app = testApp(ctx()); // today: 2026-11-24
    const facilityId = await makeFacility(db);
    roomId = await makeRoom(db, facilityId, { room_type: 'hall', capacity: 80 });
    await db.updateTable('rooms').set({ requires_approval: 1 }).where('id', '=', roomId).execute();
    await makeRoomFees(db, roomId, { morning: 1200, afternoon: 1600, evening: 1600 });
    const resident = await makeUser(db, { email: 'provisional@example.com' });
    token = await tokenFor(ctx(), resident.id);
    const staff = await makeStaff(db, 'clerk', { facilityId });
    clerk = new PageClient(app);
    await clerk.post('/login', { login: staff.email ?? '', password: TEST_PASSWORD });
    await clerk.get('/staff');
  });

  const book = async (date: string, band = 'morning') => {
    const r = await api(app, 'POST', '/api/v1/reservations', token, {
      roomId,
      date,
      bands: [band],
      purpose: '発表会',
      attendees: 30,
      category: 'general',
    });
    expect(r.status).toBe(201);
    return r.json as { id: string; status: string };
  };

  it('takes bookings of an approval room as provisional, with a payment due date and a 仮予約 mail', async () => {
    const made = await book('2026-12-18');
    expect(made.status).toBe('provisional');
    const row = await ctx().db.kysely.selectFrom('reservations').selectAll().where('id', '=', made.id).executeTakeFirstOrThrow();
    expect(row.payment_due_on).toBe('2026-12-01');
    const mail = await outbox(ctx().db.kysely).selectAll().where('to_address', '=', 'provisional@example.com').executeTakeFirstOrThrow();
    expect(mail.subject).toContain('仮予約を受け付けました');
    expect(mail.body_text).toContain('令和8年12月1日（火） までに施設の窓口でお支払いください');
  });

  it('cancels unpaid provisional bookings after their due date, frees the cells, mails and audits; leaves paid and approved ones', async () => {
    const unpaid = await book('2026-12-21');
    const paid = await book('2026-12-22');
    const approved = await book('2026-12-23');
    expect((await clerk.post(`/staff/reservations/${paid.id}/payment`, { receiptNumber: 'R-1' })).res.status).toBe(303);
    expect((await clerk.post(`/staff/reservations/${approved.id}/approve`, {})).res.status).toBe(303);
    expect((await clerk.post(`/staff/reservations/${approved.id}/approve`, {})).res.status).toBe(409);
    const approval = await ctx().db.kysely.selectFrom('audit_log').select('action').where('target_id', '=', approved.id).execute();
    expect(approval).toEqual([{ action: 'reservation.approve' }]);
    const confirmedMail = await outbox(ctx().db.kysely).select('subject').where('subject', 'like', '%予約が確定しました%').execute();
    expect(confirmedMail).toHaveLength(1);

    // Not yet due: nothing happens.
    expect(await cancelOverdueProvisional(ctx().db.kysely, fixedClock('2026-12-01T03:00:00Z'))).toBe(0);
    // The day after the due date (2026-12-01), in Tokyo.
    const n = await cancelOverdueProvisional(ctx().db.kysely, fixedClock('2026-12-01T15:30:00Z'));
    expect(n).toBeGreaterThanOrEqual(1);
    const statuses = await ctx()
      .db.kysely.selectFrom('reservations')
      .select(['id', 'status'])
      .where('id', 'in', [unpaid.id, paid.id, approved.id])
      .execute();
    expect(Object.fromEntries(statuses.map((s) => [s.id, s.status]))).toEqual({
      [unpaid.id]: 'cancelled',
      [paid.id]: 'confirmed',
      [approved.id]: 'confirmed',
    });
    expect(await ctx().db.kysely.selectFrom('reservation_cells').select('band').where('reservation_id', '=', unpaid.id).execute()).toEqual(
      [],
    );
    const audit = await ctx().db.kysely.selectFrom('audit_log').selectAll().where('target_id', '=', unpaid.id).executeTakeFirstOrThrow();
    expect(audit).toMatchObject({ action: 'reservation.auto_cancel_unpaid', actor_id: null });
    const mail = await outbox(ctx().db.kysely).selectAll().where('subject', 'like', '%仮予約を取り消しました%').execute();
    expect(mail.length).toBeGreaterThanOrEqual(1);
    // Running again changes nothing.
    expect(await cancelOverdueProvisional(ctx().db.kysely, fixedClock('2026-12-02T03:00:00Z'))).toBe(0);
  });
});
