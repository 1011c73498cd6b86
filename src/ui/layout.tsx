/**
 * The page frame: skip link, header with the language switch, demo banner, breadcrumbs, main, footer.
 * Every page renders through renderPage so headers, doctype, language attributes and the CSRF token of
 * every POST form are never forgotten.
 */
import type { Context } from 'hono';
import { raw } from 'hono/html';
import type { Child } from 'hono/jsx';
import { faviconAsset, stylesheetAsset } from '../http/assets.ts';
import type { AppEnv } from '../http/env.ts';
import { urlWithLang } from '../http/language.ts';
import { isStaff } from '../platform/authz/policy.ts';
import { PageTexts } from './components/page-texts.ts';

export interface Crumb {
  href?: string;
  label: string;
}

export interface PageProps {
  title: string;
  /** What the page is, for search results and shared links; the site's own description otherwise. */
  description?: string;
  crumbs?: Crumb[];
  children?: Child;
}

export type PageStatus = 200 | 201 | 400 | 401 | 403 | 404 | 405 | 409 | 413 | 422 | 429 | 500;

export function renderPage(c: Context<AppEnv>, props: PageProps, status: PageStatus = 200) {
  const t = c.get('t');
  const lang = c.get('lang');
  const other = lang === 'ja' ? 'en' : 'ja';
  const user = c.get('user');
  const unread = c.get('unread');
  const fullTitle = `${props.title} | ${t('siteName')}`;
  const page = (
    <html lang={lang}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{fullTitle}</title>
        <meta name="description" content={props.description ?? t('metaDescription')} />
        <link rel="icon" href={faviconAsset().href} type="image/svg+xml" />
        <link rel="stylesheet" href={stylesheetAsset().href} />
      </head>
      <body>
        <a class="skip-link" href="#main">
          {t('skipToContent')}
        </a>
        <header class="site-header">
          <div class="wrap site-header__inner">
            <a class="site-name" href="/">
              {t('siteName')}
            </a>
            <div class="account-nav">
              {user ? (
                <>
                  {isStaff(user) ? <a href="/staff">{t('navStaff')}</a> : null}
                  <a href="/inbox">{unread ? <strong>{t('navInboxUnread', { count: unread })}</strong> : t('navInbox')}</a>
                  <a href="/my/reservations">{t('navMyReservations')}</a>
                  <a href="/account">{t('navAccount')}</a>
                  <form method="post" action="/logout" class="inline-form">
                    <button type="submit" class="link-button">
                      {t('navLogout')}
                    </button>
                  </form>
                </>
              ) : (
                <>
                  <a href="/login">{t('navLogin')}</a>
                  <a href="/register">{t('navRegister')}</a>
                </>
              )}
              <a class="lang-switch" href={urlWithLang(c, other)} hreflang={other} lang={other}>
                {t('switchLanguage')}
              </a>
            </div>
          </div>
          <nav class="wrap main-nav" aria-label={t('mainNav')}>
            <ul>
              <li>
                <a href="/search">{t('navSearch')}</a>
              </li>
              <li>
                <a href="/#wards">{t('navWards')}</a>
              </li>
              <li>
                <a href="/lottery">{t('navLottery')}</a>
              </li>
              <li>
                <a href="/appointments">{t('navAppointments')}</a>
              </li>
            </ul>
          </nav>
          {c.get('demo') ? (
            <p class="demo-banner">
              <strong>DEMO</strong> {t('demoBanner')}
            </p>
          ) : null}
        </header>
        <div class="wrap">
          {props.crumbs && props.crumbs.length > 0 ? (
            <nav aria-label={t('breadcrumb')} class="breadcrumbs">
              <ol>
                {props.crumbs.map((crumb, i) => (
                  <li>
                    {crumb.href && i < (props.crumbs?.length ?? 0) - 1 ? (
                      <a href={crumb.href}>{crumb.label}</a>
                    ) : (
                      <span aria-current="page">{crumb.label}</span>
                    )}
                  </li>
                ))}
              </ol>
            </nav>
          ) : null}
          <main id="main" tabindex={-1}>
            {props.children}
          </main>
        </div>
        <footer class="site-footer">
          <div class="wrap">
            <p>{t('footerNote')}</p>
            <p>
              <a href="/opendata">{t('navOpenData')}</a>
            </p>
            <p>
              <a href="/districts">{t('navDistricts')}</a>
            </p>
            <p>
              <a href="/api/v1/openapi.json">{t('apiDocs')}</a>
            </p>
          </div>
        </footer>
      </body>
    </html>
  );
  // Components take their own texts (the required marker) from the provider, in the visitor's language.
  const html = (<PageTexts.Provider value={t}>{page}</PageTexts.Provider>).toString();
  return c.html(`<!DOCTYPE html>${withCsrfFields(html, c.get('csrf'))}`, status);
}

const POST_FORM = /(<form\b[^>]*\bmethod="post"[^>]*>)([\s\S]*?<\/form>)/gi;

/**
 * Puts the session's token into every POST form of the page that does not carry it yet, here, once,
 * rather than in each view: a signed-in visitor's login, registration or reset form (or any form a view
 * forgot) would otherwise be refused. Forms cannot nest in HTML, so each runs to the next </form>. The
 * markup is our own rendered output, in which "<form" cannot come from text (text is escaped).
 */
export function withCsrfFields(html: string, token: string | undefined): string {
  if (!token) return html;
  const field = `<input type="hidden" name="_csrf" value="${token.replace(/[^\w-]/g, '')}"/>`;
  return html.replace(POST_FORM, (whole, open: string, rest: string) => (rest.includes('name="_csrf"') ? whole : `${open}${field}${rest}`));
}

export { raw };
