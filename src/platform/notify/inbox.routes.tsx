/**
 * /inbox: every signed-in person's messages, newest first, unread marked; opening one marks it read.
 * Plain links and a table: works without JavaScript. The header's unread count comes from
 * `unreadCount()` below, one count query per page for signed-in people only.
 */

import { Hono } from 'hono';
import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../../http/env.ts';
import { NotFoundError } from '../../lib/errors.ts';
import { toTokyo } from '../../lib/time.ts';
import { renderPage } from '../../ui/layout.tsx';
import { requireLogin } from '../authz/require-login.ts';
import { countUnread, findOwnMessage, listInbox, markRead } from './inbox.repository.ts';

/** 'YYYY-MM-DD HH:MM' in Tokyo. */
export const tokyoStamp = (iso: string): string => {
  const t = toTokyo(new Date(iso));
  return `${t.date} ${t.time}`;
};

const MESSAGE_ID = /^[\w-]{1,80}$/;

/** Sets `unread` for a page request of a signed-in person (not for the API, nor for a form post). */
export const unreadCount = createMiddleware<AppEnv>(async (c, next) => {
  const user = c.get('user');
  if (user && c.req.method === 'GET' && !c.req.path.startsWith('/api/') && !c.get('viaToken')) {
    c.set('unread', await countUnread(c.get('deps').db, user.id));
  }
  await next();
});

export function inboxRoutes() {
  const app = new Hono<AppEnv>();
  app.use('/inbox', requireLogin);
  app.use('/inbox/*', requireLogin);

  app.get('/inbox', async (c) => {
    const t = c.get('t');
    const rows = await listInbox(c.get('deps').db, c.get('actor').id);
    return renderPage(c, {
      title: t('inboxTitle'),
      crumbs: [{ href: '/', label: t('home') }, { label: t('inboxTitle') }],
      children: (
        <>
          <h1>{t('inboxTitle')}</h1>
          <p>{t('inboxLead')}</p>
          <p>
            <a href="/inbox/settings">{t('notifySettingsLink')}</a>
          </p>
          {rows.length === 0 ? (
            <p>{t('inboxEmpty')}</p>
          ) : (
            <div class="scroll">
              <table class="inbox">
                <caption>{t('inboxCaption')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('inboxState')}</th>
                    <th scope="col">{t('inboxSubject')}</th>
                    <th scope="col">{t('inboxReceived')}</th>
                  </tr>
                </thead>
                <tbody>
                  {rows.map((m) => (
                    <tr class={m.read_at ? undefined : 'inbox__unread'}>
                      <td>{m.read_at ? t('inboxRead') : <strong>{t('inboxUnread')}</strong>}</td>
                      <td>
                        <a href={`/inbox/${m.id}`}>{m.read_at ? m.subject : <strong>{m.subject}</strong>}</a>
                      </td>
                      <td>{tokyoStamp(m.created_at)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      ),
    });
  });

  app.get('/inbox/:id', async (c) => {
    const { db, clock } = c.get('deps');
    const t = c.get('t');
    const actor = c.get('actor');
    const id = c.req.param('id');
    const message = MESSAGE_ID.test(id) ? await findOwnMessage(db, actor.id, id) : undefined;
    if (!message) throw new NotFoundError('page');
    if (!message.read_at) {
      await db.transaction().execute((trx) => markRead(trx, actor.id, id, clock.now().toISOString()));
      c.set('unread', Math.max(0, (c.get('unread') ?? 1) - 1));
    }
    return renderPage(c, {
      title: message.subject,
      crumbs: [{ href: '/', label: t('home') }, { href: '/inbox', label: t('inboxTitle') }, { label: message.subject }],
      children: (
        <article>
          <h1>{message.subject}</h1>
          <p class="meta">
            {t('inboxReceived')}: <time datetime={message.created_at}>{tokyoStamp(message.created_at)}</time>
          </p>
          <pre class="mail-body">{message.body_text}</pre>
          <p>
            <a href="/inbox">{t('inboxBack')}</a>
          </p>
        </article>
      ),
    });
  });
  return app;
}
