/**
 * Static assets: the stylesheet (the Digital Agency design tokens followed by our own rules) and the
 * favicon. Each is read once and served at a URL with its content hash, so browsers keep it for a year
 * and a new release is fetched at once because its URL changes. The old unhashed stylesheet URL keeps
 * working with a short cache for pages someone saved or a proxy still holds.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { type Context, Hono } from 'hono';

export interface Asset {
  /** The fingerprinted URL pages link to. */
  href: string;
  body: string;
  contentType: string;
  etag: string;
}

const IMMUTABLE = 'public, max-age=31536000, immutable';
const SHORT = 'public, max-age=300';

function fingerprinted(name: string, extension: string, body: string, contentType: string): Asset {
  const hash = createHash('sha256').update(body).digest('base64url').slice(0, 16);
  return { href: `/assets/${name}.${hash}.${extension}`, body, contentType, etag: `"${hash}"` };
}

let stylesheet: Asset | undefined;
let favicon: Asset | undefined;

/** Built on first use and kept: the files ship with the code, they do not change while it runs. */
export function stylesheetAsset(): Asset {
  if (!stylesheet) {
    const require = createRequire(import.meta.url);
    const tokens = readFileSync(require.resolve('@digital-go-jp/design-tokens/dist/tokens.css'), 'utf8');
    const ours = readFileSync(new URL('../ui/app.css', import.meta.url), 'utf8');
    stylesheet = fingerprinted('app', 'css', `${tokens}\n${ours}`, 'text/css; charset=utf-8');
  }
  return stylesheet;
}

export function faviconAsset(): Asset {
  favicon ??= fingerprinted('favicon', 'svg', readFileSync(new URL('../ui/favicon.svg', import.meta.url), 'utf8'), 'image/svg+xml');
  return favicon;
}

function serve(c: Context, asset: Asset, cacheControl: string) {
  const headers = { 'cache-control': cacheControl, etag: asset.etag };
  if (c.req.header('if-none-match') === asset.etag) return c.body(null, 304, headers);
  return c.body(asset.body, 200, { ...headers, 'content-type': asset.contentType });
}

export function assetRoutes(): Hono {
  const css = stylesheetAsset();
  const icon = faviconAsset();
  const app = new Hono();
  app.get(css.href, (c) => serve(c, css, IMMUTABLE));
  app.get('/assets/app.css', (c) => serve(c, css, SHORT));
  app.get(icon.href, (c) => serve(c, icon, IMMUTABLE));
  // Browsers that ignore <link rel="icon"> still ask for /favicon.ico: point them at the real one.
  app.get('/favicon.ico', (c) => {
    c.header('cache-control', 'public, max-age=86400');
    return c.redirect(icon.href, 301);
  });
  return app;
}
