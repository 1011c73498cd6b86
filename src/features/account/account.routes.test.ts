import { beforeAll, expect, it } from 'vitest';
import { HeldBackgroundTasks } from '../../../test/background.ts';
import { PageClient } from '../../../test/browser.ts';
import { countRows, describeEachDialect, testApp, testClock } from '../../../test/db.ts';
import { makeUser, TEST_PASSWORD } from '../../../test/factories.ts';
import { outbox } from '../../../test/outbox.ts';
import { createAuthLimiter } from '../../http/rate-limit.ts';
import { issueApiToken } from './account.service.ts';

const registration = {
  name: '小倉 一郎',
  nameKana: 'こくら いちろう',
  phone: '０９３－５８２－１２３４',
  email: 'Ichiro@Example.JP',
  residency: 'resident',
  birthYear: '1958',
  password: 'a-long-enough-password',
  passwordConfirm: 'a-long-enough-password',
};

describeEachDialect('accounts through the pages', (ctx) => {
  let app: ReturnType<typeof testApp>;
  const background = new HeldBackgroundTasks();

  beforeAll(() => {
    const limiter = createAuthLimiter(ctx().db.kysely, testClock(), { loginFailuresPerAccount: 3, loginFailuresPerClient: 1_000_000 });
    app = testApp(ctx(), undefined, { authLimiter: limiter, background });
  });

  it('registers a resident, mails their 利用者番号, and they log in with it', async () => {
    const { res, html: sent } = await new PageClient(app).post('/register', registration);
    expect(res.status).toBe(200);
    expect(sent).toContain('メールを送りました');
    const welcome = await outbox(ctx().db.kysely).selectAll().where('to_address', '=', 'ichiro@example.jp').executeTakeFirstOrThrow();
    expect(welcome.subject).toBe('【つなぐ】利用者登録を受け付けました');
    const mailed = /利用者番号: (\d{8})/.exec(welcome.body_text)?.[1];
    const client = new PageClient(app);
    const login = await client.post('/login', { login: 'ichiro@example.jp', password: registration.password, next: '/account' });
    const cookie = login.res.headers.getSetCookie().find((h) => h.startsWith('tsunagu_session='));
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).not.toMatch(/Secure/i); // plain http on localhost
    const { html } = await client.get('/account');
    expect(html).toContain('小倉 一郎（こくら いちろう）'); // フリガナ stored as typed (searches fold it)
    const number = /<dd><strong>(\d{8})<\/strong><\/dd>/.exec(html)?.[1];
    expect(number).toMatch(/^\d{8}$/);
    expect(number).toBe(mailed);
    const row = await ctx()
      .db.kysely.selectFrom('users')
      .selectAll()
      .where('number', '=', number ?? '')
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ email: 'ichiro@example.jp', phone: '093-582-1234', residency: 'resident', birth_year: 1958 });
    expect(row.password_hash).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(row.language).toBe('ja');
  });

  it('writes the messages of someone who registered on the English pages in English', async () => {
    const page = new PageClient(app);
    await page.get('/register?lang=en'); // the language switch, remembered in a cookie
    const { res } = await page.post('/register', { ...registration, email: 'english.speaker@example.jp' });
    expect(res.status).toBe(200);
    const row = await ctx()
      .db.kysely.selectFrom('users')
      .select('language')
      .where('email', '=', 'english.speaker@example.jp')
      .executeTakeFirstOrThrow();
    expect(row.language).toBe('en');
    const welcome = await outbox(ctx().db.kysely)
      .selectAll()
      .where('to_address', '=', 'english.speaker@example.jp')
      .executeTakeFirstOrThrow();
    expect(welcome.subject).toMatch(/^\[Tsunagu\] /);
  });

  it('refuses bad registrations field by field, keeps what was typed, never the password', async () => {
    const before = await countRows(ctx(), 'users');
    const { res, html } = await new PageClient(app).post('/register', {
      ...registration,
      name: '',
      nameKana: 'Ichiro',
      phone: '12345',
      email: 'not-an-email',
      residency: 'mars',
      birthYear: '58',
      password: 'short',
      passwordConfirm: 'different',
    });
    expect(res.status).toBe(422);
    for (const field of ['name', 'nameKana', 'phone', 'email', 'residency', 'birthYear', 'password'])
      expect(html).toContain(`href="#${field}"`);
    expect(html).toContain('value="Ichiro"');
    expect(html).not.toContain('value="short"');
    expect(await countRows(ctx(), 'users')).toBe(before);
  });

  it('makes no second account with the same email, and tells only the owner (by mail)', async () => {
    await makeUser(ctx().db.kysely, { email: 'taken@example.com' });
    const before = await countRows(ctx(), 'users');
    const { res, html } = await new PageClient(app).post('/register', { ...registration, email: 'TAKEN@example.com' });
    expect(res.status).toBe(200);
    expect(html).not.toContain('すでに登録されています');
    expect(await countRows(ctx(), 'users')).toBe(before);
    const mails = await outbox(ctx().db.kysely).select('subject').where('to_address', '=', 'taken@example.com').execute();
    expect(mails.map((m) => m.subject)).toEqual(['【つなぐ】利用者登録のお申し込みについて']);
  });

  it('logs in with email or 利用者番号, and gives a new session id each time (no fixation)', async () => {
    const user = await makeUser(ctx().db.kysely);
    const client = new PageClient(app);
    await client.logIn(user.email ?? '', TEST_PASSWORD);
    const first = client.cookie('tsunagu_session');
    await client.logIn(user.number, TEST_PASSWORD);
    const second = client.cookie('tsunagu_session');
    expect(first).toBeDefined();
    expect(second).not.toBe(first);
    // The old session no longer works.
    const stale = new PageClient(app);
    const res = await app.request('http://localhost/account', { headers: { cookie: `tsunagu_session=${first}` } });
    expect(res.status).toBe(303);
    expect(stale).toBeDefined();
  });

  it('marks the session cookie Secure when served under a real host name', async () => {
    const user = await makeUser(ctx().db.kysely);
    const client = new PageClient(app, 'https://rooms.city.example');
    const { res } = await client.post('/login', { login: user.email ?? '', password: TEST_PASSWORD });
    expect(res.status).toBe(303);
    expect(res.headers.getSetCookie().find((h) => h.startsWith('tsunagu_session='))).toMatch(/;\s*Secure/i);
  });

  it('answers a wrong password with 401 and the same message as an unknown account', async () => {
    const user = await makeUser(ctx().db.kysely);
    const wrong = await new PageClient(app).post('/login', { login: user.email ?? '', password: 'nope-nope-nope' });
    const unknown = await new PageClient(app).post('/login', { login: 'nobody@example.com', password: 'nope-nope-nope' });
    expect(wrong.res.status).toBe(401);
    expect(unknown.res.status).toBe(401);
    expect(wrong.html).toContain('またはパスワードが違います');
    expect(unknown.html).toContain('またはパスワードが違います');
  });

  it('throttles repeated failures on one account (429), even with the right password afterwards', async () => {
    const user = await makeUser(ctx().db.kysely);
    for (let i = 0; i < 3; i++) await new PageClient(app).post('/login', { login: user.email ?? '', password: 'wrong-password-1' });
    const { res, html } = await new PageClient(app).post('/login', { login: user.email ?? '', password: TEST_PASSWORD });
    expect(res.status).toBe(429);
    expect(html).toContain('しばらく受け付けを止めています');
  });

  it('logs out and forgets the session', async () => {
    const user = await makeUser(ctx().db.kysely);
    const client = new PageClient(app);
    await client.logIn(user.email ?? '', TEST_PASSWORD);
    const { res } = await client.post('/logout', {});
    expect(res.status).toBe(303);
    expect((await client.get('/account')).res.status).toBe(303);
  });

  it('requires the CSRF token on logged-in forms and refuses cross-site posts', async () => {
    const user = await makeUser(ctx().db.kysely);
    const client = new PageClient(app);
    await client.logIn(user.email ?? '', TEST_PASSWORD);
    expect((await client.post('/account/multipurpose', {}, { csrf: false })).res.status).toBe(403);
    expect((await client.post('/account/multipurpose', { _csrf: 'forged' })).res.status).toBe(403);
    expect((await client.post('/account/multipurpose', {}, { origin: 'https://evil.example' })).res.status).toBe(403);
    expect((await new PageClient(app).post('/login', { login: 'x', password: 'y' }, { origin: 'https://evil.example' })).res.status).toBe(
      403,
    );
    const status = await ctx()
      .db.kysely.selectFrom('users')
      .select('multipurpose_status')
      .where('id', '=', user.id)
      .executeTakeFirstOrThrow();
    expect(status.multipurpose_status).toBe('none');
    expect((await client.post('/account/multipurpose', {})).res.status).toBe(303);
    const after = await ctx()
      .db.kysely.selectFrom('users')
      .select('multipurpose_status')
      .where('id', '=', user.id)
      .executeTakeFirstOrThrow();
    expect(after.multipurpose_status).toBe('pending');
  });

  it('resets a forgotten password through the emailed link, once, and ends old sessions', async () => {
    const user = await makeUser(ctx().db.kysely, { email: 'forgetful@example.com' });
    const oldToken = await issueApiToken(ctx().db.kysely, testClock(), user.id, 'before reset');
    const old = new PageClient(app);
    await old.logIn('forgetful@example.com', TEST_PASSWORD);

    const { html } = await new PageClient(app).post('/password/forgot', { email: 'forgetful@example.com' });
    expect(html).toContain('再設定のメールを送りました');
    // Unknown addresses get the same answer and no mail.
    const unknown = await new PageClient(app).post('/password/forgot', { email: 'who@example.com' });
    expect(unknown.html).toContain('再設定のメールを送りました');
    await background.drain(); // the lookup and the mail come after the response
    const mails = await outbox(ctx().db.kysely)
      .selectAll()
      .where('to_address', 'in', ['forgetful@example.com', 'who@example.com'])
      .execute();
    expect(mails).toHaveLength(1);
    const token = /token=([\w-]+)/.exec(mails[0]?.body_text ?? '')?.[1] ?? '';

    const client = new PageClient(app);
    expect((await client.get(`/password/reset?token=${token}`)).html).toContain('新しいパスワード');
    const done = await client.post('/password/reset', { token, password: 'brand-new-password', passwordConfirm: 'brand-new-password' });
    expect(done.res.status).toBe(303);
    const again = await client.post('/password/reset', { token, password: 'another-password-2', passwordConfirm: 'another-password-2' });
    expect(again.res.status).toBe(422);
    expect(again.html).toContain('このリンクは使えません');

    expect((await old.get('/account')).res.status).toBe(303); // logged out everywhere
    expect((await app.request('/api/v1/reservations', { headers: { authorization: `Bearer ${oldToken}` } })).status).toBe(401); // tokens revoked too
    await new PageClient(app).logIn(user.number, 'brand-new-password');
  });

  it('registers a group; the representative invites by 利用者番号; the person is a member only once they accept', async () => {
    const rep = await makeUser(ctx().db.kysely);
    const member = await makeUser(ctx().db.kysely);
    const outsider = await makeUser(ctx().db.kysely);
    const client = new PageClient(app);
    await client.logIn(rep.email ?? '', TEST_PASSWORD);
    const created = await client.post('/groups', { name: '若松ハイキングの会', type: 'circle', memberCount: '２５' });
    expect(created.res.status).toBe(303);
    const groupPath = (created.res.headers.get('location') ?? '').split('?')[0] ?? '';
    await client.get(groupPath);
    expect((await client.post(`${groupPath}/invitations`, { number: '99999999' })).html).toContain('この利用者番号の方は見つかりません');
    expect((await client.post(`${groupPath}/invitations`, { number: member.number })).res.status).toBe(303);
    expect((await client.get(groupPath)).html).toContain('返事を待っている招待');

    const asMember = new PageClient(app);
    await asMember.logIn(member.email ?? '', TEST_PASSWORD);
    expect((await asMember.get(groupPath)).res.status).toBe(404); // invited, not yet a member
    const account = await asMember.get('/account');
    expect(account.html).toContain('若松ハイキングの会');
    const accept = /action="(\/account\/invitations\/[\w-]+\/accept)"/.exec(account.html)?.[1] ?? '';
    expect((await asMember.post(accept, {})).res.status).toBe(303);
    const seen = await asMember.get(groupPath);
    expect(seen.html).toContain('若松ハイキングの会');
    const refused = await asMember.post(`${groupPath}/invitations`, { number: outsider.number });
    expect(refused.res.status).toBe(403);
    expect(refused.html).toContain('この操作は団体の代表者だけができます');

    const asOutsider = new PageClient(app);
    await asOutsider.logIn(outsider.email ?? '', TEST_PASSWORD);
    expect((await asOutsider.get(groupPath)).res.status).toBe(404);
  });

  it('issues an API token once on the account page and revokes it', async () => {
    const user = await makeUser(ctx().db.kysely);
    const client = new PageClient(app);
    await client.logIn(user.email ?? '', TEST_PASSWORD);
    const { html } = await client.post('/account/tokens', { name: '町内会の表計算' });
    const token = /<code class="token">(tsu_[\w-]+)<\/code>/.exec(html)?.[1] ?? '';
    expect(token).toMatch(/^tsu_/);
    const ok = await app.request('/api/v1/reservations', { headers: { authorization: `Bearer ${token}` } });
    expect(ok.status).toBe(200);
    const id = /action="\/account\/tokens\/([\w-]+)\/revoke"/.exec(html)?.[1] ?? '';
    expect((await client.post(`/account/tokens/${id}/revoke`, {})).res.status).toBe(303);
    const revoked = await app.request('/api/v1/reservations', { headers: { authorization: `Bearer ${token}` } });
    expect(revoked.status).toBe(401);
    // Only the hash is stored.
    const stored = await ctx().db.kysely.selectFrom('api_tokens').select('token_hash').where('id', '=', id).executeTakeFirstOrThrow();
    expect(stored.token_hash).not.toContain(token.slice(4, 20));
  });

  it('answers a malformed form body with 422, not 500', async () => {
    const res = await app.request('http://localhost/login', {
      method: 'POST',
      headers: { 'content-type': 'multipart/form-data' },
      body: 'garbage',
    });
    expect(res.status).toBe(422);
  });

  it('sends people who are not logged in to the login page and back', async () => {
    const res = await app.request('/my/reservations');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/login?next=%2Fmy%2Freservations');
    // A foreign "next" is dropped: after login the visitor lands on their own default page.
    const page = await (await app.request('/login?next=//evil.example/phish')).text();
    expect(page).not.toContain('name="next"');
    const kept = await (await app.request('/login?next=%2Fbook%3Froom%3Dx')).text();
    expect(kept).toContain('name="next" value="/book?room=x"');
  });
});
