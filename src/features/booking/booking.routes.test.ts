import { beforeAll, expect, it } from 'vitest';
import { PageClient } from '../../../test/browser.ts';
import { countRows, describeEachDialect, testApp } from '../../../test/db.ts';
import { makeBooking, makeFacility, makeRoom, makeRoomFees, makeUser, TEST_PASSWORD } from '../../../test/factories.ts';
import { outbox } from '../../../test/outbox.ts';

describeEachDialect('booking through the pages', (ctx) => {
  let app: ReturnType<typeof testApp>;
  let roomId: string;
  let user: Awaited<ReturnType<typeof makeUser>>;
  let client: PageClient;

  beforeAll(async () => {
    const db = ctx().db.kysely;
    app = testApp(ctx());
    const facilityId = await makeFacility(db, { name: '画面テスト市民センター' });
    roomId = await makeRoom(db, facilityId, { name: '和室', room_type: 'japanese_room', capacity: 20 });
    await makeRoomFees(db, roomId, { morning: 400, afternoon: 500, evening: 500 });
    await makeBooking(db, roomId, '2026-12-03', ['evening']);
    user = await makeUser(db, { email: 'pages@example.com', name: '若松 三郎' });
    client = new PageClient(app);
    await client.logIn('pages@example.com', TEST_PASSWORD);
  });

  const details = { roomId: '', date: '2026-12-03', purpose: '囲碁の会', attendees: '８', category: 'general' };

  it('sends a visitor who is not logged in to the login page, then back to the booking form', async () => {
    const res = await app.request(`/book?room=${roomId}&date=2026-12-03&band=morning`);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/login?next=${encodeURIComponent(`/book?room=${roomId}&date=2026-12-03&band=morning`)}`);
  });

  it('offers the day’s bands with the chosen one ticked and taken ones disabled', async () => {
    const { res, html } = await client.get(`/book?room=${roomId}&date=2026-12-03&band=morning`);
    expect(res.status).toBe(200);
    expect(html).toMatch(/<input type="checkbox" id="bands-morning" name="bands" value="morning" checked=""/);
    expect(html).toMatch(/<input type="checkbox" id="bands-evening" name="bands" value="evening" disabled=""/);
    expect(html).toContain('この部屋の定員は20人です。');
  });

  it('shows the fee on the confirmation step, then books once even if the final form is sent twice', async () => {
    const confirm = await client.post('/book/confirm', { ...details, roomId, bands: ['morning', 'afternoon'] });
    expect(confirm.res.status).toBe(200);
    expect(confirm.html).toContain('予約内容の確認');
    expect(confirm.html).toContain('900円');
    const formToken = /name="formToken" value="([^"]+)"/.exec(confirm.html)?.[1] ?? '';
    expect(formToken).not.toBe('');
    expect(await countRows(ctx(), 'reservations')).toBe(1); // nothing booked yet

    const form = { ...details, roomId, bands: ['morning', 'afternoon'], formToken };
    const first = await client.post('/book', form);
    const second = await client.post('/book', form); // double click / resubmitted page
    expect(first.res.status).toBe(303);
    expect(second.res.status).toBe(303);
    expect(second.res.headers.get('location')).toBe(first.res.headers.get('location'));
    expect(await countRows(ctx(), 'reservations')).toBe(2);

    const page = await client.get(first.res.headers.get('location') ?? '');
    expect(page.html).toContain('予約を受け付けました');
    expect(page.html).toMatch(/2612-\d{6}/);
    expect(page.html).toContain('900円');

    const mail = await outbox(ctx().db.kysely).selectAll().where('to_address', '=', 'pages@example.com').executeTakeFirstOrThrow();
    expect(mail.subject).toMatch(/予約を受け付けました（予約番号 2612-\d{6}）/);
    expect(mail.body_text).toContain('若松 三郎 様');
    expect(mail.body_text).toContain('利用日: 令和8年12月3日（木）');
    expect(mail.body_text).toContain('時間: 午前（09:00〜12:00）・午後（13:00〜17:00）');
    expect(mail.body_text).toContain('使用料: 900円');
  });

  it('re-renders the form with 422 and the reasons when a rule is broken', async () => {
    const { res, html } = await client.post('/book/confirm', {
      ...details,
      roomId,
      date: '2026-12-04',
      bands: ['morning'],
      attendees: '25',
    });
    expect(res.status).toBe(422);
    expect(html).toContain('定員（20人）を超えています');
    expect(html).toContain('value="25"');
  });

  it('tells the loser of a race plainly (409) and keeps the form', async () => {
    const confirm = await client.post('/book/confirm', { ...details, roomId, date: '2026-12-05', bands: ['evening'] });
    const formToken = /name="formToken" value="([^"]+)"/.exec(confirm.html)?.[1] ?? '';
    await makeBooking(ctx().db.kysely, roomId, '2026-12-05', ['evening']); // someone at the counter was faster
    const { res, html } = await client.post('/book', { ...details, roomId, date: '2026-12-05', bands: ['evening'], formToken });
    expect(res.status).toBe(409);
    expect(html).toContain('ほかの方が先に予約しました');
    expect(html).toContain('囲碁の会');
  });

  it('lists my reservations, serves an .ics, and cancels from the page', async () => {
    const list = await client.get('/my/reservations');
    expect(list.html).toContain('これからの予約');
    expect(list.html).toContain('画面テスト市民センター 和室');
    const path = /href="(\/my\/reservations\/rsv_[\w]+)"/.exec(list.html)?.[1] ?? '';

    const ics = await app.request(`${path}/ics`, { headers: { cookie: client.cookieHeader } });
    expect(ics.headers.get('content-type')).toContain('text/calendar');
    const text = await ics.text();
    expect(text).toContain('BEGIN:VEVENT');
    expect(text).toMatch(/DTSTART:20261203T000000Z/); // 09:00 Tokyo
    expect(text).toMatch(/DTEND:20261203T080000Z/); // 17:00 Tokyo
    expect(text).toContain('画面テスト市民センター');

    await client.get(path);
    const cancelled = await client.post(`${path}/cancel`, {});
    expect(cancelled.res.status).toBe(303);
    const page = await client.get(cancelled.res.headers.get('location') ?? '');
    expect(page.html).toContain('予約を取り消しました');
    expect(page.html).toContain('取消済み');
  });

  it('says why a booking can no longer be cancelled online, and whom to call', async () => {
    const confirm = await client.post('/book/confirm', { ...details, roomId, date: '2026-11-25', bands: ['afternoon'] });
    const formToken = /name="formToken" value="([^"]+)"/.exec(confirm.html)?.[1] ?? '';
    const made = await client.post('/book', { ...details, roomId, date: '2026-11-25', bands: ['afternoon'], formToken });
    const { html } = await client.get(made.res.headers.get('location') ?? '');
    expect(html).not.toContain('この予約を取り消す</button>');
    expect(html).toContain('インターネットでの取消期限');
    expect(html).toContain('093-000-0000');
  });

  it('hides other people’s reservations (404), even with a guessed id', async () => {
    const other = new PageClient(app);
    const stranger = await makeUser(ctx().db.kysely);
    await other.logIn(stranger.email ?? '', TEST_PASSWORD);
    const mine = await ctx().db.kysely.selectFrom('reservations').select('id').where('user_id', '=', user.id).executeTakeFirstOrThrow();
    expect((await other.get(`/my/reservations/${mine.id}`)).res.status).toBe(404);
    expect((await other.get(`/my/reservations/${mine.id}/ics`)).res.status).toBe(404);
    expect((await other.post(`/my/reservations/${mine.id}/cancel`, {})).res.status).toBe(404);
  });

  it('writes the booking mail in each booker’s language: English for a user whose language is en, Japanese otherwise', async () => {
    const db = ctx().db.kysely;
    const facilityId = await makeFacility(db, { name: '若松市民センター' });
    await db.updateTable('facilities').set({ name_en: 'Wakamatsu Citizen Centre' }).where('id', '=', facilityId).execute();
    const room = await makeRoom(db, facilityId, { name: '会議室', room_type: 'meeting_room', capacity: 20 });
    await db.updateTable('rooms').set({ name_en: 'Meeting room' }).where('id', '=', room).execute();
    await makeRoomFees(db, room, { morning: 400, afternoon: 500, evening: 500 });
    const booker = async (email: string, name: string, language: string) => {
      const made = await makeUser(db, { email, name });
      await db.updateTable('users').set({ language }).where('id', '=', made.id).execute();
      const c = new PageClient(app);
      await c.logIn(email, TEST_PASSWORD);
      return { ...made, client: c };
    };
    const english = await booker('english@example.com', 'Jane Smith', 'en');
    const japanese = await booker('japanese@example.com', '戸畑 花子', 'ja');
    for (const [who, date, purpose] of [
      [english, '2026-12-10', 'Go club'],
      [japanese, '2026-12-11', '囲碁の会'],
    ] as const) {
      const form = { ...details, roomId: room, date, purpose, bands: ['morning'] };
      const confirm = await who.client.post('/book/confirm', form);
      const formToken = /name="formToken" value="([^"]+)"/.exec(confirm.html)?.[1] ?? '';
      expect((await who.client.post('/book', { ...form, formToken })).res.status).toBe(303);
    }
    const messageOf = (userId: string) =>
      db
        .selectFrom('notify_messages')
        .select(['subject', 'body_text', 'lang'])
        .where('user_id', '=', userId)
        .where('kind', '=', 'booking.confirmed')
        .executeTakeFirstOrThrow();

    const en = await messageOf(english.id);
    expect(en.lang).toBe('en');
    expect(en.subject).toMatch(/^\[Tsunagu\] Booking received \(booking no\. 2612-\d{6}\)$/);
    expect(en.body_text).toMatch(/^Dear Jane Smith,\n/);
    expect(en.body_text).toContain('Facility: Wakamatsu Citizen Centre Meeting room');
    expect(en.body_text).toContain('Date: Thu, 10 December 2026');
    expect(en.body_text).toContain('Time: Morning (09:00–12:00)');
    expect(en.body_text).toContain('Fee: ¥400');
    expect(en.body_text).not.toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/);
    const mail = await outbox(db).selectAll().where('to_address', '=', 'english@example.com').executeTakeFirstOrThrow();
    expect(mail.subject).toBe(en.subject);

    const ja = await messageOf(japanese.id);
    expect(ja.lang).toBe('ja');
    expect(ja.subject).toMatch(/^【つなぐ】予約を受け付けました（予約番号 2612-\d{6}）$/);
    expect(ja.body_text).toContain('戸畑 花子 様');
    expect(ja.body_text).toContain('施設: 若松市民センター 会議室');
    expect(ja.body_text).toContain('利用日: 令和8年12月11日（金）');
  });
});
