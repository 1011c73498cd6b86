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
import { renderPage } from '../ui/layout.tsx';
import type { AppEnv } from './env.ts';

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  errors?: FieldError[];
}

export function isApiRequest(c: Context): boolean {
  return c.req.path.startsWith('/api/') || c.req.path === '/healthz';
}

export function problem(c: Context, body: Problem) {
  return c.body(JSON.stringify(body), body.status as ContentfulStatusCode, {
    'content-type': 'application/problem+json; charset=utf-8',
  });
}

const notFoundKeys: Record<NotFoundError['what'], MessageKey> = {
  ward: 'errNotFoundWard',
  facility: 'errNotFoundFacility',
  room: 'errNotFoundRoom',
  reservation: 'errNotFoundReservation',
  page: 'errNotFound',
};

export function notFoundResponse(c: Context<AppEnv>, what: NotFoundError['what'] = 'page') {
  const t = c.get('t');
  if (isApiRequest(c)) {
    return problem(c, { type: 'about:blank', title: t(notFoundKeys[what]), status: 404 });
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

export function handleError(error: Error, c: Context<AppEnv>) {
  const t = c.get('t');
  if (error instanceof NotFoundError) return notFoundResponse(c, error.what);
  if (error instanceof InvalidInputError) {
    const errors = translateIssues(t, error.issues);
    if (isApiRequest(c)) {
      return problem(c, { type: 'urn:tsunagu:problem:invalid-input', title: t('errValidationTitle'), status: 422, errors });
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
    if (isApiRequest(c)) return problem(c, { type: `urn:tsunagu:problem:${error.key}`, title, status: 409 });
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
    if (isApiRequest(c)) return problem(c, { type: 'about:blank', title: t('errForbidden'), status: 403 });
    return renderPage(c, { title: t('errForbidden'), children: <h1>{t('errForbidden')}</h1> }, 403);
  }
  if (error instanceof HTTPException && error.status < 500) {
    const status = error.status;
    if (isApiRequest(c)) return problem(c, { type: 'about:blank', title: error.message || 'Bad request', status });
    return c.text(error.message || 'Bad request', status);
  }
  c.get('deps').logger.error(`unhandled error on ${c.req.method} ${c.req.path}`, error);
  if (isApiRequest(c)) return problem(c, { type: 'about:blank', title: 'Internal Server Error', status: 500 });
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
