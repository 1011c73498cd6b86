/**
 * The one place errors become responses. API paths get RFC 9457 problem documents; pages get a page in
 * the visitor's language. Unknown errors are logged with their stack and shown as a generic 500 that
 * leaks nothing.
 */
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { ConflictError, type FieldError, ForbiddenError, InvalidInputError, NotFoundError, translateIssues } from '../lib/errors.ts';
import { isMessageKey, type MessageKey } from '../lib/i18n.ts';
import { type PageStatus, renderPage } from '../ui/layout.tsx';
import type { AppEnv } from './env.ts';
import { safeNext } from './forms.ts';
import { type ProblemKind, problemTypeUri } from './problem-types.ts';

export interface Problem {
  /** Sent as `type`, urn:tsunagu:problem:<slug> (problem-types.ts). */
  kind: ProblemKind;
  title: string;
  status: number;
  detail?: string;
  errors?: FieldError[];
}

export function isApiRequest(c: Context): boolean {
  return c.req.path.startsWith('/api/') || c.req.path === '/healthz';
}

export function problem(c: Context, { kind, ...rest }: Problem) {
  const body = { type: problemTypeUri(kind), ...rest };
  return c.body(JSON.stringify(body), body.status as ContentfulStatusCode, {
    'content-type': 'application/problem+json; charset=utf-8',
  });
}

/** A plain error page: a heading, what to do, and the way home. */
function errorPage(c: Context<AppEnv>, status: PageStatus, title: string, body?: string) {
  return renderPage(
    c,
    {
      title,
      children: (
        <>
          <h1>{title}</h1>
          {body ? <p>{body}</p> : null}
          <p>
            <a href="/">{c.get('t')('backToHome')}</a>
          </p>
        </>
      ),
    },
    status,
  );
}

/** The largest request body accepted (forms and JSON alike), for bodyLimit and its messages. */
export const MAX_BODY_BYTES = 64 * 1024;

export function payloadTooLargeResponse(c: Context<AppEnv>) {
  const t = c.get('t');
  const kb = MAX_BODY_BYTES / 1024;
  if (isApiRequest(c)) return problem(c, { kind: 'payload-too-large', title: t('errPayloadTooLarge', { kb }), status: 413 });
  return errorPage(c, 413, t('payloadTooLargeTitle'), t('payloadTooLargeBody', { kb }));
}

/** A method the path has no route for: 405 with the methods it does have. */
export function methodNotAllowedResponse(c: Context<AppEnv>, allow: string) {
  const t = c.get('t');
  c.header('allow', allow);
  if (isApiRequest(c))
    return problem(c, { kind: 'method-not-allowed', title: t('errMethodNotAllowed', { method: c.req.method }), status: 405 });
  return errorPage(c, 405, t('methodNotAllowedTitle'), t('methodNotAllowedBody'));
}

// Framework HTTPExceptions carry English text of their own: answer with ours for the status instead.
const httpExceptionKeys: Partial<Record<number, MessageKey>> = { 401: 'errApiUnauthorized', 403: 'errForbidden', 404: 'errNotFound' };
const httpExceptionKinds: Partial<Record<number, ProblemKind>> = { 401: 'unauthorized', 403: 'forbidden', 404: 'not-found' };

const notFoundKeys: Record<NotFoundError['what'], MessageKey> = {
  ward: 'errNotFoundWard',
  facility: 'errNotFoundFacility',
  room: 'errNotFoundRoom',
  reservation: 'errNotFoundReservation',
  organisation: 'errNotFoundOrganisation',
  page: 'errNotFound',
};

export function notFoundResponse(c: Context<AppEnv>, what: NotFoundError['what'] = 'page') {
  const t = c.get('t');
  if (isApiRequest(c)) {
    return problem(c, { kind: 'not-found', title: t(notFoundKeys[what]), status: 404 });
  }
  return renderPage(
    c,
    {
      title: t('notFoundTitle'),
      children: (
        <>
          <h1>{t('notFoundTitle')}</h1>
          <p>{what === 'page' ? t('notFoundBody') : t(notFoundKeys[what])}</p>
          <p>
            <a href="/">{t('backToHome')}</a>
          </p>
        </>
      ),
    },
    404,
  );
}

/**
 * The answer to a refused form: a page in the visitor's language saying nothing was saved, with a link
 * to open the form's page again (from Referer, only when it is one of ours: reloading it renders the form
 * with the current token) and home. The API gets an RFC 9457 problem.
 */
export function csrfRefusal(c: Context<AppEnv>) {
  const t = c.get('t');
  if (c.req.path.startsWith('/api/')) return problem(c, { kind: 'csrf-refused', title: t('errCsrf'), status: 403 });
  const back = ourPageFromReferer(c);
  return renderPage(
    c,
    {
      title: t('csrfRefusedTitle'),
      children: (
        <>
          <h1>{t('csrfRefusedTitle')}</h1>
          <p>{t('csrfRefusedBody')}</p>
          <ul>
            {back ? (
              <li>
                <a href={back}>{t('csrfRefusedBack')}</a>
              </li>
            ) : null}
            <li>
              <a href="/">{t('backToHome')}</a>
            </li>
          </ul>
        </>
      ),
    },
    403,
  );
}

function ourPageFromReferer(c: Context<AppEnv>): string | undefined {
  const referer = c.req.header('referer');
  if (!referer) return undefined;
  try {
    const url = new URL(referer);
    const ours = [new URL(c.req.url).origin, new URL(c.get('deps').config.publicUrl).origin];
    if (!ours.includes(url.origin)) return undefined;
    const path = safeNext(`${url.pathname}${url.search}`, '');
    return path === '' || path === '/' ? undefined : path;
  } catch {
    return undefined;
  }
}

export function handleError(error: Error, c: Context<AppEnv>) {
  const t = c.get('t');
  if (error instanceof NotFoundError) return notFoundResponse(c, error.what);
  if (error instanceof InvalidInputError) {
    const errors = translateIssues(t, error.issues);
    if (isApiRequest(c)) {
      return problem(c, { kind: 'invalid-input', title: t('errValidationTitle'), status: 422, errors });
    }
    return renderPage(
      c,
      {
        title: t('errorSummaryTitle'),
        children: (
          <>
            <h1>{t('errorSummaryTitle')}</h1>
            <ul>
              {errors.map((e) => (
                <li>{e.message}</li>
              ))}
            </ul>
            <p>
              <a href="/">{t('backToHome')}</a>
            </p>
          </>
        ),
      },
      422,
    );
  }
  if (error instanceof ConflictError) {
    const title = isMessageKey(error.key) ? t(error.key, error.params) : t('errInvalidValue');
    if (isApiRequest(c)) return problem(c, { kind: error.key, title, status: 409 });
    return renderPage(
      c,
      {
        title,
        children: (
          <>
            <h1>{title}</h1>
            <p>
              <a href="/my/reservations">{t('navMyReservations')}</a>
            </p>
          </>
        ),
      },
      409,
    );
  }
  if (error instanceof ForbiddenError) {
    const title = error.key && isMessageKey(error.key) ? t(error.key) : t('errForbidden');
    if (isApiRequest(c)) return problem(c, { kind: 'forbidden', title, status: 403 });
    return renderPage(
      c,
      {
        title,
        children: (
          <>
            <h1>{t('errForbidden')}</h1>
            {title === t('errForbidden') ? null : <p>{title}</p>}
          </>
        ),
      },
      403,
    );
  }
  if (error instanceof HTTPException && error.status < 500) {
    if (error.status === 413) return payloadTooLargeResponse(c);
    const key = httpExceptionKeys[error.status];
    if (isApiRequest(c))
      return problem(c, {
        kind: httpExceptionKinds[error.status] ?? 'bad-request',
        title: t(key ?? 'errBadRequest'),
        status: error.status,
      });
    if (key) return errorPage(c, error.status as PageStatus, t(key));
    return errorPage(c, 400, t('badRequestTitle'), t('badRequestBody'));
  }
  c.get('deps').logger.error(`unhandled error on ${c.req.method} ${c.req.path}`, error);
  if (isApiRequest(c)) return problem(c, { kind: 'server-error', title: t('serverErrorTitle'), status: 500 });
  return renderPage(
    c,
    {
      title: t('serverErrorTitle'),
      children: (
        <>
          <h1>{t('serverErrorTitle')}</h1>
          <p>{t('serverErrorBody')}</p>
        </>
      ),
    },
    500,
  );
}
