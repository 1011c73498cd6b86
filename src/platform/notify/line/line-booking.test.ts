/**
 * The first journey end to end, on both databases: a resident who linked LINE books a room
 * through the API, the app's own notify worker delivers the confirmation through the LINE adapter to a
 * local stand-in for the Messaging API (bearer token, retry key, the text with the booking number), and
 * the same message is in their /inbox. After they unlink, the cancellation goes to no LINE account: it
 * falls back to paper, since they have no email.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { api, tokenFor } from '../../../../test/api.ts';
import { PageClient } from '../../../../test/browser.ts';
import { describeEachDialect, testApp, testClock } from '../../../../test/db.ts';
import { makeFacility, makeRoom, makeUser, TEST_PASSWORD } from '../../../../test/factories.ts';
import { loadConfig } from '../../../config.ts';
import { silentLogger } from '../../../lib/logger.ts';
import { createNotifyWorker, type NotifyWorker } from '../worker.ts';
import { createLineAdapter } from './line-adapter.ts';
import { type LineStandIn, startLineStandIn } from './line-stand-in.test-helpers.ts';

describeEachDialect('a booking confirmation through LINE', (ctx) => {
  let standIn: LineStandIn;
  let worker: NotifyWorker;
  let app: ReturnType<typeof testApp>;
  let roomId: string;

  beforeAll(async () => {
    standIn = await startLineStandIn();
    const env = { LINE_CHANNEL_ACCESS_TOKEN: standIn.token, LINE_CHANNEL_SECRET: 'stand-in-secret', LINE_API_BASE: standIn.url };
    const config = loadConfig({ SEED: 'none', ...env });
    if (!config.line) throw new Error('LINE should be configured');
    const clock = testClock(); // 10:00 in Tokyo: outside the quiet hours
    const db = ctx().db.kysely;
    worker = createNotifyWorker({
      db,
      clock,
      logger: silentLogger,
      settings: config.notify,
      adapters: { line: createLineAdapter(config.line, { db, clock }) },
    });
    app = testApp(ctx(), clock, { notifier: worker, env });
    roomId = await makeRoom(db, await makeFacility(db, { name: 'LINE市民センター' }), { name: '会議室' });
  });
  afterAll(async () => {
    await standIn?.close();
  });

  it('reaches the linked LINE account and the inbox; after unlinking, nothing more goes to LINE', async () => {
    const db = ctx().db.kysely;
    // No email: LINE is the person's only channel besides the inbox.
    const resident = await makeUser(db, { email: null, name: '戸畑 若葉' });
    const lineUserId = `U${resident.id
      .replace(/[^0-9a-f]/g, '')
      .padEnd(32, 'a')
      .slice(0, 32)}`;
    await db
      .insertInto('line_links')
      .values({ user_id: resident.id, line_user_id: lineUserId, linked_at: '2026-11-20T00:00:00Z' })
      .execute();
    const token = await tokenFor(ctx(), resident.id);

    const made = await api(app, 'POST', '/api/v1/reservations', token, {
      roomId,
      date: '2026-12-09',
      bands: ['morning'],
      purpose: '読書会',
      attendees: 5,
      category: 'general',
    });
    expect(made.status).toBe(201);
    await worker.flush();

    const pushes = standIn.sends('/v2/bot/message/push');
    expect(pushes).toHaveLength(1);
    expect(pushes[0]?.headers.authorization).toBe(`Bearer ${standIn.token}`);
    expect(pushes[0]?.headers['x-line-retry-key']).toMatch(/^[0-9a-f-]{36}$/);
    expect(standIn.delivered.get(lineUserId)?.join('\n')).toContain(String(made.json.number));
    const paper = await db.selectFrom('notify_deliveries').select('id').where('channel', '=', 'paper').execute();
    expect(paper).toEqual([]); // reached by LINE: nothing for the clerk to print

    const web = new PageClient(app);
    await web.logIn(resident.number, TEST_PASSWORD);
    expect((await web.get('/inbox')).html).toContain(String(made.json.number));

    await db.deleteFrom('line_links').where('user_id', '=', resident.id).execute(); // unlinked (or blocked the account)
    const cancelled = await api(app, 'DELETE', `/api/v1/reservations/${made.json.id}`, token);
    expect(cancelled.status).toBe(200);
    await worker.flush();
    expect(standIn.sends('/v2/bot/message/push')).toHaveLength(1); // still only the confirmation
    expect(standIn.delivered.get(lineUserId)).toHaveLength(1);
    const fallback = await db.selectFrom('notify_deliveries').select('channel').where('channel', 'in', ['line', 'paper']).execute();
    expect(fallback.map((d) => d.channel).sort()).toEqual(['line', 'paper']); // the confirmation's LINE, the cancellation on paper
  });
});
