import { beforeAll, expect, it } from 'vitest';
import { describeEachDialect, testApp } from '../../../test/db.ts';
import { makeFacility, makeRoom } from '../../../test/factories.ts';

describeEachDialect('catalogue pages', (ctx) => {
  let app: ReturnType<typeof testApp>;
  let facilityId: string;

  beforeAll(async () => {
    const db = ctx().db.kysely;
    app = testApp(ctx());
    facilityId = await makeFacility(db, { ward_id: 'wakamatsu', name: '若松テスト市民センター', is_demo: 1 });
    await makeRoom(db, facilityId, { name: '調理室', room_type: 'cooking_room', capacity: 16, equipment: ['kitchen'] });
  });

  it('home lists the wards, offers the search and says the data is demo data', async () => {
    const res = await app.request('/');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toMatch(/^<!DOCTYPE html><html lang="ja">/);
    for (const ward of ['門司区', '小倉北区', '小倉南区', '若松区', '八幡東区', '八幡西区', '戸畑区']) expect(html).toContain(ward);
    expect(html).toContain('action="/search"');
    expect(html).toContain('デモ版です');
  });

  it('a ward page lists its facilities with links to their grids', async () => {
    const html = await (await app.request('/wards/wakamatsu')).text();
    expect(html).toContain('若松テスト市民センター');
    expect(html).toContain(`/facilities/${facilityId}/availability`);
    expect((await app.request('/wards/atlantis')).status).toBe(404);
  });

  it('a facility page shows hours, closed days and rooms with equipment', async () => {
    const html = await (await app.request(`/facilities/${facilityId}`)).text();
    expect(html).toContain('月〜土 09:00〜21:00');
    expect(html).toContain('日曜日、祝日、年末年始（12月29日〜1月3日）');
    expect(html).toContain('調理室');
    expect(html).toContain('調理設備');
    expect(html).toContain('16人');
  });

  it('switches to English with ?lang=en and remembers it in a cookie', async () => {
    const res = await app.request(`/facilities/${facilityId}?lang=en`);
    const html = await res.text();
    expect(html).toContain('<html lang="en">');
    expect(html).toContain('Mon–Sat 09:00–21:00');
    expect(html).toContain('Cooking room');
    const cookie = res.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/lang=en/);
    const next = await app.request('/', { headers: { cookie: 'lang=en' } });
    expect(await next.text()).toContain('Facilities by ward');
  });

  it('answers unknown pages with a Japanese 404 page', async () => {
    const res = await app.request('/no/such/page');
    expect(res.status).toBe(404);
    expect(await res.text()).toContain('ページが見つかりません');
    expect((await app.request('/facilities/%3Cscript%3E')).status).toBe(404);
  });

  it('sends security headers with a strict CSP (no inline scripts)', async () => {
    const res = await app.request('/');
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await res.text()).not.toMatch(/<script/i);
  });

  it('serves the stylesheet with the design tokens and an ETag', async () => {
    const res = await app.request('/assets/app.css');
    expect(res.status).toBe(200);
    const css = await res.text();
    expect(css).toContain('--color-primitive-blue-900');
    const etag = res.headers.get('etag') ?? '';
    expect((await app.request('/assets/app.css', { headers: { 'if-none-match': etag } })).status).toBe(304);
  });
});
