/**
 * Every staff route, refused out of scope: a clerk of centre B acting on centre A's facility, rooms,
 * bookings and documents gets 403 (and changes nothing); a resident gets 403 on every staff page.
 */
import { beforeAll, expect, it } from 'vitest';
import { PageClient } from '../../../test/browser.ts';
import { countRows, describeEachDialect, testApp } from '../../../test/db.ts';
import { makeBooking, makeFacility, makeRoom, makeStaff, makeUser, TEST_PASSWORD } from '../../../test/factories.ts';

describeEachDialect('staff scope refusals on every route', (ctx) => {
  let app: ReturnType<typeof testApp>;
  let clerkB: PageClient;
  let resident: PageClient;
  let centreA: string;
  let roomA: string;
  let bookingA: string;
  let residentId: string;

  const login = async (email: string) => {
    const c = new PageClient(app);
    await c.post('/login', { login: email, password: TEST_PASSWORD });
    await c.get('/my/reservations');
    return c;
  };

  beforeAll(async () => {
    const db = ctx().db.kysely;
    app = testApp(ctx());
    centreA = await makeFacility(db);
    const centreB = await makeFacility(db);
    roomA = await makeRoom(db, centreA);
    await db.updateTable('rooms').set({ requires_approval: 1 }).where('id', '=', roomA).execute();
    bookingA = await makeBooking(db, roomA, '2026-11-20', ['morning']);
    await db.updateTable('reservations').set({ status: 'provisional', fee: 500 }).where('id', '=', bookingA).execute();
    const user = await makeUser(db);
    residentId = user.id;
    clerkB = await login((await makeStaff(db, 'clerk', { facilityId: centreB })).email ?? '');
    resident = await login(user.email ?? '');
  });

  const gets = () => [
    `/staff/facilities/${centreA}?date=2026-11-20`,
    `/staff/facilities/${centreA}/closures`,
    `/staff/facilities/${centreA}/day.pdf?date=2026-11-20`,
    `/staff/book?room=${roomA}&date=2026-12-01&band=morning`,
    `/staff/book?room=${roomA}&date=2026-12-01&band=morning&resident=${residentId}`,
    `/staff/residents/new?room=${roomA}&date=2026-12-01&band=morning`,
    `/staff/reservations/${bookingA}/permit.pdf`,
    `/staff/facilities/${centreA}/week?date=2026-11-20`,
  ];
  const posts = (): [string, Record<string, string | string[]>][] => [
    [`/staff/facilities/${centreA}/closures`, { startsOn: '2026-12-10', endsOn: '2026-12-10', reason: 'other' }],
    [
      `/staff/book`,
      {
        residentId,
        roomId: roomA,
        date: '2026-12-01',
        bands: ['morning'],
        channel: 'phone',
        purpose: 'x',
        attendees: '1',
        category: 'general',
      },
    ],
    [
      `/staff/residents?room=${roomA}&date=2026-12-01&band=morning`,
      { name: '範囲 外', nameKana: 'ハンイ ソト', phone: '093-111-1111', residency: 'resident' },
    ],
    [`/staff/reservations/${bookingA}/payment`, { receiptNumber: 'R-9' }],
    [`/staff/reservations/${bookingA}/attendance`, { outcome: 'no_show' }],
    [`/staff/reservations/${bookingA}/approve`, {}],
    [`/staff/reservations/${bookingA}/cancel`, { reason: '範囲外' }],
    [`/staff/reservations/${bookingA}/reduction`, { percent: '100', reason: '範囲外' }],
  ];

  it('a clerk of another centre gets 403 on every route about centre A, and nothing changes', async () => {
    const tables = ['reservations', 'reservation_cells', 'closures', 'users', 'audit_log'];
    const before = await Promise.all(tables.map((t) => countRows(ctx(), t)));
    for (const path of gets()) expect((await clerkB.get(path)).res.status, path).toBe(403);
    for (const [path, form] of posts()) expect((await clerkB.post(path, form)).res.status, path).toBe(403);
    expect(await Promise.all(tables.map((t) => countRows(ctx(), t)))).toEqual(before);
    const row = await ctx().db.kysely.selectFrom('reservations').selectAll().where('id', '=', bookingA).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'provisional', paid_at: null });
  });

  it('a resident gets 403 on every staff page, including approvals and the audit log', async () => {
    for (const path of ['/staff', '/staff/approvals', '/staff/audit', ...gets()])
      expect((await resident.get(path)).res.status, path).toBe(403);
    for (const [path, form] of [
      ...posts(),
      [`/staff/approvals/${residentId}`, { decision: 'approve', expiresOn: '2027-01-01' }] as const,
    ]) {
      expect((await resident.post(path, form as Record<string, string>)).res.status, path).toBe(403);
    }
  });
});
