/**
 * Group pages: register a group, its page (members, details, invitations, hand-over), and the answers
 * to invitations on the account page. Rules in group.service.ts and group.policy.ts.
 */
import { type Context, Hono } from 'hono';
import type { AppEnv } from '../../http/env.ts';
import { formOf, orFieldErrors, parseForm } from '../../http/forms.ts';
import type { FieldError } from '../../lib/errors.ts';
import type { MessageKey } from '../../lib/i18n.ts';
import { requireLogin } from '../../platform/authz/require-login.ts';
import { renderPage } from '../../ui/layout.tsx';
import { parseId } from '../facility/facility.schema.ts';
import { groupForm, handOverForm, inviteForm } from './account.schema.ts';
import * as groups from './group.service.ts';
import { GroupNewPage, GroupPage } from './views/group-pages.tsx';

const notices: Record<string, MessageKey> = {
  group: 'noticeGroupRegistered',
  invited: 'noticeInvited',
  withdrawn: 'noticeInvitationWithdrawn',
  saved: 'noticeGroupSaved',
  removed: 'noticeMemberRemoved',
  handedOver: 'noticeHandedOver',
  accepted: 'noticeInvitationAccepted',
};

export function groupRoutes() {
  const app = new Hono<AppEnv>();

  const newPage = (c: Context<AppEnv>, values: Record<string, string>, errors: FieldError[], status: 200 | 422) => {
    const t = c.get('t');
    return renderPage(
      c,
      {
        title: errors.length > 0 ? `${t('errorSummaryTitle')}: ${t('groupNewTitle')}` : t('groupNewTitle'),
        children: <GroupNewPage t={t} lang={c.get('lang')} values={values} errors={errors} csrf={c.get('csrf')} />,
      },
      status,
    );
  };

  app.get('/groups/new', requireLogin, (c) => {
    return newPage(c, {}, [], 200);
  });

  app.post('/groups', requireLogin, async (c) => {
    const user = c.get('actor');
    const { db, clock } = c.get('deps');
    const form = await formOf(c);
    const parsed = parseForm(c, groupForm, form);
    const created = parsed.ok ? await orFieldErrors(c, () => groups.registerGroup(db, clock, user.id, parsed.data)) : parsed;
    if (!created.ok) return newPage(c, form, created.errors, 422);
    return c.redirect(`/groups/${created.data.id}?notice=group`, 303);
  });

  /** The group's page; `errors` belong to the form named by `form` (details, invite or hand-over). */
  const groupPage = async (c: Context<AppEnv>, errors: FieldError[], status: 200 | 422, values: Record<string, string> = {}) => {
    const user = c.get('actor');
    const t = c.get('t');
    const view = await groups.groupForMember(c.get('deps').db, parseId(c.req.param('id'), 'page'), user.id);
    const notice = notices[c.req.query('notice') ?? ''];
    return renderPage(
      c,
      {
        title: errors.length > 0 ? `${t('errorSummaryTitle')}: ${view.group.name}` : view.group.name,
        children: (
          <GroupPage
            t={t}
            lang={c.get('lang')}
            {...view}
            userId={user.id}
            csrf={c.get('csrf')}
            errors={errors}
            values={values}
            notice={notice ? t(notice) : undefined}
          />
        ),
      },
      status,
    );
  };

  app.get('/groups/:id', requireLogin, (c) => groupPage(c, [], 200));

  app.post('/groups/:id/details', requireLogin, async (c) => {
    const user = c.get('actor');
    const { db, clock } = c.get('deps');
    const groupId = parseId(c.req.param('id'), 'page');
    const form = await formOf(c);
    const parsed = parseForm(c, groupForm, form);
    if (!parsed.ok) return groupPage(c, parsed.errors, 422, form);
    await groups.updateGroupDetails(db, clock, user.id, groupId, parsed.data);
    return c.redirect(`/groups/${groupId}?notice=saved`, 303);
  });

  app.post('/groups/:id/invitations', requireLogin, async (c) => {
    const user = c.get('actor');
    const { db, clock, notifier } = c.get('deps');
    const groupId = parseId(c.req.param('id'), 'page');
    const parsed = parseForm(c, inviteForm, await formOf(c));
    const invited = parsed.ok ? await orFieldErrors(c, () => groups.invite(db, clock, user.id, groupId, parsed.data.number)) : parsed;
    if (!invited.ok) return groupPage(c, invited.errors, 422);
    notifier.kick();
    return c.redirect(`/groups/${groupId}?notice=invited`, 303);
  });

  app.post('/groups/:id/invitations/:invitation/withdraw', requireLogin, async (c) => {
    const user = c.get('actor');
    const groupId = parseId(c.req.param('id'), 'page');
    await groups.withdrawInvitation(c.get('deps').db, user.id, groupId, parseId(c.req.param('invitation'), 'page'));
    return c.redirect(`/groups/${groupId}?notice=withdrawn`, 303);
  });

  app.post('/groups/:id/members/:member/remove', requireLogin, async (c) => {
    const user = c.get('actor');
    const groupId = parseId(c.req.param('id'), 'page');
    await groups.removeMember(c.get('deps').db, user.id, groupId, parseId(c.req.param('member'), 'page'));
    return c.redirect(`/groups/${groupId}?notice=removed`, 303);
  });

  app.post('/groups/:id/hand-over', requireLogin, async (c) => {
    const user = c.get('actor');
    const { db, clock, notifier } = c.get('deps');
    const groupId = parseId(c.req.param('id'), 'page');
    const parsed = parseForm(c, handOverForm, await formOf(c));
    const done = parsed.ok ? await orFieldErrors(c, () => groups.handOverGroup(db, clock, user.id, groupId, parsed.data.memberId)) : parsed;
    if (!done.ok) return groupPage(c, done.errors, 422);
    notifier.kick();
    return c.redirect(`/groups/${groupId}?notice=handedOver`, 303);
  });

  app.post('/groups/:id/leave', requireLogin, async (c) => {
    const user = c.get('actor');
    const { db, clock, notifier } = c.get('deps');
    await groups.leaveGroup(db, clock, user.id, parseId(c.req.param('id'), 'page'));
    notifier.kick();
    return c.redirect('/account?notice=left', 303);
  });

  app.post('/account/invitations/:id/:answer', requireLogin, async (c) => {
    const user = c.get('actor');
    const { db, clock, notifier } = c.get('deps');
    const answer = c.req.param('answer');
    if (answer !== 'accept' && answer !== 'decline') return c.notFound();
    const groupId = await groups.answerInvitation(db, clock, user.id, parseId(c.req.param('id'), 'page'), answer === 'accept');
    notifier.kick();
    return c.redirect(answer === 'accept' ? `/groups/${groupId}?notice=accepted` : '/account?notice=declined', 303);
  });

  return app;
}
