/** POST /api/v1/auth/token — exchange email and password for a bearer token (rate-limited like login). */
import { Hono } from 'hono';
import type { AppEnv } from '../../http/env.ts';
import { problem } from '../../http/errors.tsx';
import { clientIp } from '../../http/rate-limit.ts';
import { jsonBody, parseOrThrow } from '../../http/validation.ts';
import { tokenRequest } from './account.schema.ts';
import { authenticate, issueApiToken } from './account.service.ts';

export function accountApi() {
  const app = new Hono<AppEnv>();
  app.post('/auth/token', async (c) => {
    const { db, clock, loginLimiter } = c.get('deps');
    const t = c.get('t');
    const body = parseOrThrow(tokenRequest, await jsonBody(c));
    const ip = clientIp(c);
    const wait = await loginLimiter.check(ip, body.email);
    if (wait > 0) {
      c.header('retry-after', String(wait));
      return problem(c, { type: 'about:blank', title: t('errTooManyLogins', { minutes: Math.ceil(wait / 60) }), status: 429 });
    }
    const user = await authenticate(db, body.email, body.password);
    if (!user) {
      await loginLimiter.failed(ip, body.email);
      return problem(c, { type: 'about:blank', title: t('errLoginFailed'), status: 401 });
    }
    await loginLimiter.succeeded(ip, body.email);
    const token = await issueApiToken(db, clock, user.id, body.name ?? 'API');
    return c.json({ token, tokenType: 'Bearer', userNumber: user.number }, 201);
  });
  return app;
}
