/**
 * Who may do what in a group (group.policy.ts, README "Groups"), through the pages and the API, on
 * SQLite and PostgreSQL: members cancel and withdraw only what they made, the representative anything of
 * the group and is mailed of every change another member makes; joining is an invitation accepted.
 */
import { beforeAll, expect, it } from 'vitest';
import { api, tokenFor } from '../../../test/api.ts';
import { PageClient } from '../../../test/browser.ts';
import { describeEachDialect, testApp } from '../../../test/db.ts';
import { makeFacility, makeGroup, makeRoom, makeRoomFees, makeUser, TEST_PASSWORD } from '../../../test/factories.ts';
import { outbox } from '../../../test/outbox.ts';
import type { Clock } from '../../lib/time.ts';

const clock: Clock = { now: () => new Date('2026-12-02T01:00:00Z') }; // lottery entries for 2027-02 are open

describeEachDialect('group rules', (ctx) => {
  let app: ReturnType<typeof testApp>;
  let roomId: string;
  let hall: string;
  let groupId: string;
  const people: Record<string, { id: string; number: string; email: string; token: string }> = {};

  const booking = (date: string) => ({ roomId, date, bands: ['morning'], purpose: '会議', attendees: 8, category: 'general', groupId });
  const entry = (date: string) => ({
    purpose: '発表会',
    attendees: 30,
    category: 'general',
    groupId,
    wishes: [{ roomId: hall, date, bands: ['afternoon'] }],
  });
  const mailsTo = (who: string, like: string) =>
    outbox(ctx().db.kysely)
      .selectAll()
      .where('to_address', '=', people[who]?.email ?? '')
      .where('body_text', 'like', `%${like}%`)
      .execute();
  const pageFor = async (who: string) => {
    const client = new PageClient(app);
    await client.logIn(people[who]?.email ?? '', TEST_PASSWORD);
    return client;
  };

  beforeAll(async () => {
    const db = ctx().db.kysely;
    app = testApp(ctx(), clock);
    const facilityId = await makeFacility(db, { name: '規則テスト市民センター' });
    roomId = await makeRoom(db, facilityId, { name: '会議室', capacity: 30 });
    hall = await makeRoom(db, facilityId, { name: 'ホール', room_type: 'hall', capacity: 80, allocation: 'lottery', sort_order: 2 });
    await makeRoomFees(db, roomId, { morning: 400, afternoon: 500, evening: 500 });
    for (const name of ['rep', 'mia', 'kai', 'new1', 'new2']) {
      const u = await makeUser(db, { email: `${name}@example.com`, name: `${name} さん` });
      people[name] = { id: u.id, number: u.number, email: `${name}@example.com`, token: await tokenFor(ctx(), u.id) };
    }
    groupId = await makeGroup(db, people.rep?.id ?? '', {
      type: 'circle',
      name: '規則の会',
      members: [people.mia?.id ?? '', people.kai?.id ?? ''],
    });
  });

  it('lets a member cancel only the group bookings they made, the representative any, and tells the others', async () => {
    const byRep = await api(app, 'POST', '/api/v1/reservations', people.rep?.token, booking('2026-12-10'));
    expect(byRep.status).toBe(201);
    const refused = await api(app, 'DELETE', `/api/v1/reservations/${byRep.json.id}`, people.mia?.token);
    expect(refused.status).toBe(403);
    expect(refused.json.title).toContain('予約した方と団体の代表者だけ');
    const page = await (await pageFor('mia')).post(`/my/reservations/${byRep.json.id}/cancel`, {});
    expect(page.res.status).toBe(403);
    expect(page.html).toContain('予約した方と団体の代表者だけ');
    const still = await ctx()
      .db.kysely.selectFrom('reservations')
      .select('status')
      .where('id', '=', String(byRep.json.id))
      .executeTakeFirstOrThrow();
    expect(still.status).toBe('confirmed');
    expect((await api(app, 'GET', `/api/v1/reservations/${byRep.json.id}`, people.mia?.token)).json.cancellable).toBe(false);

    const byMia = await api(app, 'POST', '/api/v1/reservations', people.mia?.token, booking('2026-12-11'));
    expect(byMia.status).toBe(201);
    expect(await mailsTo('rep', `団体として次の予約をしました。\n予約番号: ${byMia.json.number}`)).toHaveLength(1);
    expect((await api(app, 'DELETE', `/api/v1/reservations/${byMia.json.id}`, people.mia?.token)).status).toBe(200);
    expect(await mailsTo('rep', `団体の次の予約を取り消しました。\n予約番号: ${byMia.json.number}`)).toHaveLength(1);

    const byKai = await api(app, 'POST', '/api/v1/reservations', people.kai?.token, booking('2026-12-12'));
    const cancelled = await (await pageFor('rep')).post(`/my/reservations/${byKai.json.id}/cancel`, {});
    expect(cancelled.res.status).toBe(303);
    expect(await mailsTo('kai', String(byKai.json.number))).toHaveLength(2); // booked, then cancelled by the representative
  });

  it('lets a member withdraw only an entry they submitted; the representative any; the representative is told', async () => {
    const byRep = await api(app, 'POST', '/api/v1/lottery/entries', people.rep?.token, entry('2027-02-06'));
    expect(byRep.status).toBe(201);
    const refused = await api(app, 'DELETE', `/api/v1/lottery/entries/${byRep.json.id}`, people.mia?.token);
    expect(refused.status).toBe(403);
    expect(refused.json.title).toContain('申し込んだ方と団体の代表者だけ');
    const page = await (await pageFor('kai')).post(`/lottery/entries/${byRep.json.id}/withdraw`, {});
    expect(page.res.status).toBe(403);
    expect((await api(app, 'DELETE', `/api/v1/lottery/entries/${byRep.json.id}`, people.rep?.token)).status).toBe(204);

    const byMia = await api(app, 'POST', '/api/v1/lottery/entries', people.mia?.token, entry('2027-02-13'));
    expect(byMia.status).toBe(201);
    expect(await mailsTo('rep', '2027年2月分の抽選に、団体として申し込みました。')).toHaveLength(1);
    expect((await api(app, 'DELETE', `/api/v1/lottery/entries/${byMia.json.id}`, people.mia?.token)).status).toBe(204);
    expect(await mailsTo('rep', '団体の申し込みを取り下げました')).toHaveLength(1);
  });

  it('makes joining an invitation: not a member until accepting; declined and withdrawn ones are gone', async () => {
    const rep = await pageFor('rep');
    await rep.get(`/groups/${groupId}`);
    expect((await rep.post(`/groups/${groupId}/invitations`, { number: people.new1?.number ?? '' })).res.status).toBe(303);
    expect((await rep.post(`/groups/${groupId}/invitations`, { number: people.new1?.number ?? '' })).html).toContain(
      'すでに招待しています',
    );
    expect(await mailsTo('new1', '規則の会')).toHaveLength(1);

    const invited = await pageFor('new1');
    expect((await invited.get(`/groups/${groupId}`)).res.status).toBe(404);
    // Not a member: cannot book for the group either.
    const asMember = await api(app, 'POST', '/api/v1/reservations', people.new1?.token, booking('2026-12-14'));
    expect(asMember.status).toBe(422);
    const account = await invited.get('/account');
    const decline = /action="(\/account\/invitations\/[\w-]+\/decline)"/.exec(account.html)?.[1] ?? '';
    expect((await invited.post(decline, {})).res.status).toBe(303);
    expect(await mailsTo('rep', '団体への招待を辞退しました')).toHaveLength(1);
    expect((await invited.get('/account')).html).not.toContain('/decline');

    await rep.post(`/groups/${groupId}/invitations`, { number: people.new2?.number ?? '' });
    const pending = await rep.get(`/groups/${groupId}`);
    expect(pending.html).toContain('new2 さん');
    const withdraw = /action="(\/groups\/[\w-]+\/invitations\/[\w-]+\/withdraw)"/.exec(pending.html)?.[1] ?? '';
    expect((await rep.post(withdraw, {})).res.status).toBe(303);
    expect((await (await pageFor('new2')).get('/account')).html).not.toContain('/accept');

    // A resident registered at the counter without email: the invitation waits for them (no mail).
    const counter = await makeUser(ctx().db.kysely, { email: null, name: '窓口 登録' });
    expect((await rep.post(`/groups/${groupId}/invitations`, { number: counter.number })).res.status).toBe(303);
    const open = await ctx().db.kysely.selectFrom('group_invitations').selectAll().where('user_id', '=', counter.id).execute();
    expect(open).toHaveLength(1);
    const members = await ctx().db.kysely.selectFrom('organisation_members').select('user_id').where('group_id', '=', groupId).execute();
    expect(members.map((m) => m.user_id)).not.toContain(counter.id);

    const byMember = await (await pageFor('mia')).post(`/groups/${groupId}/invitations`, { number: people.new2?.number ?? '' });
    expect(byMember.res.status).toBe(403);
  });

  it('lets members leave, the representative only after handing over, and only to a member', async () => {
    const rep = await pageFor('rep');
    await rep.get(`/groups/${groupId}`);
    const cannot = await rep.post(`/groups/${groupId}/leave`, {});
    expect(cannot.res.status).toBe(403);
    expect(cannot.html).toContain('交代してから');
    expect((await rep.post(`/groups/${groupId}/hand-over`, { memberId: people.new1?.id ?? '' })).res.status).toBe(422);
    expect((await rep.post(`/groups/${groupId}/hand-over`, { memberId: people.mia?.id ?? '' })).res.status).toBe(303);
    const group = await ctx().db.kysely.selectFrom('organisations').selectAll().where('id', '=', groupId).executeTakeFirstOrThrow();
    expect(group.representative_id).toBe(people.mia?.id);
    expect((await rep.post(`/groups/${groupId}/leave`, {})).res.status).toBe(303);
    expect(await mailsTo('mia', '団体から脱退しました')).toHaveLength(1);
    expect((await rep.get(`/groups/${groupId}`)).res.status).toBe(404);
  });
});
