/**
 * A win is priced at the draw, with the group's verification as it is then: a group that lost its
 * verification (or changed its type) after entering pays in full, one verified meanwhile gets its 減免.
 * On SQLite and PostgreSQL.
 */
import { beforeAll, expect, it } from 'vitest';
import { api, tokenFor } from '../../../test/api.ts';
import { describeEachDialect, testApp } from '../../../test/db.ts';
import { makeFacility, makeGroup, makeRoom, makeRoomFees, makeStaff, makeUser } from '../../../test/factories.ts';
import type { Clock } from '../../lib/time.ts';
import { getUser } from '../account/account.service.ts';
import { updateGroupDetails } from '../account/group.service.ts';
import { decideGroupVerification } from '../staff/group-verification.service.ts';
import { drawMonth } from './lottery.draw.service.ts';

let at = new Date('2026-12-02T01:00:00Z'); // entries for 2027-02 are open
const clock: Clock = { now: () => new Date(at) };

describeEachDialect('lottery fees at the draw', (ctx) => {
  let app: ReturnType<typeof testApp>;
  let hall: string;
  const reps: Record<string, { id: string; token: string }> = {};
  const groups: Record<string, string> = {};
  const entries: Record<string, string> = {};

  beforeAll(async () => {
    const db = ctx().db.kysely;
    at = new Date('2026-12-02T01:00:00Z');
    app = testApp(ctx(), clock);
    const facilityId = await makeFacility(db, { name: '料金テスト市民センター' });
    hall = await makeRoom(db, facilityId, { name: 'ホール', room_type: 'hall', capacity: 80, allocation: 'lottery' });
    await makeRoomFees(db, hall, { morning: 1200, afternoon: 1200, evening: 1200 });
    for (const name of ['keeps', 'loses', 'gains', 'person']) {
      const u = await makeUser(db, { name: `${name} さん` });
      reps[name] = { id: u.id, token: await tokenFor(ctx(), u.id) };
    }
    groups.keeps = await makeGroup(db, reps.keeps?.id ?? '', { type: 'community', name: '確認済みの町内会' });
    groups.loses = await makeGroup(db, reps.loses?.id ?? '', { type: 'community', name: '種類を変える町内会' });
    groups.gains = await makeGroup(db, reps.gains?.id ?? '', { type: 'npo', name: '確認待ちのNPO', verification: 'pending' });
    const dates: Record<string, string> = { keeps: '2027-02-06', loses: '2027-02-13', gains: '2027-02-20', person: '2027-02-27' };
    for (const name of ['keeps', 'loses', 'gains', 'person']) {
      const made = await api(app, 'POST', '/api/v1/lottery/entries', reps[name]?.token, {
        purpose: '地域の集まり',
        attendees: 30,
        category: name === 'person' ? 'general' : 'community',
        ...(name === 'person' ? {} : { groupId: groups[name] }),
        wishes: [{ roomId: hall, date: dates[name], bands: ['afternoon'] }],
      });
      expect(made.status).toBe(201);
      entries[name] = String(made.json.id);
    }
  });

  it('prices each win with the group verification at the moment of the draw', async () => {
    const db = ctx().db.kysely;
    const wishFee = async (name: string) =>
      Number(
        (
          await db
            .selectFrom('lottery_wishes')
            .select('fee')
            .where('entry_id', '=', entries[name] ?? '')
            .executeTakeFirstOrThrow()
        ).fee,
      );
    expect([await wishFee('keeps'), await wishFee('loses'), await wishFee('gains'), await wishFee('person')]).toEqual([0, 0, 1200, 1200]);

    // Between entry and draw: one group changes its type (its verification was of the old type), another is verified.
    await updateGroupDetails(db, clock, reps.loses?.id ?? '', groups.loses ?? '', {
      name: '種類を変える町内会',
      type: 'npo',
      memberCount: 30,
    });
    const admin = await makeStaff(db, 'admin');
    await decideGroupVerification(db, clock, await getUser(db, admin.id), groups.gains ?? '', { decision: 'verify' });

    at = new Date('2026-12-12T01:00:00Z');
    const summary = await drawMonth(db, clock, '2027-02', null);
    expect(summary.won).toBe(4);

    const reservation = async (name: string) => {
      const row = await db
        .selectFrom('reservations')
        .select(['fee', 'fee_detail'])
        .where('group_id', name === 'person' ? 'is' : '=', name === 'person' ? null : (groups[name] ?? ''))
        .where('user_id', '=', reps[name]?.id ?? '')
        .executeTakeFirstOrThrow();
      return { fee: Number(row.fee), detail: JSON.parse(row.fee_detail ?? '{}') as { reductionPercent: number; gross: number } };
    };
    expect(await reservation('keeps')).toMatchObject({ fee: 0, detail: { reductionPercent: 100, gross: 1200 } });
    expect(await reservation('loses')).toMatchObject({ fee: 1200, detail: { reductionPercent: 0, gross: 1200 } });
    expect(await reservation('gains')).toMatchObject({ fee: 600, detail: { reductionPercent: 50, gross: 1200 } });
    expect(await reservation('person')).toMatchObject({ fee: 1200, detail: { reductionPercent: 0 } });
    // The entry shows (and its confirmation mail quotes) the fee of the reservation.
    expect([await wishFee('keeps'), await wishFee('loses'), await wishFee('gains')]).toEqual([0, 1200, 600]);
    const view = await api(app, 'GET', `/api/v1/lottery/entries/${entries.loses}`, reps.loses?.token);
    expect((view.json.wishes as { fee: number }[])[0]?.fee).toBe(1200);
  });
});
