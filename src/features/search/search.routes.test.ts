import { beforeAll, expect, it } from 'vitest';
import { describeEachDialect, testApp } from '../../../test/db.ts';
import { makeFacility, makeRoom } from '../../../test/factories.ts';

describeEachDialect('search page', (ctx) => {
  let app: ReturnType<typeof testApp>;

  beforeAll(async () => {
    const db = ctx().db.kysely;
    app = testApp(ctx());
    const facility = await makeFacility(db, { ward_id: 'kokurakita', name: '検索テスト市民センター' });
    await makeRoom(db, facility, { name: '多目的ホール', room_type: 'hall', capacity: 80 });
  });

  it('shows an empty form first', async () => {
    const res = await app.request('/search');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('name="date"');
    expect(html).not.toContain('検索結果');
  });

  it('lists matching free cells with links to the facility grid', async () => {
    const res = await app.request('/search?date=2026-12-05&band=afternoon&ward=kokurakita&minCapacity=20');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('1件の空きが見つかりました。');
    expect(html).toContain('検索テスト市民センター 多目的ホール');
    expect(html).toMatch(/2026\/12\/05（土） 午後 13:00–17:00/);
    // The form keeps what was entered.
    expect(html).toContain('value="2026-12-05"');
    expect(html).toMatch(/<option value="kokurakita" selected/);
  });

  it('treats blank form fields as not given', async () => {
    const res = await app.request('/search?date=2026-12-05&to=&band=&ward=&minCapacity=&roomType=');
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('件の空きが見つかりました。');
  });

  it('re-renders with an error summary and 422 on bad input, linking to each field', async () => {
    const res = await app.request('/search?date=2026-02-30&minCapacity=abc');
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('入力内容を確認してください');
    expect(html).toContain('href="#date"');
    expect(html).toContain('href="#minCapacity"');
    expect(html).toContain('aria-invalid="true"');
    expect(html).toContain('value="abc"');
  });

  it('explains an unknown ward and a too-long range in plain words', async () => {
    const html = await (await app.request('/search?date=2026-12-01&to=2027-02-01&ward=atlantis')).text();
    expect(html).toContain('区の指定が正しくありません。');
    expect(html).toContain('期間が長すぎます。最長31日までです。');
  });
});
