/**
 * The platform kernel's pages in the browser, every one axe-clean (Chromium, Japanese; the public one in
 * English too) and usable on a phone at 200% zoom: the public 校区 lookup, the staff registry of
 * organisations with an entry, and the admins' staff and roles page.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoAxeViolations, fitsWidth, type Harness, logIn as logInAs, newPage, startHarness } from './harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

const logIn = (login: string, landing: RegExp) => logInAs(h, login, landing);

describe('the 校区 lookup', () => {
  it('finds a 校区 from an address typed as residents type it, by keyboard, axe-clean', async () => {
    const page = await newPage(h);
    // Reached from every page's footer.
    await page.goto(`${h.baseUrl}/`);
    await Promise.all([page.waitForURL(/\/districts$/), page.locator('footer a[href="/districts"]').click()]);
    await expectNoAxeViolations(page);
    await page.locator('#address').fill('小倉北区中央１丁目2-3');
    await Promise.all([page.waitForURL(/address=/), page.locator('#address').press('Enter')]);
    await expect(page.locator('main').textContent()).resolves.toContain('中央小学校区');
    await expectNoAxeViolations(page);
    // Nothing typed: the error summary links to the field.
    await page.goto(`${h.baseUrl}/districts?address=`);
    await expect(page.locator('.error-summary a[href="#address"]').count()).resolves.toBe(1);
    await expectNoAxeViolations(page);
  });

  it('reads in English and fits an old phone at 200% zoom', async () => {
    const page = await newPage(h, { width: 180, height: 320 }); // a 360 px phone at 200%
    await page.goto(`${h.baseUrl}/districts?lang=en&address=${encodeURIComponent('小倉北区中央1-2-3')}`);
    await expect(page.locator('h1').textContent()).resolves.toContain('school district');
    expect(await fitsWidth(page)).toBe(true);
    await expectNoAxeViolations(page);
  });
});

describe('the registry and the roles, for staff', () => {
  it('a ward officer sees their ward’s tree and an association with its 班 and officers', async () => {
    const ward = await logIn('ward@example.com', /\/staff/);
    await ward.goto(`${h.baseUrl}/staff/organisations`);
    await expectNoAxeViolations(ward);
    await ward.goto(`${h.baseUrl}/staff/organisations/org_demo_kokurakita_2_1`);
    await expect(ward.locator('main').textContent()).resolves.toContain('桜ヶ丘町内会');
    await expectNoAxeViolations(ward);
  });

  it('an admin sees the staff with their roles and the 校区 import, axe-clean', async () => {
    const admin = await logIn('admin@example.com', /\/staff/);
    await admin.goto(`${h.baseUrl}/staff/config/staff`);
    await expect(admin.locator('main').textContent()).resolves.toContain('clerk@example.com');
    await expectNoAxeViolations(admin);
    await admin.goto(`${h.baseUrl}/staff/districts/import`);
    await expectNoAxeViolations(admin);
  });
});

describe('households', () => {
  it('a resident starts their household from an address, adds a person without an account, and sees the leave page', async () => {
    const taro = await logIn('10000001', /\/my\/reservations/);
    await taro.goto(`${h.baseUrl}/account/household`);
    await expectNoAxeViolations(taro); // no household yet: the address form
    await taro.locator('#wardId').selectOption('kokurakita');
    await taro.locator('#addressLine').fill('中央1丁目2-3 つなぐハイツ101');
    await Promise.all([
      taro.waitForURL(/\/account\/household/),
      taro.locator('form[action="/account/household/start"] button[type="submit"]').click(),
    ]);
    await expectNoAxeViolations(taro); // no paper household there: the registration form with the 班
    await Promise.all([
      taro.waitForURL(/\/account\/household/),
      taro.locator('form[action="/account/household"] button[type="submit"]').click(),
    ]);
    await expect(taro.locator('main').textContent()).resolves.toContain('つなぐハイツ101');
    await expectNoAxeViolations(taro); // the household with its people and actions
    // A person without an account, with the フリガナ left out: the error summary, still axe-clean.
    await taro.locator('form[action="/account/household/people"] input[name="name"]').fill('山田 次郎');
    await taro.locator('form[action="/account/household/people"] button[type="submit"]').click();
    await taro.waitForLoadState();
    await expect(taro.locator('.error-summary').count()).resolves.toBe(1);
    await expectNoAxeViolations(taro);
    await taro.goto(`${h.baseUrl}/account/delete`);
    await expectNoAxeViolations(taro);
  });

  it('a ward officer finds households and opens the paper registration form, axe-clean', async () => {
    const ward = await logIn('ward@example.com', /\/staff/);
    await ward.goto(`${h.baseUrl}/staff/households?q=${encodeURIComponent('中央')}`);
    await expectNoAxeViolations(ward);
    await ward.goto(`${h.baseUrl}/staff/households/new`);
    await expectNoAxeViolations(ward);
  });
});

describe('LINE', () => {
  it('the resident’s LINE page and the admins’ LINE page read plainly and pass axe (LINE not configured here)', async () => {
    const taro = await logIn('10000001', /\/my\/reservations/);
    await taro.goto(`${h.baseUrl}/account/line`);
    await expect(taro.locator('h1').textContent()).resolves.toContain('LINE');
    await expectNoAxeViolations(taro);
    const admin = await logIn('admin@example.com', /\/staff/);
    await admin.goto(`${h.baseUrl}/staff/line`);
    await expectNoAxeViolations(admin);
  });
});

describe('messages', () => {
  it('the inbox, the clerk’s print list and the admins’ outbox view read plainly and pass axe', async () => {
    const hanako = await logIn('hanako@example.com', /\/my\/reservations/);
    await hanako.goto(`${h.baseUrl}/inbox`);
    await expect(hanako.locator('h1').textContent()).resolves.toBeTruthy();
    await expectNoAxeViolations(hanako);
    await Promise.all([hanako.waitForURL(/\/inbox\/settings$/), hanako.locator('a[href="/inbox/settings"]').click()]);
    await expectNoAxeViolations(hanako); // the channels, a plain form
    const clerk = await logIn('clerk@example.com', /\/staff/);
    await clerk.goto(`${h.baseUrl}/staff/print-list`);
    await expectNoAxeViolations(clerk);
    const admin = await logIn('admin@example.com', /\/staff/);
    await admin.goto(`${h.baseUrl}/staff/outbox`);
    await expectNoAxeViolations(admin);
    await admin.goto(`${h.baseUrl}/staff/outbox?status=failed`);
    await expectNoAxeViolations(admin);
  });
});
