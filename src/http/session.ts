/**
 * Who is asking. Pages use a session cookie (HttpOnly, SameSite=Lax, Secure outside localhost); the API
 * uses `Authorization: Bearer` tokens. Both resolve to the same User in c.var.user.
 *
 * CSRF: a state-changing page request must not come from another site (Origin / Sec-Fetch-Site), and a
 * logged-in visitor's forms must also carry the session's synchronizer token.
 */
import { timingSafeEqual } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { HTTPException } from 'hono/http-exception';
import type { User } from '../platform/authz/actor.ts';
import { bearerUser, createSession, endSession, SESSION_DAYS, sessionUser } from '../platform/authz/sessions.ts';
import type { AppEnv } from './env.ts';
import { csrfRefusal, problem } from './errors.tsx';

export const SESSION_COOKIE = 'tsunagu_session';

function isLocalhost(c: Context): boolean {
  const host = new URL(c.req.url).hostname;
  return host === 'localhost' || host === '127.0.0.1' || host === '[::1]';
}

export function sessionMiddleware(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const { db, clock } = c.get('deps');
    const auth = c.req.header('authorization');
    if (c.req.path.startsWith('/api/') && auth) {
      const token = /^Bearer\s+(\S+)$/i.exec(auth)?.[1];
      const user = token ? await bearerUser(db, clock, token) : undefined;
      if (!user) {
        return problem(c, { kind: 'invalid-token', title: c.get('t')('errApiUnauthorized'), status: 401 });
      }
      c.set('user', user);
      c.set('viaToken', true);
      return next();
    }
    const token = getCookie(c, SESSION_COOKIE);
    if (token) {
      const found = await sessionUser(db, clock, token);
      if (found) {
        c.set('user', found.user);
        c.set('csrf', found.csrf);
      } else {
        deleteCookie(c, SESSION_COOKIE, { path: '/' });
      }
    }
    return next();
  };
}

/** Starts a fresh session at login (a new id every time: no session fixation). */
export async function logIn(c: Context<AppEnv>, userId: string): Promise<void> {
  const { db, clock } = c.get('deps');
  const old = getCookie(c, SESSION_COOKIE);
  const ticket = await db.transaction().execute(async (trx) => {
    if (old) await endSession(trx, old);
    return createSession(trx, clock, userId);
  });
  setCookie(c, SESSION_COOKIE, ticket.token, {
    path: '/',
    httpOnly: true,
    sameSite: 'Lax',
    secure: !isLocalhost(c),
    maxAge: SESSION_DAYS * 86_400,
  });
  c.set('csrf', ticket.csrf);
}

export async function logOut(c: Context<AppEnv>): Promise<void> {
  const token = getCookie(c, SESSION_COOKIE);
  const { db } = c.get('deps');
  if (token) await db.transaction().execute((trx) => endSession(trx, token));
  deleteCookie(c, SESSION_COOKIE, { path: '/' });
}

/**
 * Refuses unsafe page requests sent from another site: a foreign Origin header, or Sec-Fetch-Site
 * cross-site. Requests with neither header (old browsers on old phones) pass this check; logged-in forms
 * are still protected by the session token below. The API uses bearer tokens and is not checked here.
 */
export function originCheck(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (/^(GET|HEAD|OPTIONS)$/.test(c.req.method) || c.req.path.startsWith('/api/')) return next();
    const origin = c.req.header('origin');
    const site = c.req.header('sec-fetch-site');
    const allowed = [new URL(c.req.url).origin, new URL(c.get('deps').config.publicUrl).origin];
    const originOk = origin === undefined || allowed.includes(origin);
    const siteOk = site === undefined || site === 'same-origin' || site === 'none';
    if (!originOk || !siteOk) return csrfRefusal(c);
    return next();
  };
}

function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** For logged-in visitors: unsafe page requests must carry the session's `_csrf` form field. */
export function csrfToken(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const expected = c.get('csrf');
    if (c.req.method === 'GET' || c.req.method === 'HEAD' || c.req.path.startsWith('/api/') || !expected) return next();
    const type = c.req.header('content-type') ?? '';
    let form: Record<string, unknown> = {};
    try {
      if (type.includes('form')) form = await c.req.parseBody();
    } catch {
      form = {}; // unreadable body: it cannot carry a valid token either
    }
    const sent = typeof form._csrf === 'string' ? form._csrf : '';
    if (!sameToken(sent, expected)) return csrfRefusal(c);
    return next();
  };
}

/** The API caller, authenticated by bearer token only (cookies are never accepted by the API). */
export function apiUser(c: Context<AppEnv>): User {
  const user = c.get('user');
  if (!user || !c.get('viaToken')) throw new HTTPException(401, { message: c.get('t')('errApiUnauthorized') });
  return user;
}
