/**
 * Chooses the language of a request. Pages: `?lang=` (remembered in a cookie) → cookie → Japanese.
 * The API also honours Accept-Language, since integrations say what they want up front.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import { parseLang, translator } from '../lib/i18n.ts';
import type { AppEnv } from './env.ts';
import { safeNext } from './forms.ts';

export const LANG_COOKIE = 'lang';

export function language(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const fromQuery = parseLang(c.req.query('lang'));
    if (fromQuery) {
      setCookie(c, LANG_COOKIE, fromQuery, { path: '/', sameSite: 'Lax', httpOnly: true, maxAge: 60 * 60 * 24 * 365 });
    }
    const isApi = c.req.path.startsWith('/api/');
    const lang =
      fromQuery ??
      parseLang(getCookie(c, LANG_COOKIE)) ??
      (isApi ? parseLang(c.req.header('accept-language')?.split(',')[0]?.split(';')[0]?.trim()) : undefined) ??
      'ja';
    c.set('lang', lang);
    c.set('t', translator(lang));
    await next();
  };
}

/**
 * The current URL with `lang` set, for the language switch link. Through safeNext: a requested path such
 * as "//evil.example/x" must not become a link to another host on our own 404 page.
 */
export function urlWithLang(c: Context, lang: string): string {
  const url = new URL(c.req.url);
  url.searchParams.set('lang', lang);
  return safeNext(`${url.pathname}${url.search}`, `/?lang=${lang}`);
}
