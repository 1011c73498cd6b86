/** requireLogin on the pages (to the login page, with a safe next) and on the API (the 401 problem, bearer only). */
import { beforeAll, expect, it } from 'vitest';
import { api, tokenFor } from '../../../test/api.ts';
import { PageClient } from '../../../test/browser.ts';
import { describeEachDialect, testApp } from '../../../test/db.ts';
import { makeUser, TEST_PASSWORD } from '../../../test/factories.ts';

describeEachDialect('requireLogin', (ctx) => {
  let app: ReturnType<typeof testApp>;
  let user: { id: string; email: string | null };

  beforeAll(async () => {
    app = testApp(ctx());
    user = await makeUser(ctx().db.kysely);
  });

  it('sends a visitor to the login page and back to the page they asked for, query kept', async () => {
    for (const path of ['/my/reservations', '/account', '/groups/new', '/lottery/entries', '/staff/insights?from=2026-11-01']) {
      const { res } = await new PageClient(app).get(path);
      expect(res.status, path).toBe(303);
      expect(res.headers.get('location'), path).toBe(`/login?next=${encodeURIComponent(path)}`);
    }
  });

  it('lets a logged-in person through, and the policy then decides (a resident on a staff page: 403)', async () => {
    const page = new PageClient(app);
    await page.post('/login', { login: user.email ?? '', password: TEST_PASSWORD });
    expect((await page.get('/my/reservations')).res.status).toBe(200);
    expect((await page.get('/staff/insights')).res.status).toBe(403);
  });

  it('leaves the API its 401 problem for a missing token (apiUser, which requireLogin also uses on /api paths)', async () => {
    const none = await api(app, 'GET', '/api/v1/me');
    expect(none.status).toBe(401);
    expect(none.json.type).toBe('urn:tsunagu:problem:unauthorized');
    expect((await api(app, 'GET', '/api/v1/me', await tokenFor(ctx(), user.id))).status).toBe(200);
  });
});
