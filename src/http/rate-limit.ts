/**
 * Login throttling with rate-limiter-flexible (in memory: one process). Two budgets: failures per account
 * (stops guessing one resident's password from many addresses) and attempts per client address (stops one
 * address trying many accounts). A successful login clears the account's failures.
 */

import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import type { AppEnv } from './env.ts';

export interface LoginLimiter {
  /** Seconds to wait when blocked, else 0. */
  check(ip: string, account: string): Promise<number>;
  failed(ip: string, account: string): Promise<void>;
  succeeded(ip: string, account: string): Promise<void>;
}

export function createLoginLimiter(options: { perAccount?: number; perIp?: number; windowSeconds?: number } = {}): LoginLimiter {
  const windowSeconds = options.windowSeconds ?? 15 * 60;
  const byAccount = new RateLimiterMemory({ keyPrefix: 'acct', points: options.perAccount ?? 5, duration: windowSeconds });
  const byIp = new RateLimiterMemory({ keyPrefix: 'ip', points: options.perIp ?? 30, duration: windowSeconds });
  const wait = (res: RateLimiterRes | null, limit: number) =>
    res && res.consumedPoints >= limit ? Math.max(1, Math.ceil(res.msBeforeNext / 1000)) : 0;
  const swallow = (error: unknown) => {
    if (!(error instanceof RateLimiterRes)) throw error; // rejected with RateLimiterRes when over the limit
  };
  return {
    async check(ip, account) {
      const [a, i] = await Promise.all([byAccount.get(account), byIp.get(ip)]);
      return Math.max(wait(a, byAccount.points), wait(i, byIp.points));
    },
    async failed(ip, account) {
      await Promise.all([byAccount.consume(account).catch(swallow), byIp.consume(ip).catch(swallow)]);
    },
    async succeeded(ip, account) {
      await Promise.all([byAccount.delete(account), byIp.consume(ip).catch(swallow)]);
    },
  };
}

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
