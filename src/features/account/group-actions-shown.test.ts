/**
 * Pages offer a group's lottery entry and bookings' actions only to who may take them (the same
 * group.policy.ts functions the services call), and tell the others plainly who can. On SQLite and
 * PostgreSQL.
 */
import { beforeAll, expect, it } from 'vitest';
import { api, tokenFor } from '../../../test/api.ts';
import { PageClient } from '../../../test/browser.ts';
import { describeEachDialect, testApp } from '../../../test/db.ts';
import { makeFacility, makeGroup, makeRoom, makeRoomFees, makeStaff, makeUser, TEST_PASSWORD } from '../../../test/factories.ts';
import type { Clock } from '../../lib/time.ts';
import { drawMonth } from '../lottery/lottery.draw.service.ts';
import { getUser } from './account.service.ts';

let at = new Date('2026-12-02T01:00:00Z'); // lottery entries for 2027-02 are open
const clock: Clock = { now: () => new Date(at) };

describeEachDialect('group actions shown', (ctx) => {
  let app: ReturnType<typeof testApp>;
  let roomId: string;
  let hall: string;
  let groupId: string;
  const people: Record<string, { id: string; email: string; token: string }> = {};
  const pageFor = async (who: string) => {
    const client = new PageClient(app);
    await client.logIn(people[who]?.email ?? '', TEST_PASSWORD);
    return client;
  };

  beforeAll(async () => {
    const db = ctx().db.kysely;
    at = new Date('2026-12-02T01:00:00Z');
    app = testApp(ctx(), clock);
    const facilityId = await makeFacility(db, { name: '表示テスト市民センター' });
    roomId = await makeRoom(db, facilityId, { name: '会議室', capacity: 30 });
    hall = await makeRoom(db, facilityId, { name: 'ホール', room_type: 'hall', capacity: 80, allocation: 'lottery', sort_order: 2 });
    await makeRoomFees(db, roomId, { morning: 400, afternoon: 500, evening: 500 });
    for (const name of ['rep', 'mia', 'kai']) {
      const u = await makeUser(db, { email: `${name}@example.com`, name: `${name} さん` });
      people[name] = { id: u.id, email: `${name}@example.com`, token: await tokenFor(ctx(), u.id) };
    }
    groupId = await makeGroup(db, people.rep?.id ?? '', {
      type: 'circle',
      name: '表示の会',
      members: [people.mia?.id ?? '', people.kai?.id ?? ''],
    });
  });

  it('shows withdraw and confirm on a group entry only to its submitter and the representative', async () => {
    const made = await api(app, 'POST', '/api/v1/lottery/entries', people.mia?.token, {
      purpose: '発表会',
      attendees: 30,
      category: 'general',
      groupId,
      wishes: [{ roomId: hall, date: '2027-02-06', bands: ['afternoon'] }],
    });
    expect(made.status).toBe(201);
    const withdraw = `/lottery/entries/${made.json.id}/withdraw`;
    const confirm = `/lottery/entries/${made.json.id}/confirm`;
    const who = '取り下げと当選の確定は、団体の代表者か申し込んだ方ができます';

    const asKai = await (await pageFor('kai')).get('/lottery/entries');
    expect(asKai.html).toContain('表示の会');
    expect(asKai.html).not.toContain(withdraw);
    expect(asKai.html).toContain(who);
    expect((await api(app, 'GET', `/api/v1/lottery/entries/${made.json.id}`, people.kai?.token)).json.canWithdraw).toBe(false);
    for (const submitterOrRep of ['mia', 'rep']) {
      const page = await (await pageFor(submitterOrRep)).get('/lottery/entries');
      expect(page.html).toContain(withdraw);
      expect(page.html).not.toContain(who);
    }

    at = new Date('2026-12-12T01:00:00Z');
    const admin = await makeStaff(ctx().db.kysely, 'admin');
    expect((await drawMonth(ctx().db.kysely, clock, '2027-02', await getUser(ctx().db.kysely, admin.id))).won).toBe(1);
    const afterDraw = await (await pageFor('kai')).get('/lottery/entries');
    expect(afterDraw.html).not.toContain(confirm);
    expect(afterDraw.html).toContain(who);
    expect((await (await pageFor('rep')).get('/lottery/entries')).html).toContain(confirm);
    at = new Date('2026-12-02T01:00:00Z');
  });

  it('tells a member who may cancel a group booking instead of showing a button or a deadline they have not passed', async () => {
    const byRep = await api(app, 'POST', '/api/v1/reservations', people.rep?.token, {
      roomId,
      date: '2026-12-10',
      bands: ['morning'],
      purpose: '会議',
      attendees: 8,
      category: 'general',
      groupId,
    });
    expect(byRep.json.errors).toBeUndefined();
    const page = await (await pageFor('mia')).get(`/my/reservations/${byRep.json.id}`);
    expect(page.html).not.toContain(`/my/reservations/${byRep.json.id}/cancel`);
    expect(page.html).toContain('団体の予約の取り消しは、団体の代表者か予約した方ができます');
    expect(page.html).not.toContain('取消期限');
    const own = await (await pageFor('rep')).get(`/my/reservations/${byRep.json.id}`);
    expect(own.html).toContain(`/my/reservations/${byRep.json.id}/cancel`);
  });
});
