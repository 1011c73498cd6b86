/**
 * /inbox/settings on both databases: a person sees how they get messages (the defaults until they
 * choose), chooses channels, and the next message follows the choice; a person with no
 * email and no LINE keeps paper whatever they tick; bad input changes nothing (422); a visitor is sent to
 * log in.
 */
import { beforeAll, expect, it } from 'vitest';
import { PageClient } from '../../../test/browser.ts';
import { describeEachDialect, testApp, testClock } from '../../../test/db.ts';
import { makeUser, TEST_PASSWORD } from '../../../test/factories.ts';
import { notifyAlone } from './notify.test-helpers.ts';

describeEachDialect('message settings', (ctx) => {
  let app: ReturnType<typeof testApp>;
  const db = () => ctx().db.kysely;
  const clock = testClock();
  const template = () => ({ subject: '【つなぐ】テスト', text: '本文' });
  const channelsOf = async (messageId: string | undefined) =>
    (
      await db()
        .selectFrom('notify_deliveries')
        .select('channel')
        .where('message_id', '=', messageId ?? '')
        .orderBy('channel')
        .execute()
    ).map((d) => d.channel);
  const saved = async (userId: string) => db().selectFrom('notify_preferences').selectAll().where('user_id', '=', userId).execute();

  beforeAll(() => {
    app = testApp(ctx(), clock);
  });

  it('shows the defaults, saves a choice, and the next message follows it', async () => {
    const person = await makeUser(db(), { email: 'settings@example.com' });
    const page = new PageClient(app);
    await page.logIn(person.email ?? '', TEST_PASSWORD);
    const shown = await page.get('/inbox/settings');
    expect(shown.res.status).toBe(200);
    expect(shown.html).toMatch(/id="channels-email"[^>]*checked/); // the default: email, as they have one
    expect(shown.html).toContain('LINE連携をしていません');
    expect(await channelsOf(await notifyAlone(db(), clock, { to: person.id, kind: 'booking.confirmed', template }))).toEqual([
      'email',
      'web',
    ]);

    const done = await page.post('/inbox/settings', { channels: 'paper' });
    expect(done.res.status).toBe(303);
    expect((await page.get('/inbox/settings?notice=saved')).html).toContain('受け取り方を保存しました');
    expect(await saved(person.id)).toMatchObject([{ kind: '*', email: 0, line: 0, paper: 1 }]);
    expect(await channelsOf(await notifyAlone(db(), clock, { to: person.id, kind: 'booking.confirmed', template }))).toEqual([
      'paper',
      'web',
    ]);
  });

  it('keeps paper for someone without email or LINE, even when they tick nothing', async () => {
    const person = await makeUser(db(), { email: null });
    const page = new PageClient(app);
    await page.logIn(person.number, TEST_PASSWORD);
    expect((await page.get('/inbox/settings')).html).toContain('お知らせを必ず紙でもお届けします');
    expect((await page.post('/inbox/settings', {})).res.status).toBe(303);
    expect(await channelsOf(await notifyAlone(db(), clock, { to: person.id, kind: 'lottery.won', template }))).toEqual(['paper', 'web']);
  });

  it('refuses a channel that does not exist with the error summary, changing nothing', async () => {
    const person = await makeUser(db(), { email: 'bad-settings@example.com' });
    const page = new PageClient(app);
    await page.logIn(person.email ?? '', TEST_PASSWORD);
    const forms: Record<string, string | string[]>[] = [{ channels: 'fax' }, { channels: ['email', 'telegram'] }];
    for (const form of forms) {
      const refused = await page.post('/inbox/settings', form);
      expect(refused.res.status, JSON.stringify(form)).toBe(422);
      expect(refused.html).toContain('error-summary');
    }
    expect(await saved(person.id)).toEqual([]);
  });

  it('writes messages in the chosen language', async () => {
    const person = await makeUser(db(), { email: 'english@example.com' });
    const page = new PageClient(app);
    await page.logIn(person.email ?? '', TEST_PASSWORD);
    expect((await page.get('/inbox/settings')).html).toMatch(/id="language-ja"[^>]*checked/);
    expect((await page.post('/inbox/settings', { language: 'en', channels: 'email' })).res.status).toBe(303);
    const person2 = await db().selectFrom('users').select('language').where('id', '=', person.id).executeTakeFirstOrThrow();
    expect(person2.language).toBe('en');
    const bilingual = (lang: 'ja' | 'en') => ({ subject: lang === 'en' ? '[Tsunagu] Test' : '【つなぐ】テスト', text: lang });
    const id = await notifyAlone(db(), clock, { to: person.id, kind: 'booking.confirmed', template: bilingual });
    const message = await db()
      .selectFrom('notify_messages')
      .selectAll()
      .where('id', '=', id ?? '')
      .executeTakeFirstOrThrow();
    expect(message).toMatchObject({ subject: '[Tsunagu] Test', body_text: 'en', lang: 'en' });
    // A form without the language field (an older page) keeps it.
    expect((await page.post('/inbox/settings', { channels: 'email' })).res.status).toBe(303);
    expect((await db().selectFrom('users').select('language').where('id', '=', person.id).executeTakeFirstOrThrow()).language).toBe('en');
  });

  it('gives one topic its own channels, covering all of its kinds, and back to the general choice', async () => {
    const person = await makeUser(db(), { email: 'topics@example.com' });
    const page = new PageClient(app);
    await page.logIn(person.email ?? '', TEST_PASSWORD);
    const own = await page.post('/inbox/settings', {
      channels: 'email',
      topic_booking: 'own',
      channels_booking: 'paper',
      topic_lottery: 'same',
    });
    expect(own.res.status).toBe(303);
    for (const kind of ['booking.confirmed', 'approval.booking_confirmed', 'payment.overdue_cancelled'])
      expect(await channelsOf(await notifyAlone(db(), clock, { to: person.id, kind, template })), kind).toEqual(['paper', 'web']);
    expect(await channelsOf(await notifyAlone(db(), clock, { to: person.id, kind: 'lottery.won', template }))).toEqual(['email', 'web']);
    const shown = (await page.get('/inbox/settings')).html;
    expect(shown).toMatch(/id="topic_booking-own"[^>]*checked/);
    expect(shown).toMatch(/id="channels_booking-paper"[^>]*checked/);
    expect(shown).toMatch(/id="topic_lottery-same"[^>]*checked/);

    expect((await page.post('/inbox/settings', { channels: 'email', topic_booking: 'same', channels_booking: 'paper' })).res.status).toBe(
      303,
    );
    expect((await saved(person.id)).map((p) => p.kind)).toEqual(['*']);
    expect(await channelsOf(await notifyAlone(db(), clock, { to: person.id, kind: 'booking.confirmed', template }))).toEqual([
      'email',
      'web',
    ]);
  });

  it('refuses an unknown language or topic answer, changing nothing', async () => {
    const person = await makeUser(db(), { email: 'bad-topic@example.com' });
    const page = new PageClient(app);
    await page.logIn(person.email ?? '', TEST_PASSWORD);
    const forms: Record<string, string | string[]>[] = [
      { language: 'fr', channels: 'email' },
      { channels: 'email', topic_booking: 'sometimes' },
      { channels: 'email', topic_booking: 'own', channels_booking: 'fax' },
    ];
    for (const form of forms) {
      const refused = await page.post('/inbox/settings', form);
      expect(refused.res.status, JSON.stringify(form)).toBe(422);
      expect(refused.html).toContain('error-summary');
    }
    expect(await saved(person.id)).toEqual([]);
    expect((await db().selectFrom('users').select('language').where('id', '=', person.id).executeTakeFirstOrThrow()).language).toBe('ja');
  });

  it('sends a visitor to the login page', async () => {
    const visitor = new PageClient(app);
    const { res } = await visitor.get('/inbox/settings');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toMatch(/^\/login\?next=%2Finbox%2Fsettings/);
  });
});
