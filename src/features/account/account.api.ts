/**
 * POST /api/v1/auth/token — exchange email and password for a bearer token (rate-limited like login);
 * GET /api/v1/me — the token holder, with their groups and household.
 */
import { Hono } from 'hono';
import type { AppEnv } from '../../http/env.ts';
import { problem } from '../../http/errors.tsx';
import { clientIp } from '../../http/rate-limit.ts';
import { jsonBody, parseOrThrow } from '../../http/validation.ts';
import { requireLogin } from '../../platform/authz/require-login.ts';
import { householdOfUser } from '../../platform/household/household.service.ts';
import { tokenRequest } from './account.schema.ts';
import { issueApiToken, logInWithinLimits } from './account.service.ts';
import { groupsOf } from './group.service.ts';

export function accountApi() {
  const app = new Hono<AppEnv>();
  app.post('/auth/token', async (c) => {
    const { db, clock, authLimiter } = c.get('deps');
    const t = c.get('t');
    const body = parseOrThrow(tokenRequest, await jsonBody(c));
    // The same budgets as the login page: a guess here counts against the same account.
    const outcome = await logInWithinLimits(db, authLimiter, clientIp(c), body.email, body.password);
    if (!outcome.ok && outcome.waitSeconds > 0) {
      c.header('retry-after', String(outcome.waitSeconds));
      const minutes = Math.ceil(outcome.waitSeconds / 60);
      return problem(c, { kind: 'too-many-logins', title: t('errTooManyLogins', { minutes }), status: 429 });
    }
    if (!outcome.ok) return problem(c, { kind: 'login-failed', title: t('errLoginFailed'), status: 401 });
    const token = await issueApiToken(db, clock, outcome.user.id, body.name ?? 'API');
    return c.json({ token, tokenType: 'Bearer', userNumber: outcome.user.number }, 201);
  });

  // Who the token belongs to and what they may do: a client shows the right menu and finds the groups
  // it may book for without a second call.
  app.get('/me', requireLogin, async (c) => {
    const user = c.get('actor');
    const { db } = c.get('deps');
    const [groups, household] = await Promise.all([groupsOf(db, user.id), householdOfUser(db, user.id)]);
    return c.json({
      id: user.id,
      number: user.number,
      name: user.name,
      // Read from role_assignments with the token (one query, platform/authz/assignments.ts).
      roleAssignments: user.assignments.map((a) => ({ role: a.role, scope: a.scope })),
      organisations: groups.map((g) => ({ id: g.id, name: g.name, type: g.type, role: g.role, verification: g.verification })),
      household: household
        ? {
            id: household.id,
            addressLine: household.addressLine,
            wardId: household.wardId,
            association: household.associationId ? { id: household.associationId, name: household.associationName ?? '' } : null,
            han: household.hanId ? { id: household.hanId, name: household.hanName ?? '' } : null,
            peopleCount: household.people.length,
          }
        : null,
    });
  });
  return app;
}
