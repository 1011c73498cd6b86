/**
 * Which methods a path has, read from the routes the app registered (Hono keeps them in app.routes), so
 * 405 and OPTIONS never drift from what is served. Middleware is registered as method ALL: it is not a
 * route and is left out. Normal requests never pay for this: only OPTIONS and requests no route took.
 */
import type { MiddlewareHandler } from 'hono';
import { TrieRouter } from 'hono/router/trie-router';
import type { RouterRoute } from 'hono/types';
import type { AppEnv } from './env.ts';

/** The methods allowed on a path, sorted, HEAD with GET and OPTIONS always; empty when no route has it. */
export type AllowedMethods = (path: string) => string[];

export function allowedMethodsOf(routes: () => readonly RouterRoute[]): AllowedMethods {
  let router: TrieRouter<string> | undefined;
  return (path) => {
    if (!router) {
      // Built on first use, when every route is registered; each route is filed under ALL so that one
      // match returns every method that has the path.
      router = new TrieRouter<string>();
      for (const route of routes()) if (route.method !== 'ALL') router.add('ALL', route.path, route.method);
    }
    const methods = new Set(router.match('GET', path)[0].map(([method]) => method));
    if (methods.size === 0) return [];
    if (methods.has('GET')) methods.add('HEAD'); // Hono answers HEAD with the GET route
    methods.add('OPTIONS');
    return [...methods].sort();
  };
}

/** OPTIONS on a known path: 204 with Allow, before sessions and CSRF checks (it changes nothing). */
export function answerOptions(allowed: AllowedMethods): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (c.req.method !== 'OPTIONS') return next();
    const allow = allowed(c.req.path);
    if (allow.length === 0) return next();
    return c.body(null, 204, { allow: allow.join(', ') });
  };
}
