/**
 * Sign-in, reset and registration answers that must not help an attacker: limits per account however it
 * is named, shared by every app process on the database; reset and registration answers that are the
 * same for registered and unknown addresses, with the work done after the response; reset links that
 * die together.
 */
import { beforeAll, expect, it } from 'vitest';
import { HeldBackgroundTasks } from '../../../test/background.ts';
import { PageClient } from '../../../test/browser.ts';
import { countRows, describeEachDialect, testApp, testClock } from '../../../test/db.ts';
import { makeUser, TEST_PASSWORD } from '../../../test/factories.ts';
import { outbox } from '../../../test/outbox.ts';
import { createAuthLimiter } from '../../http/rate-limit.ts';

const registration = {
  name: '門司 二郎',
  nameKana: 'もじ じろう',
  phone: '093-321-0000',
  residency: 'resident',
  birthYear: '1955',
  password: 'a-long-enough-password',
  passwordConfirm: 'a-long-enough-password',
};

describeEachDialect('sign-in and reset limits', (ctx) => {
  // Two app instances on one database: two processes behind a load balancer.
  let one: ReturnType<typeof testApp>;
  let two: ReturnType<typeof testApp>;
  let held: HeldBackgroundTasks;

  beforeAll(() => {
    held = new HeldBackgroundTasks();
    one = testApp(ctx(), undefined, { background: held });
    two = testApp(ctx(), undefined, { background: held });
  });

  const outboxTo = (address: string) =>
    outbox(ctx().db.kysely).selectAll().where('to_address', '=', address).orderBy('created_at').execute();

  it('counts failures per account whether it was named by email or 利用者番号, across app instances', async () => {
    const user = await makeUser(ctx().db.kysely);
    for (let i = 0; i < 3; i++)
      expect((await new PageClient(one).post('/login', { login: user.email ?? '', password: 'wrong-1' })).res.status).toBe(401);
    for (let i = 0; i < 2; i++)
      expect((await new PageClient(two).post('/login', { login: user.number, password: 'wrong-2' })).res.status).toBe(401);
    // Five failures in all: the right password is refused for now, on either instance, by either name.
    const blocked = await new PageClient(one).post('/login', { login: user.email ?? '', password: TEST_PASSWORD });
    expect(blocked.res.status).toBe(429);
    expect(blocked.html).toContain('しばらく受け付けを止めています');
    expect((await new PageClient(two).post('/login', { login: user.number, password: TEST_PASSWORD })).res.status).toBe(429);
    const api = await two.request('/api/v1/auth/token', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: user.email, password: TEST_PASSWORD }),
    });
    expect(api.status).toBe(429);
    expect(Number(api.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('limits an unknown login exactly like a known one', async () => {
    const user = await makeUser(ctx().db.kysely);
    const answers = async (login: string) => {
      const statuses: number[] = [];
      for (let i = 0; i < 6; i++)
        statuses.push((await new PageClient(i % 2 ? one : two).post('/login', { login, password: 'wrong' })).res.status);
      return statuses;
    };
    expect(await answers(user.email ?? '')).toEqual([401, 401, 401, 401, 401, 429]);
    expect(await answers('nobody-here@example.com')).toEqual([401, 401, 401, 401, 401, 429]);
  });

  it('limits reset requests per address, counted across app instances', async () => {
    await makeUser(ctx().db.kysely, { email: 'flooded@example.com' });
    for (const app of [one, two, one])
      expect((await new PageClient(app).post('/password/forgot', { email: 'flooded@example.com' })).res.status).toBe(200);
    const fourth = await new PageClient(two).post('/password/forgot', { email: 'flooded@example.com' });
    expect(fourth.res.status).toBe(429);
    expect(fourth.html).toContain('しばらく受け付けを止めています');
    await held.drain();
    expect(await outboxTo('flooded@example.com')).toHaveLength(3);
  });

  it('limits reset requests per client address', async () => {
    // Behind a trusted proxy, so that this client has an address of its own.
    const limiter = createAuthLimiter(ctx().db.kysely, testClock(), { resetRequestsPerClient: 2 });
    const behindProxy = testApp(ctx(), undefined, { background: held, authLimiter: limiter, env: { TRUST_PROXY: 'true' } });
    const ask = async (email: string) =>
      (
        await behindProxy.request('http://localhost/password/forgot', {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': '198.51.100.9' },
          body: new URLSearchParams({ email }).toString(),
        })
      ).status;
    expect([await ask('c1@example.com'), await ask('c2@example.com'), await ask('c3@example.com')]).toEqual([200, 200, 429]);
    await held.drain();
  });

  it('answers a reset request the same for a registered and an unknown address, and mails after the response', async () => {
    await makeUser(ctx().db.kysely, { email: 'known@example.com' });
    const known = await new PageClient(one).post('/password/forgot', { email: 'known@example.com' });
    const unknown = await new PageClient(one).post('/password/forgot', { email: 'unknown@example.com' });
    expect(known.res.status).toBe(200);
    expect(unknown.res.status).toBe(200);
    expect(known.html).toBe(unknown.html);
    expect(known.html).toContain('再設定のメールを送りました');
    // Answered before the lookup, the link and the mail: nothing is written yet.
    expect(held.pending).toHaveLength(2);
    expect(await outboxTo('known@example.com')).toHaveLength(0);
    await held.drain();
    expect(await outboxTo('known@example.com')).toHaveLength(1);
    expect(await outboxTo('unknown@example.com')).toHaveLength(0);
  });

  it('once one reset link is used, every other open link of the account is void', async () => {
    await makeUser(ctx().db.kysely, { email: 'twice@example.com' });
    await new PageClient(one).post('/password/forgot', { email: 'twice@example.com' });
    await new PageClient(two).post('/password/forgot', { email: 'twice@example.com' });
    await held.drain();
    const [older, newer] = (await outboxTo('twice@example.com')).map((m) => /token=([\w-]+)/.exec(m.body_text)?.[1] ?? '');
    expect(older).not.toBe(newer);
    const set = (token: string, password: string) =>
      new PageClient(one).post('/password/reset', { token, password, passwordConfirm: password });
    expect((await set(newer ?? '', 'newest-password-1')).res.status).toBe(303);
    const stale = await set(older ?? '', 'attacker-password-2');
    expect(stale.res.status).toBe(422);
    expect(stale.html).toContain('このリンクは使えません');
    await new PageClient(two).logIn('twice@example.com', 'newest-password-1');
  });

  it('a completed reset clears the failed logins that blocked the owner', async () => {
    const user = await makeUser(ctx().db.kysely, { email: 'locked@example.com' });
    for (let i = 0; i < 5; i++) await new PageClient(one).post('/login', { login: user.number, password: 'wrong' });
    expect((await new PageClient(one).post('/login', { login: user.number, password: TEST_PASSWORD })).res.status).toBe(429);
    await new PageClient(one).post('/password/forgot', { email: 'locked@example.com' });
    await held.drain();
    const token = /token=([\w-]+)/.exec((await outboxTo('locked@example.com'))[0]?.body_text ?? '')?.[1] ?? '';
    await new PageClient(one).post('/password/reset', { token, password: 'after-reset-pass', passwordConfirm: 'after-reset-pass' });
    await new PageClient(two).logIn(user.number, 'after-reset-pass');
  });

  it('answers a registration with a taken address exactly as a new one, mails the owner, and makes no second account', async () => {
    await makeUser(ctx().db.kysely, { email: 'owner@example.com', name: '若松 花' });
    const fresh = await new PageClient(one).post('/register', { ...registration, email: 'newcomer@example.com' });
    const before = await countRows(ctx(), 'users');
    const taken = await new PageClient(one).post('/register', { ...registration, email: 'OWNER@example.com' });
    expect(taken.res.status).toBe(200);
    expect(fresh.res.status).toBe(200);
    expect(taken.html).toBe(fresh.html);
    expect(taken.html).toContain('メールを送りました');
    for (const r of [fresh, taken]) expect(r.res.headers.getSetCookie().some((h) => h.startsWith('tsunagu_session='))).toBe(false);
    expect(await countRows(ctx(), 'users')).toBe(before);

    const [notice] = await outboxTo('owner@example.com');
    expect(notice?.subject).toBe('【つなぐ】利用者登録のお申し込みについて');
    expect(notice?.body_text).toContain('若松 花 様');
    expect(notice?.body_text).toContain('新しい登録はしていません');
    expect(notice?.body_text).toContain('/password/forgot');

    const [welcome] = await outboxTo('newcomer@example.com');
    const number = /利用者番号: (\d{8})/.exec(welcome?.body_text ?? '')?.[1] ?? '';
    expect(number).toMatch(/^\d{8}$/);
    const client = new PageClient(one);
    await client.logIn(number, registration.password);
    expect((await client.get('/account')).html).toContain(number);
  });
});
