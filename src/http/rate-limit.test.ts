/** The database counters behind the sign-in and reset limits: windows, concurrency, pruning, privacy. */
import { expect, it } from 'vitest';
import { countRows, describeEachDialect } from '../../test/db.ts';
import type { Clock } from '../lib/time.ts';
import { createAuthLimiter, pruneAuthLimits } from './rate-limit.ts';

function movableClock(iso: string): Clock & { advance(minutes: number): void } {
  let at = new Date(iso).getTime();
  return { now: () => new Date(at), advance: (minutes) => (at += minutes * 60_000) };
}

describeEachDialect('auth limit counters', (ctx) => {
  it('blocks after the budget, for the rest of the window only, then starts again', async () => {
    const clock = movableClock('2026-11-24T01:00:00Z');
    const limiter = createAuthLimiter(ctx().db.kysely, clock, { loginFailuresPerAccount: 2, loginWindowMinutes: 15 });
    await limiter.loginFailed('192.0.2.1', 'user:a');
    expect(await limiter.loginWait('192.0.2.1', 'user:a')).toBe(0);
    await limiter.loginFailed('192.0.2.2', 'user:a');
    expect(await limiter.loginWait('192.0.2.3', 'user:a')).toBe(15 * 60);
    clock.advance(10);
    expect(await limiter.loginWait('192.0.2.3', 'user:a')).toBe(5 * 60);
    clock.advance(5);
    expect(await limiter.loginWait('192.0.2.3', 'user:a')).toBe(0);
    await limiter.loginFailed('192.0.2.1', 'user:a'); // a new window, counting from one
    expect(await limiter.loginWait('192.0.2.1', 'user:a')).toBe(0);
  });

  it('counts every one of many concurrent attempts (one atomic upsert, no lost updates)', async () => {
    const clock = movableClock('2026-11-24T01:00:00Z');
    const limiter = createAuthLimiter(ctx().db.kysely, clock, { resetRequestsPerAddress: 20, resetRequestsPerClient: 1000 });
    const waits = await Promise.all(Array.from({ length: 25 }, (_, i) => limiter.mailRequest(`198.51.100.${i}`, 'race@example.com')));
    expect(waits.filter((w) => w === 0)).toHaveLength(20);
  });

  it('stores no address or email in clear, and prunes ended windows', async () => {
    const clock = movableClock('2026-11-24T01:00:00Z');
    const limiter = createAuthLimiter(ctx().db.kysely, clock);
    await limiter.mailRequest('203.0.113.50', 'private@example.com');
    const keys = (await ctx().db.kysely.selectFrom('auth_limits').select('key').execute()).map((r) => r.key).join(' ');
    expect(keys).not.toContain('private@example.com');
    expect(keys).not.toContain('203.0.113.50');
    const before = await countRows(ctx(), 'auth_limits');
    clock.advance(61);
    expect(await pruneAuthLimits(ctx().db.kysely, clock)).toBeGreaterThanOrEqual(2);
    expect(await countRows(ctx(), 'auth_limits')).toBeLessThan(before);
  });
});
