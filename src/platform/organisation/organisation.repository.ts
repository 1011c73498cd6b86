/**
 * Queries of the registry tree: entries by ward and kind, one entry's parent and children, the group a
 * resident made and staff linked to an entry. Reads take any executor; writes take a transaction.
 */
import type { Insertable } from 'kysely';
import type { Db, Trx } from '../../db/database.ts';
import { likeContains } from '../../db/like.ts';
import type { OrganisationTable } from '../../db/schema.ts';

/** Registry entries (official), optionally of one ward and kind, in reading order (よみ, then name). */
export async function listRegistry(db: Db, filter: { wardId?: string | undefined; kind?: string | undefined }) {
  let query = db.selectFrom('organisations').selectAll().where('official', '=', 1);
  if (filter.wardId) query = query.where('ward_id', '=', filter.wardId);
  if (filter.kind) query = query.where('kind', '=', filter.kind);
  return query.orderBy('name_kana').orderBy('name').orderBy('id').execute();
}

export async function listChildren(db: Db, parentId: string) {
  return db
    .selectFrom('organisations')
    .selectAll()
    .where('parent_id', '=', parentId)
    .orderBy('name_kana')
    .orderBy('name')
    .orderBy('id')
    .execute();
}

/** How many entries sit directly under each of the given ones. */
export async function countChildren(db: Db, ids: readonly string[]): Promise<Map<string, number>> {
  if (ids.length === 0) return new Map();
  const out = new Map<string, number>();
  // In slices: a ward's tree can be a few thousand entries, more than one IN list should carry.
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await db
      .selectFrom('organisations')
      .select(['parent_id', (eb) => eb.fn.countAll<string | number>().as('n')])
      .where('parent_id', 'in', ids.slice(i, i + 500))
      .groupBy('parent_id')
      .execute();
    for (const r of rows) if (r.parent_id) out.set(r.parent_id, Number(r.n));
  }
  return out;
}

export async function findByCode(db: Db, code: string) {
  return db.selectFrom('organisations').selectAll().where('code', '=', code).executeTakeFirst();
}

/** The residents' own groups linked to a registry entry. */
export async function listLinkedGroups(db: Db, registryId: string) {
  return db.selectFrom('organisations').selectAll().where('registry_id', '=', registryId).orderBy('name').execute();
}

/** Residents' own groups (not registry entries) whose name contains the text, for staff to link. */
export async function searchSelfMadeGroups(db: Db, text: string, limit = 20) {
  return db
    .selectFrom('organisations')
    .selectAll()
    .where('official', '=', 0)
    .where((eb) => likeContains(eb.ref('name'), text))
    .orderBy('name')
    .limit(limit)
    .execute();
}

/** The groups a person represents: what an officer may link to the body they hold office in. */
export async function listRepresentedGroups(db: Db, userId: string) {
  return db
    .selectFrom('organisations')
    .selectAll()
    .where('official', '=', 0)
    .where('representative_id', '=', userId)
    .orderBy('name')
    .execute();
}

export async function insertOrganisation(trx: Trx, row: Insertable<OrganisationTable>) {
  await trx.insertInto('organisations').values(row).execute();
}

export async function setRegistryLink(trx: Trx, groupId: string, registryId: string | null) {
  await trx.updateTable('organisations').set({ registry_id: registryId }).where('id', '=', groupId).execute();
}
