import { beforeAll, expect, it } from 'vitest';
import { describeEachDialect, testApp } from '../../../test/db.ts';
import { makeBooking, makeClosure, makeFacility, makeRoom } from '../../../test/factories.ts';

/** The text of the grid cell in the row of `dayLabel` and the column of `bandIndex` (0 = morning). */
function cellText(html: string, roomId: string, dayLabel: string, bandIndex: number): string | undefined {
  const section = html.split(`id="room-${roomId}"`)[1] ?? '';
  const row = section.split('<tr>').find((r) => r.includes(`>${dayLabel}`));
  const cells = row?.match(/<td class="[fbx]">.*?<\/td>/g) ?? [];
  return cells[bandIndex]?.replace(/<span class="visually-hidden">.*?<\/span>/g, '').replace(/<[^>]+>/g, '');
}

describeEachDialect('facility month grid page', (ctx) => {
  let app: ReturnType<typeof testApp>;
  let facilityId: string;
  let roomA: string;
  let roomB: string;

  beforeAll(async () => {
    const db = ctx().db.kysely;
    app = testApp(ctx()); // today: 2026-11-24
    facilityId = await makeFacility(db, { name: 'グリッドテスト市民センター' });
    roomA = await makeRoom(db, facilityId, { name: '和室', sort_order: 1 });
    roomB = await makeRoom(db, facilityId, { name: '講座室', sort_order: 2 });
    await makeBooking(db, roomA, '2026-12-02', ['afternoon']);
    await makeClosure(db, facilityId, { roomId: roomB, startsOn: '2026-12-03', endsOn: '2026-12-03', reason: 'maintenance' });
  });

  it('shows every room × date × band of the month with states and reasons', async () => {
    const res = await app.request(`/facilities/${facilityId}/availability?month=2026-12`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('2026年12月');
    expect(html.match(/<table class="grid">/g)).toHaveLength(2);
    // 2 rooms × 31 days × 3 bands
    expect(html.match(/<td class="[fbx]">/g)).toHaveLength(2 * 31 * 3);
    expect(cellText(html, roomA, '12/2（水）', 1)).toBe('× 予約あり');
    expect(cellText(html, roomA, '12/2（水）', 0)).toBe('○ 空き');
    expect(cellText(html, roomB, '12/3（木）', 0)).toBe('− 臨時休館（設備点検・工事）');
    expect(cellText(html, roomA, '12/6（日）', 0)).toBe('− 休館日');
    expect(cellText(html, roomA, '12/29（火）', 2)).toBe('− 年末年始');
  });

  it('links free cells to the booking form only inside the booking window (31 days ahead)', async () => {
    const html = await (await app.request(`/facilities/${facilityId}/availability?month=2026-12`)).text();
    expect(html).toContain(`href="/book?room=${roomA}&amp;date=2026-12-02&amp;band=morning"`);
    expect(html).toContain(`href="/book?room=${roomA}&amp;date=2026-12-25&amp;band=morning"`); // today + 31
    expect(html).not.toContain(`room=${roomA}&amp;date=2026-12-26&amp;band=morning`);
    expect(html).not.toContain(`room=${roomA}&amp;date=2026-12-02&amp;band=afternoon`); // booked
  });

  it('marks holidays in the date column and closes them', async () => {
    const html = await (await app.request(`/facilities/${facilityId}/availability?month=2027-01`)).text();
    expect(html).toContain('成人の日');
    expect(cellText(html, roomA, '1/11（月）', 0)).toBe('− 祝日');
  });

  it('defaults to the current month and links to the neighbouring months', async () => {
    const html = await (await app.request(`/facilities/${facilityId}/availability`)).text();
    expect(html).toContain('2026年11月');
    expect(html).toContain(`href="/facilities/${facilityId}/availability?month=2026-10"`);
    expect(html).toContain(`href="/facilities/${facilityId}/availability?month=2026-12"`);
    expect(cellText(html, roomA, '11/20（金）', 0)).toBe('− 受付終了');
  });

  it('can show one room', async () => {
    const html = await (await app.request(`/facilities/${facilityId}/availability?month=2026-12&room=${roomB}`)).text();
    expect(html.match(/<table class="grid">/g)).toHaveLength(1);
    expect((await app.request(`/facilities/${facilityId}/availability?room=nope`)).status).toBe(404);
  });

  it('refuses an impossible month with a clear page and 422', async () => {
    const res = await app.request(`/facilities/${facilityId}/availability?month=2026-13`);
    expect(res.status).toBe(422);
    expect(await res.text()).toContain('月は「2026-12」の形で入力してください。');
  });

  it('never shows who booked', async () => {
    const html = await (await app.request(`/facilities/${facilityId}/availability?month=2026-12`)).text();
    expect(html).not.toContain('テスト</');
    expect(html).not.toMatch(/rsv_/);
  });
});
