/**
 * /dev/outbox: the mails the system would have sent, with their bodies, for development and demos (admins
 * see every delivery, without bodies, at /staff/outbox). The mails hold
 * password-reset links, which nobody else may read, so it exists only when DEV_OUTBOX=1 is set and no
 * SMTP server is configured (see app.tsx), and answers only a browser on the same machine that talks to
 * the app directly. Anything else gets the ordinary 404, so the page does not even show it exists.
 */
import { getConnInfo } from '@hono/node-server/conninfo';
import { type Context, Hono } from 'hono';
import { NotFoundError } from '../lib/errors.ts';
import { emailOutbox } from '../platform/notify/outbox.repository.ts';
import { renderPage } from '../ui/layout.tsx';
import type { AppEnv } from './env.ts';

/**
 * Headers a proxy (reverse proxy, load balancer, CDN) adds. Behind any of them every visitor reaches us
 * from the proxy's loopback address, so a request carrying one is never treated as local.
 */
const PROXY_HEADERS = [
  'forwarded',
  'forwarded-for',
  'via',
  'x-forwarded-for',
  'x-forwarded-host',
  'x-forwarded-proto',
  'x-forwarded-port',
  'x-forwarded-server',
  'x-real-ip',
  'x-client-ip',
  'x-cluster-client-ip',
  'x-original-forwarded-for',
  'true-client-ip',
  'cf-connecting-ip',
  'fastly-client-ip',
] as const;

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

/** The socket peer is this machine and nothing says a proxy passed the request on. */
function isDirectLocal(c: Context<AppEnv>): boolean {
  if (PROXY_HEADERS.some((name) => c.req.header(name) !== undefined)) return false;
  try {
    return LOOPBACK.has(getConnInfo(c).remote.address ?? '');
  } catch {
    return false; // no socket (a request made inside the process): nothing to judge by
  }
}

export function devOutboxRoutes() {
  const app = new Hono<AppEnv>();
  app.get('/dev/outbox', async (c) => {
    if (!isDirectLocal(c)) throw new NotFoundError('page');
    const rows = await emailOutbox(c.get('deps').db).selectAll().orderBy('created_at', 'desc').limit(50).execute();
    const t = c.get('t');
    return renderPage(c, {
      title: t('outboxTitle'),
      children: (
        <>
          <h1>{t('outboxTitle')}</h1>
          <p>{t('outboxLead')}</p>
          {rows.length === 0 ? <p>{t('none')}</p> : null}
          {rows.map((m) => (
            <section class="card" aria-label={m.subject}>
              <h2>{m.subject}</h2>
              <p class="meta">
                To: {m.to_address} · {m.created_at}
              </p>
              <pre class="mail-body">{m.body_text}</pre>
            </section>
          ))}
        </>
      ),
    });
  });
  return app;
}
