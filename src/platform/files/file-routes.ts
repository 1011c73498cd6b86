/**
 * HTTP side of the files kernel: a per-route body limit for uploads (the app's global limit stays at
 * 64 KiB and steps aside only for routes that declare their own), reading one file from a multipart
 * form, the 413/422 answer for a refused upload, and the download that runs the owner kind's check first.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { matchedRoutes } from 'hono/route';
import type { FileStorageConfig } from '../../config.ts';
import type { AppEnv } from '../../http/env.ts';
import { isApiRequest, problem } from '../../http/errors.tsx';
import { type FieldIssue, ForbiddenError, NotFoundError } from '../../lib/errors.ts';
import { EXTENSIONS, type FileType } from './detect-type.ts';
import type { FileKinds } from './file-kinds.ts';
import { FileRefusedError, findFile, openFileContent, policyOf } from './file-store.ts';

// Multipart framing (boundaries, part headers, the other fields of the form) on top of the file itself.
const FORM_OVERHEAD_BYTES = 64 * 1024;
const uploadLimits = new WeakSet<object>();
/** Requests whose upload limit already ran (at the app-wide position, before the session reads the form). */
const checked = new WeakSet<object>();

/**
 * The body limit of an upload route: the kind's file size plus the form around it; 413 past it. The
 * app-wide limit runs it in its own place, before the CSRF check reads a page form's body: a limit left to
 * the route would come after the body was read (and, streamed, could no longer read it at all).
 */
export function uploadBodyLimit(kinds: FileKinds, kind: string): MiddlewareHandler<AppEnv> {
  const policy = policyOf(kinds, kind);
  const limit = bodyLimit({
    maxSize: policy.maxBytes + FORM_OVERHEAD_BYTES,
    onError: (c) => refusalResponse(c as Context<AppEnv>, new FileRefusedError('too-large', policy.maxBytes)),
  });
  const handler: MiddlewareHandler<AppEnv> = async (c, next) => {
    if (checked.has(c)) return next();
    checked.add(c);
    return limit(c, next);
  };
  uploadLimits.add(handler);
  return handler;
}

/** The app-wide limit, or, on a route that declared its own with uploadBodyLimit, that one. */
export function globalBodyLimit(maxSize: number, onError: (c: Context<AppEnv>) => Response | Promise<Response>): MiddlewareHandler<AppEnv> {
  const limit = bodyLimit({ maxSize, onError: (c) => onError(c as Context<AppEnv>) });
  return (c, next) => {
    const own = matchedRoutes(c).find((route) => uploadLimits.has(route.handler));
    return own ? (own.handler as MiddlewareHandler<AppEnv>)(c, next) : limit(c, next);
  };
}

export interface Upload {
  name: string;
  bytes: Uint8Array;
}

/** The file sent in the form field, or undefined when none was chosen. */
export async function readUpload(c: Context<AppEnv>, field: string): Promise<Upload | undefined> {
  const body = await c.req.parseBody();
  const value = body[field];
  if (!(value instanceof File) || value.size === 0) return undefined;
  return { name: value.name, bytes: new Uint8Array(await value.arrayBuffer()) };
}

/** The form field problem for a refused upload, and the status it is answered with (413 or 422). */
export function uploadIssue(
  kinds: FileKinds,
  kind: string,
  field: string,
  error: FileRefusedError,
): { status: 413 | 422; issue: FieldIssue } {
  if (error.reason === 'too-large') {
    return { status: 413, issue: { field, key: 'errFileTooLarge', params: { mb: megabytes(error.limitBytes ?? 0) } } };
  }
  if (error.reason === 'wrong-type') {
    const types = policyOf(kinds, kind).allowedTypes.map(typeLabel).join('・');
    return { status: 422, issue: { field, key: 'errFileWrongType', params: { types } } };
  }
  return { status: 422, issue: { field, key: 'errFileUnreadable' } };
}

function refusalResponse(c: Context<AppEnv>, error: FileRefusedError): Response {
  const t = c.get('t');
  const mb = megabytes(error.limitBytes ?? 0);
  if (isApiRequest(c)) return problem(c, { kind: 'payload-too-large', title: t('errFileTooLarge', { mb }), status: 413 });
  return c.text(t('errFileTooLarge', { mb }), 413);
}

export interface SendFileOptions {
  kinds: FileKinds;
  storage: FileStorageConfig;
  fileId: string;
  /** inline lets the browser show an image or PDF; attachment (default) always saves it. */
  disposition?: 'inline' | 'attachment';
}

/**
 * Answers with the file after the owner kind's mayDownload check; a kind without one is refused. The
 * type is the one detected at upload, and nosniff keeps the browser from guessing another.
 */
export async function sendFile(c: Context<AppEnv>, options: SendFileOptions): Promise<Response> {
  const { db } = c.get('deps');
  const file = await findFile(db, options.fileId);
  if (!file) throw new NotFoundError('page');
  const policy = Object.hasOwn(options.kinds, file.owner.kind) ? options.kinds[file.owner.kind] : undefined;
  if (!policy?.mayDownload || !(await policy.mayDownload(c, file.owner)))
    throw new ForbiddenError('no download check passed for this owner');
  const body = await openFileContent(db, options.storage, file);
  return c.body(body, 200, {
    'content-type': file.contentType,
    'content-length': String(file.size),
    'content-disposition': contentDisposition(options.disposition ?? 'attachment', file.name),
    'x-content-type-options': 'nosniff',
    'cache-control': 'no-store',
  });
}

/** RFC 6266 with an ASCII fallback and the real (Japanese) name as RFC 5987 filename*. */
export function contentDisposition(disposition: 'inline' | 'attachment', name: string): string {
  const fallback = name.replace(/[^\x20-\x7e]|["\\%]/g, '_');
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${disposition}; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}

const megabytes = (bytes: number) => Math.floor((bytes / (1024 * 1024)) * 10) / 10;
const typeLabel = (type: FileType) => (EXTENSIONS[type][0] ?? type).toUpperCase();
