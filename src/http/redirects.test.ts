/**
 * Every place that sends a visitor to a URL taken from the request (login's "next", the language switch
 * built from the requested path) stays on our origin, however the path is spelled.
 */
import { beforeAll, expect, it } from 'vitest';
import { PageClient } from '../../test/browser.ts';
import { describeEachDialect, testApp } from '../../test/db.ts';
import { makeUser, TEST_PASSWORD } from '../../test/factories.ts';

const ESCAPES = ['/.//evil.example/x', '/..//evil.example/x', '/%2e//evil.example/x', '/a/%2E%2E//evil.example/x', '/\t/evil.example/x'];

const staysHome = (href: string | null | undefined) => new URL(href ?? 'missing:', 'http://localhost/here').origin === 'http://localhost';

describeEachDialect('redirects to request input', (ctx) => {
  let app: ReturnType<typeof testApp>;
  beforeAll(() => {
    app = testApp(ctx());
  });

  it('login never sends the visitor to another host, in any spelling of "next"', async () => {
    const user = await makeUser(ctx().db.kysely);
    for (const next of ESCAPES) {
      const { res } = await new PageClient(app).post('/login', { login: user.email ?? '', password: TEST_PASSWORD, next });
      expect(res.status, next).toBe(303);
      expect(res.headers.get('location'), next).toBe('/my/reservations');
      const page = await (await app.request(`/login?next=${encodeURIComponent(next)}`)).text();
      expect(page, next).not.toContain('name="next"');
    }
  });

  it('the language switch links to our own origin even when the requested path looks like another host', async () => {
    for (const path of ['//evil.example/x', '/.//evil.example/x', '/%2e//evil.example/x']) {
      const html = await (await app.request(`http://localhost${path}`)).text();
      const href = /class="lang-switch" href="([^"]*)"/.exec(html)?.[1];
      expect(href, path).toMatch(/^\/(?!\/)/);
      expect(staysHome(href), path).toBe(true);
    }
  });
});
