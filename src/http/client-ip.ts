/**
 * The client's address, which the sign-in and reset limits (rate-limit.ts) count by. Its own file because it
 * reads the request's context (AppEnv), and env.ts in turn names rate-limit.ts's AuthLimiter among the
 * injected dependencies: kept in rate-limit.ts the two files imported each other.
 */
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';
import type { AppEnv } from './env.ts';

/**
 * The client's address: the socket peer, or, behind a trusted proxy, the right-most X-Forwarded-For hop
 * — the one our proxy added. Earlier hops are whatever the client chose to send.
 */
export function clientIp(c: Context<AppEnv>): string {
  if (c.get('deps').config.trustProxy) {
    const forwarded = c.req.header('x-forwarded-for')?.split(',').at(-1)?.trim();
    if (forwarded) return forwarded;
  }
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown'; // app.request() in tests has no socket
  }
}
