/**
 * The `type` of every RFC 9457 problem the API sends: a stable lower-case slug under urn:tsunagu:problem:,
 * so a client can branch on it (the title is translated text and may change). The OpenAPI document lists
 * them with these descriptions; a conflict's slug is its message key without `err`, in kebab case.
 */
import { CONFLICT_KEYS, type ConflictKey } from '../lib/errors.ts';
import { errorsEn } from '../lib/messages/errors.ts';

const GENERAL = {
  'invalid-input': 'A field is missing or invalid, or a field is not known; `errors` names each field (422)',
  unauthorized: 'The operation needs a bearer token and none was sent (401)',
  'invalid-token': 'The bearer token is unknown, expired or revoked (401)',
  'login-failed': 'Wrong email or password (401)',
  'too-many-logins': 'Too many failed logins; try again after Retry-After seconds (429)',
  'too-many-requests': 'Too many requests of this kind (e.g. email codes); try again after Retry-After seconds (429)',
  forbidden: 'The caller may not do this: not staff, or the thing is outside their scope (403)',
  'csrf-refused': 'A cross-site or token-less state-changing request (403)',
  'not-found': 'No such path, or no such ward, facility, room, reservation, resident or organisation (404)',
  'method-not-allowed': 'The path exists but not with this method; see the Allow header (405)',
  'payload-too-large': 'The body is larger than the limit (413)',
  'bad-request': 'The request could not be read (400)',
  'server-error': 'Something failed on the server; nothing is leaked (500)',
} as const;

/** A general problem by its slug, or a conflict by its message key (mapped to its slug). */
export type ProblemKind = keyof typeof GENERAL | ConflictKey;

/** 'errCellTaken' → 'cell-taken'. */
export function conflictSlug(key: ConflictKey): string {
  return key.replace(/^err/, '').replace(/[A-Z]/g, (c, at: number) => `${at === 0 ? '' : '-'}${c.toLowerCase()}`);
}

export function problemTypeUri(kind: ProblemKind): string {
  const isConflict = (CONFLICT_KEYS as readonly string[]).includes(kind);
  return `urn:tsunagu:problem:${isConflict ? conflictSlug(kind as ConflictKey) : kind}`;
}

/**
 * Every type with what it means (conflicts: their English message), for the OpenAPI document. The texts
 * come straight from lib's errors, where every conflict's text lives (tsc checks it): the OpenAPI parts
 * call this while modules load, before the entry point installs the dictionaries.
 */
export function problemTypes(): { type: string; description: string }[] {
  return [
    ...Object.entries(GENERAL).map(([slug, description]) => ({ type: problemTypeUri(slug as ProblemKind), description })),
    ...CONFLICT_KEYS.map((key) => ({ type: problemTypeUri(key), description: `${errorsEn[key]} (409)` })),
  ];
}
