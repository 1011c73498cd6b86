/**
 * /dev/outbox: the mails the system would have sent, for development and demos. Mounted only when no
 * SMTP server is configured, and shown only to a city admin or, in a development setup, to a browser on
 * the same machine: the mails hold password-reset links, which nobody else may read.
 */
import { Hono } from 'hono';
import { ForbiddenError } from '../lib/errors.ts';
import { renderPage } from '../ui/layout.tsx';
import type { AppEnv } from './env.ts';
import { clientIp } from './rate-limit.ts';

export function devOutboxRoutes() {
  const app = new Hono<AppEnv>();
  app.get('/dev/outbox', async (c) => {
    // A development setup (PUBLIC_URL on localhost) lets the local browser read it; anywhere else only an
    // admin may, since behind a reverse proxy every visitor would look local.
    const ip = clientIp(c);
    const devSetup = ['localhost', '127.0.0.1'].includes(new URL(c.get('deps').config.publicUrl).hostname);
    const local = devSetup && !c.req.header('x-forwarded-for') && (ip === '127.0.0.1' || ip === '::1' || ip === '::ffff:127.0.0.1');
    if (!local && c.get('user')?.role !== 'admin') throw new ForbiddenError('outbox: local development or admin only');
    const rows = await c.get('deps').db.selectFrom('outbox').selectAll().orderBy('created_at', 'desc').limit(50).execute();
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
