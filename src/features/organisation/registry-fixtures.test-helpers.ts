/** A small registry for route tests: 小倉北区役所 → 中央校区まちづくり協議会 (中央小学校区) → 中央町内会 → 1班. */
import type { Db } from '../../db/database.ts';
import { importDistricts } from '../../platform/organisation/district-import.ts';

const AT = '2026-11-01T00:00:00.000Z';

export const DISTRICT_CSV = [
  '区,校区,校区よみ,町丁目,郵便番号',
  '小倉北区,中央小学校区,ちゅうおうしょうがっこうく,中央一丁目,802-0001',
  '小倉北区,中央小学校区,,中央二丁目,802-0001',
  '小倉北区,日明小学校区,ひあがりしょうがっこうく,日明一丁目,803-0831',
  '小倉南区,北方小学校区,きたがたしょうがっこうく,中央一丁目,802-0999',
].join('\n');

export async function makeRegistry(db: Db) {
  await importDistricts(db, Buffer.from(DISTRICT_CSV), { actorId: null, now: new Date(AT) });
  const sd = await db.selectFrom('school_districts').select('id').where('name', '=', '中央小学校区').executeTakeFirstOrThrow();
  const row = (id: string, kind: string, name: string, parent: string | null, extra: Record<string, unknown> = {}) => ({
    id,
    kind,
    name,
    name_kana: null,
    parent_id: parent,
    ward_id: 'kokurakita',
    school_district_id: null,
    official: 1,
    type: 'community',
    member_count: 0,
    representative_id: null,
    created_at: AT,
    code: null,
    corporate_number: null,
    registry_id: null,
    verification_status: 'none',
    ...extra,
  });
  await db
    .insertInto('organisations')
    .values([
      row('org_t_office', 'ward_office', '小倉北区役所', null),
      row('org_t_council', 'community_council', '中央校区まちづくり協議会', 'org_t_office', { school_district_id: sd.id }),
      row('org_t_assoc', 'association', '中央町内会', 'org_t_council'),
      row('org_t_han', 'han', '中央町内会 1班', 'org_t_assoc'),
      row('org_t_dept', 'city_department', '地域振興課', null, { ward_id: null }),
    ])
    .execute();
  return {
    schoolDistrictId: sd.id,
    office: 'org_t_office',
    council: 'org_t_council',
    association: 'org_t_assoc',
    han: 'org_t_han',
    department: 'org_t_dept',
  };
}
