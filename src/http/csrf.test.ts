/**
 * CSRF for signed-in visitors: every POST form on every page carries the session's token (rendered in one
 * place, the page frame), and a refused request gets a real page in the visitor's language with a way
 * back — never a bare line of text.
 */
import { beforeAll, expect, it } from 'vitest';
import { PageClient } from '../../test/browser.ts';
import { describeEachDialect, testApp, testClock } from '../../test/db.ts';
import { makeBooking, makeFacility, makeGroup, makeRoom, makeStaff, makeUser, TEST_PASSWORD } from '../../test/factories.ts';

/** The pages a signed-in visitor can reach from `seeds` by following links (GET only), at most `limit`. */
async function crawl(client: PageClient, seeds: string[], limit = 150): Promise<Map<string, string>> {
  const pages = new Map<string, string>();
  const perPath = new Map<string, number>();
  const queue = [...seeds];
  while (queue.length > 0 && pages.size < limit) {
    const path = queue.shift() ?? '/';
    if (pages.has(path)) continue;
    const bare = path.split('?')[0] ?? path;
    // Month and day pages link to the next one forever: a few of each shape are enough.
    const shape = bare.replace(/\d{4}-\d{2}(-\d{2})?/g, 'D');
    if ((perPath.get(shape) ?? 0) >= 3) continue;
    perPath.set(shape, (perPath.get(shape) ?? 0) + 1);
    const { res, html } = await client.get(path);
    if (!(res.headers.get('content-type') ?? '').includes('text/html')) continue;
    pages.set(path, html);
    for (const [, href] of html.matchAll(/<a [^>]*href="([^"]+)"/g)) {
      const link = (href ?? '').replaceAll('&amp;', '&');
      if (!link.startsWith('/') || link.startsWith('//') || /^\/(api|dev|assets)\//.test(link) || /\.(csv|pdf|ics)(\?|$)/.test(link))
        continue;
      if (!pages.has(link)) queue.push(link.split('#')[0] ?? link);
    }
  }
  return pages;
}

/** Every <form method="post"> of a page, whole (from its opening tag to its </form>). */
const postForms = (html: string) => [...html.matchAll(/<form\b[^>]*method="post"[^>]*>[\s\S]*?<\/form>/gi)].map((m) => m[0]);

describeEachDialect('CSRF tokens and refusals', (ctx) => {
  let app: ReturnType<typeof testApp>;
  let resident: PageClient;
  let admin: PageClient;

  beforeAll(async () => {
    const db = ctx().db.kysely;
    app = testApp(ctx(), testClock());
    const facility = await makeFacility(db, { name: 'フォーム市民センター' });
    const room = await makeRoom(db, facility, { name: '和室' });
    const user = await makeUser(db);
    await makeGroup(db, user.id, { name: 'フォームの会' });
    await makeBooking(db, room, '2026-12-10', ['morning'], { user_id: user.id });
    const staff = await makeStaff(db, 'admin');
    resident = new PageClient(app);
    await resident.logIn(user.email ?? '', TEST_PASSWORD);
    admin = new PageClient(app);
    await admin.logIn(staff.email ?? '', TEST_PASSWORD);
  });

  const publicForms = ['/login', '/register', '/password/forgot', '/password/reset?token=aaaaaaaaaaaaaaaa'];

  it('every POST form on every page a signed-in resident reaches carries the session token', async () => {
    const pages = await crawl(resident, [...publicForms, '/', '/account', '/groups/new', '/my/reservations', '/lottery', '/search']);
    let forms = 0;
    for (const [path, html] of pages) {
      for (const form of postForms(html)) {
        forms++;
        expect(form, `${path}: ${form.slice(0, 120)}`).toContain(`name="_csrf" value="${resident.csrf}"`);
      }
    }
    for (const path of [...publicForms, '/account', '/groups/new']) expect(pages.has(path), path).toBe(true);
    expect(forms).toBeGreaterThan(pages.size); // the logout form on each page, and more
  });

  it('every POST form on every back-office page an admin reaches carries the session token', async () => {
    const pages = await crawl(admin, [
      '/staff',
      '/staff/config',
      '/staff/config/staff',
      '/staff/approvals',
      '/staff/lottery',
      '/staff/audit',
    ]);
    for (const [path, html] of pages) {
      for (const form of postForms(html)) expect(form, `${path}: ${form.slice(0, 120)}`).toContain(`name="_csrf" value="${admin.csrf}"`);
    }
    expect(pages.size).toBeGreaterThan(5);
  });

  it('a signed-in visitor can use the login, registration and reset forms as rendered', async () => {
    const { html } = await resident.get('/password/forgot');
    const token = /name="_csrf" value="([^"]+)"/.exec(postForms(html).find((f) => f.includes('/password/forgot')) ?? '')?.[1];
    expect(token).toBe(resident.csrf);
    const { res } = await resident.post('/password/forgot', { email: 'someone@example.com', _csrf: token ?? '' });
    expect(res.status).toBe(200);
  });

  const refusalPage = async (res: Response, lang: 'ja' | 'en') => {
    expect(res.status).toBe(403);
    expect(res.headers.get('content-type')).toContain('text/html');
    const html = await res.text();
    expect(html).toMatch(/^<!DOCTYPE html>/);
    expect(html).toContain(`<html lang="${lang}">`);
    expect(html).toMatch(/<title>[^<]+<\/title>/);
    expect(html).toMatch(/<h1>[^<]+<\/h1>/);
    return html;
  };

  it('a missing or wrong token is refused with a full page in the visitor’s language, linking back', async () => {
    const missing = await app.request('http://localhost/account/multipurpose', {
      method: 'POST',
      headers: {
        cookie: resident.cookieHeader,
        'content-type': 'application/x-www-form-urlencoded',
        origin: 'http://localhost',
        referer: 'http://localhost/account',
      },
      body: '',
    });
    const html = await refusalPage(missing, 'ja');
    expect(html).toContain('href="/account"');
    expect(html).toContain('href="/"');

    const english = await app.request('http://localhost/account/multipurpose?lang=en', {
      method: 'POST',
      headers: { cookie: resident.cookieHeader, 'content-type': 'application/x-www-form-urlencoded', origin: 'http://localhost' },
      body: '_csrf=forged',
    });
    await refusalPage(english, 'en');
  });

  it('a cross-site post is refused with the same kind of page, and never links back to the foreign site', async () => {
    const res = await app.request('http://localhost/login', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://evil.example', referer: 'https://evil.example/x' },
      body: 'login=x&password=y',
    });
    const html = await refusalPage(res, 'ja');
    expect(html).not.toContain('evil.example');
  });
});
