/**
 * Groups in the browser, every page axe-clean (Chromium, Japanese; the clerk's view also in English): the
 * group's page with its details form, invitations sent and pending, an invitation answered on /account,
 * the admins' verification list and decision, and a clerk answering for a resident registered at the
 * counter (no email, no password).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoAxeViolations, type Harness, logIn as logInAs, startHarness } from './harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

const logIn = (login: string, landing: RegExp) => logInAs(h, login, landing);

const COUNTER_RESIDENT = '20000001'; // demo-bookers: registered at the counter, no email, no password

describe('groups', () => {
  it('the representative edits the group and invites; an invitation is answered on /account', async () => {
    const rep = await logIn('hanako@example.com', /\/my\/reservations/);
    await rep.goto(`${h.baseUrl}/account`);
    const groupHref = await rep.locator('a[href^="/groups/grp"]').first().getAttribute('href');
    expect(groupHref).toBeTruthy();
    await rep.goto(`${h.baseUrl}${groupHref}`);
    await expectNoAxeViolations(rep); // details and edit form, members, invite form

    for (const number of ['10000001', COUNTER_RESIDENT]) {
      await rep.locator(`form[action="${groupHref}/invitations"] input[name="number"]`).fill(number);
      await Promise.all([
        rep.waitForURL(/notice=invited/),
        rep.locator(`form[action="${groupHref}/invitations"] button[type="submit"]`).click(),
      ]);
    }
    await expect(rep.locator('main').textContent()).resolves.toContain(COUNTER_RESIDENT);
    await expectNoAxeViolations(rep); // the representative's pending invitations
    // A bad number: the form again with the error summary.
    await rep.locator(`form[action="${groupHref}/invitations"] input[name="number"]`).fill('1');
    await rep.locator(`form[action="${groupHref}/invitations"] button[type="submit"]`).click();
    await rep.waitForLoadState();
    await expectNoAxeViolations(rep);

    const taro = await logIn('10000001', /\/my\/reservations/);
    await taro.goto(`${h.baseUrl}/account`);
    await expect(taro.locator('#invitations-title').textContent()).resolves.toBeTruthy();
    await expectNoAxeViolations(taro); // the invitation with accept and decline
    await Promise.all([taro.waitForURL(/\/groups\/grp/), taro.locator('form[action$="/accept"] button').first().click()]);
    await expectNoAxeViolations(taro); // the group as a member sees it
  });

  it('an admin sees groups waiting for verification and decides', async () => {
    const rep = await logIn('hanako@example.com', /\/my\/reservations/);
    await rep.goto(`${h.baseUrl}/groups/new`);
    await expectNoAxeViolations(rep);
    await rep.locator('input[name="name"]').fill('e2e 確認待ちの町内会');
    await rep.locator('input[name="type"][value="community"]').check();
    await rep.locator('input[name="memberCount"]').fill('40');
    await Promise.all([rep.waitForURL(/notice=group/), rep.locator('form[action="/groups"] button[type="submit"]').click()]);
    await expectNoAxeViolations(rep);

    const admin = await logIn('admin@example.com', /\/staff/);
    await admin.goto(`${h.baseUrl}/staff/groups`);
    await expect(admin.locator('main').textContent()).resolves.toContain('e2e 確認待ちの町内会');
    await expectNoAxeViolations(admin);
    const section = admin.locator('section.card', { hasText: 'e2e 確認待ちの町内会' });
    // Refusing without a reason: the decision page with its error.
    await section.locator('input[name="decision"][value="refuse"] ~ button').click();
    await admin.waitForLoadState();
    await expectNoAxeViolations(admin);
    await Promise.all([
      admin.waitForURL(/done=1/),
      admin.locator('section.card', { hasText: 'e2e 確認待ちの町内会' }).locator('input[name="decision"][value="verify"] ~ button').click(),
    ]);
    await expectNoAxeViolations(admin);
    await admin.goto(`${h.baseUrl}/staff/config`);
    await expectNoAxeViolations(admin); // with the cap of groups represented
  });

  it('a clerk answers an invitation for a resident registered at the counter', async () => {
    const clerk = await logIn('clerk@example.com', /\/staff/);
    const facilityHref = await clerk.locator('a[href^="/staff/facilities/"]').first().getAttribute('href');
    await clerk.goto(`${h.baseUrl}${facilityHref}`);
    const bookHref = await clerk.locator('a[href*="/staff/book?room="]').first().getAttribute('href');
    expect(bookHref).toBeTruthy();
    await clerk.goto(`${h.baseUrl}${bookHref}`);
    await clerk.locator('input[name="q"]').fill(COUNTER_RESIDENT);
    await Promise.all([clerk.waitForURL(/q=/), clerk.locator('form[action="/staff/book"] button[type="submit"]').click()]);
    await Promise.all([clerk.waitForURL(/resident=/), clerk.locator('a[href*="resident="]').first().click()]);
    await expect(clerk.locator('main').textContent()).resolves.toContain('団体への招待が1件あります');
    await expectNoAxeViolations(clerk);
    const invitationsHref = (await clerk.locator('a[href*="/invitations?"]').getAttribute('href')) ?? '';
    await clerk.goto(`${h.baseUrl}${invitationsHref}`);
    await expectNoAxeViolations(clerk);
    // Not yet confirmed with the person: the page again with the error summary.
    await clerk.locator('button[name="answer"][value="accept"]').click();
    await clerk.waitForLoadState();
    await expect(clerk.locator('main').textContent()).resolves.toContain('ご本人に確認してください');
    await expectNoAxeViolations(clerk);

    // The same view in English passes too.
    const en = await logIn('clerk@example.com', /\/staff/);
    await en.goto(`${h.baseUrl}${invitationsHref}&lang=en`);
    await expect(en.locator('html').getAttribute('lang')).resolves.toBe('en');
    await expectNoAxeViolations(en);

    await clerk.locator('input[name="channel"][value="counter"]').check();
    await clerk.locator('input[name="confirmed"][value="yes"]').check();
    await Promise.all([clerk.waitForURL(/done=1/), clerk.locator('button[name="answer"][value="accept"]').click()]);
    await expect(clerk.locator('main').textContent()).resolves.toContain('回答を記録しました');
    await expectNoAxeViolations(clerk);
  });
});
