/**
 * /dev/outbox: the mails the system would have sent, for development and demos. Mounted only when no
 * SMTP server is configured, so a production deployment (with SMTP_URL) never exposes it.
 */
import { Hono } from 'hono';
import { renderPage } from '../ui/layout.tsx';
import type { AppEnv } from './env.ts';

export function devOutboxRoutes() {
  const app = new Hono<AppEnv>();
  app.get('/dev/outbox', async (c) => {
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
