/**
 * A cookie-keeping client for page tests through app.request: logs in, follows the CSRF token in forms,
 * posts forms like a browser (urlencoded, same-origin). No mocks: it drives the real app.
 */
import type { Hono } from 'hono';

type App = { request: Hono['request'] };

export class PageClient {
  private cookies = new Map<string, string>();
  csrf = '';

  constructor(
    private readonly app: App,
    private readonly origin = 'http://localhost',
  ) {}

  private remember(res: Response) {
    for (const header of res.headers.getSetCookie()) {
      const [pair] = header.split(';');
      const [name, ...value] = (pair ?? '').split('=');
      if (!name) continue;
      if (/max-age=0/i.test(header) || value.join('=') === '') this.cookies.delete(name.trim());
      else this.cookies.set(name.trim(), value.join('='));
    }
  }

  get cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  cookie(name: string): string | undefined {
    return this.cookies.get(name);
  }

  async get(path: string): Promise<{ res: Response; html: string }> {
    const res = await this.app.request(`${this.origin}${path}`, { headers: { cookie: this.cookieHeader } });
    this.remember(res);
    const html = await res.text();
    const token = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
    if (token) this.csrf = token;
    return { res, html };
  }

  async post(path: string, form: Record<string, string | string[]>, options: { csrf?: boolean; origin?: string } = {}) {
    const body = new URLSearchParams();
    for (const [k, v] of Object.entries(form)) for (const one of Array.isArray(v) ? v : [v]) body.append(k, one);
    if (options.csrf !== false && this.csrf && !('_csrf' in form)) body.append('_csrf', this.csrf);
    const res = await this.app.request(`${this.origin}${path}`, {
      method: 'POST',
      body: body.toString(),
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        cookie: this.cookieHeader,
        origin: options.origin ?? this.origin,
      },
    });
    this.remember(res);
    const html = await res.text();
    const token = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
    if (token) this.csrf = token;
    return { res, html };
  }

  async logIn(login: string, password: string) {
    const { res } = await this.post('/login', { login, password, next: '/account' });
    if (res.status !== 303) throw new Error(`login failed: ${res.status}`);
    await this.get('/account');
  }
}
