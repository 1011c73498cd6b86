/**
 * The reach of a booking confirmation, on both databases: a resident with email gets it by mail and in
 * /inbox (unread in the header until opened); a paper-only resident booked at the counter appears on the
 * print list of the facility's clerk, not another's, and is handed over once (audited); a message about
 * no facility goes to the ward of the person's household. Admins see the outbox; nobody else does.
 */
import { beforeAll, expect, it } from 'vitest';
import { api, tokenFor } from '../../../test/api.ts';
import { PageClient } from '../../../test/browser.ts';
import { describeEachDialect, TEST_NOW, testApp } from '../../../test/db.ts';
import { makeFacility, makeRoom, makeStaff, makeUser, TEST_PASSWORD } from '../../../test/factories.ts';
import { outbox } from '../../../test/outbox.ts';
import { fixedClock } from '../../lib/time.ts';
import { notifyAlone } from './notify.test-helpers.ts';

describeEachDialect('messages: inbox, print list, outbox view', (ctx) => {
  let app: ReturnType<typeof testApp>;
  let roomId: string;
  let centre: string;
  let resident: Awaited<ReturnType<typeof makeUser>>;
  let paperOnly: Awaited<ReturnType<typeof makeUser>>;
  let clerk: PageClient;
  let otherClerk: PageClient;
  let wardOfficer: PageClient;
  let admin: PageClient;
  let clerkToken: string;

  const login = async (email: string | null) => {
    const client = new PageClient(app);
    await client.logIn(email ?? '', TEST_PASSWORD);
    return client;
  };
  const db = () => ctx().db.kysely;

  beforeAll(async () => {
    app = testApp(ctx());
    centre = await makeFacility(db(), { name: '通知市民センター' });
    const elsewhere = await makeFacility(db(), { name: 'よその市民センター', ward_id: 'tobata' });
    roomId = await makeRoom(db(), centre, { name: '和室' });
    resident = await makeUser(db(), { email: 'inbox@example.com', name: '若松 花子' });
    paperOnly = await makeUser(db(), { email: null, name: '八幡 一郎' });
    const clerkUser = await makeStaff(db(), 'clerk', { facilityId: centre });
    clerk = await login(clerkUser.email);
    clerkToken = await tokenFor(ctx(), clerkUser.id);
    otherClerk = await login((await makeStaff(db(), 'clerk', { facilityId: elsewhere })).email);
    wardOfficer = await login((await makeStaff(db(), 'ward', { wardId: 'tobata' })).email);
    admin = await login((await makeStaff(db(), 'admin')).email);
  });

  it('a resident with email gets the booking confirmation by mail and in the inbox, unread until opened', async () => {
    const made = await api(app, 'POST', '/api/v1/reservations', await tokenFor(ctx(), resident.id), {
      roomId,
      date: '2026-12-09',
      bands: ['morning'],
      purpose: '茶道',
      attendees: 6,
      category: 'general',
    });
    expect(made.status).toBe(201);
    const subject = `【つなぐ】予約を受け付けました（予約番号 ${made.json.number}）`;
    const mails = await outbox(db()).selectAll().where('to_address', '=', 'inbox@example.com').execute();
    expect(mails.map((m) => [m.subject, m.status])).toEqual([[subject, 'queued']]);

    const me = await login(resident.email);
    const home = await me.get('/');
    expect(home.html).toContain('お知らせ（未読 1件）');
    const list = await me.get('/inbox');
    expect(list.res.status).toBe(200);
    expect(list.html).toContain('<caption>お知らせの一覧（新しい順）</caption>');
    expect(list.html).toContain('<strong>未読</strong>');
    const href = /href="(\/inbox\/msg_[\w-]+)"/.exec(list.html)?.[1] ?? '';
    const opened = await me.get(href);
    expect(opened.html).toContain(`<h1>${subject}</h1>`);
    expect(opened.html).toContain('若松 花子 様');
    expect(opened.html).not.toContain('未読 1件');
    expect((await me.get('/inbox')).html).toContain('既読');
    // Someone else's message is not there for them; a made-up id is not either; never a 500.
    expect((await clerk.get(href)).res.status).toBe(404);
    expect((await me.get('/inbox/%27%3B--')).res.status).toBe(404);
    expect((await app.request('/inbox')).headers.get('location')).toBe('/login?next=%2Finbox');
  });

  it('a paper-only resident booked at the counter lands on the facility clerk’s print list, handed over once, audited', async () => {
    const made = await api(app, 'POST', '/api/v1/staff/reservations', clerkToken, {
      residentNumber: paperOnly.number,
      channel: 'counter',
      roomId,
      date: '2026-12-10',
      bands: ['afternoon'],
      purpose: '囲碁',
      attendees: 4,
      category: 'general',
    });
    expect(made.status).toBe(201);
    expect(await outbox(db()).selectAll().where('body_text', 'like', '%八幡 一郎 様%').execute()).toEqual([]);

    const list = await clerk.get('/staff/print-list');
    expect(list.res.status).toBe(200);
    expect(list.html).toContain('八幡 一郎 様');
    expect(list.html).toContain(`予約番号 ${made.json.number}`);
    expect((await otherClerk.get('/staff/print-list')).html).not.toContain('八幡 一郎');
    expect((await admin.get('/staff/print-list')).html).toContain('八幡 一郎');

    const action = /action="(\/staff\/print-list\/dlv_[\w-]+\/handed-over)"/.exec(list.html)?.[1] ?? '';
    expect((await otherClerk.post(action, {})).res.status).toBe(404); // not on their list
    const handed = await clerk.post(action, {});
    expect(handed.res.status).toBe(303);
    expect(handed.res.headers.get('location')).toBe('/staff/print-list?notice=handed');
    expect((await clerk.post(action, {})).res.headers.get('location')).toBe('/staff/print-list?notice=already');
    expect((await clerk.get('/staff/print-list')).html).not.toContain('八幡 一郎');
    const id = /dlv_[\w-]+/.exec(action)?.[0] ?? '';
    const row = await db().selectFrom('notify_deliveries').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(row.status).toBe('handed_over');
    expect(row.handed_over_by).not.toBeNull();
    const audit = await db().selectFrom('audit_log').selectAll().where('action', '=', 'notify.paper_handed_over').execute();
    expect(audit.map((a) => [a.target_id, a.actor_id, a.facility_id])).toEqual([[id, row.handed_over_by, centre]]);
  });

  it('a paper message about no facility goes to the ward of the person’s household', async () => {
    const person = await makeUser(db(), { email: null, name: '戸畑 次郎' });
    const at = TEST_NOW;
    await db()
      .insertInto('households')
      .values({
        id: 'hh_notify',
        address_line: '戸畑区中本町1-1',
        address_key: 'x',
        postcode: '804-0000',
        ward_id: 'tobata',
        association_id: null,
        han_id: null,
        moved_out_on: null,
        created_by: null,
        channel: 'counter',
        created_at: at,
        updated_at: at,
      })
      .execute();
    await db()
      .insertInto('household_people')
      .values({
        id: 'hp_notify',
        household_id: 'hh_notify',
        user_id: person.id,
        name: '戸畑 次郎',
        name_kana: 'トバタ ジロウ',
        phone: null,
        created_at: at,
      })
      .execute();
    await notifyAlone(db(), fixedClock(TEST_NOW), {
      to: person.id,
      kind: 'group.changed',
      template: () => ({ subject: '団体のお知らせ', text: '本文' }),
    });
    const list = await wardOfficer.get('/staff/print-list');
    expect(list.html).toContain('戸畑 次郎 様');
    expect(list.html).toContain('戸畑区中本町1-1');
    expect((await clerk.get('/staff/print-list')).html).not.toContain('戸畑 次郎');
  });

  it('the outbox view is for admins: states, attempts and why, filtered by state, without bodies', async () => {
    await db()
      .updateTable('notify_deliveries')
      .set({ status: 'failed', attempts: 10, last_error: '550 mailbox unavailable' })
      .where('address', '=', 'inbox@example.com')
      .execute();
    const all = await admin.get('/staff/outbox');
    expect(all.res.status).toBe(200);
    expect(all.html).toContain('550 mailbox unavailable');
    expect(all.html).not.toContain('若松 花子 様');
    expect((await admin.get('/staff/outbox?status=sent')).html).not.toContain('550 mailbox unavailable');
    expect((await admin.get('/staff/outbox?status=failed')).html).toContain('550 mailbox unavailable');
    expect((await admin.get('/staff/outbox?status=%3Cscript%3E')).res.status).toBe(200);
    expect((await clerk.get('/staff/outbox')).res.status).toBe(403);
    const resident = await login('inbox@example.com');
    expect((await resident.get('/staff/outbox')).res.status).toBe(403);
    expect((await resident.get('/staff/print-list')).res.status).toBe(403);
  });
});
