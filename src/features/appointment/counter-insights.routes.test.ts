/**
 * 窓口の実績 on SQLite and PostgreSQL: figures of a week counted by hand (a booked person served, one who
 * never came, a cancelled booking and today's not counted as no-shows, two walk-ins), the same numbers
 * in the CSV, the xlsx and the open data of waiting by hour; who may see which office; bad questions.
 */
import { beforeAll, expect, it } from 'vitest';
import { PageClient } from '../../../test/browser.ts';
import { countRows, describeEachDialect, testApp } from '../../../test/db.ts';
import { makeStaff, makeUser, TEST_PASSWORD } from '../../../test/factories.ts';
import { decodeCsv } from '../../lib/csv-table.ts';
import { readXlsx } from '../../platform/documents/xlsx.ts';

const STAMP = '2026-11-01T00:00:00.000Z';
const OFFICE = 'org_t_kita_office';

describeEachDialect('counter insights', (ctx) => {
  let app: ReturnType<typeof testApp>;

  beforeAll(async () => {
    const db = ctx().db.kysely; // the test clock: 2026-11-24 10:00 in Tokyo
    app = testApp(ctx());
    const office = (id: string, name: string, ward: string) => ({
      id,
      kind: 'ward_office',
      name,
      name_kana: null,
      parent_id: null,
      ward_id: ward,
      school_district_id: null,
      official: 1,
      type: 'community',
      member_count: 0,
      representative_id: null,
      created_at: STAMP,
      code: null,
      corporate_number: null,
      registry_id: null,
      verification_status: 'none',
    });
    await db
      .insertInto('organisations')
      .values([office(OFFICE, '小倉北区役所', 'kokurakita'), office('org_t_tobata_office', '戸畑区役所', 'tobata')])
      .execute();
    const counter = (id: string, officeId: string, name: string, nameEn: string) => ({
      id,
      office_id: officeId,
      code: id,
      name,
      name_en: nameEn,
      slot_minutes: 15,
      desks: 2,
    });
    await db
      .insertInto('appointment_counters')
      .values([
        counter('c_shimin', OFFICE, '市民課', 'Residents'),
        counter('c_hoken', OFFICE, '保険年金課', 'Insurance'),
        counter('c_tobata', 'org_t_tobata_office', '戸畑 市民課', 'Tobata residents'),
      ])
      .execute();
    await db
      .insertInto('appointment_services')
      .values({ id: 's_tennyu', counter_id: 'c_shimin', code: 's_tennyu', name: '転入届', name_en: 'Moving in', duration_minutes: 15 })
      .execute();
    const appointment = (id: string, date: string, status = 'booked') => ({
      id,
      number: id,
      secret_hash: 'x',
      office_id: OFFICE,
      status,
      name: '秘密 太郎',
      name_kana: 'ひみつ たろう',
      channel: 'web',
      date,
      starts: '09:30',
      created_at: STAMP,
    });
    await db
      .insertInto('appointments')
      .values([
        appointment('a_came', '2026-11-20', 'done'),
        appointment('a_missed', '2026-11-20'),
        appointment('a_cancelled', '2026-11-20', 'cancelled'),
        appointment('a_today', '2026-11-24'),
      ])
      .execute();
    await db
      .insertInto('appointment_items')
      .values(
        ['a_came', 'a_missed', 'a_cancelled', 'a_today'].map((id) => ({
          appointment_id: id,
          position: 0,
          service_id: 's_tennyu',
          counter_id: 'c_shimin',
          date: id === 'a_today' ? '2026-11-24' : '2026-11-20',
          starts: '09:30',
          ends: '09:45',
          desk: 1,
        })),
      )
      .execute();
    const ticket = (id: string, o: Record<string, unknown>) => ({
      id,
      office_id: OFFICE,
      counter_id: 'c_shimin',
      date: '2026-11-20',
      number: Number(id.replace(/\D/g, '')),
      kind: 'walk_in',
      status: 'done',
      queued_at: o.checked_in_at as string,
      checked_in_via: 'kiosk',
      checked_in_at: '2026-11-20T00:30:00.000Z',
      ...o,
    });
    await db
      .insertInto('queue_tickets')
      .values([
        // Booked, checked in 09:30, called 09:40, served 09:41–09:56.
        ticket('t1', {
          kind: 'booked',
          appointment_id: 'a_came',
          position: 0,
          checked_in_at: '2026-11-20T00:30:00.000Z',
          called_at: '2026-11-20T00:40:00.000Z',
          serving_at: '2026-11-20T00:41:00.000Z',
          done_at: '2026-11-20T00:56:00.000Z',
        }),
        // A walk-in at 10:00, called at 10:30.
        ticket('t2', { checked_in_at: '2026-11-20T01:00:00.000Z', called_at: '2026-11-20T01:30:00.000Z' }),
        // A walk-in at 保険年金課 on Thursday at 14:10, never called.
        ticket('t3', { counter_id: 'c_hoken', date: '2026-11-19', status: 'waiting', checked_in_at: '2026-11-19T05:10:00.000Z' }),
      ])
      .execute();
  });

  const week = 'from=2026-11-16&to=2026-11-24';

  async function signedIn(role: 'admin' | 'counter_clerk' | 'ward_officer' | 'clerk', scope: { id?: string; wardId?: string } = {}) {
    const page = new PageClient(app);
    const staff = await makeStaff(ctx().db.kysely, role, scope);
    await page.post('/login', { login: staff.email ?? '', password: TEST_PASSWORD });
    return page;
  }

  it('shows each counter’s bookings, walk-ins, waits, service time and no-shows, counted by hand', async () => {
    const page = await signedIn('counter_clerk', { id: OFFICE });
    const { res, html } = await page.get(`/staff/counters/insights?${week}`);
    expect(res.status).toBe(200);
    const row = (name: string) =>
      html.match(new RegExp(`<th scope="row">${name}</th>(.*?)</tr>`, 's'))?.[1]?.match(/<td[^>]*>(.*?)<\/td>/gs);
    const cells = (name: string) => row(name)?.map((td) => td.replace(/<[^>]+>/g, '').replace(/<!-- -->/g, ''));
    // booked 1, walk-ins 1, waits 10 and 30 (median 10, 90th 30), served 15 min, 1 of 2 ended bookings missed.
    expect(cells('市民課')).toEqual(['1', '1', '10分', '30分', '15分', '50.0% (1/2)']);
    expect(cells('保険年金課')).toEqual(['0', '1', '–', '–', '–', '– (0/0)']);
    expect(html).not.toContain('秘密');
    expect(html).not.toContain('戸畑');
  });

  it('writes the same figures to CSV and xlsx, and waiting by hour to the open data without personal data', async () => {
    const page = await signedIn('admin');
    const csv = await page.get(`/staff/counters/insights.csv?office=${OFFICE}&${week}`);
    expect(csv.res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(csv.html.replace(/^\uFEFF/, '').split('\r\n')).toEqual([
      '窓口ID,窓口,予約,当日受付,待ち時間中央値(分),待ち時間90%(分),手続き時間中央値(分),終了日の予約,来なかった予約',
      'c_hoken,保険年金課,0,1,,,,0,0',
      'c_shimin,市民課,1,1,10,30,15,2,1',
      '',
    ]);
    const xlsx = await app.request(`http://localhost/staff/counters/insights.xlsx?office=${OFFICE}&${week}`, {
      headers: { cookie: page.cookieHeader },
    });
    const sheets = await readXlsx(Buffer.from(await xlsx.arrayBuffer()));
    expect(sheets.map((s) => s.name)).toEqual(['窓口ごとの実績', '時間帯ごと']);
    expect(sheets[1]?.rows).toEqual([
      ['窓口ID', '窓口', '時', '受付人数', '待ち時間中央値(分)'],
      ['c_hoken', '保険年金課', 14, 1, null],
      ['c_shimin', '市民課', 9, 1, 10],
      ['c_shimin', '市民課', 10, 1, 30],
    ]);
    const open = await app.request('/opendata/counter-waiting/2026-11.csv');
    expect(open.status).toBe(200);
    expect(decodeCsv(Buffer.from(await open.arrayBuffer())).split('\r\n')).toEqual([
      '区役所・出張所ID,区役所・出張所,日付,時,受付人数,待ち時間中央値(分)',
      `${OFFICE},小倉北区役所,2026-11-19,14,1,`,
      `${OFFICE},小倉北区役所,2026-11-20,9,1,10`,
      `${OFFICE},小倉北区役所,2026-11-20,10,1,30`,
      '',
    ]);
    expect((await app.request('/opendata/counter-waiting/2027-01.csv')).status).toBe(404);
    expect((await app.request('/opendata/counter-waiting/latest.csv')).status).toBe(404);
  });

  it('lets the ward’s officers and the office’s clerks see it, never a centre’s staff or another office’s clerk', async () => {
    expect((await (await signedIn('ward_officer', { wardId: 'kokurakita' })).get(`/staff/counters/insights?${week}`)).res.status).toBe(200);
    expect((await (await signedIn('clerk', { id: 'f_none' })).get(`/staff/counters/insights?${week}`)).res.status).toBe(403);
    const other = await signedIn('counter_clerk', { id: 'org_t_tobata_office' });
    expect((await other.get(`/staff/counters/insights?office=${OFFICE}&${week}`)).res.status).toBe(403);
    expect((await other.get(`/staff/counters/insights.csv?office=${OFFICE}&${week}`)).res.status).toBe(403);
    const resident = new PageClient(app);
    const person = await makeUser(ctx().db.kysely, {});
    await resident.post('/login', { login: person.email ?? '', password: TEST_PASSWORD });
    expect((await resident.get(`/staff/counters/insights?${week}`)).res.status).toBe(403);
  });

  it('answers a reversed or overlong period with a message, an unknown office with 404, and changes nothing', async () => {
    const before = await countRows(ctx(), 'queue_tickets');
    const page = await signedIn('admin');
    const reversed = await page.get('/staff/counters/insights?from=2026-11-24&to=2026-11-01');
    expect(reversed.res.status).toBe(422);
    expect(reversed.html).toContain('error-summary');
    const long = await page.get('/staff/counters/insights?from=2026-01-01&to=2026-11-24');
    expect(long.res.status).toBe(422);
    expect(long.html).toContain('最長92日まで');
    expect((await page.get('/staff/counters/insights?from=2026-02-30&to=2026-03-01')).res.status).toBe(422);
    expect((await page.get(`/staff/counters/insights?office=org_nowhere&${week}`)).res.status).toBe(404);
    expect((await page.get('/staff/counters/insights.csv?from=x&to=y')).res.status).toBe(422);
    expect(await countRows(ctx(), 'queue_tickets')).toBe(before);
  });
});
