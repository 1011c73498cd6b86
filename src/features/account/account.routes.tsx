/** Account pages: register, log in/out, password reset, my account, API tokens (groups: group.routes.tsx). */
import { type Context, Hono } from 'hono';
import { clientIp } from '../../http/client-ip.ts';
import type { AppEnv } from '../../http/env.ts';
import { formOf, parseForm, safeNext } from '../../http/forms.ts';
import { logIn, logOut } from '../../http/session.ts';
import type { MessageKey } from '../../lib/i18n.ts';
import type { User } from '../../platform/authz/actor.ts';
import { isStaff } from '../../platform/authz/policy.ts';
import { requireLogin } from '../../platform/authz/require-login.ts';
import { renderPage } from '../../ui/layout.tsx';
import { forgotForm, loginForm, registerForm, resetForm, tokenNameForm } from './account.schema.ts';
import * as accounts from './account.service.ts';
import { groupsOf, invitationsFor } from './group.service.ts';
import { AccountPage } from './views/account-page.tsx';
import { ForgotPage, LoginPage, RegisterPage, RegisterSentPage, ResetPage } from './views/auth-pages.tsx';

const notices: Record<string, MessageKey> = {
  registered: 'noticeRegistered',
  multipurpose: 'noticeMultipurpose',
  revoked: 'noticeTokenRevoked',
  accepted: 'noticeInvitationAccepted',
  declined: 'noticeInvitationDeclined',
  left: 'noticeLeftGroup',
  reset: 'noticePasswordReset',
  loggedOut: 'noticeLoggedOut',
};

export function accountRoutes() {
  const app = new Hono<AppEnv>();
  const noticeOf = (key: string | undefined, t: (k: MessageKey) => string) => {
    const notice = notices[key ?? ''];
    return notice ? t(notice) : undefined;
  };

  app.get('/register', (c) => {
    const t = c.get('t');
    return renderPage(c, {
      title: t('registerTitle'),
      children: <RegisterPage t={t} lang={c.get('lang')} values={{}} errors={[]} next={safeNext(c.req.query('next'), '')} />,
    });
  });

  app.post('/register', async (c) => {
    const { db, clock, config, notifier, authLimiter } = c.get('deps');
    const t = c.get('t');
    const form = await formOf(c);
    // After registering from a booking link, logging in goes back to it.
    const next = safeNext(form.next, '');
    const parsed = parseForm(c, registerForm, form);
    if (!parsed.ok) {
      const { password: _p, passwordConfirm: _c, ...values } = form;
      return renderPage(
        c,
        {
          title: `${t('errorSummaryTitle')}: ${t('registerTitle')}`,
          children: <RegisterPage t={t} lang={c.get('lang')} values={values} errors={parsed.errors} next={next} />,
        },
        422,
      );
    }
    // The same answer for a new and a registered address ("check your mail"), and no login here: which
    // of the two it was reaches only the owner of the address, by mail.
    const withinBudget = (await authLimiter.mailRequest(clientIp(c), parsed.data.email)) === 0;
    await accounts.registerOnline(
      db,
      clock,
      { ...parsed.data, language: c.get('lang') },
      { publicUrl: config.publicUrl, mayNotifyOwner: withinBudget },
    );
    notifier.kick();
    return renderPage(c, { title: t('registerTitle'), children: <RegisterSentPage t={t} next={next} /> });
  });

  app.get('/login', (c) => {
    const t = c.get('t');
    return renderPage(c, {
      title: t('loginTitle'),
      children: (
        <LoginPage t={t} values={{}} errors={[]} next={safeNext(c.req.query('next'), '')} notice={noticeOf(c.req.query('notice'), t)} />
      ),
    });
  });

  app.post('/login', async (c) => {
    const { db, authLimiter } = c.get('deps');
    const t = c.get('t');
    const form = await formOf(c);
    const page = (errors: { field: string; message: string }[], status: 401 | 422 | 429) =>
      renderPage(
        c,
        {
          title: `${t('errorSummaryTitle')}: ${t('loginTitle')}`,
          children: <LoginPage t={t} values={{ login: form.login }} errors={errors} next={safeNext(form.next, '')} />,
        },
        status,
      );
    const parsed = parseForm(c, loginForm, form);
    if (!parsed.ok) return page(parsed.errors, 422);
    const outcome = await accounts.logInWithinLimits(db, authLimiter, clientIp(c), parsed.data.login, parsed.data.password);
    if (!outcome.ok && outcome.waitSeconds > 0) {
      return page([{ field: 'login', message: t('errTooManyLogins', { minutes: Math.ceil(outcome.waitSeconds / 60) }) }], 429);
    }
    if (!outcome.ok) return page([{ field: 'login', message: t('errLoginFailed') }], 401);
    const user = outcome.user;
    await logIn(c, user.id);
    // Staff land on the back office; residents on their bookings, unless they came from somewhere.
    return c.redirect(safeNext(form.next, isStaff(user) ? '/staff' : '/my/reservations'), 303);
  });

  app.post('/logout', async (c) => {
    await logOut(c);
    return c.redirect('/login?notice=loggedOut', 303);
  });

  app.get('/password/forgot', (c) => {
    const t = c.get('t');
    return renderPage(c, { title: t('forgotTitle'), children: <ForgotPage t={t} values={{}} errors={[]} sent={false} /> });
  });

  app.post('/password/forgot', async (c) => {
    const { db, clock, config, notifier, authLimiter, background } = c.get('deps');
    const t = c.get('t');
    const form = await formOf(c);
    const parsed = parseForm(c, forgotForm, form);
    if (!parsed.ok) {
      return renderPage(
        c,
        { title: t('forgotTitle'), children: <ForgotPage t={t} values={form} errors={parsed.errors} sent={false} /> },
        422,
      );
    }
    const { email } = parsed.data;
    // Counted per address and per client before anything is looked up, so the limit answers alike for
    // registered and unknown addresses.
    const wait = await authLimiter.mailRequest(clientIp(c), email);
    if (wait > 0) {
      const errors = [{ field: 'email', message: t('errTooManyResets', { minutes: Math.ceil(wait / 60) }) }];
      return renderPage(c, { title: t('forgotTitle'), children: <ForgotPage t={t} values={form} errors={errors} sent={false} /> }, 429);
    }
    // The lookup, the link and the mail happen after the response: the answer is the same, and as fast,
    // whether the address is registered or not.
    background.run('password reset request', async () => {
      await accounts.requestPasswordReset(db, clock, email, config.publicUrl);
      notifier.kick();
    });
    return renderPage(c, { title: t('forgotTitle'), children: <ForgotPage t={t} values={{}} errors={[]} sent={true} /> });
  });

  app.get('/password/reset', (c) => {
    const t = c.get('t');
    const token = c.req.query('token') ?? '';
    return renderPage(c, { title: t('resetTitle'), children: <ResetPage t={t} token={token} errors={[]} invalid={token.length < 10} /> });
  });

  app.post('/password/reset', async (c) => {
    const { db, clock, authLimiter } = c.get('deps');
    const t = c.get('t');
    const form = await formOf(c);
    const parsed = parseForm(c, resetForm, form);
    if (!parsed.ok) {
      return renderPage(
        c,
        { title: t('resetTitle'), children: <ResetPage t={t} token={form.token ?? ''} errors={parsed.errors} invalid={false} /> },
        422,
      );
    }
    const userId = await accounts.resetPassword(db, clock, parsed.data.token, parsed.data.password);
    if (!userId) {
      return renderPage(c, { title: t('resetTitle'), children: <ResetPage t={t} token="" errors={[]} invalid={true} /> }, 422);
    }
    // The owner proved they read the account's mail: earlier failed guesses no longer hold them back.
    await authLimiter.loginSucceeded(accounts.accountLimitKey(userId));
    return c.redirect('/login?notice=reset', 303);
  });

  app.get('/account', requireLogin, async (c) => {
    const user = c.get('actor');
    return renderAccountPage(c, user, { notice: noticeOf(c.req.query('notice'), c.get('t')) });
  });

  app.post('/account/multipurpose', requireLogin, async (c) => {
    const user = c.get('actor');
    const { db, clock } = c.get('deps');
    await accounts.requestMultipurpose(db, clock, user.id);
    return c.redirect('/account?notice=multipurpose', 303);
  });

  app.post('/account/tokens', requireLogin, async (c) => {
    const user = c.get('actor');
    const { db, clock } = c.get('deps');
    const t = c.get('t');
    const parsed = parseForm(c, tokenNameForm, await formOf(c));
    const name = parsed.ok ? parsed.data.name : t('tokenDefaultName');
    const token = await accounts.issueApiToken(db, clock, user.id, name);
    // Shown once, on this response only: the database keeps just its hash.
    return renderAccountPage(c, user, { newToken: token });
  });

  app.post('/account/tokens/:id/revoke', requireLogin, async (c) => {
    const user = c.get('actor');
    const { db, clock } = c.get('deps');
    await accounts.revokeApiToken(db, clock, user.id, c.req.param('id'));
    return c.redirect('/account?notice=revoked', 303);
  });

  return app;
}

/** My account: the person, their groups and invitations, and their API tokens (a new one shown once). */
async function renderAccountPage(c: Context<AppEnv>, user: User, extra: { notice?: string | undefined; newToken?: string }) {
  const { db } = c.get('deps');
  const t = c.get('t');
  const [groups, invitations, tokens] = await Promise.all([
    groupsOf(db, user.id),
    invitationsFor(db, user.id),
    accounts.listApiTokens(db, user.id),
  ]);
  return renderPage(c, {
    title: t('accountTitle'),
    children: (
      <AccountPage
        t={t}
        lang={c.get('lang')}
        user={user}
        groups={groups}
        invitations={invitations.map((i) => ({
          id: i.id,
          groupName: i.group_name,
          invitedByName: i.invited_by_name,
          createdAt: i.created_at,
        }))}
        tokens={tokens.map((tok) => ({ id: tok.id, name: tok.name, createdAt: tok.created_at, lastUsedAt: tok.last_used_at }))}
        csrf={c.get('csrf')}
        {...extra}
      />
    ),
  });
}
