/**
 * 窓口の設定 as pages, on SQLite and PostgreSQL: who may open it (admins, the ward's officers; not the
 * office's counter clerks, not another ward), the files it offers, the upload shown as a preview and
 * applied on confirmation, a bad file listed by table and line with nothing changed, and the settings:
 * the call screen's sound (which the screen then shows), a counter's late grace, exception days.
 */
import { beforeAll, expect, it } from 'vitest';
import { PageClient } from '../../../test/browser.ts';
import { describeEachDialect, testApp } from '../../../test/db.ts';
import { makeStaff, TEST_PASSWORD } from '../../../test/factories.ts';
import type { Db } from '../../db/database.ts';
import { decodeCsv } from '../../lib/csv-table.ts';
import { readXlsx } from '../../platform/documents/xlsx.ts';
import { exportCatalogue } from './catalogue.service.ts';
import { DEMO_OFFICE, makeDemoOffice, snapshot } from './catalogue.test-helpers.ts';
import { catalogueXlsx } from './catalogue-file.ts';

const BASE = `/staff/counters/catalogue/${DEMO_OFFICE}`;

describeEachDialect('the counter catalogue pages', (ctx) => {
  let app: ReturnType<typeof testApp>;
  let db: Db;
  let officer: PageClient;

  async function client(role: Parameters<typeof makeStaff>[1], scope: Parameters<typeof makeStaff>[2] = {}) {
    const user = await makeStaff(db, role, scope);
    const page = new PageClient(app);
    await page.post('/login', { login: user.email ?? '', password: TEST_PASSWORD });
    return page;
  }

  beforeAll(async () => {
    db = ctx().db.kysely;
    app = testApp(ctx()); // 2026-11-24 10:00 in Tokyo
    await makeDemoOffice(db);
    officer = await client('ward_officer', { wardId: 'kokurakita' });
  });

  async function upload(page: PageClient, bytes: Uint8Array, name: string) {
    await page.get(BASE);
    const body = new FormData();
    body.append('_csrf', page.csrf);
    body.append('file', new File([new Uint8Array(bytes)], name));
    const res = await app.request(`http://localhost${BASE}/import`, {
      method: 'POST',
      body,
      headers: { cookie: page.cookieHeader, origin: 'http://localhost' },
    });
    return { res, html: await res.text() };
  }

  it('is for administrators and the ward’s officers; clerks, other wards and visitors are refused', async () => {
    const visitor = new PageClient(app);
    expect((await visitor.get(BASE)).res.status).toBe(303);
    const clerk = await client('counter_clerk', { id: DEMO_OFFICE });
    const otherWard = await client('ward_officer', { wardId: 'tobata' });
    for (const page of [clerk, otherWard]) {
      expect((await page.get(BASE)).res.status).toBe(403);
      expect((await page.get(`${BASE}/catalogue.xlsx`)).res.status).toBe(403);
      expect((await page.post(`${BASE}/sound`, { sound: '1' })).res.status).toBe(403);
    }
    expect((await clerk.get('/staff')).html).not.toContain('/staff/counters/catalogue');
    expect((await officer.get('/staff/counters/catalogue/all')).res.status).toBe(403);
    expect((await officer.get('/staff')).html).toContain(`href="${BASE}"`);
    const admin = await client('admin');
    const all = await admin.get('/staff/counters/catalogue/all');
    expect(all.res.status).toBe(200);
    expect(all.html).toContain('kokurakita-citizens');
  });

  it('shows the catalogue and offers it as xlsx and as CSV per table, UTF-8 with a BOM or Shift_JIS', async () => {
    const { res, html } = await officer.get(BASE);
    expect(res.status).toBe(200);
    expect(html).toContain('小倉北区役所 窓口の設定');
    expect(html).toContain('転入届');
    expect(html).toContain('引っ越し（転入）（小倉北区役所）');
    const english = await officer.get(`${BASE}?lang=en`);
    expect(english.html).toContain('Moving-in notification');
    expect(english.html).toContain('Counter settings');
    await officer.get(`${BASE}?lang=ja`); // the switch is remembered: back to Japanese for the rest

    const csv = await app.request(`${BASE}/catalogue.csv?table=services`, { headers: { cookie: officer.cookieHeader } });
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const bytes = new Uint8Array(await csv.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(decodeCsv(bytes)).toMatch(/^窓口コード,手続コード,手続名/);
    const sjis = await app.request(`${BASE}/catalogue.csv?table=hours&encoding=sjis`, { headers: { cookie: officer.cookieHeader } });
    expect(sjis.headers.get('content-type')).toBe('text/csv; charset=Shift_JIS');
    expect(decodeCsv(new Uint8Array(await sjis.arrayBuffer()))).toContain('kokurakita-citizens,月,08:30,12:00');
    expect((await officer.get(`${BASE}/catalogue.csv?table=nope`)).res.status).toBe(404);
    const xlsx = await app.request(`${BASE}/catalogue.xlsx`, { headers: { cookie: officer.cookieHeader } });
    const sheets = await readXlsx(new Uint8Array(await xlsx.arrayBuffer()));
    expect(sheets.map((s) => s.name)).toEqual(['窓口', '受付時間', '例外の日', '手続', 'ライフイベント']);
  });

  it('previews an upload without changing anything, applies it on confirmation, and lists a bad file’s rows', async () => {
    const catalogue = await exportCatalogue(db, { now: () => new Date('2026-11-24T01:00:00Z') }, { kind: 'office', officeId: DEMO_OFFICE });
    const edited = structuredClone(catalogue);
    const first = edited.services[0];
    if (!first) throw new Error('no demo service');
    first.name = '転入届（市外から）';
    const before = await snapshot(db);
    const preview = await upload(officer, await catalogueXlsx(edited), 'catalogue.xlsx');
    expect(preview.res.status).toBe(200);
    expect(preview.html).toContain('取り込む内容の確認');
    expect(preview.html).toContain('手続: 追加 0件・変更 1件・削除 0件');
    expect(preview.html).toContain('転入届（市外から）');
    expect(await snapshot(db)).toBe(before);

    const data = /name="data" value="([^"]+)"/.exec(preview.html)?.[1] ?? '';
    const fingerprint = /name="fingerprint" value="([^"]+)"/.exec(preview.html)?.[1] ?? '';
    const confirmed = await officer.post(`${BASE}/import/confirm`, { data, fingerprint });
    expect(confirmed.res.status).toBe(303);
    expect((await officer.get(confirmed.res.headers.get('location') ?? '')).html).toContain('取り込みました。');
    const row = await db.selectFrom('appointment_services').select('name').where('code', '=', first.code).executeTakeFirstOrThrow();
    expect(row.name).toBe('転入届（市外から）');
    // The same confirmation again: the catalogue is no longer what that check saw.
    expect((await officer.post(`${BASE}/import/confirm`, { data, fingerprint })).res.status).toBe(409);

    const changed = await snapshot(db);
    const bad = await upload(officer, Buffer.from('窓口コード,曜日,開始,終了\nkokurakita-citizens,月,17:00,9:00\n'), 'hours.csv');
    expect(bad.res.status).toBe(422);
    expect(bad.html).toContain('受付時間 2行目（終了）: 終わり（09:00）が始まり（17:00）より前か同じです。');
    const unknown = await upload(officer, Buffer.from('窓口コード,曜日,開始,終了\nnope,月,09:00,12:00\n'), 'hours.csv');
    expect(unknown.html).toContain('窓口コード「nope」の窓口がありません。');
    expect(await snapshot(db)).toBe(changed);
    expect((await upload(officer, new Uint8Array(), 'empty.csv')).res.status).toBe(422);
  });

  it('saves the call screen’s sound, which the screen then shows, a counter’s late grace, and exception days', async () => {
    const screen = async () => (await app.request(`/offices/${DEMO_OFFICE}/screen`)).text();
    expect(await screen()).toContain('data-sound="0"');
    await officer.get(BASE);
    expect((await officer.post(`${BASE}/sound`, { sound: '1' })).res.status).toBe(303);
    expect(await screen()).toContain('data-sound="1"');
    expect((await officer.post(`${BASE}/sound`, { sound: '0' })).res.status).toBe(303);
    expect(await screen()).toContain('data-sound="0"');
    expect((await officer.post(`${BASE}/sound`, { sound: 'loud' })).res.status).toBe(422);

    const counterId = 'ctr_demo_kokurakita_citizens';
    expect((await officer.post(`${BASE}/late-grace`, { counterId, minutes: '２０' })).res.status).toBe(303);
    const counter = await db
      .selectFrom('appointment_counters')
      .select('late_grace_minutes')
      .where('id', '=', counterId)
      .executeTakeFirstOrThrow();
    expect(Number(counter.late_grace_minutes)).toBe(20);
    expect((await officer.post(`${BASE}/late-grace`, { counterId, minutes: '-5' })).res.status).toBe(422);
    expect((await officer.post(`${BASE}/late-grace`, { counterId: 'ctr_demo_tobata_citizens', minutes: '5' })).res.status).toBe(422);

    // A 休日開庁 Sunday with its own hours, then a bad one: closes before opens.
    const day = { counterId, date: '2026-12-06', status: 'open', opens: '9:00', closes: '12:00', desks: '2', note: '休日開庁' };
    expect((await officer.post(`${BASE}/days`, day)).res.status).toBe(303);
    const saved = await db
      .selectFrom('appointment_days')
      .selectAll()
      .where('counter_id', '=', counterId)
      .where('date', '=', '2026-12-06')
      .executeTakeFirstOrThrow();
    expect([saved.status, saved.opens, saved.closes, Number(saved.desks)]).toEqual(['open', '09:00', '12:00', 2]);
    expect((await officer.get(BASE)).html).toContain('2026-12-06');
    const reversed = await officer.post(`${BASE}/days`, { ...day, date: '2026-12-13', opens: '12:00', closes: '9:00' });
    expect(reversed.res.status).toBe(422);
    expect(reversed.html).toContain('終わり（09:00）が始まり（12:00）より前か同じです。');
    expect((await officer.post(`${BASE}/days`, day)).res.status).toBe(422); // that day already has one
    expect((await officer.post(`${BASE}/days`, { ...day, date: '2026-11-01' })).res.status).toBe(422);
    // A desk less on a day, and a closed day.
    expect((await officer.post(`${BASE}/days`, { counterId, date: '2026-12-09', status: 'desks', desks: '2' })).res.status).toBe(303);
    expect((await officer.post(`${BASE}/days`, { counterId, date: '2026-12-10', status: 'closed' })).res.status).toBe(303);
    expect((await officer.post(`${BASE}/days/remove`, { counterId, date: '2026-12-06' })).res.status).toBe(303);
    const left = await db
      .selectFrom('appointment_days')
      .select(['date', 'status'])
      .where('counter_id', '=', counterId)
      .orderBy('date')
      .execute();
    expect(left).toEqual([
      { date: '2026-12-09', status: 'desks' },
      { date: '2026-12-10', status: 'closed' },
      { date: '2027-03-28', status: 'open' },
    ]);
    const actions = await db.selectFrom('audit_log').select('action').where('action', 'like', 'appointment_catalogue.%').execute();
    expect(new Set(actions.map((a) => a.action))).toEqual(
      new Set([
        'appointment_catalogue.import',
        'appointment_catalogue.sound',
        'appointment_catalogue.late_grace',
        'appointment_catalogue.day_add',
        'appointment_catalogue.day_remove',
      ]),
    );
  });
});
