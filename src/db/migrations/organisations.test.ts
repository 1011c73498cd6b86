/**
 * 2026-12-03-13-organisations on a database made by the previous schema: the booking groups, their
 * members, invitations, bookings and lottery entries, written at 2026-12-02-12-files, are all there after
 * the migration, under the organisation registry, with the same ids and verification.
 */
import type { Kysely } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestDb, DIALECTS, pgAvailable, type TestDb } from '../../../test/db.ts';
import { migrateTo, migrateToLatest } from '../migrate.ts';
import { insertCentreWithRoom } from './migration-fixtures.test-helpers.ts';

const AT = '2026-12-01T00:00:00.000Z';
const PREVIOUS = '2026-12-02-12-files';

async function insertBookingGroups(db: Kysely<any>) {
  await insertCentreWithRoom(db, AT);
  const user = { phone: '093', residency: 'resident', name_kana: 'リヨウシャ', created_at: AT, updated_at: AT };
  await db
    .insertInto('users')
    .values(['u1', 'u2', 'u3', 'admin'].map((id, i) => ({ ...user, id, number: String(10_000_001 + i), name: `利用者${i}` })))
    .execute();
  // Every row names every column: a multi-row insert on SQLite writes NULL, not the default, for a missing one.
  const group = {
    member_count: 12,
    created_at: AT,
    verification_status: 'none',
    verified_type: null,
    verified_at: null,
    verified_by: null,
    verification_note: null,
    verification_requested_at: null,
  };
  await db
    .insertInto('groups')
    .values([
      {
        ...group,
        id: 'g_comm',
        name: '中央町内会',
        type: 'community',
        representative_id: 'u1',
        verification_status: 'verified',
        verified_type: 'community',
        verified_at: AT,
        verified_by: 'admin',
      },
      {
        ...group,
        id: 'g_npo',
        name: 'NPOこども食堂',
        type: 'npo',
        representative_id: 'u2',
        verification_status: 'pending',
        verification_requested_at: AT,
      },
      { ...group, id: 'g_biz', name: '株式会社テスト', type: 'business', representative_id: 'u2' },
      {
        ...group,
        id: 'g_refused',
        name: '囲碁の会',
        type: 'community',
        representative_id: 'u3',
        verification_status: 'refused',
        verification_note: '活動の記録がありません',
      },
    ])
    .execute();
  await db
    .insertInto('group_members')
    .values([
      { group_id: 'g_comm', user_id: 'u1', role: 'representative', created_at: AT },
      { group_id: 'g_comm', user_id: 'u2', role: 'member', created_at: AT },
      { group_id: 'g_npo', user_id: 'u2', role: 'representative', created_at: AT },
      { group_id: 'g_biz', user_id: 'u2', role: 'representative', created_at: AT },
      { group_id: 'g_refused', user_id: 'u3', role: 'representative', created_at: AT },
    ])
    .execute();
  await db
    .insertInto('group_invitations')
    .values({ id: 'inv1', group_id: 'g_comm', user_id: 'u3', invited_by: 'u1', created_at: AT })
    .execute();
  const reservation = {
    room_id: 'r1',
    date: '2026-12-10',
    status: 'confirmed',
    category: 'community',
    purpose: '総会',
    attendees: 20,
    channel: 'web',
    created_at: AT,
  };
  await db
    .insertInto('reservations')
    .values([
      { ...reservation, id: 'rs1', number: '2612-000001', user_id: 'u1', group_id: 'g_comm' },
      { ...reservation, id: 'rs2', number: '2612-000002', user_id: 'u2', group_id: 'g_npo' },
      { ...reservation, id: 'rs3', number: '2612-000003', user_id: 'u3', group_id: null },
    ])
    .execute();
  await db
    .insertInto('lottery_months')
    .values({ month: '2027-02', seed: 's', seed_hash: 'h', rules: '{}', pseudonym_salt: 'p', created_at: AT })
    .execute();
  await db
    .insertInto('lottery_entries')
    .values({
      id: 'le1',
      month: '2027-02',
      booker_key: 'g:g_comm',
      user_id: 'u2',
      group_id: 'g_comm',
      purpose: '夏祭りの準備',
      attendees: 15,
      category: 'community',
      channel: 'web',
      created_at: AT,
    })
    .execute();
  await db
    .insertInto('lottery_tickets')
    .values({ month: '2027-02', room_id: 'r1', date: '2027-02-03', band: 'am', user_id: 'u1', entry_id: 'le1' })
    .execute();
}

const OLD_GROUP_COLUMNS = [
  'id',
  'name',
  'type',
  'member_count',
  'representative_id',
  'created_at',
  'verification_status',
  'verified_type',
  'verified_at',
  'verified_by',
  'verification_note',
  'verification_requested_at',
];

for (const dialect of DIALECTS) {
  describe.skipIf(dialect === 'postgres' && !pgAvailable())(`2026-12-03-13-organisations [${dialect}]`, () => {
    let t: TestDb | undefined;
    afterEach(async () => {
      await t?.destroy();
    });

    it('carries every group, member, invitation, booking, entry and ticket into the registry unchanged', async () => {
      t = await createTestDb(dialect, { migrate: false });
      await migrateTo(t.db, PREVIOUS);
      const db = t.db.kysely as Kysely<any>;
      await insertBookingGroups(db);
      const before = await db.selectFrom('groups').select(OLD_GROUP_COLUMNS).orderBy('id').execute();
      const membersBefore = await db.selectFrom('group_members').selectAll().orderBy('group_id').orderBy('user_id').execute();

      expect(await migrateToLatest(t.db)).toContain('2026-12-03-13-organisations');

      const after = await db.selectFrom('organisations').select(OLD_GROUP_COLUMNS).orderBy('id').execute();
      expect(after.map((r) => ({ ...r, member_count: Number(r.member_count) }))).toEqual(
        before.map((r) => ({ ...r, member_count: Number(r.member_count) })),
      );
      const members = await db
        .selectFrom('organisation_members')
        .select(['group_id', 'user_id', 'role', 'created_at'])
        .orderBy('group_id')
        .orderBy('user_id')
        .execute();
      expect(members).toEqual(membersBefore);
      const kinds = await db
        .selectFrom('organisations')
        .select(['id', 'kind', 'official', 'parent_id', 'registry_id'])
        .orderBy('id')
        .execute();
      expect(kinds.map((k) => ({ ...k, official: Number(k.official) }))).toEqual([
        // A self-declared 地域団体 is not the registry's association until someone links it.
        { id: 'g_biz', kind: 'company', official: 0, parent_id: null, registry_id: null },
        { id: 'g_comm', kind: 'circle', official: 0, parent_id: null, registry_id: null },
        { id: 'g_npo', kind: 'npo', official: 0, parent_id: null, registry_id: null },
        { id: 'g_refused', kind: 'circle', official: 0, parent_id: null, registry_id: null },
      ]);
      expect(await db.selectFrom('group_invitations').select(['id', 'group_id']).execute()).toEqual([{ id: 'inv1', group_id: 'g_comm' }]);
      const bookings = await db.selectFrom('reservations').select(['id', 'group_id']).orderBy('id').execute();
      expect(bookings).toEqual([
        { id: 'rs1', group_id: 'g_comm' },
        { id: 'rs2', group_id: 'g_npo' },
        { id: 'rs3', group_id: null },
      ]);
      expect(await db.selectFrom('lottery_entries').select(['id', 'group_id']).execute()).toEqual([{ id: 'le1', group_id: 'g_comm' }]);
      expect(await db.selectFrom('lottery_tickets').select(['entry_id', 'user_id']).execute()).toEqual([
        { entry_id: 'le1', user_id: 'u1' },
      ]);
    });

    it('keeps the foreign keys pointing at the registry, and lets a registry entry have no representative', async () => {
      t = await createTestDb(dialect, { migrate: false });
      await migrateTo(t.db, PREVIOUS);
      const db = t.db.kysely as Kysely<any>;
      await insertBookingGroups(db);
      await migrateToLatest(t.db);

      await db
        .insertInto('organisations')
        .values({
          id: 'o_han',
          name: '1班',
          type: 'community',
          member_count: 0,
          representative_id: null,
          created_at: AT,
          kind: 'han',
          official: 1,
        })
        .execute();
      // A booking naming an organisation that does not exist is still refused by the database.
      await expect(
        db
          .insertInto('reservations')
          .values({
            id: 'rs9',
            number: '2612-000009',
            room_id: 'r1',
            date: '2026-12-11',
            status: 'confirmed',
            category: 'general',
            purpose: 'x',
            attendees: 1,
            channel: 'web',
            created_at: AT,
            user_id: 'u1',
            group_id: 'nope',
          })
          .execute(),
      ).rejects.toThrow();
      await expect(
        db.insertInto('organisation_members').values({ group_id: 'nope', user_id: 'u1', role: 'member', created_at: AT }).execute(),
      ).rejects.toThrow();
      // Deleting an organisation still takes its memberships and invitations with it.
      await db.deleteFrom('organisations').where('id', '=', 'g_biz').execute();
      expect(await db.selectFrom('organisation_members').select('user_id').where('group_id', '=', 'g_biz').execute()).toEqual([]);
      await db.deleteFrom('reservations').where('group_id', '=', 'g_comm').execute();
      await db.deleteFrom('lottery_entries').where('group_id', '=', 'g_comm').execute();
      await db.deleteFrom('organisations').where('id', '=', 'g_comm').execute();
      expect(await db.selectFrom('group_invitations').select('id').execute()).toEqual([]);
    });
  });
}
