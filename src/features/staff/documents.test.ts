/**
 * The PDFs are checked as a person would: text extracted with pdftotext, and the first page rendered with
 * pdftoppm to see that Japanese glyphs are actually drawn (a broken font extracts fine but prints boxes or
 * nothing).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { PageClient } from '../../../test/browser.ts';
import { describeEachDialect, testApp } from '../../../test/db.ts';
import { makeBooking, makeFacility, makeRoom, makeRoomFees, makeStaff, makeUser, TEST_PASSWORD } from '../../../test/factories.ts';
import { outbox } from '../../../test/outbox.ts';

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'tsunagu-pdf-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function pdfText(bytes: ArrayBuffer, name: string): Promise<string> {
  const file = join(dir, `${name}.pdf`);
  writeFileSync(file, Buffer.from(bytes));
  return (await run('pdftotext', ['-layout', file, '-'])).stdout;
}

/** Share of dark pixels in a horizontal band of the rendered first page (0–1). */
async function inkIn(bytes: ArrayBuffer, name: string, fromRow: number, toRow: number): Promise<number> {
  const file = join(dir, `${name}-ink.pdf`);
  writeFileSync(file, Buffer.from(bytes));
  await run('pdftoppm', ['-gray', '-r', '50', '-f', '1', '-l', '1', file, join(dir, name)]);
  const pgm = readFileSync(join(dir, `${name}-1.pgm`));
  // Binary PGM: "P5\n<width> <height>\n<max>\n" then one byte per pixel.
  const header = pgm.subarray(0, 40).toString('latin1');
  const m = /^P5\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(header);
  if (!m) throw new Error('not a PGM');
  const [width, height] = [Number(m[1]), Number(m[2])];
  const pixels = pgm.subarray(m[0].length);
  let dark = 0;
  const rows = [Math.floor(fromRow * height), Math.floor(toRow * height)];
  for (let y = rows[0] ?? 0; y < (rows[1] ?? height); y++) for (let x = 0; x < width; x++) if ((pixels[y * width + x] ?? 255) < 128) dark++;
  return dark / (width * ((rows[1] ?? height) - (rows[0] ?? 0)));
}

describeEachDialect('printed documents', (ctx) => {
  let app: ReturnType<typeof testApp>;
  let clerk: PageClient;
  let facilityId: string;
  let reservationId: string;
  let roomId: string;
  let repId: string;

  beforeAll(async () => {
    const db = ctx().db.kysely;
    app = testApp(ctx());
    facilityId = await makeFacility(db, { name: '印刷テスト市民センター' });
    const room = await makeRoom(db, facilityId, { name: '多目的ホール', room_type: 'hall', capacity: 80 });
    await makeRoomFees(db, room, { morning: 1200, afternoon: 1600, evening: 1600 });
    roomId = room;
    const rep = await makeUser(db, { name: '印刷 花子', name_kana: 'インサツ ハナコ', email: 'insatsu@example.com' });
    repId = rep.id;
    const staff = await makeStaff(db, 'clerk', { facilityId });
    clerk = new PageClient(app);
    await clerk.post('/login', { login: staff.email ?? '', password: TEST_PASSWORD });
    await clerk.get('/staff');
    await clerk.post('/staff/book', {
      residentId: rep.id,
      roomId: room,
      date: '2026-12-10',
      bands: ['morning', 'afternoon'],
      channel: 'counter',
      purpose: '地域の防災講座',
      attendees: '40',
      category: 'community',
    });
    const row = await db.selectFrom('reservations').select('id').where('room_id', '=', room).executeTakeFirstOrThrow();
    reservationId = row.id;
  });

  it('prints the 利用許可書 with number, 和暦 date, room, bands and fee, in real Japanese glyphs', async () => {
    const res = await app.request(`/staff/reservations/${reservationId}/permit.pdf`, { headers: { cookie: clerk.cookieHeader } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    const bytes = await res.arrayBuffer();
    const text = await pdfText(bytes, 'permit');
    expect(text).toContain('利用許可書');
    expect(text).toMatch(/予約番号\s+2612-\d{6}/);
    expect(text).toContain('印刷 花子 様');
    expect(text).toMatch(/印刷テスト市民センター\s+多目的ホール/);
    expect(text).toContain('令和8年12月10日（木）');
    expect(text).toContain('午前（09:00〜12:00）・午後（13:00〜17:00）');
    expect(text).toContain('2,800円');
    // The title band and the table area carry ink; an empty or box-only font would not.
    expect(await inkIn(bytes, 'permit', 0.05, 0.1)).toBeGreaterThan(0.01);
    expect(await inkIn(bytes, 'permit-table', 0.15, 0.6)).toBeGreaterThan(0.005);
  });

  it('prints the A4 daily sheet with the day’s bookings', async () => {
    const res = await app.request(`/staff/facilities/${facilityId}/day.pdf?date=2026-12-10`, { headers: { cookie: clerk.cookieHeader } });
    expect(res.status).toBe(200);
    const text = await pdfText(await res.arrayBuffer(), 'day');
    expect(text).toContain('印刷テスト市民センター 利用予定 令和8年12月10日（木）');
    expect(text).toContain('印刷 花子');
    expect(text).toContain('午前・午後');
  });

  it('says 使用料なし (and why) for a 0円 booking, on the permit, the daily sheet, the day view and the mail; no payment asked', async () => {
    const db = ctx().db.kysely;
    // A 100% 減免 given at the counter, and a free room booked as a 仮予約 and then approved.
    const reduced = await makeBooking(db, roomId, '2026-12-11', ['morning'], { user_id: repId, fee: 1200 });
    await db
      .updateTable('reservations')
      .set({
        fee_detail: JSON.stringify({ base: 1200, multipliers: [], gross: 1200, reductionPercent: 0, reductionReason: null, total: 1200 }),
      })
      .where('id', '=', reduced)
      .execute();
    expect((await clerk.post(`/staff/reservations/${reduced}/reduction`, { percent: '100', reason: '福祉団体の行事' })).res.status).toBe(
      303,
    );
    const freeRoom = await makeRoom(db, facilityId, { name: '談話室', sort_order: 2 });
    const free = await makeBooking(db, freeRoom, '2026-12-11', ['afternoon'], { user_id: repId, status: 'provisional', fee: 0 });
    expect((await clerk.post(`/staff/reservations/${free}/approve`, {})).res.status).toBe(303);

    const permit = async (id: string) =>
      pdfText(
        await (await app.request(`/staff/reservations/${id}/permit.pdf`, { headers: { cookie: clerk.cookieHeader } })).arrayBuffer(),
        `permit-${id}`,
      );
    const reducedPermit = await permit(reduced);
    expect(reducedPermit).toMatch(/使用料\s+なし（減免 100%）/);
    expect(reducedPermit).toMatch(/支払い\s+使用料なし（お支払いはありません）/);
    const freePermit = await permit(free);
    expect(freePermit).toMatch(/使用料\s+なし\s/);
    expect(freePermit).not.toContain('減免');
    for (const text of [reducedPermit, freePermit]) {
      expect(text).not.toContain('未払い');
      expect(text).not.toContain('お支払いください');
      expect(text).not.toMatch(/(^|[^0-9,])0円/);
    }
    // A booking with a fee still asks for it.
    expect(await permit(reservationId)).toContain('未払い（利用日までに窓口でお支払いください）');

    const sheet = await pdfText(
      await (
        await app.request(`/staff/facilities/${facilityId}/day.pdf?date=2026-12-11`, { headers: { cookie: clerk.cookieHeader } })
      ).arrayBuffer(),
      'day-no-fee',
    );
    expect(sheet).toContain('使用料なし（減免 100%）');
    expect(sheet).not.toMatch(/(^|[^0-9,])0円/);
    expect(
      await pdfText(
        await (
          await app.request(`/staff/facilities/${facilityId}/day.pdf?date=2026-12-10`, { headers: { cookie: clerk.cookieHeader } })
        ).arrayBuffer(),
        'day-fee',
      ),
    ).toContain('2,800円 未払い');

    const day = await clerk.get(`/staff/facilities/${facilityId}?date=2026-12-11`);
    expect(day.html).toContain('使用料なし（減免 100%）');
    expect(day.html).not.toMatch(/ 0円/);
    expect(day.html).not.toContain(`/staff/reservations/${reduced}/payment`);
    expect(day.html).not.toContain(`/staff/reservations/${free}/payment`);
    // Nothing to collect: a cash payment of a booking without a fee is refused, and nothing is recorded.
    expect((await clerk.post(`/staff/reservations/${free}/payment`, { receiptNumber: 'R-0' })).res.status).toBe(409);
    expect(await db.selectFrom('reservations').select('paid_at').where('id', '=', free).executeTakeFirstOrThrow()).toEqual({
      paid_at: null,
    });

    const mail = await outbox(db).select('body_text').where('subject', 'like', '%予約が確定しました%').executeTakeFirstOrThrow();
    expect(mail.body_text).toContain('使用料: なし');
    expect(mail.body_text).not.toMatch(/(^|[^0-9,])0円/);
  });

  it('refuses documents outside the clerk’s facility', async () => {
    const other = await makeStaff(ctx().db.kysely, 'clerk', { facilityId: await makeFacility(ctx().db.kysely) });
    const client = new PageClient(app);
    await client.post('/login', { login: other.email ?? '', password: TEST_PASSWORD });
    expect(
      (await app.request(`/staff/reservations/${reservationId}/permit.pdf`, { headers: { cookie: client.cookieHeader } })).status,
    ).toBe(403);
    expect(
      (await app.request(`/staff/facilities/${facilityId}/day.pdf?date=2026-12-10`, { headers: { cookie: client.cookieHeader } })).status,
    ).toBe(403);
  });
});
