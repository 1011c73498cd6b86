/**
 * /inbox/settings (お知らせの受け取り方): the language messages are written in, and how else than the inbox
 * they reach a signed-in person — email, LINE, paper — for every kind at once and, where someone wants it,
 * per topic (preferences.ts). A channel the person cannot be reached by (no address, LINE not linked) is
 * shown but not offered, and someone with neither email nor LINE keeps paper whatever they tick, so
 * nobody is left unreached (chooseChannels). A plain form: a topic's own boxes are always shown and apply
 * when its "own choice" radio is picked, so it works without JavaScript.
 */
import { type Context, Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../../http/env.ts';
import { formOf, formValues, parseForm } from '../../http/forms.ts';
import type { FieldError } from '../../lib/errors.ts';
import { Checkboxes, ErrorSummary, Notice, Radios } from '../../ui/components.tsx';
import { renderPage } from '../../ui/layout.tsx';
import { requireLogin } from '../authz/require-login.ts';
import type { ChannelChoice } from './notify.ts';
import { type MessageSettings, messageSettingsOf, NOTIFY_TOPICS, saveMessageSettings } from './preferences.ts';

const CHANNELS = ['email', 'line', 'paper'] as const;
const channelList = z.array(z.enum(CHANNELS, { error: 'errNotifyChannel' })).max(3);
const topicMode = z.enum(['same', 'own'], { error: 'errNotifyTopic' }).default('same');
// One pair of fields per topic: topic_booking (same/own) and channels_booking. The template-literal keys
// keep `language` and `channels` typed once spread into the object below.
const topicFields: { [k: `topic_${string}`]: typeof topicMode; [k: `channels_${string}`]: typeof channelList } = Object.fromEntries(
  NOTIFY_TOPICS.flatMap((t) => [
    [`topic_${t.key}`, topicMode],
    [`channels_${t.key}`, channelList],
  ]),
);
const settingsForm = z.object({
  // Absent (an older form): the language stays as it is.
  language: z.enum(['ja', 'en'], { error: 'errNotifyLanguage' }).optional(),
  channels: channelList,
  ...topicFields,
});

type C = Context<AppEnv>;

const ticked = (list: readonly string[]): ChannelChoice => {
  const set = new Set(list);
  return { email: set.has('email'), line: set.has('line'), paper: set.has('paper') };
};
const chosenList = (choice: ChannelChoice) => CHANNELS.filter((ch) => choice[ch]);

function channelOptions(c: C, has: MessageSettings['has']) {
  const t = c.get('t');
  const unavailable = (channel: 'email' | 'line') => (has[channel] ? '' : t(channel === 'email' ? 'notifyNoEmail' : 'notifyNoLine'));
  return [
    { value: 'email', label: `${t('notifyChannelEmail')}${unavailable('email')}` },
    { value: 'line', label: `${t('notifyChannelLine')}${unavailable('line')}` },
    { value: 'paper', label: t('notifyChannelPaper') },
  ];
}

async function settingsPage(c: C, errors: FieldError[], status: 200 | 422, notice?: string) {
  const t = c.get('t');
  const settings = await messageSettingsOf(c.get('deps').db, c.get('actor').id);
  const options = channelOptions(c, settings.has);
  const errorOf = (field: string) => errors.find((e) => e.field === field)?.message;
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
            <Radios
              name="language"
              legend={t('notifyLanguageLegend')}
              hint={t('notifyLanguageHint')}
              value={settings.language}
              errorMessage={errorOf('language')}
              options={[
                { value: 'ja', label: '日本語' },
                { value: 'en', label: 'English' },
              ]}
            />
            <Checkboxes
              name="channels"
              legend={t('notifyChannelsLegend')}
              values={chosenList(settings.general)}
              errorMessage={errorOf('channels')}
              options={options}
            />
            {!settings.has.email && !settings.has.line ? <p class="field__hint">{t('notifyPaperKept')}</p> : null}
            <h2>{t('notifyTopicsTitle')}</h2>
            <p>{t('notifyTopicsLead')}</p>
            {NOTIFY_TOPICS.map((topic) => {
              const own = settings.topics[topic.key];
              return (
                <div class="field notify-topic">
                  <Radios
                    name={`topic_${topic.key}`}
                    legend={t(topic.label)}
                    value={own ? 'own' : 'same'}
                    errorMessage={errorOf(`topic_${topic.key}`)}
                    options={[
                      { value: 'same', label: t('notifyTopicSame') },
                      { value: 'own', label: t('notifyTopicOwn') },
                    ]}
                  />
                  <div class="notify-topic__own">
                    <Checkboxes
                      name={`channels_${topic.key}`}
                      legend={`${t(topic.label)}: ${t('notifyTopicOwnLegend')}`}
                      values={chosenList(own ?? settings.general)}
                      errorMessage={errorOf(`channels_${topic.key}`)}
                      options={options}
                    />
                  </div>
                </div>
              );
            })}
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
    const form = await formOf(c);
    const channels = await formValues(c, 'channels');
    const perTopic = [];
    for (const topic of NOTIFY_TOPICS)
      perTopic.push({ key: topic.key, mode: form[`topic_${topic.key}`], channels: await formValues(c, `channels_${topic.key}`) });
    const input: Record<string, unknown> = { language: form.language, channels };
    for (const t of perTopic) Object.assign(input, { [`topic_${t.key}`]: t.mode, [`channels_${t.key}`]: t.channels });
    // The schema checks every field at once (one error summary); the values it passed are used below.
    const parsed = parseForm(c, settingsForm, input);
    if (!parsed.ok) return settingsPage(c, parsed.errors, 422);
    const id = c.get('actor').id;
    const topics: Record<string, ChannelChoice | undefined> = {};
    for (const t of perTopic) topics[t.key] = t.mode === 'own' ? ticked(t.channels) : undefined;
    const language = parsed.data.language ?? (await messageSettingsOf(db, id)).language;
    await saveMessageSettings(db, id, { language, general: ticked(channels), topics }, clock.now());
    return c.redirect('/inbox/settings?notice=saved', 303);
  });
  return app;
}
