/**
 * The lottery's HTML pages through the real app: the entry form (errors re-rendered in plain Japanese,
 * nothing written), my entries with withdraw and confirm, and the back office (who may draw, the rules
 * form, a room switched to lottery from the room configuration).
 */
import { beforeAll, expect, it } from 'vitest';
import { PageClient } from '../../../test/browser.ts';
import { countRows, describeEachDialect, testApp } from '../../../test/db.ts';
import { makeFacility, makeRoom, makeStaff, makeUser, TEST_PASSWORD } from '../../../test/factories.ts';
import type { Clock } from '../../lib/time.ts';

let at = new Date('2026-12-02T01:00:00Z'); // 10:00 JST on the 2nd: entries for 2027-02 are open
const clock: Clock = { now: () => new Date(at) };

describeEachDialect('lottery pages', (ctx) => {
  let app: ReturnType<typeof testApp>;
  let hall: string;
  let plainRoom: string;
  let resident: PageClient;
  let admin: PageClient;
  let clerk: PageClient;

  const login = async (email: string, then = '/lottery') => {
    const c = new PageClient(app);
    await c.post('/login', { login: email, password: TEST_PASSWORD });
    await c.get(then);
    return c;
  };
  const form = (over: Record<string, string | string[]> = {}) => ({
    wish0Room: hall,
    wish0Date: '2027-02-06',
    wish0Bands: ['afternoon'],
    wish1Room: '',
    wish1Date: '',
    purpose: '体操教室',
    attendees: '15',
    category: 'general',
    ...over,
  });

  beforeAll(async () => {
    const db = ctx().db.kysely;
    at = new Date('2026-12-02T01:00:00Z');
    app = testApp(ctx(), clock);
    const facilityId = await makeFacility(db, { name: 'ページテスト生涯学習センター' });
    hall = await makeRoom(db, facilityId, { name: '多目的ホール', room_type: 'hall', capacity: 80, allocation: 'lottery' });
    plainRoom = await makeRoom(db, facilityId, { name: '和室', sort_order: 2 });
    resident = await login((await makeUser(db)).email ?? '');
    admin = await login((await makeStaff(db, 'admin')).email ?? '', '/staff/lottery');
    clerk = await login((await makeStaff(db, 'clerk', { facilityId })).email ?? '', '/staff/lottery');
  });

  it('shows the season, the seed hash and the lottery rooms to anyone', async () => {
    const { res, html } = await new PageClient(app).get('/lottery');
    expect(res.status).toBe(200);
    expect(html).toContain('2027年2月分 — 申し込み受付中');
    expect(html).toMatch(/<code class="hash">[0-9a-f]{64}<\/code>/);
    expect(html).toContain('多目的ホール');
    expect(html).not.toContain('和室');
  });

  it('sends a visitor to log in before the entry form', async () => {
    const { res } = await new PageClient(app).get('/lottery/apply');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toContain('/login');
  });

  it('re-renders the form with plain messages for bad input and writes nothing', async () => {
    await resident.get('/lottery/apply');
    const empty = await resident.post('/lottery/apply', { purpose: '', attendees: '', category: '' });
    expect(empty.res.status).toBe(422);
    expect(empty.html).toContain('第1希望を入力してください');
    const closedDay = await resident.post('/lottery/apply', form({ wish0Date: '2027-02-07' })); // a Sunday: closed
    expect(closedDay.res.status).toBe(422);
    expect(closedDay.html).toContain('error-summary');
    const notLottery = await resident.post('/lottery/apply', form({ wish0Room: plainRoom }));
    expect(notLottery.res.status).toBe(422);
    expect(notLottery.html).toContain('抽選の対象ではありません');
    expect(notLottery.html).toContain('value="体操教室"'); // what was typed stays
    expect(await countRows(ctx(), 'lottery_entries')).toBe(0);
  });

  it('takes an entry, lists it, refuses a second one and lets it be withdrawn while entries are open', async () => {
    const entered = await resident.post(
      '/lottery/apply',
      form({ wish1Room: hall, wish1Date: '2027-02-13', wish1Bands: ['morning', 'afternoon'] }),
    );
    expect(entered.res.status).toBe(303);
    expect(entered.res.headers.get('location')).toBe('/lottery/entries?notice=entered');
    const mine = await resident.get('/lottery/entries?notice=entered');
    expect(mine.html).toContain('抽選の申し込みを受け付けました');
    expect(mine.html).toContain('第2希望');
    expect(mine.html).toContain('午前・午後');
    const second = await resident.post('/lottery/apply', form({ wish0Date: '2027-02-20' }));
    expect(second.res.status).toBe(409);
    expect(second.html).toContain('すでに申し込んでいます');

    const id = /action="\/lottery\/entries\/([^/]+)\/withdraw"/.exec(mine.html)?.[1];
    expect(id).toBeDefined();
    const withdrawn = await resident.post(`/lottery/entries/${id}/withdraw`, {});
    expect(withdrawn.res.status).toBe(303);
    expect(await countRows(ctx(), 'lottery_entries')).toBe(0);
    expect((await resident.post('/lottery/apply', form())).res.status).toBe(303); // and enter again
  });

  it('lets staff see the months, but only an admin run a draw, and only once entries have closed', async () => {
    const page = await clerk.get('/staff/lottery');
    expect(page.res.status).toBe(200);
    expect(page.html).toContain('申し込み受付中');
    expect(page.html).not.toContain('抽選の日程と上限'); // the rules form is for admins
    expect((await clerk.post('/staff/lottery/2027-02/draw', {})).res.status).toBe(403);
    const early = await admin.post('/staff/lottery/2027-02/draw', {});
    expect(early.res.status).toBe(409);
    expect(early.html).toContain('まだ申し込みの受付期間中です');

    at = new Date('2026-12-12T01:00:00Z');
    const admin2 = await login((await makeStaff(ctx().db.kysely, 'admin')).email ?? '', '/staff/lottery');
    const listed = await admin2.get('/staff/lottery');
    expect(listed.html).toContain('2027年2月分の抽選を実行する');
    const drawn = await admin2.post('/staff/lottery/2027-02/draw', {});
    expect(drawn.res.status).toBe(303);
    const after = await admin2.get(drawn.res.headers.get('location') ?? '');
    expect(after.html).toContain('当選 1件');
    const exported = await admin2.get('/staff/lottery/2027-02/export');
    expect(exported.res.headers.get('content-disposition')).toContain('lottery-2027-02.json');
    expect(JSON.parse(exported.html).format).toBe('tsunagu-lottery-draw/1');
    expect((await admin2.post('/staff/lottery/2027-02/draw', {})).res.status).toBe(409);
    const audit = await ctx().db.kysely.selectFrom('audit_log').select('action').where('action', '=', 'lottery.draw').execute();
    expect(audit).toHaveLength(1);
  });

  it('shows the resident the win and confirms it from the page', async () => {
    const resident2 = await login(
      (
        await ctx()
          .db.kysely.selectFrom('lottery_entries')
          .innerJoin('users', 'users.id', 'lottery_entries.user_id')
          .select('users.email')
          .executeTakeFirstOrThrow()
      ).email ?? '',
    );
    const page = await resident2.get('/lottery/entries');
    expect(page.html).toContain('当選しました');
    const id = /action="\/lottery\/entries\/([^/]+)\/confirm"/.exec(page.html)?.[1];
    const confirmed = await resident2.post(`/lottery/entries/${id}/confirm`, {});
    expect(confirmed.res.status).toBe(303);
    const after = await resident2.get('/lottery/entries?notice=confirmed');
    expect(after.html).toContain('当選した部屋の利用を確定しました');
    expect(after.html).not.toContain(`/lottery/entries/${id}/confirm`);
  });

  it('refuses rules out of order and changes nothing; saves good ones, audited', async () => {
    const rules = {
      monthsAhead: '2',
      entryOpensDay: '1',
      entryClosesDay: '10',
      drawDay: '12',
      confirmByDay: '20',
      firstComeDay: '21',
      nonResidentDelayDays: '7',
      maxWishes: '5',
      maxWinsPerson: '2',
      maxWinsGroup: '4',
    };
    await admin.get('/staff/lottery');
    const bad = await admin.post('/staff/lottery/rules', { ...rules, drawDay: '5' });
    expect(bad.res.status).toBe(422);
    expect(bad.html).toContain('日程の順番が正しくありません');
    expect(await countRows(ctx(), 'settings')).toBe(0);
    expect((await admin.post('/staff/lottery/rules', { ...rules, drawDay: 'x' })).res.status).toBe(422);
    expect((await clerk.post('/staff/lottery/rules', rules)).res.status).toBe(403);
    const good = await admin.post('/staff/lottery/rules', { ...rules, maxWishes: '３' }); // full-width digits are fine
    expect(good.res.status).toBe(303);
    expect((await new PageClient(app).get('/lottery')).html).toContain('希望は第1希望から順に3件まで');
    const audit = await ctx().db.kysely.selectFrom('audit_log').select('action').where('action', '=', 'config.lottery').execute();
    expect(audit).toHaveLength(1);
  });

  it('switches a room to the lottery from its configuration', async () => {
    const db = ctx().db.kysely;
    const page = await admin.get(
      `/staff/config/facilities/${(await db.selectFrom('rooms').select('facility_id').where('id', '=', plainRoom).executeTakeFirstOrThrow()).facility_id}`,
    );
    expect(page.html).toContain('貸し出しの方法');
    const { res } = await admin.post(`/staff/config/rooms/${plainRoom}`, {
      capacity: '20',
      bookingWindowDays: '31',
      cancelDeadlineDays: '2',
      fee_morning: '0',
      fee_afternoon: '0',
      fee_evening: '0',
      allocation: 'lottery',
    });
    expect(res.status).toBe(303);
    expect((await db.selectFrom('rooms').select('allocation').where('id', '=', plainRoom).executeTakeFirstOrThrow()).allocation).toBe(
      'lottery',
    );
    const bad = await admin.post(`/staff/config/rooms/${plainRoom}`, {
      capacity: '20',
      bookingWindowDays: '31',
      cancelDeadlineDays: '2',
      fee_morning: '0',
      fee_afternoon: '0',
      fee_evening: '0',
      allocation: 'auction',
    });
    expect(bad.res.status).toBe(422);
  });
});
