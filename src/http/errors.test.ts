import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { beforeAll, expect, it } from 'vitest';
import { describeEachDialect, testApp } from '../../test/db.ts';
import { loadConfig } from '../config.ts';
import { silentLogger } from '../lib/logger.ts';
import type { AppEnv } from './env.ts';
import { handleError } from './errors.tsx';
import { language } from './language.ts';

const tooLarge = 'x'.repeat(70 * 1024);

describeEachDialect('error answers in the caller’s language', (ctx) => {
  let app: ReturnType<typeof testApp>;

  beforeAll(() => {
    app = testApp(ctx());
  });

  it('refuses a too-large API body with a 413 problem in English or Japanese', async () => {
    const send = (lang: string) =>
      app.request('/api/v1/reservations', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'accept-language': lang },
        body: JSON.stringify({ purpose: tooLarge }),
      });
    const en = await send('en');
    expect(en.status).toBe(413);
    expect(en.headers.get('content-type')).toContain('application/problem+json');
    expect(await en.json()).toEqual({
      type: 'urn:tsunagu:problem:payload-too-large',
      title: 'The request is too large (at most 64 KB).',
      status: 413,
    });
    const ja = await send('ja');
    expect(await ja.json()).toMatchObject({ title: '送信された内容が大きすぎます（上限 64 KB）。', status: 413 });
  });

  it('refuses a too-large browser form with a 413 page in the visitor’s language', async () => {
    const post = (query: string) =>
      app.request(`/password/forgot${query}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'http://localhost' },
        body: `email=${tooLarge}`,
      });
    const ja = await post('');
    expect(ja.status).toBe(413);
    expect(ja.headers.get('content-type')).toContain('text/html');
    const html = await ja.text();
    expect(html).toContain('<html lang="ja"');
    expect(html).toMatch(/<title>送信された内容が大きすぎます/);
    const en = await post('?lang=en');
    expect(await en.text()).toMatch(/<html lang="en"[\s\S]*<title>The form is too large/);
  });
});

/** A bare app with the real language middleware and error handler, to reach errors no route raises on purpose. */
function appThatThrows(error: Error) {
  const app = new Hono<AppEnv>();
  app.use(async (c, next) => {
    c.set('deps', { config: loadConfig({ SEED: 'none' }), logger: silentLogger } as AppEnv['Variables']['deps']);
    await next();
  });
  app.use(language());
  app.get('/page', () => {
    throw error;
  });
  app.get('/api/v1/thing', () => {
    throw error;
  });
  app.onError(handleError);
  return app;
}

it('turns a framework HTTPException into a translated page or problem, never bare English text', async () => {
  const app = appThatThrows(new HTTPException(400, { message: 'Malformed JSON in request body' }));
  const page = await app.request('/page?lang=ja');
  expect(page.status).toBe(400);
  expect(page.headers.get('content-type')).toContain('text/html');
  expect(await page.text()).toMatch(/<html lang="ja"[\s\S]*<title>要求を読み取れませんでした/);
  const problem = await app.request('/api/v1/thing', { headers: { 'accept-language': 'en' } });
  expect(await problem.json()).toEqual({ type: 'urn:tsunagu:problem:bad-request', title: 'The request could not be read.', status: 400 });
});

it('gives the 500 problem a translated title', async () => {
  const app = appThatThrows(new Error('boom'));
  const res = await app.request('/api/v1/thing', { headers: { 'accept-language': 'ja' } });
  expect(res.status).toBe(500);
  expect(await res.json()).toEqual({ type: 'urn:tsunagu:problem:server-error', title: 'エラーが発生しました', status: 500 });
});
