/**
 * Open data on SQLite and PostgreSQL: utilisation checked against a month counted by hand (closed days,
 * holidays and a closure out of the denominator), both files read back in UTF-8 (BOM) and Shift_JIS, and
 * the facility list imported again by our own importer of the 公共施設一覧 format.
 */
import iconv from 'iconv-lite';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, describeEachDialect, testApp } from '../../../test/db.ts';
import { makeBooking, makeClosure, makeFacility, makeRoom, makeRoomFees, makeUser } from '../../../test/factories.ts';
import { decodeCsv, readCsvTable } from '../../lib/csv-table.ts';
import { importFacilitiesCsv } from '../facility/import/facilities-import.ts';
import { FACILITY_LIST_COLUMNS, UTILISATION_COLUMNS, weekdaysText } from './opendata.ts';

async function fetchCsv(app: ReturnType<typeof testApp>, path: string) {
  const res = await app.request(path);
  return { res, bytes: Buffer.from(await res.arrayBuffer()) };
}

function rowsOf(bytes: Buffer, columns: readonly string[]) {
  const table = readCsvTable(bytes, { required: columns, optional: [] });
  if (!table.ok) throw new Error(JSON.stringify(table.errors));
  return table.rows.map((r) => Object.fromEntries(columns.map((c) => [c, r.original.get(c) ?? ''])));
}

describe('weekdaysText', () => {
  it('writes runs as 月～土 and single days with ・', () => {
    expect(weekdaysText([1, 2, 3, 4, 5, 6])).toBe('月～土');
    expect(weekdaysText([2, 3, 4, 5, 6, 7])).toBe('火～日');
    expect(weekdaysText([1, 3, 5, 6, 7])).toBe('月・水・金～日');
    expect(weekdaysText([6, 7])).toBe('土・日');
  });
});

describeEachDialect('open data', (ctx) => {
  let app: ReturnType<typeof testApp>;
  let roomId: string;
  let freeRoomId: string;
  let facilityId: string;

  beforeAll(async () => {
    const db = ctx().db.kysely;
    app = testApp(ctx()); // now: 2026-11-24
    facilityId = await makeFacility(db, { name: '港町テスト市民センター', name_kana: 'みなとまちてすとしみんせんたー' }); // Mon–Sat 9–21
    await db
      .updateTable('facilities')
      .set({ latitude: 33.8834, longitude: 130.8752, postcode: '802-0001' })
      .where('id', '=', facilityId)
      .execute();
    roomId = await makeRoom(db, facilityId, { name: '講座室' });
    freeRoomId = await makeRoom(db, facilityId, { name: '和室', sort_order: 2 });
    await makeRoomFees(db, roomId, { morning: 500, afternoon: 500, evening: 500 });
    await makeClosure(db, facilityId, { roomId, startsOn: '2026-11-10', endsOn: '2026-11-11', note: '点検' });
    await makeBooking(db, roomId, '2026-11-05', ['morning', 'afternoon']);
    await makeBooking(db, roomId, '2026-11-20', ['evening']);
    await makeBooking(db, roomId, '2026-11-10', ['morning']); // on the closure: neither open nor counted
    await makeUser(db, { name: '秘密 花子' });
  });

  it('counts November 2026 by hand: 21 open days × 3 bands = 63 open cells, 3 booked, 4.8%', async () => {
    // 30 days − 5 Sundays (1, 8, 15, 22, 29) − 2 holidays (3 文化の日, 23 勤労感謝の日) − 2 closure days (10, 11).
    const { res, bytes } = await fetchCsv(app, '/opendata/utilisation/2026-11.csv');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = rowsOf(bytes, UTILISATION_COLUMNS);
    const paid = rows.find((r) => r.部屋ID === roomId);
    expect(paid).toMatchObject({
      年月: '2026-11',
      施設名: '港町テスト市民センター',
      区: '小倉北区',
      部屋名: '講座室',
      '有料・無料': '有料',
    });
    expect([paid?.開館コマ数, paid?.予約コマ数, paid?.['稼働率(%)']]).toEqual(['63', '3', '4.8']);
    const free = rows.find((r) => r.部屋ID === freeRoomId);
    expect([free?.['有料・無料'], free?.開館コマ数, free?.予約コマ数, free?.['稼働率(%)']]).toEqual(['無料', '69', '0', '0']);
  });

  it('gives the same file in Shift_JIS, and no personal data in either', async () => {
    const utf8 = await fetchCsv(app, '/opendata/utilisation/2026-11.csv');
    const sjis = await fetchCsv(app, '/opendata/utilisation/2026-11.csv?encoding=sjis');
    expect(sjis.res.headers.get('content-type')).toBe('text/csv; charset=Shift_JIS');
    expect(sjis.bytes.equals(iconv.encode(decodeCsv(utf8.bytes), 'CP932'))).toBe(true);
    expect(rowsOf(sjis.bytes, UTILISATION_COLUMNS)).toEqual(rowsOf(utf8.bytes, UTILISATION_COLUMNS));
    for (const file of [utf8.bytes, (await fetchCsv(app, '/opendata/facilities.csv')).bytes]) {
      expect(decodeCsv(file)).not.toContain('秘密');
      expect(decodeCsv(file)).not.toContain('@example.com');
    }
  });

  it('answers 404 for a month not begun or not a month, without login', async () => {
    expect((await app.request('/opendata/utilisation/2026-12.csv')).status).toBe(404);
    expect((await app.request('/opendata/utilisation/2026-13.csv')).status).toBe(404);
    expect((await app.request('/opendata/utilisation/latest')).status).toBe(404);
    expect((await app.request('/opendata')).status).toBe(200);
  });

  it('writes the facility list in the 公共施設一覧 columns, which our importer reads back (UTF-8 and Shift_JIS)', async () => {
    for (const encoding of ['utf8', 'sjis']) {
      const { bytes } = await fetchCsv(app, `/opendata/facilities.csv${encoding === 'sjis' ? '?encoding=sjis' : ''}`);
      const [row] = rowsOf(bytes, FACILITY_LIST_COLUMNS);
      expect(row).toMatchObject({
        都道府県コード又は市区町村コード: '401005',
        NO: facilityId,
        名称: '港町テスト市民センター',
        名称_カナ: 'ミナトマチテストシミンセンター',
        種類: '市民センター',
        利用可能曜日: '月～土',
        開始時間: '9:00',
        終了時間: '21:00',
        郵便番号: '802-0001',
      });
      expect(row?.利用可能日時特記事項).toContain('日曜は休館');
      const other = await createTestDb(ctx().dialect);
      try {
        const report = await importFacilitiesCsv(other.db.kysely, bytes, { now: new Date() });
        expect(report).toMatchObject({ ok: true, inserted: 1 });
        const back = await other.db.kysely.selectFrom('facilities').selectAll().executeTakeFirstOrThrow();
        expect(back).toMatchObject({
          name: '港町テスト市民センター',
          ward_id: 'kokurakita',
          kind: 'citizen_centre',
          phone: '093-000-0000',
          postcode: '802-0001',
        });
        expect(Number(back.latitude)).toBeCloseTo(33.8834, 4);
        const hours = await other.db.kysely.selectFrom('facility_hours').selectAll().orderBy('weekday').execute();
        expect(hours.map((h) => [h.weekday, h.opens, h.closes])).toEqual([1, 2, 3, 4, 5, 6].map((d) => [d, '09:00', '21:00']));
      } finally {
        await other.destroy();
      }
    }
  });
});
