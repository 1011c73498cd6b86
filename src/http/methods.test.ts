import { beforeAll, expect, it } from 'vitest';
import { PageClient } from '../../test/browser.ts';
import { describeEachDialect, testApp } from '../../test/db.ts';
import { makeUser, TEST_PASSWORD } from '../../test/factories.ts';

const allowOf = (res: Response) => res.headers.get('allow');

describeEachDialect('methods: 405 and OPTIONS from the registered routes', (ctx) => {
  let app: ReturnType<typeof testApp>;

  beforeAll(() => {
    app = testApp(ctx());
  });

  it('answers a wrong method on a page with a 405 page in the visitor’s language, naming the allowed methods', async () => {
    const res = await app.request('/search', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'a=1',
    });
    expect(res.status).toBe(405);
    expect(allowOf(res)).toBe('GET, HEAD, OPTIONS');
    expect(res.headers.get('content-type')).toContain('text/html');
    const html = await res.text();
    expect(html).toContain('<html lang="ja"');
    expect(html).toMatch(/<title>この操作はできません/);
    const en = await app.request('/search?lang=en', { method: 'DELETE' });
    expect(en.status).toBe(405);
    expect(await en.text()).toMatch(/<title>Method not allowed/);
  });

  it('answers a wrong method on the API with a 405 problem in the caller’s language', async () => {
    const res = await app.request('/api/v1/reservations', { method: 'PUT', headers: { 'accept-language': 'en' } });
    expect(res.status).toBe(405);
    expect(allowOf(res)).toBe('GET, HEAD, OPTIONS, POST');
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(await res.json()).toEqual({
      type: 'urn:tsunagu:problem:method-not-allowed',
      title: 'PUT is not allowed here; the Allow header lists the methods that are.',
      status: 405,
    });
    const ja = await app.request('/api/v1/wards', { method: 'POST' });
    expect(ja.status).toBe(405);
    expect(((await ja.json()) as { title: string }).title).toContain('POST');
    expect(allowOf(ja)).toBe('GET, HEAD, OPTIONS');
  });

  it('answers OPTIONS with 204 and Allow, for pages and API, without signing in or a CSRF token', async () => {
    const api = await app.request('/api/v1/reservations/rsv_x', { method: 'OPTIONS' });
    expect(api.status).toBe(204);
    expect(allowOf(api)).toBe('DELETE, GET, HEAD, OPTIONS');
    const login = await app.request('/login', { method: 'OPTIONS' });
    expect(login.status).toBe(204);
    expect(allowOf(login)).toBe('GET, HEAD, OPTIONS, POST');

    const user = await makeUser(ctx().db.kysely);
    const signedIn = new PageClient(app);
    await signedIn.logIn(user.email ?? '', TEST_PASSWORD);
    const res = await app.request('/my/reservations', { method: 'OPTIONS', headers: { cookie: signedIn.cookieHeader } });
    expect(res.status).toBe(204);
    expect(allowOf(res)).toBe('GET, HEAD, OPTIONS');
  });

  it('still answers 404 for a path no route has, whatever the method', async () => {
    expect((await app.request('/no-such-page', { method: 'POST' })).status).toBe(404);
    expect((await app.request('/no-such-page', { method: 'OPTIONS' })).status).toBe(404);
    expect((await app.request('/api/v1/nothing', { method: 'DELETE' })).status).toBe(404);
  });

  it('lists in Allow every method the app registered for a path (derived, not a kept list)', async () => {
    const registered = new Map<string, Set<string>>();
    for (const route of app.routes) {
      if (route.method === 'ALL' || route.path.includes('*')) continue;
      const concrete = route.path.replace(/:\w+/g, 'x1');
      registered.set(concrete, (registered.get(concrete) ?? new Set()).add(route.method));
    }
    expect(registered.size).toBeGreaterThan(50);
    const wrong: string[] = [];
    for (const [path, methods] of registered) {
      const allow = allowOf(await app.request(path, { method: 'OPTIONS' }))?.split(', ') ?? [];
      for (const method of methods) if (!allow.includes(method)) wrong.push(`${path}: ${method} not in ${allow.join(',')}`);
      if (methods.has('GET') && !allow.includes('HEAD')) wrong.push(`${path}: GET without HEAD`);
    }
    expect(wrong).toEqual([]);
  });
});
