/**
 * An association's pages: its public page (officers see more on it), the officers' joining tools, a
 * passcode's printable slip, and the resident's passcode join. Server-rendered forms, no JavaScript.
 * Who may: association.policy.ts, asked by the services.
 */
import { type Context, Hono } from 'hono';
import { clientIp } from '../../http/client-ip.ts';
import type { AppEnv } from '../../http/env.ts';
import { formOf, parseForm } from '../../http/forms.ts';
import { type FieldError, InvalidInputError, NotFoundError, translateIssues } from '../../lib/errors.ts';
import { qrSvg } from '../../lib/qr.ts';
import { requireLogin } from '../../platform/authz/require-login.ts';
import { renderPage } from '../../ui/layout.tsx';
import { ID, joinForm, passcodeForm, settingsForm } from './association.schema.ts';
import {
  associationPage,
  createPasscode,
  joiningTools,
  passcodeForPrint,
  revokePasscode,
  setRequiresApproval,
} from './association.service.ts';
import { decideJoinRequest, type JoinOutcome, joinByPasscode } from './association-join.service.ts';
import { AssociationPageView } from './views/association-page.tsx';
import { JoiningToolsPage, JoinPage, PasscodeSlip } from './views/joining-pages.tsx';

const NOTICES = {
  created: 'noticeAssocPasscodeCreated',
  revoked: 'noticeAssocPasscodeRevoked',
  saved: 'noticeAssocSettingsSaved',
  approved: 'noticeAssocApproved',
  declined: 'noticeAssocDeclined',
} as const;

const idParam = (c: Context<AppEnv>, name: string) => {
  const id = c.req.param(name) ?? '';
  if (!ID.test(id)) throw new NotFoundError('page');
  return id;
};

export function associationRoutes() {
  const app = new Hono<AppEnv>();
  app.use('/associations/join', requireLogin);
  // Not '/associations/:id/*': that pattern takes the public page itself too.
  for (const path of [
    '/associations/:id/manage',
    '/associations/:id/passcodes/*',
    '/associations/:id/settings',
    '/associations/:id/requests/*',
  ]) {
    app.use(path, requireLogin);
  }

  const joinPage = (
    c: Context<AppEnv>,
    o: { code?: string; errors?: FieldError[]; outcome?: JoinOutcome },
    status: 200 | 409 | 422 | 429,
  ) => {
    const t = c.get('t');
    const errors = o.errors ?? [];
    return renderPage(
      c,
      {
        title: errors.length > 0 ? `${t('errorSummaryTitle')}: ${t('assocJoinTitle')}` : t('assocJoinTitle'),
        crumbs: [{ href: '/account', label: t('navAccount') }, { label: t('assocJoinTitle') }],
        children: <JoinPage t={t} code={o.code} errors={errors} outcome={o.outcome} />,
      },
      status,
    );
  };

  app.get('/associations/join', (c) => joinPage(c, { code: c.req.query('code')?.slice(0, 40) }, 200));

  app.post('/associations/join', async (c) => {
    const { db, clock, authLimiter } = c.get('deps');
    const t = c.get('t');
    const form = await formOf(c);
    const typed = form.code?.slice(0, 40);
    const parsed = parseForm(c, joinForm, form);
    if (!parsed.ok) return joinPage(c, { code: typed, errors: parsed.errors }, 422);
    // Every well-formed try counts, before the code is looked up: racing guesses cannot get past the budget.
    const wait = await authLimiter.passcodeTry(clientIp(c), c.get('actor').id);
    if (wait > 0) {
      const errors = [{ field: 'code', message: t('errAssocTooManyTries', { minutes: Math.ceil(wait / 60) }) }];
      return joinPage(c, { code: typed, errors }, 429);
    }
    try {
      const outcome = await joinByPasscode(db, clock, c.get('actor'), parsed.data.code);
      const ok = outcome.kind === 'joined' || outcome.kind === 'pending';
      return joinPage(c, { code: typed, outcome }, ok ? 200 : 409);
    } catch (error) {
      if (!(error instanceof InvalidInputError)) throw error;
      return joinPage(c, { code: typed, errors: translateIssues(t, error.issues) }, 422);
    }
  });

  app.get('/associations/:id', async (c) => {
    const { db, clock } = c.get('deps');
    const page = await associationPage(db, clock, c.get('user'), idParam(c, 'id'));
    return renderPage(c, {
      title: page.name,
      description: c.get('t')('assocPrivacy'),
      crumbs: [{ href: '/districts', label: c.get('t')('districtHeading') }, { label: page.name }],
      children: <AssociationPageView t={c.get('t')} lang={c.get('lang')} page={page} />,
    });
  });

  const toolsPage = async (c: Context<AppEnv>, id: string, errors: FieldError[], status: 200 | 422) => {
    const { db, clock } = c.get('deps');
    const t = c.get('t');
    const tools = await joiningTools(db, clock, c.get('actor'), id);
    const done = c.req.query('done');
    const notice = done && done in NOTICES ? t(NOTICES[done as keyof typeof NOTICES]) : undefined;
    const title = t('assocManageTitle', { name: tools.association.name });
    return renderPage(
      c,
      {
        title: errors.length > 0 ? `${t('errorSummaryTitle')}: ${title}` : title,
        crumbs: [{ href: `/associations/${id}`, label: tools.association.name }, { label: t('assocManageLink') }],
        children: <JoiningToolsPage t={t} tools={tools} errors={errors} notice={errors.length > 0 ? undefined : notice} />,
      },
      status,
    );
  };

  app.get('/associations/:id/manage', (c) => toolsPage(c, idParam(c, 'id'), [], 200));

  /** Runs an officer's form: its errors re-render the tools page (422), success goes back to it with a notice. */
  const officerPost =
    (run: (c: Context<AppEnv>, id: string, form: Record<string, string>) => Promise<keyof typeof NOTICES | FieldError[]>) =>
    async (c: Context<AppEnv>) => {
      const id = idParam(c, 'id');
      try {
        const result = await run(c, id, await formOf(c));
        if (Array.isArray(result)) return toolsPage(c, id, result, 422);
        return c.redirect(`/associations/${id}/manage?done=${result}`, 303);
      } catch (error) {
        if (!(error instanceof InvalidInputError)) throw error;
        return toolsPage(c, id, translateIssues(c.get('t'), error.issues), 422);
      }
    };

  app.post(
    '/associations/:id/passcodes',
    officerPost(async (c, id, form) => {
      const parsed = parseForm(c, passcodeForm, form);
      if (!parsed.ok) return parsed.errors;
      const { db, clock } = c.get('deps');
      await createPasscode(db, clock, c.get('actor'), id, parsed.data.hanId);
      return 'created';
    }),
  );

  app.post(
    '/associations/:id/passcodes/:pid/revoke',
    officerPost(async (c, id) => {
      const { db, clock } = c.get('deps');
      await revokePasscode(db, clock, c.get('actor'), id, idParam(c, 'pid'));
      return 'revoked';
    }),
  );

  app.post(
    '/associations/:id/settings',
    officerPost(async (c, id, form) => {
      const parsed = parseForm(c, settingsForm, form);
      if (!parsed.ok) return parsed.errors;
      const { db, clock } = c.get('deps');
      await setRequiresApproval(db, clock, c.get('actor'), id, parsed.data.requiresApproval === 'yes');
      return 'saved';
    }),
  );

  for (const [path, decision] of [
    ['approve', 'approved'],
    ['decline', 'declined'],
  ] as const) {
    app.post(
      `/associations/:id/requests/:rid/${path}`,
      officerPost(async (c, id) => {
        const { db, clock } = c.get('deps');
        await decideJoinRequest(db, clock, c.get('actor'), id, idParam(c, 'rid'), decision);
        return decision;
      }),
    );
  }

  app.get('/associations/:id/passcodes/:pid/print', async (c) => {
    const { db, clock, config } = c.get('deps');
    const t = c.get('t');
    const { association, code } = await passcodeForPrint(db, clock, c.get('actor'), idParam(c, 'id'), idParam(c, 'pid'));
    if (code.revoked_at) throw new NotFoundError('page');
    const url = `${config.publicUrl}/associations/join?code=${code.code}`;
    return renderPage(c, {
      title: t('assocPrintTitle', { name: association.name }),
      crumbs: [{ href: `/associations/${association.id}/manage`, label: t('assocManageLink') }, { label: t('assocPrintCode') }],
      children: <PasscodeSlip t={t} name={association.name} hanName={code.han_name} code={code.code} url={url} qrSvg={await qrSvg(url)} />,
    });
  });

  return app;
}
