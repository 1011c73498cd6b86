import iconv from 'iconv-lite';
import { expect, it } from 'vitest';
import { countRows, describeEachDialect } from '../../../test/db.ts';
import { xlsxBytes } from '../documents/xlsx.ts';
import { importDistricts } from './district-import.ts';

const HEADER = '区,校区,校区よみ,町丁目,郵便番号';
const GOOD = [
  HEADER,
  '小倉北区,中央小学校区,ちゅうおうしょうがっこうく,中央一丁目,802-0001',
  '小倉北区,中央小学校区,,中央二丁目,802-0001',
  '小倉北区,中央小学校区,,城内,803-0813',
  '門司区,大里小学校区,だいり,大里本町一丁目,８００－００１１',
].join('\r\n');
const now = new Date('2026-11-24T01:00:00Z');
const opts = { actorId: null, now };

describeEachDialect('校区 import', (ctx) => {
  const db = () => ctx().db.kysely;
  const snapshot = async () => ({
    districts: await db().selectFrom('school_districts').select(['ward_id', 'name', 'name_kana', 'sort_order']).orderBy('name').execute(),
    areas: await db()
      .selectFrom('district_areas')
      .select(['ward_id', 'town', 'town_key', 'postcode', 'school_district_id'])
      .orderBy('town')
      .execute(),
  });

  it('refuses a file with any bad row, naming every row, and writes nothing', async () => {
    const bad = [
      HEADER,
      '小倉区,中央小学校区,ちゅうおう,中央一丁目,802-0001',
      '小倉北区,,ちゅうおう,中央二丁目,',
      '小倉北区,中央小学校区,Chuo,中央三丁目,80-1',
      '小倉北区,中央小学校区,ちゅうおう,中央1丁目,',
    ].join('\n');
    const report = await importDistricts(db(), Buffer.from(bad), opts);
    expect(report.ok).toBe(false);
    if (report.ok) return;
    expect(report.errors.map((e) => [e.line, e.key])).toEqual([
      [2, 'errDistrictWardUnknown'],
      [3, 'errDistrictCellMissing'],
      [4, 'errDistrictKana'],
      [4, 'errDistrictPostcode'],
    ]);
    expect(await countRows(ctx(), 'school_districts')).toBe(0);
    expect(await countRows(ctx(), 'district_areas')).toBe(0);
  });

  it('names a missing column and a 町丁目 written twice (中央一丁目 and 中央1丁目 are one)', async () => {
    const noColumn = await importDistricts(db(), Buffer.from('区,町丁目\n小倉北区,中央一丁目'), opts);
    expect(noColumn).toMatchObject({ ok: false, errors: [{ line: 1, key: 'errDistrictColumns', params: { columns: '校区' } }] });
    const twice = await importDistricts(
      db(),
      Buffer.from(`${HEADER}\n小倉北区,中央小学校区,ちゅうおう,中央一丁目,\n小倉北区,中央小学校区,,中央1丁目,`),
      opts,
    );
    expect(twice).toMatchObject({ ok: false, errors: [{ line: 3, key: 'errDistrictTownRepeated', params: { line: 2 } }] });
  });

  it('checks without writing on a dry run', async () => {
    const report = await importDistricts(db(), Buffer.from(GOOD), { ...opts, dryRun: true });
    expect(report).toMatchObject({ ok: true, dryRun: true, districtsAdded: 2, areasAdded: 4 });
    expect(await countRows(ctx(), 'district_areas')).toBe(0);
  });

  it('imports UTF-8 with a BOM, and a second import of the same file changes nothing', async () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(GOOD)]);
    expect(await importDistricts(db(), bytes, opts)).toMatchObject({ ok: true, districtsAdded: 2, areasAdded: 4, areasUpdated: 0 });
    const first = await snapshot();
    expect(first.areas.find((a) => a.town === '大里本町一丁目')).toMatchObject({
      ward_id: 'moji',
      postcode: '800-0011',
      town_key: '大里本町1丁目',
    });
    expect(await importDistricts(db(), bytes, opts)).toMatchObject({
      ok: true,
      districtsAdded: 0,
      districtsUpdated: 0,
      areasAdded: 0,
      areasUpdated: 0,
      unchanged: 4,
    });
    expect(await snapshot()).toEqual(first);
    const audit = await db().selectFrom('audit_log').select('action').where('action', '=', 'districts.import').execute();
    expect(audit).toHaveLength(2);
  });

  it('reads Shift_JIS and updates in place: a 町丁目 moved to another 校区, written another way', async () => {
    const moved = [
      HEADER,
      '小倉北区,城内小学校区,じょうないしょうがっこうく,城内,803-0813',
      '小倉北区,中央小学校区,,中央1丁目,802-0001',
    ].join('\r\n');
    const report = await importDistricts(db(), iconv.encode(moved, 'CP932'), opts);
    expect(report).toMatchObject({ ok: true, districtsAdded: 1, areasAdded: 0, areasUpdated: 2 });
    const areas = (await snapshot()).areas;
    expect(areas).toHaveLength(4); // nothing deleted: the file named only two 町丁目
    expect(areas.find((a) => a.town_key === '中央1丁目')?.town).toBe('中央1丁目');
    const castle = await db()
      .selectFrom('district_areas')
      .innerJoin('school_districts', 'school_districts.id', 'district_areas.school_district_id')
      .select('school_districts.name')
      .where('town', '=', '城内')
      .executeTakeFirstOrThrow();
    expect(castle.name).toBe('城内小学校区');
  });

  it('reads the first sheet of an xlsx workbook, with Excel row numbers in its problems', async () => {
    const book = await xlsxBytes([
      {
        name: '校区',
        header: ['区', '校区', '校区よみ', '町丁目', '郵便番号'],
        rows: [
          ['若松区', '高須小学校区', 'たかす', '高須北一丁目', '808-0141'],
          ['若松区', '高須小学校区', '', '', ''],
        ],
      },
    ]);
    expect(await importDistricts(db(), book, opts)).toMatchObject({
      ok: false,
      errors: [{ line: 3, key: 'errDistrictCellMissing', params: { column: '町丁目' } }],
    });
    const good = await xlsxBytes([
      {
        name: '校区',
        header: ['区', '校区', '校区よみ', '町丁目', '郵便番号'],
        rows: [['若松区', '高須小学校区', 'たかす', '高須北一丁目', 8080141]],
      },
    ]);
    expect(await importDistricts(db(), good, opts)).toMatchObject({ ok: true, districtsAdded: 1, areasAdded: 1 });
  });

  it('says so when an .xlsx cannot be read or the file is empty', async () => {
    expect(await importDistricts(db(), Buffer.from([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]), opts)).toMatchObject({
      ok: false,
      errors: [{ key: 'errDistrictFileUnreadable' }],
    });
    expect(await importDistricts(db(), Buffer.from(''), opts)).toMatchObject({ ok: false, errors: [{ key: 'errDistrictFileEmpty' }] });
    expect(await importDistricts(db(), Buffer.from(`${HEADER}\n"小倉北区,中央`), opts)).toMatchObject({
      ok: false,
      errors: [{ key: 'errDistrictCsvQuote' }],
    });
  });
});
