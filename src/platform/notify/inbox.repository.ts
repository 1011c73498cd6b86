/** The inbox (a person's messages) and the print list (paper deliveries in a staff member's reach). */
import { type ExpressionBuilder, sql } from 'kysely';
import type { Db, Trx } from '../../db/database.ts';
import type { Database } from '../../db/schema.ts';
import type { PaperReach } from '../authz/policy.ts';

type ReachTables = Database & { d: Database['notify_deliveries']; m: Database['notify_messages']; f: Database['facilities'] };

export async function countUnread(db: Db, userId: string): Promise<number> {
  const row = await db
    .selectFrom('notify_messages')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('user_id', '=', userId)
    .where('read_at', 'is', null)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

export async function listInbox(db: Db, userId: string, limit = 100) {
  return db
    .selectFrom('notify_messages')
    .select(['id', 'subject', 'created_at', 'read_at'])
    .where('user_id', '=', userId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}

/** The person's own message, or undefined (someone else's is as good as missing). */
export async function findOwnMessage(db: Db, userId: string, id: string) {
  return db
    .selectFrom('notify_messages')
    .select(['id', 'subject', 'body_text', 'created_at', 'read_at'])
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .executeTakeFirst();
}

export async function markRead(trx: Trx, userId: string, id: string, at: string): Promise<void> {
  await trx
    .updateTable('notify_messages')
    .set({ read_at: at })
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .where('read_at', 'is', null)
    .execute();
}

/** The rows of notify_deliveries d / notify_messages m / facilities f a reach covers. */
function inReach(reach: PaperReach) {
  return (eb: ExpressionBuilder<ReachTables, 'd' | 'm' | 'f'>) => {
    if (reach.city) return sql<boolean>`1 = 1`;
    const none = ['-'];
    return eb.or([
      eb('m.facility_id', 'in', reach.facilityIds.length > 0 ? reach.facilityIds : none),
      eb('f.ward_id', 'in', reach.facilityWardIds.length > 0 ? reach.facilityWardIds : none),
      eb.and([eb('m.facility_id', 'is', null), eb('d.ward_id', 'in', reach.wardIds.length > 0 ? reach.wardIds : none)]),
    ]);
  };
}

export async function listPrintItems(db: Db, reach: PaperReach, limit = 200) {
  return db
    .selectFrom('notify_deliveries as d')
    .innerJoin('notify_messages as m', 'm.id', 'd.message_id')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .leftJoin('facilities as f', 'f.id', 'm.facility_id')
    .leftJoin('household_people as p', 'p.user_id', 'u.id')
    .leftJoin('households as h', (j) => j.onRef('h.id', '=', 'p.household_id').on('h.status', '=', 'active'))
    .select([
      'd.id',
      'd.created_at',
      'm.subject',
      'm.body_text',
      'u.name',
      'u.number',
      'u.phone',
      'h.address_line',
      'h.postcode',
      'f.name as facilityName',
    ])
    .where('d.channel', '=', 'paper')
    .where('d.status', '=', 'queued')
    .where(inReach(reach))
    .orderBy('d.created_at')
    .orderBy('d.id')
    .limit(limit)
    .execute();
}

/** One paper delivery, if it is in the reach; with what the audit row records. */
export async function findPrintItem(db: Db, reach: PaperReach, id: string) {
  return db
    .selectFrom('notify_deliveries as d')
    .innerJoin('notify_messages as m', 'm.id', 'd.message_id')
    .leftJoin('facilities as f', 'f.id', 'm.facility_id')
    .select(['d.id', 'd.status', 'm.id as messageId', 'm.user_id', 'm.facility_id'])
    .where('d.id', '=', id)
    .where('d.channel', '=', 'paper')
    .where(inReach(reach))
    .executeTakeFirst();
}

/** Marks it handed over unless someone already did (false then). */
export async function markHandedOver(trx: Trx, id: string, by: string, at: string): Promise<boolean> {
  const result = await trx
    .updateTable('notify_deliveries')
    .set({ status: 'handed_over', handed_over_by: by, handed_over_at: at, sent_at: at })
    .where('id', '=', id)
    .where('status', '=', 'queued')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
