import { beforeAll, expect, it } from 'vitest';
import { PageClient } from '../../test/browser.ts';
import { describeEachDialect, testApp } from '../../test/db.ts';
import { makeFacility, makeRoom, makeUser, TEST_PASSWORD } from '../../test/factories.ts';

const attribute = (html: string, pattern: RegExp) => pattern.exec(html)?.[1];
const descriptionOf = (html: string) => attribute(html, /<meta name="description" content="([^"]*)"/);

describeEachDialect('page frame', (ctx) => {
  let app: ReturnType<typeof testApp>;
  let facility: string;
  let resident: PageClient;

  beforeAll(async () => {
    const db = ctx().db.kysely;
    app = testApp(ctx());
    facility = await makeFacility(db, { name: '説明テスト市民センター', ward_id: 'tobata' });
    await makeRoom(db, facility);
    const user = await makeUser(db);
    resident = new PageClient(app);
    await resident.logIn(user.email ?? '', TEST_PASSWORD);
  });

  it('gives every page a meta description, saying what the page is where it knows', async () => {
    const anonymous = new PageClient(app);
    const pages: [PageClient, string][] = [
      [anonymous, '/'],
      [anonymous, '/wards/tobata'],
      [anonymous, `/facilities/${facility}`],
      [anonymous, `/facilities/${facility}/availability?month=2026-12`],
      [anonymous, '/search'],
      [anonymous, '/lottery'],
      [anonymous, '/opendata'],
      [anonymous, '/login'],
      [anonymous, '/register'],
      [anonymous, '/password/forgot'],
      [anonymous, '/no-such-page'],
      [resident, '/account'],
      [resident, '/my/reservations'],
      [resident, '/groups/new'],
    ];
    const missing: string[] = [];
    for (const [client, path] of pages) {
      const { html } = await client.get(path);
      if ((descriptionOf(html) ?? '').length < 20) missing.push(path);
    }
    expect(missing).toEqual([]);

    const facilityPage = await anonymous.get(`/facilities/${facility}`);
    expect(descriptionOf(facilityPage.html)).toContain('説明テスト市民センター（戸畑区）');
    const month = await anonymous.get(`/facilities/${facility}/availability?month=2026-12`);
    expect(descriptionOf(month.html)).toContain('2026年12月');
    const english = await new PageClient(app).get('/wards/tobata?lang=en');
    expect(descriptionOf(english.html)).toContain('Tobata');
    // Pages that do not say leave the site's description, in the visitor's language.
    expect(descriptionOf((await anonymous.get('/login')).html)).toBe(descriptionOf((await anonymous.get('/')).html));
  });

  it('marks required fields in the page language, text inputs and radios alike', async () => {
    const marks = (html: string) => [...html.matchAll(/<span class="field__required">([^<]*)<\/span>/g)].map((m) => m[1]);
    const ja = marks((await new PageClient(app).get('/register')).html);
    const en = marks((await new PageClient(app).get('/register?lang=en')).html);
    expect(ja.length).toBeGreaterThan(1);
    expect(new Set(ja)).toEqual(new Set(['必須']));
    expect(en.length).toBe(ja.length);
    expect(new Set(en)).toEqual(new Set(['required']));
  });

  it('links an SVG favicon that is served for a year, and answers /favicon.ico with it', async () => {
    const { html } = await new PageClient(app).get('/');
    const href = attribute(html, /<link rel="icon" href="([^"]+)" type="image\/svg\+xml"/) ?? '';
    expect(href).toMatch(/^\/assets\/favicon\.[\w-]+\.svg$/);
    const icon = await app.request(href);
    expect(icon.status).toBe(200);
    expect(icon.headers.get('content-type')).toBe('image/svg+xml');
    expect(icon.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(await icon.text()).toContain('<svg');
    const legacy = await app.request('/favicon.ico');
    expect(legacy.status).toBe(301);
    expect(legacy.headers.get('location')).toBe(href);
  });

  it('links the stylesheet by its content hash; a revalidation keeps the year-long cache', async () => {
    const { html } = await new PageClient(app).get('/');
    const href = attribute(html, /<link rel="stylesheet" href="([^"]+)"/) ?? '';
    expect(href).toMatch(/^\/assets\/app\.[\w-]+\.css$/);
    const css = await app.request(href);
    expect(await css.text()).toContain('--color-primitive-blue-900');
    const etag = css.headers.get('etag') ?? '';
    const again = await app.request(href, { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
    expect(again.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    // The old address still answers, briefly cached, for pages saved before the change.
    const old = await app.request('/assets/app.css');
    expect(old.status).toBe(200);
    expect(old.headers.get('cache-control')).toBe('public, max-age=300');
  });
});
