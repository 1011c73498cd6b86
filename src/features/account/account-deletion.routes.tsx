/**
 * Deleting one's own account (/account/delete): what happens, then the password again. Refused, with the
 * groups named, while the person represents one. Rules: account-deletion.service.ts.
 */
import { Hono } from 'hono';
import type { AppEnv } from '../../http/env.ts';
import { formOf, orFieldErrors, parseForm } from '../../http/forms.ts';
import { logOut } from '../../http/session.ts';
import { requireLogin } from '../../platform/authz/require-login.ts';
import { renderPage } from '../../ui/layout.tsx';
import { deleteOwnAccount, groupsBlockingDeletion } from './account-deletion.service.ts';
import { deleteAccountForm } from './household.schema.ts';
import { AccountDeletedPage, DeleteAccountPage } from './views/account-delete-pages.tsx';

export function accountDeletionRoutes() {
  const app = new Hono<AppEnv>();
  app.use('/account/delete', requireLogin);

  app.get('/account/delete', async (c) => {
    const user = c.get('actor');
    const t = c.get('t');
    const representing = await groupsBlockingDeletion(c.get('deps').db, user.id);
    return renderPage(c, {
      title: t('accountDeleteTitle'),
      crumbs: [{ href: '/account', label: t('accountTitle') }, { label: t('accountDeleteTitle') }],
      children: <DeleteAccountPage t={t} representing={representing} errors={[]} />,
    });
  });

  app.post('/account/delete', async (c) => {
    const user = c.get('actor');
    const { db, clock, notifier } = c.get('deps');
    const t = c.get('t');
    const representing = await groupsBlockingDeletion(db, user.id);
    const refuse = (errors: { field: string; message: string }[], status: 403 | 422) =>
      renderPage(
        c,
        {
          title: `${t('errorSummaryTitle')}: ${t('accountDeleteTitle')}`,
          children: <DeleteAccountPage t={t} representing={representing} errors={errors} />,
        },
        status,
      );
    if (representing.length > 0) return refuse([], 403);
    const parsed = parseForm(c, deleteAccountForm, await formOf(c));
    if (!parsed.ok) return refuse(parsed.errors, 422);
    const deleted = await orFieldErrors(c, () => deleteOwnAccount(db, clock, user, parsed.data.password));
    if (!deleted.ok) return refuse(deleted.errors, 422);
    notifier.kick();
    await logOut(c);
    c.set('user', undefined);
    return renderPage(c, { title: t('accountDeletedTitle'), children: <AccountDeletedPage t={t} /> });
  });

  return app;
}
