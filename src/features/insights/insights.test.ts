/**
 * Insights for staff on SQLite and PostgreSQL: utilisation against a month counted by hand (closed days,
 * holidays and a room's closure out of the denominator; a stale booking on a closed day not counted), each
 * grouping, the scope of each role, bad ranges, and the CSV read back in UTF-8 and Shift_JIS.
 */
import iconv from 'iconv-lite';
import { beforeAll, expect, it } from 'vitest';
import { api, tokenFor } from '../../../test/api.ts';
import { PageClient } from '../../../test/browser.ts';
import { describeEachDialect, testApp } from '../../../test/db.ts';
import {
  makeBooking,
  makeClosure,
  makeFacility,
  makeRoom,
  makeRoomFees,
  makeStaff,
  makeUser,
  TEST_PASSWORD,
} from '../../../test/factories.ts';
import { decodeCsv, readCsvTable } from '../../lib/csv-table.ts';
import { fixedClock } from '../../lib/time.ts';
import { utilisationJsonSchema } from './insights.schema.ts';

describeEachDialect('insights', (ctx) => {
  let app: ReturnType<typeof testApp>;
  let roomId: string;
  let freeRoomId: string;
  let facilityId: string;
  let otherFacility: string;
  const tokens: Record<string, string> = {};
  const november = 'from=2026-11-01&to=2026-11-30';

  beforeAll(async () => {
    const db = ctx().db.kysely;
    // December: November has ended, so it is read from the monthly aggregates (built on first use).
    app = testApp(ctx(), fixedClock('2026-12-10T03:00:00Z'));
    facilityId = await makeFacility(db, { name: '集計テスト市民センター', ward_id: 'kokurakita' }); // Mon–Sat 9–21
    otherFacility = await makeFacility(db, { name: 'よその市民センター', ward_id: 'yahatanishi' });
    roomId = await makeRoom(db, facilityId, { name: '講座室' });
    freeRoomId = await makeRoom(db, facilityId, { name: '和室', room_type: 'japanese_room', sort_order: 2 });
    const otherRoom = await makeRoom(db, otherFacility, { name: '会議室' });
    await makeRoomFees(db, roomId, { morning: 500, afternoon: 500, evening: 500 });
    await makeClosure(db, facilityId, { roomId, startsOn: '2026-11-10', endsOn: '2026-11-11' });
    await makeBooking(db, roomId, '2026-11-05', ['morning', 'afternoon']); // Thursday
    await makeBooking(db, roomId, '2026-11-20', ['evening']); // Friday
    await makeBooking(db, roomId, '2026-11-10', ['morning']); // on the closure: not counted
    await makeBooking(db, otherRoom, '2026-11-05', ['morning']);
    // The first booking on record (months before it are not counted): September, elsewhere.
    await makeBooking(db, otherRoom, '2026-09-01', ['morning']);
    tokens.admin = await tokenFor(ctx(), (await makeStaff(db, 'admin')).id);
    tokens.ward = await tokenFor(ctx(), (await makeStaff(db, 'ward', { wardId: 'kokurakita' })).id);
    tokens.clerk = await tokenFor(ctx(), (await makeStaff(db, 'clerk', { facilityId })).id);
    tokens.resident = await tokenFor(ctx(), (await makeUser(db)).id);
  });

  const get = (who: string, query: string) => api(app, 'GET', `/api/v1/insights/utilisation?${query}`, tokens[who]);
  const row = (json: unknown, key: string) =>
    (json as { rows: { key: string; openCells: number; bookedCells: number; rate: number | null }[] }).rows.find((r) => r.key === key);

  it('counts November 2026 by hand, per room: closed days out of the denominator', async () => {
    // 30 days − 5 Sundays − 2 holidays (3rd, 23rd) = 23 open days; the 講座室 also loses the 10th and 11th.
    const { status, json } = await get('clerk', `${november}&groupBy=room`);
    expect(status).toBe(200);
    utilisationJsonSchema.parse(json);
    expect(row(json, roomId)).toMatchObject({ openCells: 63, bookedCells: 3, rate: 0.0476 });
    expect(row(json, freeRoomId)).toMatchObject({ openCells: 69, bookedCells: 0, rate: 0 });
    // A clerk's question counts the month live; the first whole-city question builds it, with the same
    // figures, and from then on every scope reads it from the aggregates.
    const built = async () => (await ctx().db.kysely.selectFrom('insights_months').select('month').execute()).map((b) => b.month);
    expect(await built()).toEqual([]);
    const city = await get('admin', `${november}&groupBy=room`);
    expect(await built()).toEqual(['2026-11']);
    expect(row(city.json, roomId)).toEqual(row(json, roomId));
  });

  it('counts part of a month live, and a range across months as the sum of its parts', async () => {
    // 1–15 November: 15 days − 3 Sundays (1st, 8th, 15th) − 文化の日 = 11 open days; the 講座室 also
    // loses the 10th and 11th. Booked: the 5th (two bands); the 20th is outside.
    const half = await get('clerk', 'from=2026-11-01&to=2026-11-15&groupBy=room');
    expect(row(half.json, roomId)).toMatchObject({ openCells: 27, bookedCells: 2 });
    expect(row(half.json, freeRoomId)).toMatchObject({ openCells: 33, bookedCells: 0 });
    // 15 October – 30 November: October's part counted live, November from the aggregate.
    const across = await get('clerk', 'from=2026-10-15&to=2026-11-30&groupBy=month');
    const months = (across.json as { rows: { key: string; openCells: number; bookedCells: number }[] }).rows;
    expect(months.map((m) => m.key)).toEqual(['2026-10', '2026-11']);
    // 15–31 October: 17 days − 2 Sundays (18th, 25th), no holiday: 15 open days × 2 rooms × 3 bands.
    expect(months[0]).toMatchObject({ openCells: 15 * 6, bookedCells: 0 });
    expect(months[1]).toMatchObject({ openCells: 132, bookedCells: 3 });
    // Before the records (September) nothing is counted: the rooms would only look empty.
    const before = await get('clerk', 'from=2026-08-01&to=2026-09-30&groupBy=month');
    expect((before.json as { rows: { key: string }[] }).rows.map((m) => m.key)).toEqual(['2026-09']);
  });

  it('groups by band, weekday, month, room type, paid or free and facility', async () => {
    const band = (await get('clerk', `${november}&groupBy=band`)).json;
    expect((band as { rows: { key: string }[] }).rows.map((r) => r.key)).toEqual(['morning', 'afternoon', 'evening']);
    expect(row(band, 'morning')).toMatchObject({ openCells: 21 + 23, bookedCells: 1 });
    const weekday = (await get('clerk', `${november}&groupBy=weekday`)).json;
    expect((weekday as { rows: { key: string }[] }).rows.map((r) => r.key)).toEqual(['1', '2', '3', '4', '5', '6']); // no Sundays open
    expect(row(weekday, '4')).toMatchObject({ bookedCells: 2 }); // Thursday the 5th
    expect(row((await get('clerk', `${november}&groupBy=month`)).json, '2026-11')).toMatchObject({ openCells: 132, bookedCells: 3 });
    expect(row((await get('clerk', `${november}&groupBy=roomType`)).json, 'japanese_room')).toMatchObject({ openCells: 69 });
    expect(row((await get('clerk', `${november}&groupBy=paid`)).json, 'paid')).toMatchObject({ openCells: 63, bookedCells: 3 });
    expect(row((await get('admin', `${november}&groupBy=facility`)).json, otherFacility)).toMatchObject({ bookedCells: 1 });
  });

  it('answers within the scope of the role: clerk one facility, ward officer one ward, admin all', async () => {
    const wards = async (who: string, extra = '') =>
      ((await get(who, `${november}&groupBy=ward${extra}`)).json as { rows: { key: string }[] }).rows.map((r) => r.key);
    expect(await wards('admin')).toEqual(expect.arrayContaining(['kokurakita', 'yahatanishi']));
    expect(await wards('ward')).toEqual(['kokurakita']);
    expect(await wards('clerk')).toEqual(['kokurakita']);
    expect((await get('clerk', `${november}&facility=${otherFacility}`)).status).toBe(403);
    expect((await get('ward', `${november}&ward=yahatanishi`)).status).toBe(403);
    expect((await get('resident', november)).status).toBe(403);
    expect((await api(app, 'GET', `/api/v1/insights/utilisation?${november}`)).status).toBe(401);
  });

  it('refuses reversed, overlong and malformed questions with a message', async () => {
    expect((await get('admin', 'from=2026-11-30&to=2026-11-01')).status).toBe(422);
    const long = await get('admin', 'from=2015-01-01&to=2026-11-30'); // more than ten years
    expect(long.status).toBe(422);
    expect(long.json.errors?.[0]?.field).toBe('to');
    expect((await get('admin', `${november}&groupBy=colour`)).status).toBe(422);
    expect((await get('admin', 'from=2026-02-30&to=2026-03-01')).status).toBe(422);
  });

  it('shows the page to staff and saves its table as CSV in UTF-8 and Shift_JIS', async () => {
    const page = new PageClient(app);
    const staff = await makeStaff(ctx().db.kysely, 'clerk', { facilityId });
    await page.post('/login', { login: staff.email ?? '', password: TEST_PASSWORD });
    const html = await page.get(`/staff/insights?${november}&groupBy=room`);
    expect(html.res.status).toBe(200);
    expect(html.html).toContain('<svg class="bar-chart" role="img"');
    expect(html.html).toContain('4.8%');
    const utf8 = await page.get(`/staff/insights/utilisation.csv?${november}&groupBy=room`);
    const sjisRes = await app.request(`http://localhost/staff/insights/utilisation.csv?${november}&groupBy=room&encoding=sjis`, {
      headers: { cookie: page.cookieHeader },
    });
    const sjis = Buffer.from(await sjisRes.arrayBuffer());
    expect(sjisRes.headers.get('content-type')).toBe('text/csv; charset=Shift_JIS');
    expect(decodeCsv(sjis)).toBe(iconv.decode(iconv.encode(utf8.html.replace(/^\uFEFF/, ''), 'CP932'), 'CP932'));
    const table = readCsvTable(sjis, { required: ['コード', '区分', '開館コマ数', '予約コマ数', '稼働率(%)'], optional: [] });
    if (!table.ok) throw new Error(JSON.stringify(table.errors));
    const lecture = table.rows.find((r) => r.cells.get('コード') === roomId);
    expect([lecture?.original.get('区分'), lecture?.cells.get('稼働率(%)')]).toEqual(['集計テスト市民センター 講座室', '4.8']);
    // The Sunday and 多目的 tables have their files too (here: no centre opens on Sundays, no 多目的 booking).
    const sunday = await page.get(`/staff/insights/sunday.csv?${november}`);
    expect(sunday.res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(sunday.html.replace(/^\uFEFF/, '')).toBe('コード,曜日,開館コマ数,予約コマ数,稼働率(%)\r\n');
    const mpRes = await app.request(`http://localhost/staff/insights/multipurpose.csv?${november}&encoding=sjis`, {
      headers: { cookie: page.cookieHeader },
    });
    expect(mpRes.status).toBe(200);
    expect(decodeCsv(Buffer.from(await mpRes.arrayBuffer()))).toMatch(/^[^\r\n]*,備考\r\n$/);
    const bad = await page.get('/staff/insights?from=2026-11-30&to=2026-11-01');
    expect(bad.res.status).toBe(422);
    expect(bad.html).toContain('error-summary');
  });
});
