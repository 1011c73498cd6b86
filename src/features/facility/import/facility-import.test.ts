import { isUtf8 } from 'node:buffer';
import { readFileSync } from 'node:fs';
import iconv from 'iconv-lite';
import { InsertQueryNode, type KyselyPlugin, type RootOperationNode } from 'kysely';
import { beforeEach, describe, expect, it } from 'vitest';
import { countRows, describeEachDialect, type TestDb } from '../../../../test/db.ts';
import { makeBooking } from '../../../../test/factories.ts';
import { parseClockTime, parseEquipmentList, parseOpenDays, parsePostcode } from './cell-parsers.ts';
import { importFacilitiesCsv } from './facilities-import.ts';
import { importRoomsCsv } from './rooms-import.ts';
import type { ImportReport } from './row-check.ts';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url));
const NOW = new Date('2026-11-24T01:00:00Z');
const LATER = new Date('2026-12-01T03:00:00Z');

/** The good file's text, re-saved the way Excel in a city office does: Shift_JIS (CP932), no BOM. */
function goodFileAsShiftJis(): Buffer {
  const text = fixture('facilities-good.csv')
    .toString('utf8')
    .replace(/^\uFEFF/, '');
  return iconv.encode(text, 'CP932');
}

function errorsOf(report: ImportReport) {
  if (report.ok) throw new Error(`expected errors, got ${JSON.stringify(report)}`);
  return report.errors;
}

const where = (report: ImportReport) => errorsOf(report).map((e) => ({ line: e.line, column: e.column }));

async function catalogueCounts(t: TestDb) {
  return {
    facilities: await countRows(t, 'facilities'),
    facility_hours: await countRows(t, 'facility_hours'),
    rooms: await countRows(t, 'rooms'),
    room_equipment: await countRows(t, 'room_equipment'),
  };
}

async function facilitySnapshot(t: TestDb) {
  const db = t.db.kysely;
  const facilities = await db.selectFrom('facilities').selectAll().orderBy('id').execute();
  const hours = await db.selectFrom('facility_hours').selectAll().orderBy('facility_id').orderBy('weekday').execute();
  // PostgreSQL returns double precision as numbers and SQLite too, but be explicit about the comparison.
  return { facilities: facilities.map((f) => ({ ...f, latitude: f.latitude === null ? null : Number(f.latitude) })), hours };
}

async function hoursOf(t: TestDb, facilityId: string) {
  const rows = await t.db.kysely
    .selectFrom('facility_hours')
    .selectAll()
    .where('facility_id', '=', facilityId)
    .orderBy('weekday')
    .execute();
  return rows.map((h) => `${h.weekday} ${h.opens}-${h.closes}`);
}

describeEachDialect('facility CSV import', (ctx) => {
  beforeEach(async () => {
    const db = ctx().db.kysely;
    for (const table of [
      'reservation_cells',
      'reservations',
      'closures',
      'room_equipment',
      'rooms',
      'facility_hours',
      'facilities',
    ] as const) {
      await db.deleteFrom(table).execute();
    }
  });

  it('imports a UTF-8 file with BOM, quoted commas and line breaks, mapping every column', async () => {
    const report = await importFacilitiesCsv(ctx().db.kysely, fixture('facilities-good.csv'), { now: NOW });
    expect(report).toEqual({ ok: true, inserted: 4, updated: 0 });

    const db = ctx().db.kysely;
    const first = await db.selectFrom('facilities').selectAll().where('id', '=', 'imp-1').executeTakeFirstOrThrow();
    expect(first).toMatchObject({
      source_no: '1',
      ward_id: 'kokurakita',
      kind: 'citizen_centre',
      name: '港町テスト市民センター',
      name_kana: 'ミナトマチテストシミンセンター',
      name_en: 'Minatomachi Test Citizen Centre',
      postcode: '802-0001',
      address: '北九州市小倉北区港町1丁目2-3',
      phone: '093-000-0001',
      url: 'https://example.jp/centres/1',
      accessibility: '車いす用トイレあり',
      notes: '駐車場は10台、満車のときは\n近くの有料駐車場へ',
      open_on_holidays: 0,
      is_demo: 0,
      created_at: NOW.toISOString(),
      updated_at: NOW.toISOString(),
    });
    expect(Number(first.latitude)).toBeCloseTo(33.8834);
    expect(Number(first.longitude)).toBeCloseTo(130.8752);
    expect(await hoursOf(ctx(), 'imp-1')).toEqual([1, 2, 3, 4, 5, 6].map((d) => `${d} 09:00-21:00`));
  });

  it('reads weekday ranges, 祝日, kanji and full-width times, 種類 and 〒 postcodes', async () => {
    await importFacilitiesCsv(ctx().db.kysely, fixture('facilities-good.csv'), { now: NOW });
    const db = ctx().db.kysely;
    const rows = await db.selectFrom('facilities').selectAll().orderBy('id').execute();
    const byId = new Map(rows.map((r) => [r.id, r]));

    expect(byId.get('imp-2')).toMatchObject({
      kind: 'lifelong_learning_centre',
      ward_id: 'yahatanishi',
      open_on_holidays: 1,
      url: 'http://example.jp/centres/2',
    });
    expect(await hoursOf(ctx(), 'imp-2')).toEqual([1, 2, 3, 4, 5, 6, 7].map((d) => `${d} 09:00-22:00`));

    // 名称 says neither centre, 種類 does; no coordinates is allowed.
    expect(byId.get('imp-003')).toMatchObject({
      kind: 'citizen_centre',
      ward_id: 'tobata',
      latitude: null,
      longitude: null,
      url: null,
      notes: null,
    });
    expect(await hoursOf(ctx(), 'imp-003')).toEqual(['1 09:30-17:00', '2 09:30-17:00', '3 09:30-17:00']);

    expect(byId.get('imp-A-4')).toMatchObject({ ward_id: 'moji', postcode: '800-0001', phone: '093-000-0004', name_en: null });
    expect(await hoursOf(ctx(), 'imp-A-4')).toEqual([1, 2, 3, 4, 5, 6].map((d) => `${d} 09:00-21:00`));
  });

  it('reads the same file saved as Shift_JIS (CP932) into identical rows', async () => {
    const sjis = goodFileAsShiftJis();
    expect(isUtf8(sjis)).toBe(false);
    expect(await importFacilitiesCsv(ctx().db.kysely, sjis, { now: NOW })).toEqual({ ok: true, inserted: 4, updated: 0 });
    const fromShiftJis = await facilitySnapshot(ctx());

    for (const table of ['facility_hours', 'facilities'] as const) await ctx().db.kysely.deleteFrom(table).execute();
    await importFacilitiesCsv(ctx().db.kysely, fixture('facilities-good.csv'), { now: NOW });
    expect(await facilitySnapshot(ctx())).toEqual(fromShiftJis);
  });

  it('re-importing the same NO updates the facility and replaces its hours instead of duplicating', async () => {
    const db = ctx().db.kysely;
    await importFacilitiesCsv(db, fixture('facilities-good.csv'), { now: NOW });
    const edited = fixture('facilities-good.csv')
      .toString('utf8')
      .replace('港町テスト市民センター', '港町テスト市民センター（新館）')
      .replace('月～土,9:00,21:00', '火～金,10:00,20:00');

    const report = await importFacilitiesCsv(db, Buffer.from(edited), { now: LATER });
    expect(report).toEqual({ ok: true, inserted: 0, updated: 4 });
    expect(await countRows(ctx(), 'facilities')).toBe(4);
    const first = await db.selectFrom('facilities').selectAll().where('source_no', '=', '1').executeTakeFirstOrThrow();
    // Names are stored as written: full-width brackets stay full-width.
    expect(first).toMatchObject({
      id: 'imp-1',
      name: '港町テスト市民センター（新館）',
      created_at: NOW.toISOString(),
      updated_at: LATER.toISOString(),
    });
    expect(await hoursOf(ctx(), 'imp-1')).toEqual([2, 3, 4, 5].map((d) => `${d} 10:00-20:00`));
  });

  it('reports every bad row with its line and column and writes nothing', async () => {
    const db = ctx().db.kysely;
    await importFacilitiesCsv(db, fixture('facilities-good.csv'), { now: NOW });
    await importRoomsCsv(db, fixture('rooms-good.csv'), { now: NOW });
    const before = await catalogueCounts(ctx());
    const snapshot = await facilitySnapshot(ctx());

    const report = await importFacilitiesCsv(db, fixture('facilities-bad.csv'), { now: LATER });
    expect(where(report)).toEqual([
      // Line 2 (NO 101) is valid, but is not written because other rows are not.
      { line: 3, column: '住所' },
      { line: 3, column: '緯度' },
      // The 備考 of line 3 spans two physical lines, so the next record starts on line 5.
      { line: 5, column: '名称' },
      { line: 5, column: '電話番号' },
      { line: 6, column: 'NO' },
      { line: 6, column: '利用可能曜日' },
      { line: 7, column: 'URL' },
      { line: 7, column: '終了時間' },
      { line: 8, column: 'NO' },
      { line: 9, column: '緯度' },
      { line: 9, column: '開始時間' },
    ]);
    const messages = errorsOf(report).map((e) => e.message);
    expect(messages).toContain('市民センター・生涯学習センター以外の施設は取り込めません。');
    expect(messages.some((m) => m.includes('「第3」'))).toBe(true);
    expect(messages.some((m) => m.includes('2行目と重複'))).toBe(true);

    expect(await catalogueCounts(ctx())).toEqual(before);
    expect(await facilitySnapshot(ctx())).toEqual(snapshot);
    expect(await db.selectFrom('facilities').select('id').where('source_no', '=', '101').executeTakeFirst()).toBeUndefined();
  });

  it('names the missing header columns in one error on line 1', async () => {
    const csv =
      'NO,名称,名称_カナ,住所,緯度,経度,利用可能曜日,開始時間,終了時間,バリアフリー情報,備考\n1,港町テスト市民センター,ミナトマチ,北九州市小倉北区1,,,月～土,9:00,21:00,,\n';
    const errors = errorsOf(await importFacilitiesCsv(ctx().db.kysely, Buffer.from(csv), { now: NOW }));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ line: 1, column: '電話番号、URL' });
    expect(errors[0]?.message).toContain('電話番号');
    expect(errors[0]?.message).toContain('URL');
    expect(await countRows(ctx(), 'facilities')).toBe(0);
  });

  it('reports a row whose cells are shifted by an unquoted comma, and an unclosed quote', async () => {
    const header = 'NO,名称,名称_カナ,住所,緯度,経度,電話番号,利用可能曜日,開始時間,終了時間,バリアフリー情報,URL,備考';
    const shifted = `${header}\n1,港町テスト市民センター,ミナトマチ,北九州市小倉北区港町1-1,,,093-000-0001,月,火,9:00,21:00,,,\n`;
    expect(where(await importFacilitiesCsv(ctx().db.kysely, Buffer.from(shifted), { now: NOW }))).toEqual([{ line: 2, column: '' }]);
    const unclosed = `${header}\n1,港町テスト市民センター,ミナトマチ,北九州市小倉北区港町1-1,,,093-000-0001,"月,9:00,21:00,,,\n`;
    expect(errorsOf(await importFacilitiesCsv(ctx().db.kysely, Buffer.from(unclosed), { now: NOW }))[0]?.column).toBe('');
    expect(await countRows(ctx(), 'facilities')).toBe(0);
  });

  it('writes nothing when the database fails half-way through the import', async () => {
    const before = await catalogueCounts(ctx());
    let hourInserts = 0;
    // Fails the third facility's hours, after two facilities have been written inside the transaction.
    const failOnThirdHours: KyselyPlugin = {
      transformQuery({ node }): RootOperationNode {
        if (InsertQueryNode.is(node) && node.into?.table.identifier.name === 'facility_hours' && ++hourInserts === 3) {
          throw new Error('disk full');
        }
        return node;
      },
      transformResult: async ({ result }) => result,
    };
    const failing = ctx().db.kysely.withPlugin(failOnThirdHours);
    await expect(importFacilitiesCsv(failing, fixture('facilities-good.csv'), { now: NOW })).rejects.toThrow('disk full');
    expect(hourInserts).toBe(3);
    expect(await catalogueCounts(ctx())).toEqual(before);
  });

  it('imports rooms for facilities already in the database, mapping types, equipment and band schemes', async () => {
    const db = ctx().db.kysely;
    await importFacilitiesCsv(db, fixture('facilities-good.csv'), { now: NOW });
    expect(await importRoomsCsv(db, fixture('rooms-good.csv'), { now: NOW })).toEqual({ ok: true, inserted: 5, updated: 0 });

    const rooms = await db.selectFrom('rooms').selectAll().orderBy('id').execute();
    expect(rooms.map((r) => [r.id, r.facility_id, r.room_type, Number(r.capacity), r.band_scheme_id, Number(r.sort_order)])).toEqual([
      ['imp-003-1', 'imp-003', 'meeting_room', 12, 'standard', 1],
      ['imp-1-1', 'imp-1', 'lecture_room', 30, 'standard', 1],
      ['imp-1-2', 'imp-1', 'japanese_room', 20, 'standard', 2],
      ['imp-1-3', 'imp-1', 'cooking_room', 16, 'extended', 3],
      ['imp-2-1', 'imp-2', 'hall', 200, 'extended', 1],
    ]);
    const byId = new Map(rooms.map((r) => [r.id, r]));
    expect(byId.get('imp-1-1')).toMatchObject({ name: '講座室1', name_en: 'Lecture room 1', accessibility: null, notes: null });
    expect(Number(byId.get('imp-1-1')?.area_m2)).toBe(52.5);
    expect(byId.get('imp-1-2')?.area_m2).toBeNull();
    expect(byId.get('imp-1-3')).toMatchObject({ accessibility: '車いす対応の調理台あり', notes: 'エプロン持参。\n調理器具は備え付け' });

    const equipment = await db.selectFrom('room_equipment').selectAll().orderBy('room_id').orderBy('code').execute();
    expect(equipment.map((e) => `${e.room_id}:${e.code}`)).toEqual([
      'imp-003-1:wifi',
      'imp-1-1:projector',
      'imp-1-1:screen',
      'imp-1-1:whiteboard',
      'imp-1-3:kitchen',
      'imp-2-1:audio',
      'imp-2-1:microphone',
      'imp-2-1:monitor',
    ]);
  });

  it('re-importing rooms replaces the rooms of the facilities named in the file only', async () => {
    const db = ctx().db.kysely;
    await importFacilitiesCsv(db, fixture('facilities-good.csv'), { now: NOW });
    await importRoomsCsv(db, fixture('rooms-good.csv'), { now: NOW });
    expect(await importRoomsCsv(db, fixture('rooms-good.csv'), { now: LATER })).toEqual({ ok: true, inserted: 0, updated: 5 });
    expect(await countRows(ctx(), 'rooms')).toBe(5);

    const onlyFacility1 = '施設NO,部屋名,種類,定員\n1,大会議室,会議室,40\n';
    expect(await importRoomsCsv(db, Buffer.from(onlyFacility1), { now: LATER })).toEqual({ ok: true, inserted: 0, updated: 1 });
    const rooms = await db.selectFrom('rooms').select(['id', 'name']).orderBy('id').execute();
    expect(rooms).toEqual([
      { id: 'imp-003-1', name: '会議室' },
      { id: 'imp-1-1', name: '大会議室' },
      { id: 'imp-2-1', name: '多目的ホール' },
    ]);
    expect(await countRows(ctx(), 'room_equipment')).toBe(4);
  });

  it('reads a 施設NO typed in full-width digits, and keeps room names as written', async () => {
    const db = ctx().db.kysely;
    await importFacilitiesCsv(db, fixture('facilities-good.csv'), { now: NOW });
    const file = '施設NO,部屋名,種類,定員\n１,ｻｰｸﾙ室①（新館）,会議室,４０\n';
    expect(await importRoomsCsv(db, Buffer.from(file), { now: LATER })).toEqual({ ok: true, inserted: 1, updated: 0 });
    const rooms = await db.selectFrom('rooms').select(['id', 'name', 'capacity']).execute();
    expect(rooms.map((r) => ({ ...r, capacity: Number(r.capacity) }))).toEqual([{ id: 'imp-1-1', name: 'ｻｰｸﾙ室①（新館）', capacity: 40 }]);
  });

  it('reports every bad room row and writes no room at all', async () => {
    const db = ctx().db.kysely;
    await importFacilitiesCsv(db, fixture('facilities-good.csv'), { now: NOW });
    await importRoomsCsv(db, fixture('rooms-good.csv'), { now: NOW });
    const before = await catalogueCounts(ctx());
    const roomsBefore = await db.selectFrom('rooms').selectAll().orderBy('id').execute();

    const report = await importRoomsCsv(db, fixture('rooms-bad.csv'), { now: LATER });
    expect(where(report)).toEqual([
      { line: 3, column: '施設NO' },
      { line: 4, column: '定員' },
      { line: 5, column: '設備' },
      { line: 6, column: '利用区分' },
      { line: 7, column: '種類' },
      { line: 7, column: '面積' },
    ]);
    const messages = errorsOf(report).map((e) => e.message);
    expect(messages.some((m) => m.includes('「999」'))).toBe(true);
    expect(messages.some((m) => m.includes('「食洗機」'))).toBe(true);
    expect(messages.some((m) => m.includes('「night」'))).toBe(true);

    expect(await catalogueCounts(ctx())).toEqual(before);
    expect(await db.selectFrom('rooms').selectAll().orderBy('id').execute()).toEqual(roomsBefore);
  });

  it('refuses to replace rooms that have bookings, and keeps rooms and bookings as they were', async () => {
    const db = ctx().db.kysely;
    await importFacilitiesCsv(db, fixture('facilities-good.csv'), { now: NOW });
    await importRoomsCsv(db, fixture('rooms-good.csv'), { now: NOW });
    await makeBooking(db, 'imp-1-2', '2026-12-05', ['morning', 'afternoon']);
    const before = await catalogueCounts(ctx());

    const report = await importRoomsCsv(db, fixture('rooms-good.csv'), { now: LATER });
    expect(where(report)).toEqual([{ line: 2, column: '施設NO' }]);
    expect(errorsOf(report)[0]?.message).toContain('和室');
    expect(errorsOf(report)[0]?.message).toContain('予約');
    expect(await catalogueCounts(ctx())).toEqual(before);
    expect(await countRows(ctx(), 'reservation_cells')).toBe(2);
  });
});

describe('cell parsers', () => {
  it.each([
    ['月火水木金土', [1, 2, 3, 4, 5, 6], false],
    ['月,火,水', [1, 2, 3], false],
    ['月曜日～土曜日', [1, 2, 3, 4, 5, 6], false],
    ['月〜土', [1, 2, 3, 4, 5, 6], false],
    ['月-金', [1, 2, 3, 4, 5], false],
    ['月～土・祝', [1, 2, 3, 4, 5, 6], true],
    ['月曜日から金曜日まで、祝日', [1, 2, 3, 4, 5], true],
    ['平日（祝日を除く）', [1, 2, 3, 4, 5], false],
    ['土日祝', [6, 7], true],
    ['金～月', [1, 5, 6, 7], false],
  ])('reads 利用可能曜日 %s', (text, weekdays, holidays) => {
    expect(parseOpenDays(text.normalize('NFKC'))).toEqual({ ok: true, value: { weekdays, holidays } });
  });

  it.each(['第2月曜', '月～', '祝', 'Mon-Fri'])('refuses 利用可能曜日 %s', (text) => {
    expect(parseOpenDays(text.normalize('NFKC')).ok).toBe(false);
  });

  it.each([
    ['9:00', '09:00'],
    ['09:30', '09:30'],
    ['９：００', '09:00'],
    ['21時', '21:00'],
    ['21時00分', '21:00'],
    ['9時半', '09:30'],
    ['17:00:00', '17:00'],
  ])('reads the time %s as %s', (text, expected) => {
    expect(parseClockTime(text.normalize('NFKC'))).toEqual({ ok: true, value: expected });
  });

  it.each(['25:00', '9:60', '9', '午前9時', ''])('refuses the time %s', (text) => {
    expect(parseClockTime(text).ok).toBe(false);
  });

  it.each([
    ['802-0050', '802-0050'],
    ['〒802-0050', '802-0050'],
    ['8020050', '802-0050'],
    ['802ー0050', '802-0050'],
  ])('reads the postcode %s as %s', (text, expected) => {
    expect(parsePostcode(text.normalize('NFKC'))).toEqual({ ok: true, value: expected });
  });

  // Seven digits, three then four: the demo city once had 802-050, which no address has.
  it.each(['802-050', '80-20050', '802-00500', '802-005O', '802'])('refuses the postcode %s', (text) => {
    expect(parsePostcode(text).ok).toBe(false);
  });

  it('reads equipment lists, including the label テレビ・モニター that contains the separator', () => {
    expect(parseEquipmentList('テレビ・モニター・ピアノ、wifi;姿見(鏡)/マイク')).toEqual({
      ok: true,
      value: ['microphone', 'mirror', 'monitor', 'piano', 'wifi'],
    });
  });
});
