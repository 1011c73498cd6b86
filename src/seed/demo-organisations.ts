/**
 * The demo city's registry and 校区: the city's departments, a ward office with its コミュニティ支援課 per
 * ward, the 校区 of demoSchools with their 町丁目, a community council per 校区, 2–4 associations under
 * each and 3–6 班 under those. Deterministic from the seed, on its own random sequence so the rest of the
 * demo (which follows from the main one) stays as it was. Batch inserts; ids carry the demo prefixes.
 */
import type { Insertable } from 'kysely';
import { insertInBatches } from '../db/batch.ts';
import type { Trx } from '../db/database.ts';
import type { DistrictAreaTable, OrganisationMemberTable, OrganisationTable, SchoolDistrictTable } from '../db/schema.ts';
import { cityWards } from '../db/seed/reference-data.ts';
import { seededRandom } from '../lib/random.ts';
import { townKey } from '../platform/organisation/address.ts';
import { demoDepartments, demoSchools, KANJI_NUMERALS } from './demo-organisations.data.ts';

/** The demo group (桜ヶ丘町内会（デモ）, made by its representative) is linked to this registry entry. */
export const DEMO_LINKED_ASSOCIATION = 'org_demo_kokurakita_2_1';

export interface DemoRegistry {
  organisations: Insertable<OrganisationTable>[];
  members: Insertable<OrganisationMemberTable>[];
  districts: Insertable<SchoolDistrictTable>[];
  areas: Insertable<DistrictAreaTable>[];
}

export function demoRegistry(seed: number, stamp: string, demoGroup: { id: string; representativeId: string }): DemoRegistry {
  const rnd = seededRandom(seed ^ 0x0c0de5);
  const organisations: Insertable<OrganisationTable>[] = [];
  const districts: Insertable<SchoolDistrictTable>[] = [];
  const areas: Insertable<DistrictAreaTable>[] = [];
  const entry = (row: {
    id: string;
    kind: string;
    name: string;
    name_kana?: string | null;
    parent_id?: string | null;
    ward_id?: string | null;
    school_district_id?: string | null;
  }) =>
    organisations.push({
      type: 'community',
      member_count: 0,
      representative_id: null,
      created_at: stamp,
      verification_status: 'none',
      verified_type: null,
      verified_at: null,
      verified_by: null,
      verification_note: null,
      verification_requested_at: null,
      official: 1,
      corporate_number: null,
      code: row.id.replace(/^org_/, ''),
      registry_id: null,
      name_kana: null,
      parent_id: null,
      ward_id: null,
      school_district_id: null,
      ...row,
    });

  for (const [i, [name, kana]] of demoDepartments.entries())
    entry({ id: `org_demo_dept_${i + 1}`, kind: 'city_department', name, name_kana: kana });

  for (const [wardIndex, ward] of cityWards.entries()) {
    const office = `org_demo_${ward.id}_office`;
    entry({ id: office, kind: 'ward_office', name: `${ward.name}役所`, name_kana: `${ward.nameKana}やくしょ`, ward_id: ward.id });
    entry({
      id: `${office}_community`,
      kind: 'ward_section',
      name: `${ward.name}役所 コミュニティ支援課`,
      name_kana: 'こみゅにてぃしえんか',
      parent_id: office,
      ward_id: ward.id,
    });
    let postcodeSeq = 0;
    for (const [s, school] of (demoSchools[ward.id] ?? []).entries()) {
      const sd = `sd_demo_${ward.id}_${s + 1}`;
      districts.push({
        id: sd,
        ward_id: ward.id,
        name: `${school.name}小学校区`,
        name_kana: `${school.kana}しょうがっこうく`,
        sort_order: s + 1,
      });
      for (const [town, chome] of school.towns) {
        postcodeSeq++;
        const postcode = `80${wardIndex + 1}-${String(postcodeSeq * 10).padStart(4, '0')}`;
        const names = chome === 0 ? [town] : Array.from({ length: chome }, (_, n) => `${town}${KANJI_NUMERALS[n + 1]}丁目`);
        for (const name of names) {
          areas.push({
            id: `da_demo_${ward.id}_${areas.length + 1}`,
            ward_id: ward.id,
            town: name,
            town_key: townKey(name),
            school_district_id: sd,
            postcode,
          });
        }
      }
      const council = `org_demo_${ward.id}_${s + 1}`;
      entry({
        id: council,
        kind: 'community_council',
        name: `${school.name}校区まちづくり協議会`,
        name_kana: `${school.kana}こうくまちづくりきょうぎかい`,
        parent_id: office,
        ward_id: ward.id,
        school_district_id: sd,
      });
      const associationCount = rnd.int(2, 4);
      for (let a = 0; a < associationCount; a++) {
        const id = `${council}_${a + 1}`;
        // Named after a town of the 校区, as most 自治会 are; the demo group's own is 桜ヶ丘町内会.
        const town = school.towns[a]?.[0];
        const suffix = rnd.chance(0.5) ? '自治会' : '町内会';
        const name = id === DEMO_LINKED_ASSOCIATION ? '桜ヶ丘町内会' : town ? `${town}${suffix}` : `${school.name}第${a + 1}${suffix}`;
        entry({ id, kind: 'association', name, parent_id: council, ward_id: ward.id });
        const hanCount = rnd.int(3, 6);
        for (let h = 0; h < hanCount; h++)
          entry({ id: `${id}_han${h + 1}`, kind: 'han', name: `${name} ${h + 1}班`, parent_id: id, ward_id: ward.id });
      }
    }
  }

  // The representative's own booking group is the registry's 桜ヶ丘町内会, and she is its 会長 this term.
  const members: Insertable<OrganisationMemberTable>[] = [
    {
      group_id: DEMO_LINKED_ASSOCIATION,
      user_id: demoGroup.representativeId,
      role: 'president',
      created_at: stamp,
      term_starts_on: `${stamp.slice(0, 4)}-04-01`,
      term_ends_on: `${Number(stamp.slice(0, 4)) + 2}-03-31`,
    },
  ];
  return { organisations, members, districts, areas };
}

export async function insertDemoRegistry(trx: Trx, registry: DemoRegistry, demoGroupId: string): Promise<void> {
  await insertInBatches(trx, 'school_districts', registry.districts);
  await insertInBatches(trx, 'district_areas', registry.areas);
  await insertInBatches(trx, 'organisations', registry.organisations);
  await insertInBatches(trx, 'organisation_members', registry.members);
  await trx.updateTable('organisations').set({ registry_id: DEMO_LINKED_ASSOCIATION }).where('id', '=', demoGroupId).execute();
}
