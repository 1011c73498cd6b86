/**
 * What the lottery promises beyond the happy path, on SQLite and PostgreSQL: a month keeps the calendar
 * it was announced with; nothing enters or leaves a month once drawn; a person gets one ticket per cell
 * even when a personal and a group entry race; only announced months exist; exports do not reveal who
 * entered; an unconfirmed win cannot be paid for or printed.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { api, tokenFor } from '../../../test/api.ts';
import { countRows, describeEachDialect, testApp } from '../../../test/db.ts';
import { makeFacility, makeGroup, makeRoom, makeRoomFees, makeStaff, makeUser } from '../../../test/factories.ts';
import { ConflictError } from '../../lib/errors.ts';
import type { Clock } from '../../lib/time.ts';
import { sha256 } from '../../lib/tokens.ts';
import { getUser } from '../account/account.service.ts';
import { recordPayment } from '../staff/front-desk.service.ts';
import { drawMonth } from './lottery.draw.service.ts';
import { exportDraw } from './lottery.export.service.ts';
import { lapseUnconfirmedWins } from './lottery.jobs.service.ts';
import { getMonth } from './lottery.months.service.ts';
import { LOTTERY_SETTINGS } from './lottery.ts';

let at = new Date('2026-12-02T01:00:00Z'); // 2 December 10:00 JST: entries for 2027-02 are open
const clock: Clock = { now: () => new Date(at) };

describeEachDialect('lottery guarantees', (ctx) => {
  let app: ReturnType<typeof testApp>;
  let hall: string;
  let facilityId: string;
  const token: Record<string, string> = {};
  const ids: Record<string, string> = {};
  let groupId: string;

  const enter = (who: string, wishes: { roomId: string; date: string; bands: string[] }[], over: Record<string, unknown> = {}) =>
    api(app, 'POST', '/api/v1/lottery/entries', token[who], { purpose: '練習', attendees: 10, category: 'general', wishes, ...over });

  beforeAll(async () => {
    const db = ctx().db.kysely;
    at = new Date('2026-12-02T01:00:00Z');
    app = testApp(ctx(), clock);
    facilityId = await makeFacility(db);
    hall = await makeRoom(db, facilityId, { room_type: 'hall', capacity: 80, allocation: 'lottery' });
    await makeRoomFees(db, hall, { morning: 1000, afternoon: 1000, evening: 1000 });
    for (const name of ['ann', 'ben', 'cat']) {
      const u = await makeUser(db);
      ids[name] = u.id;
      token[name] = await tokenFor(ctx(), u.id);
    }
    groupId = await makeGroup(db, ids.ann ?? '', { type: 'circle', members: [ids.ben ?? ''] });
  });

  describe('entries', () => {
    it('names the wish and its field in a validation error', async () => {
      const bad = await enter('cat', [
        { roomId: hall, date: '2027-02-06', bands: ['morning'] },
        { roomId: hall, date: '2027-02-30', bands: ['morning'] },
      ]);
      expect(bad.status).toBe(422);
      expect(bad.json.errors?.[0]?.field).toBe('wishes.1.date');
    });

    it('gives one ticket per cell when a personal entry and a group entry race for it', async () => {
      const cell = [{ roomId: hall, date: '2027-02-20', bands: ['evening'] }];
      const [personal, forGroup] = await Promise.all([enter('ben', cell), enter('ann', cell, { groupId })]);
      expect([personal.status, forGroup.status].sort()).toEqual([201, 422]);
      const wished = await ctx()
        .db.kysely.selectFrom('lottery_wishes')
        .select('entry_id')
        .where('date', '=', '2027-02-20')
        .where('bands', '=', 'evening')
        .execute();
      expect(wished).toHaveLength(1);
    });

    it('creates only announced months: far-off or malformed months answer 404 or 422 and write nothing', async () => {
      expect((await api(app, 'GET', '/api/v1/lottery/months/2027-02')).status).toBe(200); // announced
      const before = await countRows(ctx(), 'lottery_months');
      expect((await api(app, 'GET', '/api/v1/lottery/months/2031-05')).status).toBe(404);
      expect((await api(app, 'GET', '/api/v1/lottery/months/0999-01')).status).toBe(422);
      expect((await api(app, 'GET', '/api/v1/lottery/months/2027-2')).status).toBe(422);
      expect(await countRows(ctx(), 'lottery_months')).toBe(before);
    });
  });

  describe('rules', () => {
    it('keeps the calendar a month was announced with when the settings change', async () => {
      const db = ctx().db.kysely;
      // The admin moves the confirmation deadline to the 15th and allows one win per person.
      for (const [name, value] of [
        ['confirmByDay', '15'],
        ['maxWinsPerson', '1'],
      ] as const) {
        await db.insertInto('settings').values({ key: LOTTERY_SETTINGS[name], value }).execute();
      }
      const feb = await getMonth(db, clock, '2027-02');
      expect(feb.schedule.lastConfirmDay).toBe('2026-12-20'); // announced on 1 December with the 20th
      expect(feb.rules.maxWinsPerson).toBe(2);
      // The next month, announced after the change, runs under the new rules.
      at = new Date('2027-01-02T01:00:00Z');
      const march = await getMonth(db, clock, '2027-03');
      expect(march.schedule.lastConfirmDay).toBe('2027-01-15');
      expect(march.rules.maxWinsPerson).toBe(1);
      at = new Date('2026-12-02T01:00:00Z');
    });
  });

  describe('after the draw', () => {
    it('refuses entries and withdrawals once the month is drawn, even inside the entry window', async () => {
      const db = ctx().db.kysely;
      const mine = await enter('cat', [
        { roomId: hall, date: '2027-02-06', bands: ['morning'] },
        { roomId: hall, date: '2027-02-13', bands: ['morning'] },
        { roomId: hall, date: '2027-02-27', bands: ['morning'] },
      ]);
      expect(mine.status).toBe(201);
      at = new Date('2026-12-12T01:00:00Z');
      const summary = await drawMonth(db, clock, '2027-02', null);
      expect(summary.won).toBe(3); // two of cat's three (the cap announced was 2) and ben's one
      // Back inside the window (a clock set back, or an entry that committed at the closing second).
      at = new Date('2026-12-10T14:00:00Z');
      const late = await enter('ann', [{ roomId: hall, date: '2027-02-13', bands: ['afternoon'] }]);
      expect(late.status).toBe(409);
      expect(late.json.title).toContain('すでに行いました');
      const withdraw = await api(app, 'DELETE', `/api/v1/lottery/entries/${mine.json.id}`, token.cat);
      expect(withdraw.status).toBe(409);
      expect(await countRows(ctx(), 'lottery_entries')).toBe(2);
      at = new Date('2026-12-12T01:00:00Z');
    });

    it('uses the caps the month was announced with: two wins per person, not the one set later', async () => {
      const data = await exportDraw(ctx().db.kysely, '2027-02');
      expect(data.maxWinsPerson).toBe(2);
      const cats = data.results.filter((r) => r.entryId === data.entries.find((e) => e.wishes.length === 3)?.id);
      expect(cats.map((r) => r.outcome)).toEqual(['won', 'won', 'over_cap']);
    });

    it('does not reveal who entered: bookers in the export are salted pseudonyms', async () => {
      const data = await exportDraw(ctx().db.kysely, '2027-02');
      const text = JSON.stringify(data);
      for (const key of [`u:${ids.ben}`, `g:${groupId}`]) {
        expect(text).not.toContain(key.slice(2));
        expect(text).not.toContain(sha256(`2027-02:${key}`).slice(0, 16));
      }
      expect(new Set(data.entries.map((e) => e.booker)).size).toBe(data.entries.length);
    });

    it('will not take payment for, or print a permit of, a win nobody confirmed yet', async () => {
      const db = ctx().db.kysely;
      const won = await db.selectFrom('reservations').select('id').where('status', '=', 'won').executeTakeFirstOrThrow();
      const admin = await getUser(db, (await makeStaff(db, 'admin')).id);
      await expect(recordPayment(db, clock, admin, won.id, 'R-1')).rejects.toBeInstanceOf(ConflictError);
      const adminToken = await tokenFor(ctx(), admin.id);
      const day = await api(app, 'GET', `/api/v1/staff/facilities/${facilityId}/day?date=2027-02-06`, adminToken);
      expect(day.status).toBe(200);
      expect(JSON.stringify(day.json)).toContain('"won"');
    });

    it('a confirmation that loses the race with the lapse is refused, with no mail', async () => {
      const db = ctx().db.kysely;
      at = new Date('2026-12-20T15:00:00Z'); // the deadline has passed
      const lapsed = await lapseUnconfirmedWins(db, clock);
      expect(lapsed).toBeGreaterThan(0);
      const entries = await api(app, 'GET', '/api/v1/lottery/entries', token.cat);
      const id = (entries.json.entries as { id: string }[])[0]?.id;
      const mails = await countRows(ctx(), 'notify_messages');
      expect((await api(app, 'POST', `/api/v1/lottery/entries/${id}/confirm`, token.cat)).status).toBe(409);
      expect(await countRows(ctx(), 'notify_messages')).toBe(mails);
    });
  });
});
