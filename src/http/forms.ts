/** Small helpers for HTML form handling shared by features. */
import type { Context } from 'hono';
import type { z } from 'zod';
import { type FieldError, type FieldIssue, InvalidInputError, translateIssues } from '../lib/errors.ts';
import type { AppEnv } from './env.ts';
import { validate } from './validation.ts';

/** The submitted form as plain strings (files and repeated keys are dropped; the last value wins). */
export async function formOf(c: Context<AppEnv>): Promise<Record<string, string>> {
  const body = await c.req.parseBody();
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(body)) if (typeof value === 'string') out[key] = value;
  return out;
}

/** All values of a repeated form field (checkboxes). */
export async function formValues(c: Context<AppEnv>, key: string): Promise<string[]> {
  const body = await c.req.parseBody({ all: true });
  const v = body[key];
  return (Array.isArray(v) ? v : v === undefined ? [] : [v]).filter((x): x is string => typeof x === 'string');
}

export type FormResult<T> = { ok: true; data: T } | { ok: false; errors: FieldError[] };

export function parseForm<S extends z.ZodType>(c: Context<AppEnv>, schema: S, input: unknown): FormResult<z.infer<S>> {
  const result = validate(schema, input);
  if (result.success) return { ok: true, data: result.data };
  return { ok: false, errors: translateIssues(c.get('t'), result.issues) };
}

/** Runs a service call and turns its InvalidInputError into form errors for re-rendering. */
export async function orFieldErrors<T>(c: Context<AppEnv>, run: () => Promise<T>): Promise<FormResult<T>> {
  try {
    return { ok: true, data: await run() };
  } catch (error) {
    if (error instanceof InvalidInputError) return { ok: false, errors: translateIssues(c.get('t'), error.issues) };
    throw error;
  }
}

export function fieldErrors(c: Context<AppEnv>, issues: FieldIssue[]): FieldError[] {
  return translateIssues(c.get('t'), issues);
}

/** Only same-site paths may be redirected to after login: never another host (open redirect). */
export function safeNext(next: string | undefined, fallback = '/'): string {
  if (!next?.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return fallback;
  return next;
}

/** Sends a visitor who is not logged in to the login page, coming back here afterwards. */
export function redirectToLogin(c: Context<AppEnv>) {
  const url = new URL(c.req.url);
  return c.redirect(`/login?next=${encodeURIComponent(url.pathname + url.search)}`, 303);
}
