/**
 * Names and prose are kept exactly as typed through the real forms and API (ー is not "-", ① is not 1,
 * ㈱ is not (株), 半角ｶﾅ stays 半角), while codes and numbers typed with an IME (全角 digits, ー as a hyphen)
 * are still read; the clerk's search still finds a name typed another way.
 */
import { beforeAll, expect, it } from 'vitest';
import { api, tokenFor } from '../../../test/api.ts';
import { PageClient } from '../../../test/browser.ts';
import { describeEachDialect, testApp } from '../../../test/db.ts';
import { makeFacility, makeGroup, makeRoom, makeStaff, makeUser, TEST_PASSWORD } from '../../../test/factories.ts';
import { outbox } from '../../../test/outbox.ts';

const NAME = 'ｻｰｸﾙ 花子①';
const KANA = 'ｻｰｸﾙ ﾊﾅｺ';
const GROUP = '㈱プローブ・サークル①';
const PURPOSE = 'スーパー体操サークル ① ㈱ ｶﾅ';

describeEachDialect('text kept as typed through the forms', (ctx) => {
  let app: ReturnType<typeof testApp>;
  let roomId: string;
  let facilityId: string;
  let resident: PageClient;
  let userId: string;

  beforeAll(async () => {
    const db = ctx().db.kysely;
    app = testApp(ctx());
    facilityId = await makeFacility(db, { name: '表記テスト市民センター' });
    roomId = await makeRoom(db, facilityId, { name: '会議室', capacity: 30 });
    resident = new PageClient(app);
    await resident.get('/register');
    const { res } = await resident.post('/register', {
      name: `  ${NAME}　`,
      nameKana: KANA,
      phone: '０９３ー５８２ー１２３４',
      email: 'typed@example.jp',
      residency: 'resident',
      birthYear: '１９５５',
      password: 'a-long-enough-password',
      passwordConfirm: 'a-long-enough-password',
    });
    expect(res.status).toBe(200); // "we have sent you a mail": registering logs nobody in
    await resident.get('/login');
    const login = await resident.post('/login', { login: 'typed@example.jp', password: 'a-long-enough-password' });
    expect(login.res.status).toBe(303);
    await resident.get('/account'); // the session's form token
    userId = (await db.selectFrom('users').select('id').where('email', '=', 'typed@example.jp').executeTakeFirstOrThrow()).id;
  });

  it('stores and shows the registered name and フリガナ as typed, reading the 全角 phone and birth year', async () => {
    const row = await ctx().db.kysely.selectFrom('users').selectAll().where('id', '=', userId).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ name: NAME, name_kana: KANA, phone: '093-582-1234', birth_year: 1955 });
    const { html } = await resident.get('/account');
    expect(html).toContain(`${NAME}（${KANA}）`);
  });

  it('stores and shows a group name as typed, reading a 全角 member count', async () => {
    const created = await resident.post('/groups', { name: GROUP, type: 'circle', memberCount: '１２' });
    expect(created.res.status).toBe(303);
    const row = await ctx()
      .db.kysely.selectFrom('organisations')
      .selectAll()
      .where('representative_id', '=', userId)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ name: GROUP, member_count: 12 });
    const page = await resident.get((created.res.headers.get('location') ?? '').split('?')[0] ?? '');
    expect(page.html).toContain(GROUP);
  });

  it('lists a group’s members in フリガナ order whichever script each was typed in', async () => {
    const db = ctx().db.kysely;
    const names = [
      ['井上', 'いのうえ'],
      ['青木', 'アオキ'],
      ['上田', 'ｳｴﾀﾞ'],
    ] as const;
    const members = [];
    for (const [name, name_kana] of names) members.push(await makeUser(db, { name, name_kana }));
    const groupId = await makeGroup(db, userId, { members: members.map((m) => m.id), name: '順番の会' });
    const { html } = await resident.get(`/groups/${groupId}`);
    const at = (name: string) => html.indexOf(name);
    expect(at('青木')).toBeGreaterThan(-1);
    expect(at('青木')).toBeLessThan(at('井上'));
    expect(at('井上')).toBeLessThan(at('上田'));
  });

  it('books with the purpose as typed (page, .ics and mail), reading a 全角 date and count', async () => {
    const form = { roomId, date: '２０２６ー１２ー０５', bands: ['morning'], purpose: PURPOSE, attendees: '８', category: 'general' };
    const confirm = await resident.post('/book/confirm', form);
    expect(confirm.res.status).toBe(200);
    expect(confirm.html).toContain(PURPOSE);
    const booked = await resident.post('/book', { ...form, formToken: 'form_text_as_typed' });
    expect(booked.res.status).toBe(303);
    const row = await ctx().db.kysely.selectFrom('reservations').selectAll().where('user_id', '=', userId).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ purpose: PURPOSE, date: '2026-12-05', attendees: 8 });
    const page = await resident.get(`/my/reservations/${row.id}`);
    expect(page.html).toContain(PURPOSE);
    const ics = await resident.get(`/my/reservations/${row.id}/ics`);
    expect(ics.html.replace(/\r?\n[ \t]/g, '')).toContain(PURPOSE);
    const mail = await outbox(ctx().db.kysely).selectAll().where('to_address', '=', 'typed@example.jp').execute();
    expect(mail.some((m) => m.body_text.includes(`${NAME} 様`) && m.body_text.includes(PURPOSE))).toBe(true);
  });

  it('keeps the purpose of an API booking as typed', async () => {
    const token = await tokenFor(ctx(), userId);
    const { status, json } = await api(app, 'POST', '/api/v1/reservations', token, {
      roomId,
      date: '2026-12-05',
      bands: ['afternoon'],
      purpose: 'コーラス①の練習',
      attendees: 5,
      category: 'general',
    });
    expect(status).toBe(201);
    expect(json.purpose).toBe('コーラス①の練習');
  });

  it('still refuses a blank purpose as missing', async () => {
    const { res, html } = await resident.post('/book/confirm', {
      roomId,
      date: '2026-12-07',
      bands: ['morning'],
      purpose: '　 ',
      attendees: '3',
      category: 'general',
    });
    expect(res.status).toBe(422);
    expect(html).toContain('利用目的を入力してください');
  });

  it('lets the clerk find the name typed in 半角ｶﾅ by ひらがな or 全角, and keeps what the clerk types at the counter', async () => {
    const db = ctx().db.kysely;
    const staff = await makeStaff(db, 'clerk', { facilityId });
    const clerk = new PageClient(app);
    await clerk.logIn(staff.email ?? '', TEST_PASSWORD);
    for (const q of ['さーくる はなこ', 'サークルハナコ', 'ｻｰｸﾙ', 'サークル 花子']) {
      const { html } = await clerk.get(`/staff/book?room=${roomId}&date=2026-12-08&band=morning&q=${encodeURIComponent(q)}`);
      expect(html, q).toContain(`${NAME}（${KANA}）`);
    }
    const { res } = await clerk.post(`/staff/residents?room=${roomId}&date=2026-12-08&band=morning`, {
      name: 'ローソン 次郎㈱',
      nameKana: 'ろーそん じろう',
      phone: '０９３－２２２－３３３３',
      email: '',
      residency: 'resident',
    });
    expect(res.status).toBe(303);
    const counter = await db.selectFrom('users').selectAll().where('name', '=', 'ローソン 次郎㈱').executeTakeFirstOrThrow();
    expect(counter).toMatchObject({ name_kana: 'ろーそん じろう', phone: '093-222-3333' });
    const found = await clerk.get(`/staff/book?room=${roomId}&date=2026-12-08&band=morning&q=${encodeURIComponent('ロ-ソン')}`);
    expect(found.html).not.toContain('ローソン 次郎㈱'); // a hyphen is not a long vowel mark, in a search either
    const byKana = await clerk.get(`/staff/book?room=${roomId}&date=2026-12-08&band=morning&q=${encodeURIComponent('ローソン')}`);
    expect(byKana.html).toContain('ローソン 次郎㈱（ろーそん じろう）');
  });

  it('keeps a closure note and a reduction reason as typed', async () => {
    const db = ctx().db.kysely;
    const staff = await makeStaff(db, 'clerk', { facilityId });
    const clerk = new PageClient(app);
    await clerk.logIn(staff.email ?? '', TEST_PASSWORD);
    await clerk.get(`/staff/facilities/${facilityId}/closures`);
    const closed = await clerk.post(`/staff/facilities/${facilityId}/closures`, {
      roomId,
      startsOn: '２０２６－１２－２１',
      endsOn: '2026-12-21',
      reason: 'maintenance',
      note: 'エレベーター点検①',
    });
    expect(closed.res.status).toBe(200);
    const closure = await db.selectFrom('closures').selectAll().where('facility_id', '=', facilityId).executeTakeFirstOrThrow();
    expect(closure).toMatchObject({ note: 'エレベーター点検①', starts_on: '2026-12-21' });

    const booking = await db
      .selectFrom('reservations')
      .select('id')
      .where('user_id', '=', userId)
      .where('purpose', '=', PURPOSE)
      .executeTakeFirstOrThrow();
    await clerk.get(`/staff/facilities/${facilityId}?date=2026-12-05`);
    const reduced = await clerk.post(`/staff/reservations/${booking.id}/reduction`, { percent: '５０', reason: 'サークル活動支援①' });
    expect(reduced.res.status).toBe(303);
    const row = await db.selectFrom('reservations').select('fee_detail').where('id', '=', booking.id).executeTakeFirstOrThrow();
    expect(JSON.parse(row.fee_detail ?? '{}').reductionReason).toEqual({ ja: 'サークル活動支援①', en: 'サークル活動支援①' });
  });
});
