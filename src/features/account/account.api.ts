/**
 * POST /api/v1/auth/token — exchange email and password for a bearer token (rate-limited like login);
 * GET /api/v1/me — the token holder, with their groups and household.
 */
import { Hono } from 'hono';
import { clientIp } from '../../http/client-ip.ts';
import type { AppEnv } from '../../http/env.ts';
import { problem } from '../../http/errors.tsx';
import { bearer, json, type OpenApiPart, ok, open, problemResponse, problemResponses, tooLarge } from '../../http/openapi.ts';
import { jsonBody, parseOrThrow } from '../../http/validation.ts';
import { requireLogin } from '../../platform/authz/require-login.ts';
import { householdOfUser } from '../../platform/household/household.service.ts';
import { meJsonSchema, tokenRequest } from './account.schema.ts';
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

/** The OpenAPI paths of this API and the component schemas they refer to (composed in src/openapi.ts). */
export function accountOpenApi(): OpenApiPart {
  return {
    paths: {
      '/api/v1/auth/token': {
        post: {
          operationId: 'issueToken',
          summary: 'Exchange email and password for a bearer token (rate-limited; revocable on the account page)',
          requestBody: { required: true, content: { 'application/json': { schema: json(tokenRequest) } } },
          security: open.security,
          responses: {
            ...open.responses,
            ...tooLarge,
            '201': {
              description: 'Token issued',
              content: {
                'application/json': {
                  schema: {
                    type: 'object',
                    properties: { token: { type: 'string' }, tokenType: { const: 'Bearer' }, userNumber: { type: 'string' } },
                  },
                },
              },
            },
            '401': problemResponse('Wrong email or password'),
            '422': problemResponses['422'],
            '429': {
              ...problemResponse('Too many failed attempts; try again after Retry-After seconds'),
              headers: { 'Retry-After': { description: 'Seconds to wait', schema: { type: 'integer' } } },
            },
          },
        },
      },
      '/api/v1/me': {
        get: {
          operationId: 'getMe',
          summary:
            'The bearer token holder: id, 利用者番号, name, every role assignment they hold (role and scope: the city, a ward, a facility, a ward office, a department or an organisation), groups (団体) with their role in each, and their household (世帯: address, 自治会 and 班, people count); residents and staff alike',
          security: [{ bearer: [] }],
          responses: { ...bearer.responses, ...ok('Me') },
        },
      },
    },
    schemas: {
      Me: json(meJsonSchema),
    },
  };
}
