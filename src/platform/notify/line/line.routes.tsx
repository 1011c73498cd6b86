/**
 * LINE pages: /account/line (a signed-in person links or unlinks their LINE account) and /staff/line
 * (admins see this month's LINE quota). The webhook is line-webhook.ts.
 */
import { type Context, Hono } from 'hono';
import type { AppEnv } from '../../../http/env.ts';
import { renderPage } from '../../../ui/layout.tsx';
import { requireAdmin } from '../../authz/policy.ts';
import { requireLogin } from '../../authz/require-login.ts';
import { countLinks } from './line.repository.ts';
import { createLineClient } from './line-client.ts';
import { CODE_TTL_MINUTES, issueLinkCode, lineLinkState, unlinkLine } from './line-link.service.ts';
import { readQuota } from './line-quota.ts';
import { AccountLinePage, type AccountLineView, StaffLinePage, type StaffLineView } from './views/line-pages.tsx';

export function lineRoutes() {
  const app = new Hono<AppEnv>();

  const accountPage = async (c: Context<AppEnv>, extra: Pick<AccountLineView, 'code' | 'notice'>) => {
    const { db, clock, config } = c.get('deps');
    const t = c.get('t');
    const state = await lineLinkState(db, clock, c.get('actor').id);
    const view: AccountLineView = {
      configured: config.line !== undefined,
      friendUrl: config.line?.friendUrl,
      linkedAt: state.linkedAt,
      codeValidUntil: state.codeValidUntil,
      codeMinutes: CODE_TTL_MINUTES,
      ...extra,
    };
    return renderPage(c, {
      title: t('lineTitle'),
      crumbs: [{ href: '/account', label: t('navAccount') }, { label: t('lineTitle') }],
      children: <AccountLinePage t={t} view={view} />,
    });
  };

  app.get('/account/line', requireLogin, (c) => {
    const t = c.get('t');
    const done = c.req.query('done');
    const notice = done === 'unlinked' ? t('lineUnlinked') : done === 'none' ? t('lineNotLinkedAnyway') : undefined;
    return accountPage(c, { code: undefined, notice });
  });

  // The code is shown in the answer to this POST and never again: only its hash is kept.
  app.post('/account/line/code', requireLogin, async (c) => {
    const { db, clock, config } = c.get('deps');
    if (!config.line) return c.redirect('/account/line', 303);
    const code = await issueLinkCode(db, clock, c.get('actor').id);
    return accountPage(c, { code, notice: undefined });
  });

  app.post('/account/line/unlink', requireLogin, async (c) => {
    const removed = await unlinkLine(c.get('deps').db, c.get('actor').id);
    return c.redirect(`/account/line?done=${removed ? 'unlinked' : 'none'}`, 303);
  });

  app.get('/staff/line', requireLogin, async (c) => {
    requireAdmin(c.get('actor'));
    const { db, clock, config } = c.get('deps');
    const t = c.get('t');
    const linked = await countLinks(db);
    const view: StaffLineView = {
      configured: config.line !== undefined,
      quota: undefined,
      quotaError: undefined,
      linked,
      allFit: undefined,
    };
    if (config.line) {
      const client = createLineClient({
        channelAccessToken: config.line.channelAccessToken,
        apiBase: config.line.apiBase,
        timeoutMs: 5000,
        now: () => clock.now(),
      });
      const reading = await readQuota(client);
      if (reading.ok) {
        view.quota = reading.quota;
        view.allFit = reading.quota.remaining === null || linked <= reading.quota.remaining;
      } else view.quotaError = reading.error;
    }
    return renderPage(c, {
      title: t('lineStaffTitle'),
      crumbs: [{ href: '/staff', label: t('staffTitle') }, { label: t('lineStaffTitle') }],
      children: <StaffLinePage t={t} view={view} />,
    });
  });

  return app;
}
