import { beforeAll, expect, it } from 'vitest';
import { tokenFor } from '../../test/api.ts';
import { PageClient } from '../../test/browser.ts';
import { describeEachDialect, testApp } from '../../test/db.ts';
import { makeBooking, makeFacility, makeRoom, makeStaff, makeUser, TEST_PASSWORD } from '../../test/factories.ts';
import { stylesheetAsset } from './assets.ts';

describeEachDialect('response headers', (ctx) => {
  let app: ReturnType<typeof testApp>;
  let facility: string;
  let room: string;
  let reservation: string;
  let resident: PageClient;
  let staff: PageClient;
  let residentToken: string;
  let staffToken: string;

  beforeAll(async () => {
    const db = ctx().db.kysely;
    app = testApp(ctx());
    facility = await makeFacility(db);
    room = await makeRoom(db, facility);
    const booker = await makeUser(db);
    reservation = await makeBooking(db, room, '2026-12-01', ['morning'], { user_id: booker.id });
    const admin = await makeStaff(db, 'admin');
    resident = new PageClient(app);
    await resident.logIn(booker.email ?? '', TEST_PASSWORD);
    staff = new PageClient(app);
    await staff.logIn(admin.email ?? '', TEST_PASSWORD);
    residentToken = await tokenFor(ctx(), booker.id);
    staffToken = await tokenFor(ctx(), admin.id);
  });

  // Shared counter and library terminals: nothing personal may stay in a browser's or a proxy's cache.
  it('sends Cache-Control: no-store on every personal page, PDF, CSV and .ics of a signed-in visitor', async () => {
    const pages: [PageClient, string][] = [
      [resident, '/'],
      [resident, `/facilities/${facility}`],
      [resident, '/account'],
      [resident, '/my/reservations'],
      [resident, `/my/reservations/${reservation}`],
      [resident, `/my/reservations/${reservation}/ics`],
      [resident, `/book?room=${room}&date=2026-12-02&band=morning`],
      [resident, '/lottery'],
      [resident, '/lottery/entries'],
      [resident, '/groups/new'],
      [staff, '/staff'],
      [staff, `/staff/facilities/${facility}?date=2026-12-01`],
      [staff, `/staff/facilities/${facility}/day.pdf?date=2026-12-01`],
      [staff, `/staff/reservations/${reservation}/permit.pdf`],
      [staff, '/staff/insights'],
      [staff, '/staff/insights/utilisation.csv?from=2026-11-01&to=2026-11-30'],
      [staff, '/staff/audit'],
      [staff, '/staff/config'],
      [staff, '/staff/lottery'],
    ];
    const cached: string[] = [];
    for (const [client, path] of pages) {
      const { res } = await client.get(path);
      if (res.status !== 200) cached.push(`${path}: status ${res.status}`);
      else if (res.headers.get('cache-control') !== 'no-store') cached.push(`${path}: ${res.headers.get('cache-control')}`);
    }
    expect(cached).toEqual([]);
  });

  it('sends no-store on every answer to a bearer token, and on the token itself', async () => {
    const calls: [string, string][] = [
      [residentToken, '/api/v1/reservations'],
      [residentToken, `/api/v1/reservations/${reservation}`],
      [residentToken, `/api/v1/reservations/${reservation}/ics`],
      [residentToken, '/api/v1/lottery/entries'],
      [residentToken, '/api/v1/wards'],
      [staffToken, `/api/v1/staff/facilities/${facility}/day?date=2026-12-01`],
      [staffToken, '/api/v1/insights/utilisation?from=2026-11-01&to=2026-11-30'],
    ];
    const cached: string[] = [];
    for (const [token, path] of calls) {
      const res = await app.request(path, { headers: { authorization: `Bearer ${token}` } });
      if (res.status !== 200) cached.push(`${path}: status ${res.status}`);
      else if (res.headers.get('cache-control') !== 'no-store') cached.push(`${path}: ${res.headers.get('cache-control')}`);
    }
    expect(cached).toEqual([]);
    const issued = await app.request('/api/v1/auth/token', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: (await makeUser(ctx().db.kysely)).email, password: TEST_PASSWORD }),
    });
    expect(issued.status).toBe(201);
    expect(issued.headers.get('cache-control')).toBe('no-store');
  });

  it('sends no-store on forms, redirects and errors of anonymous visitors too (dynamic by default)', async () => {
    for (const path of ['/login', '/register', '/my/reservations', '/no-such-page', '/api/v1/facilities/nope']) {
      const res = await app.request(path);
      expect(res.headers.get('cache-control'), path).toBe('no-store');
    }
  });

  it('lets only deliberately public answers be cached: the fingerprinted stylesheet and finished months of open data', async () => {
    const css = await app.request(stylesheetAsset().href);
    expect(css.status).toBe(200);
    expect(css.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    const month = await app.request('/opendata/utilisation/2026-10.csv');
    expect(month.headers.get('cache-control')).toBe('public, max-age=86400');
    // A response that sets a cookie is somebody's: never stored, whatever the route asked for.
    const withCookie = await app.request('/opendata/utilisation/2026-10.csv?lang=en');
    expect(withCookie.headers.get('set-cookie')).toContain('lang=en');
    expect(withCookie.headers.get('cache-control')).toBe('no-store');
  });

  it('turns off powerful browser features with a Permissions-Policy on every response', async () => {
    for (const path of ['/', '/api/v1/wards', '/no-such-page']) {
      const policy = (await app.request(path)).headers.get('permissions-policy') ?? '';
      for (const feature of ['camera=()', 'microphone=()', 'geolocation=()', 'payment=()', 'usb=()'])
        expect(policy, path).toContain(feature);
    }
  });

  it('sends Strict-Transport-Security only when the request came over HTTPS', async () => {
    expect((await app.request('http://localhost/')).headers.get('strict-transport-security')).toBeNull();
    expect((await app.request('https://localhost/')).headers.get('strict-transport-security')).toContain('max-age=');

    // Behind a trusted proxy, X-Forwarded-Proto tells (the right-most value: the one our proxy added).
    const proxied = testApp(ctx(), undefined, { env: { TRUST_PROXY: 'true' } });
    const forwarded = (proto: string) => proxied.request('http://127.0.0.1/', { headers: { 'x-forwarded-proto': proto } });
    expect((await forwarded('https')).headers.get('strict-transport-security')).toContain('max-age=');
    expect((await forwarded('https, http')).headers.get('strict-transport-security')).toBeNull();
    expect((await forwarded('http')).headers.get('strict-transport-security')).toBeNull();
    // Without a trusted proxy the header is the client's word: it does not count.
    expect(
      (await app.request('http://localhost/', { headers: { 'x-forwarded-proto': 'https' } })).headers.get('strict-transport-security'),
    ).toBeNull();

    // Without one, a request for the https public URL's own host was forwarded to us from TLS.
    const publicHttps = testApp(ctx(), undefined, { env: { PUBLIC_URL: 'https://rooms.example.jp' } });
    expect((await publicHttps.request('http://rooms.example.jp/')).headers.get('strict-transport-security')).toContain('max-age=');
    expect((await publicHttps.request('http://127.0.0.1:3000/')).headers.get('strict-transport-security')).toBeNull();
  });
});
