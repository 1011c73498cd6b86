/** Small helpers for HTML form handling shared by features. */
import type { Context } from 'hono';
import type { z } from 'zod';
import { type FieldError, type FieldIssue, InvalidInputError, translateIssues } from '../lib/errors.ts';
import type { AppEnv } from './env.ts';
import { validate } from './validation.ts';

/** The submitted form as plain strings (files and repeated keys are dropped; the last value wins). */
/** The parsed form body; a malformed one (bad multipart boundary, broken encoding) is a 422, not a 500. */
export async function parsedBody(c: Context<AppEnv>, all = false): Promise<Record<string, unknown>> {
  try {
    return all ? await c.req.parseBody({ all: true }) : await c.req.parseBody();
  } catch {
    throw new InvalidInputError([{ field: 'body', key: 'errInvalidValue' }]);
  }
}

export async function formOf(c: Context<AppEnv>): Promise<Record<string, string>> {
  const body = await parsedBody(c);
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(body)) if (typeof value === 'string') out[key] = value;
  return out;
}

/** All values of a repeated form field (checkboxes). */
export async function formValues(c: Context<AppEnv>, key: string): Promise<string[]> {
  const body = await parsedBody(c, true);
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

/**
 * Only same-site paths may be redirected to after login: never another host (open redirect). What counts
 * is the path a browser lands on, not the text given: "/.//evil.example" or "/%2e//evil.example" resolve
 * to "//evil.example", which a browser reads as another host. So the input is resolved first (dot
 * segments, encoded dots, stripped tabs and newlines, backslashes read as slashes), and the result must be
 * a path of our own origin that does not begin with two slashes, and must resolve to itself again.
 * Control characters and backslashes are refused outright: no honest link carries them.
 */
export function safeNext(next: string | undefined, fallback = '/'): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point.
  if (!next?.startsWith('/') || /[\u0000-\u001f\u007f\\]/.test(next)) return fallback;
  const path = resolvedPath(next);
  if (path === undefined || resolvedPath(path) !== path) return fallback;
  return path;
}

const SAME = 'http://same.invalid';

/** The path, query and fragment `next` resolves to on our origin, or undefined if it leaves it. */
function resolvedPath(next: string): string | undefined {
  let url: URL;
  try {
    url = new URL(next, SAME);
  } catch {
    return undefined;
  }
  if (url.origin !== SAME || /^[/\\]{2}/.test(url.pathname)) return undefined;
  return `${url.pathname}${url.search}${url.hash}`;
}

/** Sends a visitor who is not logged in to the login page, coming back here afterwards. */
export function redirectToLogin(c: Context<AppEnv>) {
  const url = new URL(c.req.url);
  return c.redirect(`/login?next=${encodeURIComponent(safeNext(url.pathname + url.search))}`, 303);
}
