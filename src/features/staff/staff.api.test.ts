import { beforeAll, expect, it } from 'vitest';
import { api, tokenFor } from '../../../test/api.ts';
import { describeEachDialect, testApp } from '../../../test/db.ts';
import { makeBooking, makeFacility, makeRoom, makeStaff, makeUser } from '../../../test/factories.ts';

describeEachDialect('staff API: scope, day view and proxy booking', (ctx) => {
  let app: ReturnType<typeof testApp>;
  let centreA: string;
  let centreB: string;
  let centreOtherWard: string;
  let roomA: string;
  let resident: { id: string };
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    const db = ctx().db.kysely;
    app = testApp(ctx());
    centreA = await makeFacility(db, { ward_id: 'tobata', name: '戸畑A市民センター' });
    centreB = await makeFacility(db, { ward_id: 'tobata', name: '戸畑B市民センター' });
    centreOtherWard = await makeFacility(db, { ward_id: 'moji', name: '門司C市民センター' });
    roomA = await makeRoom(db, centreA, { capacity: 20 });
    const roomB = await makeRoom(db, centreB);
    resident = await makeUser(db, { name: '電話 さん', email: 'caller@example.com' });
    const booked = await makeBooking(db, roomA, '2026-12-01', ['morning']);
    await db.updateTable('reservations').set({ user_id: resident.id }).where('id', '=', booked).execute();
    await makeBooking(db, roomB, '2026-12-01', ['morning']);
    const people = {
      clerkA: await makeStaff(db, 'clerk', { facilityId: centreA }),
      clerkB: await makeStaff(db, 'clerk', { facilityId: centreB }),
      wardTobata: await makeStaff(db, 'ward', { wardId: 'tobata' }),
      admin: await makeStaff(db, 'admin'),
      resident,
    };
    for (const [name, person] of Object.entries(people)) tokens[name] = await tokenFor(ctx(), person.id);
  });

  const day = (who: string, facility: string) => api(app, 'GET', `/api/v1/staff/facilities/${facility}/day?date=2026-12-01`, tokens[who]);

  it('shows a clerk their own facility’s day with the bookers’ contact details', async () => {
    const { status, json } = await day('clerkA', centreA);
    expect(status).toBe(200);
    const reservations = json.reservations as { booker: { name: string; phone: string; email: string } | null }[];
    expect(reservations).toHaveLength(1);
    expect(reservations[0]?.booker).toMatchObject({ name: '電話 さん', phone: '093-000-1111', email: 'caller@example.com' });
  });

  it('refuses every actor outside the scope with 403, and anonymous callers with 401', async () => {
    expect((await day('clerkA', centreB)).status).toBe(403); // another centre in the same ward
    expect((await day('clerkB', centreA)).status).toBe(403);
    expect((await day('wardTobata', centreOtherWard)).status).toBe(403); // another ward
    expect((await day('resident', centreA)).status).toBe(403);
    expect((await api(app, 'GET', `/api/v1/staff/facilities/${centreA}/day?date=2026-12-01`)).status).toBe(401);
    const refused = await day('clerkA', centreB);
    expect(JSON.stringify(refused.json)).not.toContain('caller@example.com');
  });

  it('lets a ward officer see every centre of the ward and an admin everything', async () => {
    expect((await day('wardTobata', centreA)).status).toBe(200);
    expect((await day('wardTobata', centreB)).status).toBe(200);
    expect((await day('admin', centreOtherWard)).status).toBe(200);
  });

  it('books for a phone caller, recording channel and operator, and audits it', async () => {
    const { status, json } = await api(app, 'POST', '/api/v1/staff/reservations', tokens.clerkA, {
      residentId: resident.id,
      channel: 'phone',
      roomId: roomA,
      date: '2026-12-02',
      bands: ['afternoon'],
      purpose: '民謡の練習',
      attendees: 12,
      category: 'general',
    });
    expect(status).toBe(201);
    expect(json).toMatchObject({ channel: 'phone', residentId: resident.id, status: 'confirmed' });
    const row = await ctx().db.kysely.selectFrom('reservations').selectAll().where('id', '=', String(json.id)).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ user_id: resident.id, channel: 'phone' });
    expect(row.operator_id).not.toBeNull();
    const audit = await ctx().db.kysely.selectFrom('audit_log').selectAll().where('target_id', '=', String(json.id)).execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: 'reservation.proxy_book', actor_id: row.operator_id, facility_id: centreA });
    expect(JSON.parse(audit[0]?.after_json ?? '{}')).toMatchObject({ channel: 'phone', residentId: resident.id });
  });

  it('sets aside the booking window only with a reason, and never the no-double-booking rule', async () => {
    const far = {
      residentId: resident.id,
      channel: 'counter',
      roomId: roomA,
      date: '2027-01-20',
      bands: ['morning'],
      purpose: '総会',
      attendees: 10,
      category: 'general',
    };
    expect((await api(app, 'POST', '/api/v1/staff/reservations', tokens.clerkA, far)).status).toBe(422); // beyond 31 days
    const noReason = await api(app, 'POST', '/api/v1/staff/reservations', tokens.clerkA, { ...far, overrideWindow: true });
    expect(noReason.status).toBe(422);
    expect(noReason.json.errors?.[0]?.field).toBe('overrideReason');
    const ok = await api(app, 'POST', '/api/v1/staff/reservations', tokens.clerkA, {
      ...far,
      overrideWindow: true,
      overrideReason: '総会の日程が早く決まったため',
    });
    expect(ok.status).toBe(201);
    const audit = await ctx()
      .db.kysely.selectFrom('audit_log')
      .select('reason')
      .where('target_id', '=', String(ok.json.id))
      .executeTakeFirstOrThrow();
    expect(audit.reason).toBe('総会の日程が早く決まったため');
    const twice = await api(app, 'POST', '/api/v1/staff/reservations', tokens.clerkA, {
      ...far,
      overrideWindow: true,
      overrideQuota: true,
      overrideReason: '重ねて',
    });
    expect(twice.status).toBe(409);
  });

  it('refuses proxy booking outside the clerk’s facility and for unknown residents', async () => {
    const body = {
      residentId: resident.id,
      channel: 'counter',
      roomId: roomA,
      date: '2026-12-03',
      bands: ['morning'],
      purpose: 'x',
      attendees: 1,
      category: 'general',
    };
    expect((await api(app, 'POST', '/api/v1/staff/reservations', tokens.clerkB, body)).status).toBe(403);
    expect((await api(app, 'POST', '/api/v1/staff/reservations', tokens.resident, body)).status).toBe(403);
    const unknown = await api(app, 'POST', '/api/v1/staff/reservations', tokens.clerkA, { ...body, residentId: 'usr_nobody' });
    expect(unknown.status).toBe(422);
    expect(unknown.json.errors?.[0]?.field).toBe('residentId');
  });
});
