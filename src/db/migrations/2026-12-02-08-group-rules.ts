/**
 * Group rules carried by the data, so that the coming organisation registry can move them as they are.
 * Frozen once shipped. Portable SQL only.
 *
 * - Verification: a group's type gives a 減免 only once staff verified it. `verified_type` is the type
 *   they verified: a reduction needs status 'verified' *and* verified_type = type, so a type changed
 *   afterwards never keeps a reduction, whatever path changed it. Types without a reduction need no
 *   verification ('none').
 * - Lottery tickets: who holds a ticket for which cell in a month. The unique index is the rule "one
 *   ticket per person and cell, whichever entries carry it": two submissions racing through different
 *   groups cannot both commit. Withdrawing an entry deletes its tickets (cascade).
 * - Invitations: joining a group is an invitation the person accepts; until then they are not a member.
 *
 * Existing rows. Groups of a type with a reduction (地域団体, NPO) become 'pending': they had declared
 * their type themselves and nobody checked it, so their reduction waits for staff (they appear in the
 * staff list at once). The demo city's invented groups are marked verified, as the demo seed now does
 * for a fresh database, so an existing demo looks like a new one. Tickets are written for the entries of
 * months still taking entries; where the old rules had already let one person hold two tickets for a
 * cell, the entry submitted first keeps the ticket (nothing is withdrawn behind anyone's back).
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('groups')
    .addColumn('verification_status', 'text', (c) => c.notNull().defaultTo('none'))
    .execute();
  await db.schema.alterTable('groups').addColumn('verified_type', 'text').execute();
  await db.schema.alterTable('groups').addColumn('verified_at', 'text').execute();
  await db.schema
    .alterTable('groups')
    .addColumn('verified_by', 'text', (c) => c.references('users.id'))
    .execute();
  // The reason given with a refusal, shown to the representative.
  await db.schema.alterTable('groups').addColumn('verification_note', 'text').execute();
  await db.schema.alterTable('groups').addColumn('verification_requested_at', 'text').execute();
  await db.schema.createIndex('groups_verification').on('groups').columns(['verification_status', 'verification_requested_at']).execute();
  await db.schema.createIndex('groups_representative').on('groups').column('representative_id').execute();

  await db
    .updateTable('groups')
    .set((eb) => ({ verification_status: 'pending', verification_requested_at: eb.ref('created_at') }))
    .where('type', 'in', ['community', 'npo'])
    .execute();
  const demo = await db.selectFrom('facilities').select('id').where('is_demo', '=', 1).limit(1).executeTakeFirst();
  if (demo) {
    await db
      .updateTable('groups')
      .set((eb) => ({ verification_status: 'verified', verified_type: eb.ref('type'), verified_at: eb.ref('created_at') }))
      .where('id', 'like', 'grp_demo_%')
      .where('type', 'in', ['community', 'npo'])
      .execute();
  }

  await db.schema
    .createTable('lottery_tickets')
    .addColumn('month', 'text', (c) => c.notNull())
    .addColumn('room_id', 'text', (c) => c.notNull())
    .addColumn('date', 'text', (c) => c.notNull())
    .addColumn('band', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('entry_id', 'text', (c) => c.notNull().references('lottery_entries.id').onDelete('cascade'))
    .execute();
  await db.schema
    .createIndex('lottery_tickets_one_per_person')
    .on('lottery_tickets')
    .columns(['month', 'room_id', 'date', 'band', 'user_id'])
    .unique()
    .execute();
  await db.schema.createIndex('lottery_tickets_entry').on('lottery_tickets').column('entry_id').execute();

  const open = await db
    .selectFrom('lottery_wishes')
    .innerJoin('lottery_entries', 'lottery_entries.id', 'lottery_wishes.entry_id')
    .innerJoin('lottery_months', 'lottery_months.month', 'lottery_entries.month')
    .select(['lottery_entries.id', 'lottery_entries.month', 'lottery_entries.user_id', 'lottery_entries.group_id'])
    .select(['lottery_wishes.room_id', 'lottery_wishes.date', 'lottery_wishes.bands'])
    .where('lottery_months.status', '=', 'open')
    .orderBy('lottery_entries.created_at')
    .orderBy('lottery_entries.id')
    .execute();
  for (const w of open) {
    const members: { user_id: string }[] = w.group_id
      ? await db.selectFrom('group_members').select('user_id').where('group_id', '=', w.group_id).execute()
      : [];
    const holders = [...new Set([w.user_id as string, ...members.map((m) => m.user_id)])];
    for (const band of String(w.bands).split(',')) {
      for (const user_id of holders) {
        await db
          .insertInto('lottery_tickets')
          .values({ month: w.month, room_id: w.room_id, date: w.date, band, user_id, entry_id: w.id })
          .onConflict((oc) => oc.doNothing())
          .execute();
      }
    }
  }

  await db.schema
    .createTable('group_invitations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('group_id', 'text', (c) => c.notNull().references('groups.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('invited_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  // One open invitation per group and person; accepting or declining deletes it.
  await db.schema.createIndex('group_invitations_group_user').on('group_invitations').columns(['group_id', 'user_id']).unique().execute();
  await db.schema.createIndex('group_invitations_user').on('group_invitations').column('user_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('group_invitations').execute();
  await db.schema.dropTable('lottery_tickets').execute();
  await db.schema.dropIndex('groups_representative').execute();
  await db.schema.dropIndex('groups_verification').execute();
  for (const column of [
    'verification_requested_at',
    'verification_note',
    'verified_by',
    'verified_at',
    'verified_type',
    'verification_status',
  ]) {
    await db.schema.alterTable('groups').dropColumn(column).execute();
  }
}
