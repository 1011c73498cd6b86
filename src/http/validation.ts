/** Turns zod failures into InvalidInputError with message keys, one per field, first problem wins. */
import type { z } from 'zod';
import { type FieldIssue, InvalidInputError } from '../lib/errors.ts';
import { isMessageKey } from '../lib/i18n.ts';

export function issuesOf(error: z.ZodError): FieldIssue[] {
  const seen = new Set<string>();
  const out: FieldIssue[] = [];
  for (const issue of error.issues) {
    // A strict object refuses keys it does not know: name each one where it was sent ("colour",
    // "wishes.0.priority"), so the caller sees the typo instead of a nameless "body" problem.
    if (issue.code === 'unrecognized_keys') {
      const where = issue.path.map(String).join('.');
      for (const name of issue.keys) {
        const field = where === '' ? name : `${where}.${name}`;
        if (seen.has(field)) continue;
        seen.add(field);
        out.push({ field, key: 'errUnknownField', params: { field } });
      }
      continue;
    }
    // Report on the top-level field ("band", not "band.0"): that is what the form and the API caller named.
    // In a list of objects, name the item and its field ("wishes.2.date"), or the item alone.
    const [top, index, sub] = issue.path;
    const field =
      top === undefined ? 'body' : typeof index === 'number' && sub !== undefined ? `${String(top)}.${index}.${String(sub)}` : String(top);
    if (seen.has(field)) continue;
    seen.add(field);
    out.push({ field, key: isMessageKey(issue.message) ? issue.message : 'errInvalidValue' });
  }
  return out;
}

// C0 control characters other than tab and line breaks, and DEL. PostgreSQL refuses NUL in text outright,
// and none of these belongs in a name, a purpose or a date: refuse them with a message, never store them.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

/** The top-level fields whose value (or any string inside it) holds a control character. */
export function controlCharIssues(input: unknown): FieldIssue[] {
  if (typeof input !== 'object' || input === null)
    return typeof input === 'string' && CONTROL.test(input) ? [{ field: 'body', key: 'errControlChars' }] : [];
  const hasControl = (v: unknown): boolean =>
    typeof v === 'string' ? CONTROL.test(v) : typeof v === 'object' && v !== null ? Object.values(v).some(hasControl) : false;
  return Object.entries(input)
    .filter(([, v]) => hasControl(v))
    .map(([field]) => ({ field, key: 'errControlChars' }));
}

/** safeParse, after refusing control characters: every validated input goes through here. */
export function validate<S extends z.ZodType>(
  schema: S,
  input: unknown,
): { success: true; data: z.infer<S> } | { success: false; issues: FieldIssue[] } {
  const control = controlCharIssues(input);
  if (control.length > 0) return { success: false, issues: control };
  const result = schema.safeParse(input);
  return result.success ? { success: true, data: result.data } : { success: false, issues: issuesOf(result.error) };
}

export function parseOrThrow<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const result = validate(schema, input);
  if (!result.success) throw new InvalidInputError(result.issues);
  return result.data;
}

/** The JSON body, or a 422 problem ("the body is not valid JSON") instead of a 500. */
export async function jsonBody(c: {
  req: { json: () => Promise<unknown>; header: (name: string) => string | undefined };
}): Promise<unknown> {
  const type = c.req.header('content-type') ?? '';
  if (!type.includes('json')) throw new InvalidInputError([{ field: 'body', key: 'errJsonContentType' }]);
  try {
    return await c.req.json();
  } catch {
    throw new InvalidInputError([{ field: 'body', key: 'errJsonInvalid' }]);
  }
}
