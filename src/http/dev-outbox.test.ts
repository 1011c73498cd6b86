/**
 * /dev/outbox shows mails with password-reset links: it exists only when DEV_OUTBOX=1 is set, and even
 * then only for a browser on the same machine talking to the app directly (no proxy in between).
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDialect, testApp } from '../../test/db.ts';
import { listen } from '../../test/server.ts';
import { fixedClock } from '../lib/time.ts';
import { notifyAlone } from '../platform/notify/notify.test-helpers.ts';

const PROXY_HEADERS: Record<string, string> = {
  'x-forwarded-for': '203.0.113.7',
  forwarded: 'for=203.0.113.7;proto=https',
  'x-real-ip': '203.0.113.7',
  via: '1.1 proxy.example',
  'x-forwarded-host': 'rooms.city.example',
  'x-forwarded-proto': 'https',
  'x-forwarded-server': 'proxy.example',
  'x-client-ip': '203.0.113.7',
  'true-client-ip': '203.0.113.7',
  'cf-connecting-ip': '203.0.113.7',
  'x-cluster-client-ip': '203.0.113.7',
  'forwarded-for': '203.0.113.7',
};

describeEachDialect('the development outbox', (ctx) => {
  let on: { url: string; close(): Promise<void> };
  let off: { url: string; close(): Promise<void> };

  beforeAll(async () => {
    await notifyAlone(ctx().db.kysely, fixedClock(new Date().toISOString()), {
      to: { address: 'dev@example.com' },
      kind: 'dev.test',
      template: () => ({ subject: '開発用の控え', text: 'token=secret' }),
    });
    on = await listen(testApp(ctx(), undefined, { env: { DEV_OUTBOX: '1' } }));
    off = await listen(testApp(ctx()));
  });
  afterAll(async () => {
    await on.close();
    await off.close();
  });

  it('is not there unless DEV_OUTBOX=1 (404), even for the same machine', async () => {
    expect((await fetch(`${off.url}/dev/outbox`)).status).toBe(404);
  });

  it('with DEV_OUTBOX=1, shows the mails to a browser on the same machine', async () => {
    const res = await fetch(`${on.url}/dev/outbox`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('開発用の控え');
  });

  it('with DEV_OUTBOX=1, is not there for a request that came through any proxy', async () => {
    for (const [name, value] of Object.entries(PROXY_HEADERS)) {
      const res = await fetch(`${on.url}/dev/outbox`, { headers: { [name]: value } });
      expect(res.status, name).toBe(404);
      expect(await res.text(), name).not.toContain('token=secret');
    }
  });

  it('is not there when mail is really delivered (SMTP configured)', async () => {
    const smtp = await listen(testApp(ctx(), undefined, { env: { DEV_OUTBOX: '1', SMTP_URL: 'smtp://127.0.0.1:9' } }));
    expect((await fetch(`${smtp.url}/dev/outbox`)).status).toBe(404);
    await smtp.close();
  });

  it('is not there without a socket to judge (requests inside the process)', async () => {
    expect((await testApp(ctx(), undefined, { env: { DEV_OUTBOX: '1' } }).request('/dev/outbox')).status).toBe(404);
  });
});
