/**
 * One ticket per person and cell, whichever entries carry it (a unique index on the ticket holders), and
 * a cap on the groups one person may represent; lottery wishes of an unverified group are priced like
 * an ordinary booking. Through the API, the pages and the service, on SQLite and PostgreSQL.
 */
import { beforeAll, expect, it } from 'vitest';
import { api, tokenFor } from '../../../test/api.ts';
import { PageClient } from '../../../test/browser.ts';
import { describeEachDialect, testApp } from '../../../test/db.ts';
import { makeFacility, makeGroup, makeRoom, makeRoomFees, makeUser, TEST_PASSWORD } from '../../../test/factories.ts';
import type { Clock } from '../../lib/time.ts';

const clock: Clock = { now: () => new Date('2026-12-02T01:00:00Z') }; // entries for 2027-02 are open

describeEachDialect('lottery tickets', (ctx) => {
  let app: ReturnType<typeof testApp>;
  let hall: string;
  let pat: { id: string; token: string; email: string };
  let sam: { id: string; token: string };
  const groups: string[] = [];

  const wish = (date: string, bands = ['afternoon']) => ({ roomId: hall, date, bands });
  const enter = (token: string, wishes: ReturnType<typeof wish>[], over: Record<string, unknown> = {}) =>
    api(app, 'POST', '/api/v1/lottery/entries', token, { purpose: '練習', attendees: 10, category: 'general', wishes, ...over });
  const ticketsOf = (userId: string, date: string) =>
    ctx().db.kysely.selectFrom('lottery_tickets').selectAll().where('user_id', '=', userId).where('date', '=', date).execute();

  beforeAll(async () => {
    const db = ctx().db.kysely;
    app = testApp(ctx(), clock);
    const facilityId = await makeFacility(db, { name: '券テスト生涯学習センター' });
    hall = await makeRoom(db, facilityId, { name: '大ホール', room_type: 'hall', capacity: 80, allocation: 'lottery' });
    await makeRoomFees(db, hall, { morning: 1000, afternoon: 1200, evening: 1200 });
    const p = await makeUser(db, { email: 'pat@example.com' });
    pat = { id: p.id, token: await tokenFor(ctx(), p.id), email: 'pat@example.com' };
    const s = await makeUser(db);
    sam = { id: s.id, token: await tokenFor(ctx(), s.id) };
    // pat represents two groups and is a plain member of a third, whose representative is sam.
    groups.push(await makeGroup(db, pat.id, { type: 'circle', name: '第一の会' }));
    groups.push(await makeGroup(db, pat.id, { type: 'circle', name: '第二の会' }));
    groups.push(await makeGroup(db, sam.id, { type: 'circle', name: '第三の会', members: [pat.id] }));
  });

  it('refuses the same cell through a second group of the same person, naming the cell', async () => {
    const first = await enter(pat.token, [wish('2027-02-06')], { groupId: groups[0] });
    expect(first.status).toBe(201);
    const second = await enter(pat.token, [wish('2027-02-06')], { groupId: groups[1] });
    expect(second.status).toBe(422);
    expect(second.json.errors?.[0]?.message).toContain('大ホール 2027-02-06 午後');
    // Every member of a group holds its entry's tickets, whoever submits it: sam's group, where pat is a
    // member, may not wish pat's cell either.
    const viaMember = await enter(sam.token, [wish('2027-02-06')], { groupId: groups[2] });
    expect(viaMember.status).toBe(422);
    expect(await ticketsOf(pat.id, '2027-02-06')).toHaveLength(1);
  });

  it('lets exactly one of two concurrent submissions through different groups hold the cell', async () => {
    const [a, b] = await Promise.all([
      enter(pat.token, [wish('2027-02-13')], { groupId: groups[1] }),
      enter(sam.token, [wish('2027-02-13')], { groupId: groups[2] }),
    ]);
    expect([a.status, b.status].sort()).toEqual([201, 422]);
    const loser = a.status === 422 ? a : b;
    expect(loser.json.errors?.[0]?.message).toContain('大ホール 2027-02-13 午後');
    expect(await ticketsOf(pat.id, '2027-02-13')).toHaveLength(1);
    const unique = await ctx().db.kysely.selectFrom('lottery_wishes').select('entry_id').where('date', '=', '2027-02-13').execute();
    expect(unique).toHaveLength(1);
  });

  it('frees the tickets when an entry is withdrawn', async () => {
    const mine = await api(app, 'GET', '/api/v1/lottery/entries', pat.token);
    const first = (mine.json.entries as { id: string; groupId: string }[]).find((e) => e.groupId === groups[0]);
    expect((await api(app, 'DELETE', `/api/v1/lottery/entries/${first?.id}`, pat.token)).status).toBe(204);
    expect(await ticketsOf(pat.id, '2027-02-06')).toHaveLength(0);
    const own = await enter(pat.token, [wish('2027-02-06')]);
    expect(own.status).toBe(201);
  });

  it('caps the groups one person may represent, with a clear message', async () => {
    const client = new PageClient(app);
    await client.logIn(pat.email, TEST_PASSWORD);
    for (let i = 0; i < 3; i++)
      expect((await client.post('/groups', { name: `上限の会${i}`, type: 'circle', memberCount: '5' })).res.status).toBe(303);
    const over = await client.post('/groups', { name: '上限を超える会', type: 'circle', memberCount: '5' });
    expect(over.res.status).toBe(422);
    expect(over.html).toContain('代表者になれる団体は5団体までです');
    const count = await ctx().db.kysely.selectFrom('organisations').select('id').where('representative_id', '=', pat.id).execute();
    expect(count).toHaveLength(5);
  });

  it('prices the wishes of an unverified 地域団体 without its reduction', async () => {
    const db = ctx().db.kysely;
    const lee = await makeUser(db);
    const unverified = await makeGroup(db, lee.id, { type: 'community', name: '未確認の町内会', verification: 'pending' });
    const made = await enter(await tokenFor(ctx(), lee.id), [wish('2027-02-20')], { groupId: unverified, category: 'community' });
    expect(made.status).toBe(201);
    expect((made.json.wishes as { fee: number }[])[0]?.fee).toBe(1200);
  });
});
