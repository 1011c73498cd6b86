/**
 * /inbox/settings (受け取り方): how a signed-in person gets their messages — email, LINE, paper. The
 * language is not offered yet: every template is still Japanese only (users.language waits for them).
 * One choice for every kind of message (`notify_preferences` kind '*');
 * the inbox always has them. A channel the person cannot be reached by (no address, LINE not linked) is
 * shown but not offered, and someone with neither email nor LINE keeps paper whatever they tick, so
 * nobody is left unreached (chooseChannels). A plain form: works without JavaScript.
 */
import { type Context, Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../../http/env.ts';
import { formValues, parseForm } from '../../http/forms.ts';
import type { FieldError } from '../../lib/errors.ts';
import { Checkboxes, ErrorSummary, Notice } from '../../ui/components.tsx';
import { renderPage } from '../../ui/layout.tsx';
import { requireLogin } from '../authz/require-login.ts';
import { chooseChannels, setChannelChoice } from './notify.ts';

const CHANNELS = ['email', 'line', 'paper'] as const;
const settingsForm = z.object({
  channels: z.array(z.enum(CHANNELS, { error: 'errNotifyChannel' })).max(3),
});

type C = Context<AppEnv>;

async function reachOf(c: C) {
  const { db } = c.get('deps');
  const id = c.get('actor').id;
  const [person, link, saved] = await Promise.all([
    db.selectFrom('users').select(['email']).where('id', '=', id).executeTakeFirstOrThrow(),
    db.selectFrom('line_links').select('user_id').where('user_id', '=', id).executeTakeFirst(),
    db.selectFrom('notify_preferences').selectAll().where('user_id', '=', id).where('kind', '=', '*').executeTakeFirst(),
  ]);
  const has = { email: Boolean(person.email), line: Boolean(link) };
  const choice = saved ? { email: saved.email === 1, line: saved.line === 1, paper: saved.paper === 1 } : undefined;
  return { has, chosen: chooseChannels(has, choice) };
}

async function settingsPage(c: C, errors: FieldError[], status: 200 | 422, notice?: string) {
  const t = c.get('t');
  const { has, chosen } = await reachOf(c);
  const unavailable = (channel: 'email' | 'line') =>
    has[channel] ? '' : `（${t(channel === 'email' ? 'notifyNoEmail' : 'notifyNoLine')}）`;
  return renderPage(
    c,
    {
      title: errors.length > 0 ? `${t('errorSummaryTitle')}: ${t('notifySettingsTitle')}` : t('notifySettingsTitle'),
      crumbs: [{ href: '/', label: t('home') }, { href: '/inbox', label: t('inboxTitle') }, { label: t('notifySettingsTitle') }],
      children: (
        <>
          <h1>{t('notifySettingsTitle')}</h1>
          {notice ? <Notice tone="success">{notice}</Notice> : null}
          {errors.length > 0 ? <ErrorSummary title={t('errorSummaryTitle')} errors={errors} /> : null}
          <p>{t('notifySettingsLead')}</p>
          <form method="post" action="/inbox/settings" novalidate>
            <Checkboxes
              name="channels"
              legend={t('notifyChannelsLegend')}
              values={CHANNELS.filter((ch) => chosen[ch])}
              errorMessage={errors.find((e) => e.field === 'channels')?.message}
              options={[
                { value: 'email', label: `${t('notifyChannelEmail')}${unavailable('email')}` },
                { value: 'line', label: `${t('notifyChannelLine')}${unavailable('line')}` },
                { value: 'paper', label: t('notifyChannelPaper') },
              ]}
            />
            {!has.email && !has.line ? <p class="field__hint">{t('notifyPaperKept')}</p> : null}
            <button type="submit" class="button">
              {t('notifySettingsSave')}
            </button>
          </form>
          <p>
            <a href="/account/line">{t('notifyLinkLine')}</a>
          </p>
        </>
      ),
    },
    status,
  );
}

export function notifyPreferenceRoutes() {
  const app = new Hono<AppEnv>();
  app.use('/inbox/settings', requireLogin);

  app.get('/inbox/settings', (c) =>
    settingsPage(c, [], 200, c.req.query('notice') === 'saved' ? c.get('t')('notifySettingsSaved') : undefined),
  );

  app.post('/inbox/settings', async (c) => {
    const { db, clock } = c.get('deps');
    const parsed = parseForm(c, settingsForm, { channels: await formValues(c, 'channels') });
    if (!parsed.ok) return settingsPage(c, parsed.errors, 422);
    const ticked = new Set(parsed.data.channels);
    const id = c.get('actor').id;
    await setChannelChoice(db, id, '*', { email: ticked.has('email'), line: ticked.has('line'), paper: ticked.has('paper') }, clock.now());
    return c.redirect('/inbox/settings?notice=saved', 303);
  });
  return app;
}
