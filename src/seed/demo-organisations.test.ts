/** The demo city's registry and 校区 have the shape the brief asks for, and its addresses look up. */
import { beforeAll, expect, it } from 'vitest';
import { describeEachDialect } from '../../test/db.ts';
import { loadConfig } from '../config.ts';
import { lookupDistrict } from '../platform/organisation/district-lookup.ts';
import { seedDemoCity } from './demo-city.ts';
import { DEMO_LINKED_ASSOCIATION, demoRegistry } from './demo-organisations.ts';

describeEachDialect('demo registry', (ctx) => {
  beforeAll(async () => {
    await seedDemoCity(ctx().db.kysely, { seed: 7, today: '2026-11-24', historyDays: 3, futureDays: 3 });
  });

  it('has per ward a ward office with its コミュニティ支援課, 3–5 校区 each with a council, 2–4 associations and 3–6 班 each', async () => {
    const db = ctx().db.kysely;
    const orgs = await db.selectFrom('organisations').selectAll().where('official', '=', 1).execute();
    const kids = (id: string) => orgs.filter((o) => o.parent_id === id);
    expect(orgs.filter((o) => o.kind === 'city_department').map((o) => o.name)).toContain('地域振興課');
    const offices = orgs.filter((o) => o.kind === 'ward_office');
    expect(offices).toHaveLength(7);
    for (const office of offices) {
      expect(
        kids(office.id)
          .filter((o) => o.kind === 'ward_section')
          .map((o) => o.name),
      ).toEqual([`${office.name} コミュニティ支援課`]);
      const councils = kids(office.id).filter((o) => o.kind === 'community_council');
      expect(councils.length).toBeGreaterThanOrEqual(3);
      expect(councils.length).toBeLessThanOrEqual(5);
      for (const council of councils) {
        expect(council.school_district_id).not.toBeNull();
        const associations = kids(council.id);
        expect(associations.length).toBeGreaterThanOrEqual(2);
        expect(associations.length).toBeLessThanOrEqual(4);
        for (const a of associations) {
          expect(a.kind).toBe('association');
          expect(kids(a.id).length).toBeGreaterThanOrEqual(3);
          expect(kids(a.id).length).toBeLessThanOrEqual(6);
        }
      }
    }
    const byId = new Map(orgs.map((o) => [o.id, o]));
    for (const han of orgs.filter((o) => o.kind === 'han')) expect(byId.get(han.parent_id ?? '')?.kind).toBe('association');
  });

  it('puts every 町丁目 in exactly one 校区 of its own ward', async () => {
    const db = ctx().db.kysely;
    const areas = await db
      .selectFrom('district_areas')
      .innerJoin('school_districts', 'school_districts.id', 'district_areas.school_district_id')
      .select(['district_areas.ward_id as area_ward', 'school_districts.ward_id as district_ward', 'district_areas.town_key'])
      .execute();
    expect(areas.length).toBeGreaterThan(100);
    expect(areas.every((a) => a.area_ward === a.district_ward)).toBe(true);
    expect(new Set(areas.map((a) => `${a.area_ward}|${a.town_key}`)).size).toBe(areas.length);
  });

  it('looks up a demo address to its 校区, council and associations; the demo 町内会 is linked to its entry', async () => {
    const db = ctx().db.kysely;
    const { city } = loadConfig({ SEED: 'none' });
    const { matches } = await lookupDistrict(db, city, '北九州市小倉北区中央１－２－３');
    expect(matches).toHaveLength(1);
    expect(matches[0]).toMatchObject({
      town: '中央一丁目',
      schoolDistrict: { name: '中央小学校区' },
      council: { name: '中央校区まちづくり協議会' },
    });
    expect(matches[0]?.associations.length).toBeGreaterThanOrEqual(2);
    const sakura = await lookupDistrict(db, city, '小倉北区桜ヶ丘二丁目');
    expect(sakura.matches[0]?.associations.map((a) => a.id)).toContain(DEMO_LINKED_ASSOCIATION);
    const group = await db
      .selectFrom('organisations')
      .select(['registry_id', 'official'])
      .where('id', '=', 'grp_demo_association')
      .executeTakeFirstOrThrow();
    expect(group).toEqual({ registry_id: DEMO_LINKED_ASSOCIATION, official: 0 });
  });

  it('is the same for the same seed', () => {
    const at = '2026-11-24T00:00:00.000Z';
    const who = { id: 'g', representativeId: 'u' };
    expect(demoRegistry(7, at, who)).toEqual(demoRegistry(7, at, who));
  });
});
