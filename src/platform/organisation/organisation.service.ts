/**
 * The registry's rules: the tree of a ward, one entry with its parent chain and children, entries made
 * and renamed by staff (the parent rule, the ward inherited from the parent, the 法人番号 check), and the
 * link from a resident's own group to the entry it is. Every change is audited in its transaction.
 */
import type { Db } from '../../db/database.ts';
import { isUniqueViolation } from '../../db/errors.ts';
import type { OrganisationRow } from '../../db/schema.ts';
import { ForbiddenError, InvalidInputError, NotFoundError } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';
import type { Clock } from '../../lib/time.ts';
import { recordAudit } from '../audit/audit.ts';
import type { User } from '../authz/actor.ts';
import { isCorporateNumber } from './corporate-number.ts';
import * as districts from './district.repository.ts';
import * as members from './membership.repository.ts';
import { mayLinkGroup, requireManageRegistry, requireUnlink } from './organisation.policy.ts';
import * as repo from './organisation.repository.ts';
import {
  CORPORATE_KINDS,
  LINKABLE_KINDS,
  mayHaveParent,
  OFFICER_ROLES,
  type Organisation,
  type OrganisationKind,
  toOrganisation,
  WARD_REQUIRED,
} from './organisation.ts';

export interface TreeNode extends Organisation {
  depth: number;
  childCount: number;
}

export interface Tree {
  nodes: TreeNode[];
  counts: Partial<Record<OrganisationKind, number>>;
}

/** Registry entries in tree order (each under its parent), or flat when one kind is asked for. */
export async function registryTree(db: Db, filter: { wardId?: string | undefined; kind?: OrganisationKind | undefined }): Promise<Tree> {
  if (filter.wardId && !(await districts.listWardNames(db)).some((w) => w.id === filter.wardId)) {
    throw new InvalidInputError([{ field: 'ward', key: 'errUnknownWard' }]);
  }
  const rows = (await repo.listRegistry(db, filter)).map(toOrganisation);
  const childCounts = await repo.countChildren(
    db,
    rows.map((r) => r.id),
  );
  const counts: Partial<Record<OrganisationKind, number>> = {};
  for (const r of rows) counts[r.kind] = (counts[r.kind] ?? 0) + 1;
  const node = (o: Organisation, depth: number): TreeNode => ({ ...o, depth, childCount: childCounts.get(o.id) ?? 0 });
  if (filter.kind) return { nodes: rows.map((r) => node(r, 0)), counts };
  const ids = new Set(rows.map((r) => r.id));
  const byParent = new Map<string, Organisation[]>();
  for (const r of rows) if (r.parentId && ids.has(r.parentId)) byParent.set(r.parentId, [...(byParent.get(r.parentId) ?? []), r]);
  const nodes: TreeNode[] = [];
  const walk = (o: Organisation, depth: number) => {
    nodes.push(node(o, depth));
    for (const child of byParent.get(o.id) ?? []) walk(child, depth + 1);
  };
  for (const root of rows.filter((r) => !r.parentId || !ids.has(r.parentId))) walk(root, 0);
  return { nodes, counts };
}

export interface OrganisationDetail {
  organisation: Organisation;
  /** From the top of the tree down to the parent. */
  parents: Organisation[];
  children: (Organisation & { childCount: number })[];
  /** For a registry entry: the residents' groups linked to it; for a linked group: its entry. */
  linkedGroups: Organisation[];
  registryEntry: Organisation | undefined;
  memberCount: number;
}

async function findOrThrow(db: Db, id: string): Promise<OrganisationRow> {
  const row = await members.findOrganisation(db, id);
  if (!row) throw new NotFoundError('organisation');
  return row;
}

export async function organisationDetail(db: Db, id: string): Promise<OrganisationDetail> {
  const organisation = toOrganisation(await findOrThrow(db, id));
  const parents: Organisation[] = [];
  const seen = new Set([organisation.id]);
  for (let at = organisation.parentId; at && !seen.has(at); ) {
    seen.add(at); // a cycle cannot be written through the service; never loop on one written by hand
    const row = await members.findOrganisation(db, at);
    if (!row) break;
    parents.unshift(toOrganisation(row));
    at = row.parent_id;
  }
  const childRows = (await repo.listChildren(db, id)).map(toOrganisation);
  const grandchildren = await repo.countChildren(
    db,
    childRows.map((c) => c.id),
  );
  const registryRow = organisation.registryId ? await members.findOrganisation(db, organisation.registryId) : undefined;
  return {
    organisation,
    parents,
    children: childRows.map((c) => ({ ...c, childCount: grandchildren.get(c.id) ?? 0 })),
    linkedGroups: organisation.official ? (await repo.listLinkedGroups(db, id)).map(toOrganisation) : [],
    registryEntry: registryRow ? toOrganisation(registryRow) : undefined,
    memberCount: (await members.countMembers(db, [id])).get(id) ?? 0,
  };
}

export interface EntryInput {
  kind: OrganisationKind;
  name: string;
  nameKana?: string | undefined;
  parentId?: string | undefined;
  wardId?: string | undefined;
  schoolDistrictId?: string | undefined;
  corporateNumber?: string | undefined;
  code?: string | undefined;
}

/** A registry entry made by staff (official): checked against the parent rule and the actor's scope. */
export async function createEntry(db: Db, clock: Clock, actor: User | undefined, input: EntryInput): Promise<Organisation> {
  const now = clock.now();
  return db.transaction().execute(async (trx) => {
    const parent = input.parentId ? await members.findOrganisation(trx, input.parentId) : undefined;
    if (input.parentId && (!parent || Number(parent.official) !== 1))
      throw new InvalidInputError([{ field: 'parentId', key: 'errOrgParentUnknown' }]);
    const parentKind = parent ? toOrganisation(parent).kind : null;
    if (!mayHaveParent(input.kind, parentKind)) {
      throw new InvalidInputError([{ field: parent ? 'parentId' : 'kind', key: parent ? 'errOrgParentRule' : 'errOrgParentNeeded' }]);
    }
    // Below a ward office everything is in its ward; the parent decides, never the form.
    const wardId = parent?.ward_id ?? input.wardId ?? null;
    if (parent && input.wardId && input.wardId !== parent.ward_id)
      throw new InvalidInputError([{ field: 'wardId', key: 'errOrgWardNotParents' }]);
    if (WARD_REQUIRED.includes(input.kind) && !wardId) throw new InvalidInputError([{ field: 'wardId', key: 'errUnknownWard' }]);
    if (wardId && !(await districts.listWardNames(trx)).some((w) => w.id === wardId))
      throw new InvalidInputError([{ field: 'wardId', key: 'errUnknownWard' }]);
    const staff = requireManageRegistry(actor, wardId);
    let schoolDistrictId: string | null = null;
    if (input.schoolDistrictId) {
      const sd = await districts.findSchoolDistrict(trx, input.schoolDistrictId);
      if (!sd || sd.ward_id !== wardId || input.kind !== 'community_council') {
        throw new InvalidInputError([{ field: 'schoolDistrictId', key: 'errOrgSchoolDistrict' }]);
      }
      schoolDistrictId = sd.id;
    }
    if (input.corporateNumber && !CORPORATE_KINDS.includes(input.kind)) {
      throw new InvalidInputError([{ field: 'corporateNumber', key: 'errOrgCorporateKind' }]);
    }
    if (input.corporateNumber && !isCorporateNumber(input.corporateNumber)) {
      throw new InvalidInputError([{ field: 'corporateNumber', key: 'errOrgCorporateNumber' }]);
    }
    if (input.code && (await repo.findByCode(trx, input.code))) throw new InvalidInputError([{ field: 'code', key: 'errOrgCodeTaken' }]);
    const row = {
      id: newId('org'),
      name: input.name,
      name_kana: input.nameKana ?? null,
      // The booking columns: a registry entry books as a 地域団体 only through a linked group.
      type: input.kind === 'npo' ? 'npo' : input.kind === 'company' ? 'business' : 'community',
      member_count: 0,
      representative_id: null,
      created_at: now.toISOString(),
      kind: input.kind,
      official: 1,
      parent_id: parent?.id ?? null,
      ward_id: wardId,
      school_district_id: schoolDistrictId,
      corporate_number: input.corporateNumber ?? null,
      code: input.code ?? null,
    };
    try {
      await repo.insertOrganisation(trx, row);
    } catch (error) {
      if (isUniqueViolation(error)) throw new InvalidInputError([{ field: 'code', key: 'errOrgCodeTaken' }]);
      throw error;
    }
    await recordAudit(trx, now, {
      actorId: staff.id,
      action: 'organisation.create',
      targetType: 'organisation',
      targetId: row.id,
      after: row,
    });
    return toOrganisation({
      ...row,
      verification_status: 'none',
      verified_type: null,
      verified_at: null,
      verified_by: null,
      verification_note: null,
      verification_requested_at: null,
      registry_id: null,
    });
  });
}

export async function renameEntry(
  db: Db,
  clock: Clock,
  actor: User | undefined,
  id: string,
  input: { name: string; nameKana?: string | undefined },
) {
  const now = clock.now();
  await db.transaction().execute(async (trx) => {
    const row = await findOrThrow(trx, id);
    if (Number(row.official) !== 1) throw new NotFoundError('organisation'); // a resident's group is renamed by its representative
    const staff = requireManageRegistry(actor, row.ward_id);
    const after = { name: input.name, name_kana: input.nameKana ?? null };
    await members.updateOrganisation(trx, id, after);
    await recordAudit(trx, now, {
      actorId: staff.id,
      action: 'organisation.rename',
      targetType: 'organisation',
      targetId: id,
      before: { name: row.name, name_kana: row.name_kana },
      after,
    });
  });
}

/** Links a resident's own group to the registry entry it is; staff, or an officer who represents it. */
export async function linkGroup(db: Db, clock: Clock, actor: User | undefined, input: { groupId: string; registryId: string }) {
  const now = clock.now();
  await db.transaction().execute(async (trx) => {
    const entry = await findOrThrow(trx, input.registryId);
    const group = await members.findOrganisation(trx, input.groupId);
    if (!group || Number(group.official) !== 0) throw new InvalidInputError([{ field: 'groupId', key: 'errLinkNotSelfMade' }]);
    if (Number(entry.official) !== 1 || !LINKABLE_KINDS.includes(toOrganisation(entry).kind)) {
      throw new InvalidInputError([{ field: 'registryId', key: 'errLinkNotLinkable' }]);
    }
    const office = actor ? await members.findMember(trx, entry.id, actor.id) : undefined;
    const today = now.toISOString().slice(0, 10);
    const isCurrentOfficer =
      office !== undefined &&
      OFFICER_ROLES.includes(office.role as never) &&
      (office.term_ends_on === null || office.term_ends_on >= today);
    const allowed = mayLinkGroup(actor, {
      entryWardId: entry.ward_id,
      isCurrentOfficer,
      representsGroup: group.representative_id === actor?.id,
    });
    if (!allowed || !actor) throw new ForbiddenError('not staff of the ward nor an officer representing the group', 'errLinkForbidden');
    if (group.registry_id === entry.id) return;
    if (group.registry_id) throw new InvalidInputError([{ field: 'groupId', key: 'errLinkAlreadyLinked' }]);
    if ((await repo.listLinkedGroups(trx, entry.id)).length > 0)
      throw new InvalidInputError([{ field: 'registryId', key: 'errLinkEntryTaken' }]);
    await repo.setRegistryLink(trx, group.id, entry.id);
    await recordAudit(trx, now, {
      actorId: actor.id,
      action: 'organisation.link',
      targetType: 'organisation',
      targetId: group.id,
      before: { registry_id: null },
      after: { registry_id: entry.id },
    });
  });
}

export async function unlinkGroup(db: Db, clock: Clock, actor: User | undefined, groupId: string) {
  const now = clock.now();
  await db.transaction().execute(async (trx) => {
    const group = await findOrThrow(trx, groupId);
    if (!group.registry_id) return;
    const entry = await members.findOrganisation(trx, group.registry_id);
    const staff = requireUnlink(actor, entry?.ward_id ?? null);
    await repo.setRegistryLink(trx, group.id, null);
    await recordAudit(trx, now, {
      actorId: staff.id,
      action: 'organisation.unlink',
      targetType: 'organisation',
      targetId: group.id,
      before: { registry_id: group.registry_id },
      after: { registry_id: null },
    });
  });
}

/** Self-made groups staff can link, by name; never registry entries. */
export async function findSelfMadeGroups(db: Db, text: string) {
  return (await repo.searchSelfMadeGroups(db, text)).map(toOrganisation);
}

export async function groupsRepresentedBy(db: Db, userId: string) {
  return (await repo.listRepresentedGroups(db, userId)).map(toOrganisation);
}
