import { beforeAll, expect, it } from 'vitest';
import { PageClient } from '../../../test/browser.ts';
import { describeEachDialect, testApp } from '../../../test/db.ts';
import { makeBooking, makeFacility, makeRoom, makeStaff, makeUser, TEST_PASSWORD } from '../../../test/factories.ts';
import { kanaFoldKey } from '../../lib/normalize.ts';

describeEachDialect('back-office pages', (ctx) => {
  let app: ReturnType<typeof testApp>;
  let centreA: string;
  let centreB: string;
  let roomA: string;
  let caller: Awaited<ReturnType<typeof makeUser>>;
  let clerk: PageClient;

  beforeAll(async () => {
    const db = ctx().db.kysely;
    app = testApp(ctx());
    centreA = await makeFacility(db, { name: '職員テストA市民センター' });
    centreB = await makeFacility(db, { name: '職員テストB市民センター' });
    roomA = await makeRoom(db, centreA, { name: '和室' });
    caller = await makeUser(db, { name: '北九 松子', name_kana: 'キタキュウ マツコ' });
    const booked = await makeBooking(db, roomA, '2026-12-01', ['morning']);
    await db.updateTable('reservations').set({ user_id: caller.id, purpose: '俳句の会' }).where('id', '=', booked).execute();
    const staff = await makeStaff(db, 'clerk', { facilityId: centreA });
    clerk = new PageClient(app);
    const { res } = await clerk.post('/login', { login: staff.email ?? '', password: TEST_PASSWORD });
    expect(res.headers.get('location')).toBe('/staff'); // staff land on the back office
    await clerk.get('/staff');
  });

  it('lists only the clerk’s own facility and shows its day with booker and phone', async () => {
    const home = await clerk.get('/staff');
    expect(home.html).toContain('職員テストA市民センター');
    expect(home.html).not.toContain('職員テストB市民センター');
    const day = await clerk.get(`/staff/facilities/${centreA}?date=2026-12-01`);
    expect(day.res.status).toBe(200);
    expect(day.html).toContain('北九 松子（キタキュウ マツコ）');
    expect(day.html).toContain('俳句の会');
    expect(day.html).toContain('093-000-1111');
    expect((await clerk.get(`/staff/facilities/${centreB}?date=2026-12-01`)).res.status).toBe(403);
  });

  it('refuses residents and visitors', async () => {
    const resident = new PageClient(app);
    await resident.logIn(caller.email ?? '', TEST_PASSWORD);
    expect((await resident.get('/staff')).res.status).toBe(403);
    expect((await resident.get(`/staff/facilities/${centreA}?date=2026-12-01`)).res.status).toBe(403);
    expect((await new PageClient(app).get('/staff')).res.status).toBe(303);
  });

  it('finds a phone caller by フリガナ typed any way, by phone or by 利用者番号, showing only the phone’s last digits', async () => {
    expect(kanaFoldKey('ｷﾀｷｭｳ　ﾏﾂｺ')).toBe('キタキュウマツコ');
    for (const q of ['きたきゅう まつこ', 'ｷﾀｷｭｳﾏﾂｺ', 'キタキュウ', caller.number, '北九']) {
      const { html } = await clerk.get(`/staff/book?room=${roomA}&date=2026-12-02&band=morning&q=${encodeURIComponent(q)}`);
      expect(html, q).toContain('北九 松子（キタキュウ マツコ）');
      expect(html, q).toContain('…1111');
      expect(html, q).not.toContain('093-000-1111');
    }
  });

  it('takes % and _ in a search key as the characters themselves, and refuses a key of nothing but spaces', async () => {
    await makeUser(ctx().db.kysely, { name: '記号_入り 氏名', name_kana: 'キゴウ イリ' });
    const search = (q: string) => clerk.get(`/staff/book?room=${roomA}&date=2026-12-02&band=morning&q=${encodeURIComponent(q)}`);
    // Wildcards would list every resident: each finds only a name that has the character itself.
    for (const q of ['%', '%%', 'キタ%', '北_', '\\']) {
      const { res, html } = await search(q);
      expect(res.status, q).toBe(200);
      expect(html, q).not.toContain('北九 松子');
      expect(html, q).not.toContain('記号_入り');
    }
    const underscore = await search('_');
    expect(underscore.html).toContain('記号_入り 氏名');
    expect(underscore.html).not.toContain('北九 松子');
    // Nothing left to search for once spaces (full-width too) are taken out: a message, not a list.
    for (const q of ['　', ' \u3000 ', '\u200b']) {
      const { res, html } = await search(q);
      expect(res.status, JSON.stringify(q)).toBe(422);
      expect(html).toContain('error-summary');
      expect(html).toContain('検索する文字を入力してください');
      expect(html).not.toContain('北九 松子');
    }
  });

  it('books for the caller from the day view in a few steps, recording the phone channel', async () => {
    const form = await clerk.get(`/staff/book?room=${roomA}&date=2026-12-02&band=morning&resident=${caller.id}`);
    expect(form.html).toContain('代理予約');
    const { res } = await clerk.post('/staff/book', {
      residentId: caller.id,
      roomId: roomA,
      date: '2026-12-02',
      bands: ['morning'],
      channel: 'phone',
      purpose: '俳句の会',
      attendees: '6',
      category: 'general',
    });
    expect(res.status).toBe(303);
    const location = res.headers.get('location') ?? '';
    expect(location).toMatch(/\/staff\/facilities\/.+\?date=2026-12-02&booked=2612-\d{6}/);
    const day = await clerk.get(location);
    expect(day.html).toContain('で予約しました');
    const row = await ctx()
      .db.kysely.selectFrom('reservations')
      .selectAll()
      .where('date', '=', '2026-12-02')
      .where('room_id', '=', roomA)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ user_id: caller.id, channel: 'phone' });
    expect(row.operator_id).not.toBeNull();
  });

  it('registers a caller without email at the counter, issuing a 利用者番号, then books for them', async () => {
    const { res } = await clerk.post(`/staff/residents?room=${roomA}&date=2026-12-03&band=afternoon`, {
      name: '窓口 竹子',
      nameKana: 'まどぐち たけこ',
      phone: '093-222-3333',
      email: '',
      residency: 'resident',
    });
    expect(res.status).toBe(303);
    const location = res.headers.get('location') ?? '';
    expect(location).toMatch(/resident=usr_/);
    const user = await ctx().db.kysely.selectFrom('users').selectAll().where('name', '=', '窓口 竹子').executeTakeFirstOrThrow();
    expect(user).toMatchObject({ email: null, password_hash: null, name_kana: 'まどぐち たけこ' }); // as typed; the search folds it
    expect(user.number).toMatch(/^\d{8}$/);
    const audit = await ctx().db.kysely.selectFrom('audit_log').selectAll().where('target_id', '=', user.id).execute();
    expect(audit.map((a) => a.action)).toEqual(['resident.register_at_counter']);
  });
});
