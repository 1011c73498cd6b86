/**
 * The stylesheet: the Digital Agency design tokens followed by our own rules, read once when the app is
 * built and served with a content hash ETag so browsers revalidate cheaply.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Hono } from 'hono';

export function assetRoutes(): Hono {
  const require = createRequire(import.meta.url);
  const tokens = readFileSync(require.resolve('@digital-go-jp/design-tokens/dist/tokens.css'), 'utf8');
  const ours = readFileSync(new URL('../ui/app.css', import.meta.url), 'utf8');
  const css = `${tokens}\n${ours}`;
  const etag = `"${createHash('sha256').update(css).digest('base64url').slice(0, 16)}"`;
  const app = new Hono();
  app.get('/assets/app.css', (c) => {
    if (c.req.header('if-none-match') === etag) return c.body(null, 304);
    return c.body(css, 200, {
      'content-type': 'text/css; charset=utf-8',
      'cache-control': 'public, max-age=3600',
      etag,
    });
  });
  return app;
}
