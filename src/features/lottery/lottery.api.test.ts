/**
 * The lottery end to end over the JSON API and the service, on SQLite and PostgreSQL, with a clock that
 * walks through one season (month 2027-02: entries 1–10 December 2026, draw on the 12th, confirm by the
 * 20th, first-come from 09:00 on the 21st, users from outside the city a week later).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { api, tokenFor } from '../../../test/api.ts';
import { countRows, describeEachDialect, testApp } from '../../../test/db.ts';
import { makeFacility, makeGroup, makeRoom, makeRoomFees, makeStaff, makeUser } from '../../../test/factories.ts';
import { outbox } from '../../../test/outbox.ts';
import { ConflictError } from '../../lib/errors.ts';
import type { Clock } from '../../lib/time.ts';
import { getUser } from '../account/account.service.ts';
import { roomAvailabilityJsonSchema } from '../availability/availability.schema.ts';
import { drawMonth } from './lottery.draw.service.ts';
import { exportDraw } from './lottery.export.service.ts';
import { lapseUnconfirmedWins, runLotteryJobs } from './lottery.jobs.service.ts';
import { lotteryEntryJsonSchema } from './lottery.schema.ts';
import { verifyDrawExport } from './verify.ts';

/** A clock the test moves: the app reads it on every request. */
function movableClock(iso: string): Clock & { set(iso: string): void } {
  let at = new Date(iso);
  return { now: () => new Date(at), set: (next) => (at = new Date(next)) };
}

// Instants of the 2027-02 season, in UTC (Tokyo = UTC+9).
const ENTRY_OPENS = '2026-11-30T15:00:00Z'; // 2026-12-01 00:00 JST
const ENTRY_LAST_SECOND = '2026-12-10T14:59:59Z'; // 2026-12-10 23:59:59 JST
const ENTRY_CLOSED = '2026-12-10T15:00:00Z';
const AFTER_DRAW = '2026-12-12T01:00:00Z';
const CONFIRM_CLOSED = '2026-12-20T15:00:00Z'; // 2026-12-21 00:00 JST
const FIRST_COME = '2026-12-21T00:00:00Z'; // 2026-12-21 09:00 JST
const FIRST_COME_NON_RESIDENT = '2026-12-28T00:00:00Z';
const before = (iso: string) => new Date(new Date(iso).getTime() - 1000).toISOString();

describeEachDialect('lottery', (ctx) => {
  const clock = movableClock(before(ENTRY_OPENS));
  let app: ReturnType<typeof testApp>;
  let hall: string;
  let hall2: string;
  let plainRoom: string;
  const people: Record<string, { id: string; token: string }> = {};
  let groupId: string;
  let group2: string;
  let adminId: string;

  const wish = (roomId: string, date: string, bands = ['afternoon']) => ({ roomId, date, bands });
  const entry = (wishes: ReturnType<typeof wish>[], over: Record<string, unknown> = {}) => ({
    purpose: '合唱の練習',
    attendees: 20,
    category: 'general',
    wishes,
    ...over,
  });
  const enter = (who: string, body: unknown) => api(app, 'POST', '/api/v1/lottery/entries', people[who]?.token, body);

  beforeAll(async () => {
    const db = ctx().db.kysely;
    app = testApp(ctx(), clock);
    const facilityId = await makeFacility(db, { name: '抽選テスト生涯学習センター' });
    hall = await makeRoom(db, facilityId, { name: '多目的ホール', room_type: 'hall', capacity: 80, allocation: 'lottery' });
    hall2 = await makeRoom(db, facilityId, {
      name: '多目的ホール2',
      room_type: 'hall',
      capacity: 80,
      allocation: 'lottery',
      sort_order: 2,
    });
    plainRoom = await makeRoom(db, facilityId, { name: '講座室', capacity: 30, sort_order: 3 });
    await makeRoomFees(db, hall, { morning: 1000, afternoon: 1200, evening: 1200 });
    for (const name of ['alice', 'bob', 'carol', 'dave', 'erin', 'frank', 'gina']) {
      const u = await makeUser(db);
      people[name] = { id: u.id, token: await tokenFor(ctx(), u.id) };
    }
    const outsider = await makeUser(db, { residency: 'non_resident' });
    people.outsider = { id: outsider.id, token: await tokenFor(ctx(), outsider.id) };
    groupId = await makeGroup(db, people.alice?.id ?? '', { type: 'circle', members: [people.bob?.id ?? ''] });
    group2 = await makeGroup(db, people.erin?.id ?? '', { type: 'circle', members: [people.frank?.id ?? ''] });
    adminId = (await makeStaff(db, 'admin')).id;
  });

  describe('entries', () => {
    it('refuses entries one second before the window opens (Asia/Tokyo) and takes them from the first second', async () => {
      clock.set(before(ENTRY_OPENS));
      const early = await enter('alice', entry([wish(hall, '2027-02-06')]));
      expect(early.status).toBe(409);
      expect(early.json.title).toContain('受付期間外');
      expect(await countRows(ctx(), 'lottery_entries')).toBe(0);

      clock.set(ENTRY_OPENS);
      const { status, json } = await enter('alice', entry([wish(hall, '2027-02-06'), wish(hall, '2027-02-13'), wish(hall2, '2027-02-06')]));
      expect(status).toBe(201);
      lotteryEntryJsonSchema.parse(json);
      expect(json).toMatchObject({ canWithdraw: true, canConfirm: false, groupId: null });
      expect((json.wishes as { rank: number; outcome: string; fee: number }[]).map((w) => [w.rank, w.outcome])).toEqual([
        [1, 'pending'],
        [2, 'pending'],
        [3, 'pending'],
      ]);
      expect((json.month as { seedHash: string; seed: string | null }).seed).toBeNull(); // secret until the draw
      const mail = await outbox(ctx().db.kysely).select('subject').where('subject', 'like', '%抽選の申し込みを受け付けました%').execute();
      expect(mail).toHaveLength(1);
    });

    it('refuses bad entries with a message per wish and writes nothing', async () => {
      const count = await countRows(ctx(), 'lottery_wishes');
      const notLottery = await enter('carol', entry([wish(plainRoom, '2027-02-06')]));
      expect(notLottery.status).toBe(422);
      expect(notLottery.json.errors?.[0]).toMatchObject({
        field: 'wishes.0',
        message: expect.stringContaining('抽選の対象ではありません'),
      });
      const twoMonths = await enter('carol', entry([wish(hall, '2027-02-06'), wish(hall, '2027-03-06')]));
      expect(twoMonths.status).toBe(422);
      const tooMany = await enter(
        'carol',
        entry([
          wish(hall, '2027-02-06'),
          wish(hall, '2027-02-07'),
          wish(hall, '2027-02-08'),
          wish(hall, '2027-02-09'),
          wish(hall, '2027-02-10'),
          wish(hall, '2027-02-11'),
        ]),
      );
      expect(tooMany.status).toBe(422);
      expect(tooMany.json.errors?.[0]?.message).toContain('5件まで');
      const crowd = await enter('carol', entry([wish(hall, '2027-02-06')], { attendees: 500 }));
      expect(crowd.status).toBe(422);
      expect(crowd.json.errors?.[0]?.field).toBe('wishes.0.attendees');
      const twice = await enter(
        'carol',
        entry([wish(hall, '2027-02-06', ['morning', 'afternoon']), wish(hall, '2027-02-06', ['afternoon'])]),
      );
      expect(twice.status).toBe(422);
      const sunday = await enter('carol', entry([wish(hall, '2027-02-07')])); // the test centre is closed on Sundays
      expect(sunday.status).toBe(422);
      const notJson = await api(app, 'POST', '/api/v1/lottery/entries', people.carol?.token, '{"wishes": [');
      expect(notJson.status).toBe(422);
      expect(await countRows(ctx(), 'lottery_wishes')).toBe(count);
    });

    it('takes one entry per booker and month; a group enters once, whichever member submits', async () => {
      const again = await enter('alice', entry([wish(hall, '2027-02-20')]));
      expect(again.status).toBe(409);
      expect(again.json.title).toContain('すでに申し込んでいます');
      const forGroup = await enter('alice', entry([wish(hall, '2027-02-20')], { groupId }));
      expect(forGroup.status).toBe(201);
      const member = await enter('bob', entry([wish(hall, '2027-02-27')], { groupId }));
      expect(member.status).toBe(409);
      expect(member.json.title).toContain('この団体はこの月の抽選にすでに申し込んでいます');
      // Both members see the group's entry.
      const seen = await api(app, 'GET', '/api/v1/lottery/entries', people.bob?.token);
      expect((seen.json.entries as { groupId: string }[]).map((e) => e.groupId)).toEqual([groupId]);
    });

    it('lets exactly one of two members racing to enter for their group succeed', async () => {
      const [a, b] = await Promise.all([
        enter('erin', entry([wish(hall2, '2027-02-13')], { groupId: group2 })),
        enter('frank', entry([wish(hall2, '2027-02-20')], { groupId: group2 })),
      ]);
      expect([a.status, b.status].sort()).toEqual([201, 409]);
      const rows = await ctx().db.kysely.selectFrom('lottery_entries').select('id').where('group_id', '=', group2).execute();
      expect(rows).toHaveLength(1);
    });

    it('refuses a second ticket for the same cell through a group the person belongs to', async () => {
      const own = await enter('bob', entry([wish(hall, '2027-02-27', ['evening'])]));
      expect(own.status).toBe(201);
      // bob's group already wished 2027-02-20 afternoon (alice entered it); bob may not wish it personally.
      // (bob has an entry now, so test the other direction with a new member of a new group.)
      const db = ctx().db.kysely;
      const g3 = await makeGroup(db, people.gina?.id ?? '', { type: 'circle', members: [people.bob?.id ?? ''] });
      const viaGroup = await enter('gina', entry([wish(hall, '2027-02-27', ['evening'])], { groupId: g3 }));
      expect(viaGroup.status).toBe(422);
      expect(viaGroup.json.errors?.[0]?.message).toContain('個人で申し込んでいる時間帯');
      const aliceOwn = await api(app, 'GET', '/api/v1/lottery/entries', people.alice?.token);
      expect(aliceOwn.status).toBe(200);
    });

    it('keeps lottery cells out of first-come booking and shows them as held for the lottery', async () => {
      const booking = await api(app, 'POST', '/api/v1/reservations', people.dave?.token, {
        roomId: hall,
        date: '2027-02-06',
        bands: ['morning'],
        purpose: '練習',
        attendees: 10,
        category: 'general',
      });
      expect(booking.status).toBe(422);
      expect(booking.json.errors?.[0]?.message).toContain('先着順の予約は2026-12-21 09:00から');
      const grid = await api(app, 'GET', `/api/v1/rooms/${hall}/availability?from=2027-02-06&to=2027-02-06`);
      roomAvailabilityJsonSchema.parse(grid.json); // 'lottery' is a documented reason
      const bands = (grid.json as { days: { bands: { state: string; reason?: string }[] }[] }).days[0]?.bands;
      expect(bands?.map((b) => [b.state, b.reason])).toEqual([
        ['closed', 'lottery'],
        ['closed', 'lottery'],
        ['closed', 'lottery'],
      ]);
    });

    it('takes the last entry at 23:59:59 on the last day and none a second later', async () => {
      clock.set(ENTRY_LAST_SECOND);
      const last = await enter('carol', entry([wish(hall, '2027-02-06'), wish(hall, '2027-02-13'), wish(hall, '2027-02-20', ['morning'])]));
      expect(last.status).toBe(201);
      clock.set(ENTRY_CLOSED);
      const late = await enter('dave', entry([wish(hall, '2027-02-06')]));
      expect(late.status).toBe(409);
      const withdraw = await api(app, 'DELETE', `/api/v1/lottery/entries/${last.json.id}`, people.carol?.token);
      expect(withdraw.status).toBe(409);
    });
  });

  describe('the draw', () => {
    it('will not draw while entries are still taken', async () => {
      clock.set(ENTRY_LAST_SECOND);
      await expect(drawMonth(ctx().db.kysely, clock, '2027-02', null)).rejects.toBeInstanceOf(ConflictError);
    });

    it('draws once, even when two draws race; winners hold their cells; everyone is mailed', async () => {
      clock.set(AFTER_DRAW);
      const db = ctx().db.kysely;
      const admin = await getUser(db, adminId);
      const seedHashBefore = (
        await db.selectFrom('lottery_months').select('seed_hash').where('month', '=', '2027-02').executeTakeFirstOrThrow()
      ).seed_hash;
      const results = await Promise.allSettled([drawMonth(db, clock, '2027-02', admin), drawMonth(db, clock, '2027-02', null)]);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      const rejected = results.find((r) => r.status === 'rejected');
      expect((rejected as PromiseRejectedResult).reason).toBeInstanceOf(ConflictError);

      // 2027-02-06 afternoon was wished first by alice and carol: exactly one holds it.
      const cells = await db
        .selectFrom('reservation_cells')
        .selectAll()
        .where('room_id', '=', hall)
        .where('date', '=', '2027-02-06')
        .execute();
      expect(cells.map((c) => c.band)).toEqual(['afternoon']);
      const holder = await db
        .selectFrom('reservations')
        .select(['status', 'user_id'])
        .where('id', '=', cells[0]?.reservation_id ?? '')
        .executeTakeFirstOrThrow();
      expect(holder.status).toBe('won');
      expect([people.alice?.id, people.carol?.id]).toContain(holder.user_id);

      // Every wish has an outcome; the number of 'won' wishes equals the reservations made.
      const wishes = await db.selectFrom('lottery_wishes').select(['outcome', 'reservation_id']).execute();
      expect(wishes.every((w) => w.outcome === 'won' || w.outcome === 'lost' || w.outcome === 'over_cap')).toBe(true);
      const won = wishes.filter((w) => w.outcome === 'won');
      const reservations = await db.selectFrom('reservations').select('id').where('status', '=', 'won').execute();
      expect(reservations.map((r) => r.id).sort()).toEqual(won.map((w) => w.reservation_id).sort());

      // The seed is revealed and matches the hash published before the draw.
      const month = await api(app, 'GET', '/api/v1/lottery/months/2027-02');
      expect(month.json).toMatchObject({ phase: 'drawn', seedHash: seedHashBefore });
      expect(month.json.seed).toMatch(/^[0-9a-f]{64}$/);
      const mails = await outbox(db).select('subject').where('subject', 'like', '%2027年2月分の抽選%').execute();
      expect(mails.length).toBeGreaterThanOrEqual(5); // one result mail per entry (alice ×2 entries, bob, carol, erin/frank's group)
    });

    it('respects the person cap: with 2 wins allowed, the third free wish is over the cap', async () => {
      // alice's own entry: 02-06 afternoon (contested with carol), 02-13 afternoon (contested with carol),
      // hall2 02-06 afternoon (uncontested). carol's entry: the same two contested cells and 02-20 morning.
      const db = ctx().db.kysely;
      const outcomes = await db
        .selectFrom('lottery_wishes')
        .innerJoin('lottery_entries', 'lottery_entries.id', 'lottery_wishes.entry_id')
        .select(['lottery_entries.user_id', 'lottery_entries.group_id', 'lottery_wishes.rank', 'lottery_wishes.outcome'])
        .where('lottery_entries.group_id', 'is', null)
        .execute();
      for (const who of ['alice', 'carol']) {
        const mine = outcomes.filter((o) => o.user_id === people[who]?.id).sort((a, b) => a.rank - b.rank);
        expect(mine.filter((o) => o.outcome === 'won').length).toBeLessThanOrEqual(2);
        // A third wish is only 'over_cap' when the first two both won.
        if (mine[2]?.outcome === 'over_cap') expect(mine.slice(0, 2).map((o) => o.outcome)).toEqual(['won', 'won']);
        else expect(mine[2]?.outcome).toBe('won');
      }
    });

    it('exports a draw that verify reproduces exactly, and catches a tampered result or seed', async () => {
      const data = await exportDraw(ctx().db.kysely, '2027-02');
      expect(JSON.stringify(data)).not.toContain(people.alice?.id ?? 'x'); // bookers are pseudonymous
      const report = verifyDrawExport(JSON.parse(JSON.stringify(data)));
      expect(report).toMatchObject({ ok: true, problems: [] });
      expect(report.checked).toBe(await countRows(ctx(), 'lottery_wishes'));
      const flipped = structuredClone(data);
      const first = flipped.results[0];
      if (first) first.outcome = first.outcome === 'won' ? 'lost' : 'won';
      expect(verifyDrawExport(flipped).ok).toBe(false);
      expect(verifyDrawExport({ ...data, seed: `${data.seed}0` }).ok).toBe(false);
    });

    it('a second draw changes nothing', async () => {
      const count = await countRows(ctx(), 'reservations');
      await expect(drawMonth(ctx().db.kysely, clock, '2027-02', null)).rejects.toBeInstanceOf(ConflictError);
      expect(await countRows(ctx(), 'reservations')).toBe(count);
    });
  });

  describe('after the draw', () => {
    it('a winner confirms and keeps the cells; a loser has nothing to confirm', async () => {
      const listed = await api(app, 'GET', '/api/v1/lottery/entries', people.bob?.token);
      const entries = listed.json.entries as { id: string; groupId: string | null; canConfirm: boolean; wishes: { outcome: string }[] }[];
      const bobs = entries.find((e) => e.groupId === null);
      expect(bobs?.wishes[0]?.outcome).toBe('won'); // nobody else wished 02-27 evening
      expect(bobs?.canConfirm).toBe(true);
      const confirmed = await api(app, 'POST', `/api/v1/lottery/entries/${bobs?.id}/confirm`, people.bob?.token);
      expect(confirmed.status).toBe(200);
      expect((confirmed.json.wishes as { reservationStatus: string }[])[0]?.reservationStatus).toBe('confirmed');
      expect(confirmed.json.canConfirm).toBe(false);
      const again = await api(app, 'POST', `/api/v1/lottery/entries/${bobs?.id}/confirm`, people.bob?.token);
      expect(again.status).toBe(200); // a repeated click is harmless

      const stranger = await api(app, 'POST', `/api/v1/lottery/entries/${bobs?.id}/confirm`, people.dave?.token);
      expect(stranger.status).toBe(404);
      // The confirmed win is an ordinary booking now.
      const mine = await api(app, 'GET', '/api/v1/reservations', people.bob?.token);
      expect((mine.json.reservations as { status: string; date: string }[]).map((r) => [r.status, r.date])).toContainEqual([
        'confirmed',
        '2027-02-27',
      ]);
    });

    it('lapses wins nobody confirmed by the deadline, freeing their cells', async () => {
      const db = ctx().db.kysely;
      const pending = await db.selectFrom('reservations').select('id').where('status', '=', 'won').execute();
      expect(pending.length).toBeGreaterThan(0);
      clock.set(before(CONFIRM_CLOSED));
      expect(await lapseUnconfirmedWins(db, clock)).toBe(0);
      clock.set(CONFIRM_CLOSED);
      const late = await api(app, 'GET', '/api/v1/lottery/entries', people.carol?.token);
      const carols = (late.json.entries as { id: string; canConfirm: boolean }[])[0];
      expect(carols?.canConfirm).toBe(false);
      const refused = await api(app, 'POST', `/api/v1/lottery/entries/${carols?.id}/confirm`, people.carol?.token);
      expect([409]).toContain(refused.status);
      expect(await lapseUnconfirmedWins(db, clock)).toBe(pending.length);
      const held = await db
        .selectFrom('reservation_cells')
        .innerJoin('reservations', 'reservations.id', 'reservation_cells.reservation_id')
        .select('reservations.status')
        .execute();
      expect(held.every((h) => h.status !== 'won')).toBe(true);
      const lapsedMail = await outbox(db).select('subject').where('subject', 'like', '%当選が無効になりました%').execute();
      expect(lapsedMail).toHaveLength(pending.length);
    });

    it('opens the remaining cells first-come at 09:00 on the opening day, a week later for users from outside the city', async () => {
      const body = { roomId: hall, date: '2027-02-06', bands: ['morning'], purpose: '練習', attendees: 10, category: 'general' };
      clock.set(before(FIRST_COME));
      expect((await api(app, 'POST', '/api/v1/reservations', people.dave?.token, body)).status).toBe(422);
      clock.set(FIRST_COME);
      expect((await api(app, 'POST', '/api/v1/reservations', people.dave?.token, body)).status).toBe(201);
      const outsiderBody = { ...body, date: '2027-02-13', bands: ['evening'] };
      const early = await api(app, 'POST', '/api/v1/reservations', people.outsider?.token, outsiderBody);
      expect(early.status).toBe(422);
      expect(early.json.errors?.[0]?.message).toContain('2026-12-28 09:00');
      clock.set(FIRST_COME_NON_RESIDENT);
      expect((await api(app, 'POST', '/api/v1/reservations', people.outsider?.token, outsiderBody)).status).toBe(201);
    });
  });

  describe('the scheduler', () => {
    it('publishes the next seed ahead of the entry window and draws on the draw day by itself', async () => {
      const db = ctx().db.kysely;
      clock.set('2026-12-05T00:00:00Z');
      const early = await runLotteryJobs(db, clock);
      expect(early.seeded).toContain('2027-03'); // entries for March open on 1 January
      const march = await db.selectFrom('lottery_months').selectAll().where('month', '=', '2027-03').executeTakeFirstOrThrow();
      expect(march.status).toBe('open');
      clock.set('2027-01-02T00:00:00Z');
      expect((await enter('dave', entry([wish(hall, '2027-03-06')]))).status).toBe(201);
      clock.set('2027-01-11T14:59:59Z'); // 23:59:59 JST on the 11th: entries closed, not yet the draw day
      expect((await runLotteryJobs(db, clock)).drawn).toEqual([]);
      clock.set('2027-01-11T15:00:00Z'); // the draw day begins
      const report = await runLotteryJobs(db, clock);
      expect(report.drawn.map((d) => [d.month, d.won])).toEqual([['2027-03', 1]]);
      expect((await runLotteryJobs(db, clock)).drawn).toEqual([]);
    });
  });
});
