/**
 * Account deletion on both databases: what goes (upcoming bookings, open lottery entries, sessions,
 * tokens, memberships, the household link, personal data), what stays (past bookings as an anonymous
 * booker: the insights counts do not change), and the refusals that change nothing.
 */
import { beforeAll, expect, it } from 'vitest';
import { describeEachDialect, testClock } from '../../../test/db.ts';
import { makeBooking, makeFacility, makeGroup, makeRoom, makeStaff, makeUser, TEST_PASSWORD } from '../../../test/factories.ts';
import { outbox } from '../../../test/outbox.ts';
import { createAuthLimiter } from '../../http/rate-limit.ts';
import { ForbiddenError, InvalidInputError } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';
import type { User } from '../../platform/authz/actor.ts';
import { actorById } from '../../platform/authz/assignments.ts';
import { createSession } from '../../platform/authz/sessions.ts';
import { householdOfUser } from '../../platform/household/household.service.ts';
import { makePaperHousehold } from '../../platform/household/household-fixtures.test-helpers.ts';
import { countUsage } from '../insights/usage-count.ts';
import { findResidents } from '../staff/staff.service.ts';
import { issueApiToken, logInWithinLimits, registerOnline } from './account.service.ts';
import { deleteAccountAtCounter, deleteOwnAccount } from './account-deletion.service.ts';

const clock = testClock(); // 2026-11-24 10:00 in Tokyo

describeEachDialect('account deletion', (ctx) => {
  const db = () => ctx().db.kysely;
  let roomId: string;

  // The actor as a request sees them: the row with the role assignments they hold.
  const userOf = async (id: string): Promise<User> => {
    const actor = await actorById(db(), id);
    if (!actor) throw new Error(`no user ${id}`);
    return actor;
  };
  const usage = async () => {
    const counts = await countUsage(db(), {}, '2025-01-01', '2026-11-23');
    return counts.map((c) => `${c.dim}/${c.key}: ${c.bookings} bookings, ${c.attendees} people, ${c.bookers} bookers`).sort();
  };
  const openLotteryEntry = async (userId: string) => {
    await db()
      .insertInto('lottery_months')
      .values({ month: '2027-01', seed: 's', seed_hash: 'h', rules: '{}', pseudonym_salt: 'p', created_at: '2026-11-01T00:00:00Z' })
      .onConflict((oc) => oc.column('month').doNothing())
      .execute();
    const id = newId('ent');
    await db()
      .insertInto('lottery_entries')
      .values({
        id,
        month: '2027-01',
        booker_key: `u:${userId}`,
        user_id: userId,
        group_id: null,
        purpose: '練習',
        attendees: 10,
        category: 'general',
        channel: 'web',
        created_at: '2026-11-02T00:00:00Z',
        confirmed_at: null,
      })
      .execute();
    return id;
  };

  beforeAll(async () => {
    roomId = await makeRoom(db(), await makeFacility(db()));
  });

  it('cancels what is to come, removes what lets the account act, empties it, and leaves the counts as they were', async () => {
    const person = await makeUser(db(), { email: 'leaving@example.com', name: '退会 予定', birth_year: 1950 });
    const others = await Promise.all([1, 2, 3, 4, 5].map((i) => makeUser(db(), { birth_year: 1950 + i })));
    const past = [
      await makeBooking(db(), roomId, '2026-10-05', ['morning'], { user_id: person.id, status: 'used' }),
      await makeBooking(db(), roomId, '2025-06-02', ['morning'], { user_id: person.id, status: 'used' }),
    ];
    for (const [i, o] of others.entries())
      await makeBooking(db(), roomId, `2026-10-1${i}`, ['afternoon'], { user_id: o.id, status: 'used' });
    const tomorrow = await makeBooking(db(), roomId, '2026-11-25', ['morning'], { user_id: person.id }); // past the online deadline
    const later = await makeBooking(db(), roomId, '2026-12-10', ['evening'], { user_id: person.id });
    const groupId = await makeGroup(db(), others[0]?.id ?? '', { type: 'circle', members: [person.id] });
    const groupBooking = await makeBooking(db(), roomId, '2026-12-11', ['morning'], { user_id: person.id, group_id: groupId });
    const inviter = await makeGroup(db(), others[1]?.id ?? '', { type: 'circle' });
    await db()
      .insertInto('group_invitations')
      .values({ id: newId('inv'), group_id: inviter, user_id: person.id, invited_by: others[1]?.id ?? '', created_at: 'x' })
      .execute();
    await db()
      .transaction()
      .execute((trx) => createSession(trx, clock, person.id));
    await issueApiToken(db(), clock, person.id, 'app');
    await db()
      .insertInto('line_links')
      .values({ user_id: person.id, line_user_id: `U${'d'.repeat(32)}`, linked_at: 'x' })
      .execute();
    await db()
      .insertInto('line_link_codes')
      .values({ user_id: person.id, code_hash: 'h-deleted', expires_at: '2999-01-01T00:00:00Z', created_at: 'x' })
      .execute();
    const home = await makePaperHousehold(db(), { address: '退会町1-1', people: [['家族', 'カゾク']] });
    await db()
      .insertInto('household_people')
      .values({ id: newId('hp'), household_id: home.id, user_id: person.id, name: '退会 予定', name_kana: 'タイカイ', created_at: 'x' })
      .execute();
    const entry = await openLotteryEntry(person.id);
    const countsBefore = await usage();

    await deleteOwnAccount(db(), clock, await userOf(person.id), TEST_PASSWORD);

    const row = await db().selectFrom('users').selectAll().where('id', '=', person.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ name: '退会した利用者', name_kana: '', phone: '', email: null, birth_year: null, password_hash: null });
    expect(row.deleted_at).not.toBeNull();
    const status = async (id: string) =>
      (await db().selectFrom('reservations').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status;
    expect([await status(tomorrow), await status(later)]).toEqual(['cancelled', 'cancelled']);
    expect(await status(groupBooking)).toBe('confirmed'); // the group's room stays the group's
    expect(await Promise.all(past.map(status))).toEqual(['used', 'used']);
    const cells = await db()
      .selectFrom('reservation_cells')
      .select('reservation_id')
      .where('reservation_id', 'in', [tomorrow, later])
      .execute();
    expect(cells).toEqual([]);
    for (const table of ['sessions', 'api_tokens', 'organisation_members', 'group_invitations', 'line_links', 'line_link_codes'] as const) {
      expect(await db().selectFrom(table).select('user_id').where('user_id', '=', person.id).execute()).toEqual([]);
    }
    expect(await db().selectFrom('lottery_entries').select('id').where('id', '=', entry).execute()).toEqual([]);
    expect(await householdOfUser(db(), person.id)).toBeUndefined();
    const household = await db().selectFrom('households').select('status').where('id', '=', home.id).executeTakeFirstOrThrow();
    expect(household.status).toBe('active'); // the family member stays
    expect(await usage()).toEqual(countsBefore);

    const audit = await db()
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'account.delete')
      .where('target_id', '=', person.id)
      .executeTakeFirstOrThrow();
    expect(audit.actor_id).toBe(person.id);
    expect(`${audit.before_json}${audit.after_json}`).not.toMatch(/leaving@example.com|退会 予定/);
    const mails = await outbox(db()).select('subject').where('to_address', '=', 'leaving@example.com').execute();
    expect(mails).toHaveLength(2); // each cancelled booking, as online

    expect(await findResidents(db(), ctx().dialect, row.number)).toEqual([]); // nobody to book for at the counter
    const limiter = createAuthLimiter(db(), clock);
    expect((await logInWithinLimits(db(), limiter, '127.0.0.1', 'leaving@example.com', TEST_PASSWORD)).ok).toBe(false);
    await registerOnline(
      db(),
      clock,
      {
        name: '戻り',
        nameKana: 'モドリ',
        phone: '093-000-2222',
        email: 'leaving@example.com',
        residency: 'resident',
        password: 'a-new-long-password',
      },
      { publicUrl: 'http://localhost', mayNotifyOwner: true },
    );
    const again = await db().selectFrom('users').select('id').where('email', '=', 'leaving@example.com').executeTakeFirstOrThrow();
    expect(again.id).not.toBe(person.id);
  });

  it('refuses while the person represents a group, and a wrong password, changing nothing', async () => {
    const rep = await makeUser(db());
    await makeGroup(db(), rep.id, { type: 'circle', name: '囲碁の会' });
    const booking = await makeBooking(db(), roomId, '2026-12-15', ['morning'], { user_id: rep.id });
    const before = await db().selectFrom('users').selectAll().where('id', '=', rep.id).executeTakeFirstOrThrow();
    await expect(deleteOwnAccount(db(), clock, await userOf(rep.id), TEST_PASSWORD)).rejects.toMatchObject({
      key: 'errDeleteHandOverFirst',
    });
    const plain = await makeUser(db());
    await expect(deleteOwnAccount(db(), clock, await userOf(plain.id), 'not-the-password')).rejects.toBeInstanceOf(InvalidInputError);
    expect(await db().selectFrom('users').selectAll().where('id', '=', rep.id).executeTakeFirstOrThrow()).toEqual(before);
    expect((await db().selectFrom('reservations').select('status').where('id', '=', booking).executeTakeFirstOrThrow()).status).toBe(
      'confirmed',
    );
    expect(
      (await db().selectFrom('users').select('deleted_at').where('id', '=', plain.id).executeTakeFirstOrThrow()).deleted_at,
    ).toBeNull();
  });

  it('ends the household when its last person deletes their account', async () => {
    const alone = await makeUser(db());
    const home = await makePaperHousehold(db(), { address: '独り町2-2', people: [] });
    await db()
      .insertInto('household_people')
      .values({ id: newId('hp'), household_id: home.id, user_id: alone.id, name: 'x', name_kana: 'エックス', created_at: 'x' })
      .execute();
    await deleteOwnAccount(db(), clock, await userOf(alone.id), TEST_PASSWORD);
    const household = await db().selectFrom('households').selectAll().where('id', '=', home.id).executeTakeFirstOrThrow();
    expect(household).toMatchObject({ status: 'moved_out', moved_out_on: '2026-11-24' });
    expect(await db().selectFrom('household_people').select('id').where('household_id', '=', home.id).execute()).toEqual([]);
  });

  it('lets a clerk delete a counter resident (no password) with the reason audited, and no one with a password', async () => {
    const clerk = await userOf((await makeStaff(db(), 'clerk', { facilityId: await makeFacility(db()) })).id);
    const counter = await makeUser(db(), { email: null });
    await db().updateTable('users').set({ password_hash: null }).where('id', '=', counter.id).execute();
    await deleteAccountAtCounter(db(), clock, clerk, counter.id, { reason: '本人が窓口で申し出', channel: 'counter' });
    const audit = await db()
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'account.delete')
      .where('target_id', '=', counter.id)
      .executeTakeFirstOrThrow();
    expect(audit).toMatchObject({ actor_id: clerk.id, reason: '本人が窓口で申し出' });
    expect(JSON.parse(audit.after_json ?? '{}')).toMatchObject({ channel: 'counter' });

    const online = await makeUser(db());
    await expect(deleteAccountAtCounter(db(), clock, clerk, online.id, { reason: 'x', channel: 'counter' })).rejects.toMatchObject({
      key: 'errDeleteNotCounterResident',
    });
    const resident = await userOf((await makeUser(db())).id);
    const another = await makeUser(db(), { email: null });
    await db().updateTable('users').set({ password_hash: null }).where('id', '=', another.id).execute();
    await expect(deleteAccountAtCounter(db(), clock, resident, another.id, { reason: 'x', channel: 'counter' })).rejects.toBeInstanceOf(
      ForbiddenError,
    );
    expect(
      (await db().selectFrom('users').select('deleted_at').where('id', '=', online.id).executeTakeFirstOrThrow()).deleted_at,
    ).toBeNull();
  });
});
