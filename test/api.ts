/** Helpers for JSON API tests: a bearer token for a user, and JSON requests through the real app. */
import type { Hono } from 'hono';
import { issueApiToken } from '../src/features/account/account.service.ts';
import type { TestDb } from './db.ts';
import { testClock } from './db.ts';

type App = { request: Hono['request'] };

export async function tokenFor(t: TestDb, userId: string): Promise<string> {
  return issueApiToken(t.db.kysely, testClock(), userId, 'test');
}

export async function api(app: App, method: string, path: string, token?: string, body?: unknown, headers: Record<string, string> = {}) {
  const res = await app.request(path, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...headers,
    },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return {
    res,
    status: res.status,
    json: json as Record<string, unknown> & { errors?: { field: string; message: string }[]; title?: string },
  };
}
