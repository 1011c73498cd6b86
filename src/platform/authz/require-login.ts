/**
 * requireLogin: the one login check. Pages send a visitor who is not logged in to the login page, coming
 * back afterwards (a safe `next`, http/forms.ts); the API answers 401 (a problem) unless the request came
 * with a bearer token, since the API never accepts the session cookie. After it, a handler reads the
 * logged-in person with `c.get('actor')` (typed, never undefined) and still asks policy.ts before acting:
 * being logged in says who, not what they may do.
 */
import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../../http/env.ts';
import { redirectToLogin } from '../../http/forms.ts';
import { apiUser } from '../../http/session.ts';

export const requireLogin = createMiddleware<AppEnv>(async (c, next) => {
  if (c.req.path.startsWith('/api/')) {
    c.set('actor', apiUser(c)); // throws the API's 401
    return next();
  }
  const user = c.get('user');
  if (!user) return redirectToLogin(c);
  c.set('actor', user);
  return next();
});
