/** Turns zod failures into InvalidInputError with message keys, one per field, first problem wins. */
import type { z } from 'zod';
import { type FieldIssue, InvalidInputError } from '../lib/errors.ts';
import { isMessageKey } from '../lib/i18n.ts';

export function issuesOf(error: z.ZodError): FieldIssue[] {
  const seen = new Set<string>();
  const out: FieldIssue[] = [];
  for (const issue of error.issues) {
    // Report on the top-level field ("band", not "band.0"): that is what the form and the API caller named.
    const field = issue.path.length > 0 ? String(issue.path[0]) : 'body';
    if (seen.has(field)) continue;
    seen.add(field);
    out.push({ field, key: isMessageKey(issue.message) ? issue.message : 'errInvalidValue' });
  }
  return out;
}

export function parseOrThrow<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw new InvalidInputError(issuesOf(result.error));
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
