/**
 * The lottery journey in a real browser, with the server's clock moved through one season: a resident
 * enters, an admin runs the draw, the resident sees the win and confirms it, and when first-come opens
 * another resident books a cell nobody won. Every page is checked with axe.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_LOTTERY_RULES, lotterySchedule } from '../src/features/lottery/lottery.ts';
import { addMonths, type Clock, systemClock, todayIn } from '../src/lib/time.ts';
import { expectNoAxeViolations, fitsWidth, type Harness, logIn as logInAs, newPage, startHarness } from './harness.ts';

let at = new Date();
const clock: Clock = { now: () => new Date(at) };
const month = addMonths(todayIn(systemClock).slice(0, 7), 2);
const season = lotterySchedule(month, DEFAULT_LOTTERY_RULES);
const HALL = 'kokurakita-llc'; // a lifelong-learning centre: its hall is allocated by lottery in the demo city

let h: Harness;
beforeAll(async () => {
  at = new Date(season.entryOpensAt.getTime() + 10 * 3_600_000); // the first day of entries, 10:00
  h = await startHarness({ clock });
});
afterAll(async () => {
  await h?.close();
});

const logIn = (login: string, landing: RegExp) => logInAs(h, login, landing);

/** The hall of the test centre and a date of the month whose afternoon is still with the lottery. */
async function lotteryCell(page: Page): Promise<{ roomId: string; date: string }> {
  const facility = (await (await page.request.get(`${h.baseUrl}/api/v1/facilities/${HALL}`)).json()) as {
    rooms: { id: string; roomType: string }[];
  };
  const room = facility.rooms.find((r) => r.roomType === 'hall');
  if (!room) throw new Error('the demo centre has no hall');
  const grid = (await (
    await page.request.get(`${h.baseUrl}/api/v1/rooms/${room.id}/availability?from=${month}-01&to=${month}-28`)
  ).json()) as {
    days: { date: string; bands: { band: string; state: string; reason?: string }[] }[];
  };
  const day = grid.days.find((d) => d.bands.some((b) => b.band === 'afternoon' && b.reason === 'lottery'));
  if (!day) throw new Error('no afternoon left to the lottery');
  return { roomId: room.id, date: day.date };
}

describe('the lottery season', () => {
  it('enter → draw by an admin → see the win → confirm → the rest opens first-come', async () => {
    // The public page: dates of the season and the seed's hash, published before entries close.
    const visitor = await newPage(h);
    await visitor.goto(`${h.baseUrl}/lottery`);
    await expect(visitor.locator('h1').textContent()).resolves.toBe('抽選の申し込み');
    await expect(visitor.locator('main').textContent()).resolves.toMatch(/[0-9a-f]{64}/);
    await expectNoAxeViolations(visitor);
    expect(await fitsWidth(visitor)).toBe(true);

    // A resident enters from the hall's month grid.
    const taro = await logIn('taro@example.com', /\/my\/reservations/);
    const cell = await lotteryCell(taro);
    await taro.goto(`${h.baseUrl}/facilities/${HALL}/availability?month=${month}`);
    await expect(taro.locator(`#room-${cell.roomId} ~ .lottery-note`).textContent()).resolves.toContain('抽選');
    await Promise.all([taro.waitForURL(/\/lottery\/apply/), taro.locator(`a[href="/lottery/apply?room=${cell.roomId}"]`).click()]);
    await expectNoAxeViolations(taro);
    // An empty submission explains itself.
    await taro.getByRole('button', { name: '抽選に申し込む' }).click();
    await expect(taro.locator('.error-summary').textContent()).resolves.toContain('入力内容を確認してください');
    await expectNoAxeViolations(taro);
    // Every link of the error summary leads to a control (or its group) on the page.
    const targets = await taro
      .locator('.error-summary a')
      .evaluateAll((links) =>
        links.map((a) => document.getElementById(decodeURIComponent((a as HTMLAnchorElement).hash.slice(1))) !== null),
      );
    expect(targets.length).toBeGreaterThan(0);
    expect(targets.every(Boolean)).toBe(true);
    // Fill the entry; a second wish with a date outside the month gets its own message and link.
    await taro.locator('#wish0Room').selectOption(cell.roomId);
    await taro.locator('#wish0Date').fill(cell.date);
    await taro.locator('#wish0Bands-afternoon').check();
    await taro.locator('#purpose').fill('コーラスの発表会');
    await taro.locator('#attendees').fill('30');
    await taro.locator('#category-general').check();
    await taro.locator('#wish1Room').selectOption(cell.roomId);
    await taro.locator('#wish1Date').fill('2030-01-05');
    await taro.locator('#wish1Bands-morning').check();
    await taro.getByRole('button', { name: '抽選に申し込む' }).click();
    await expect(taro.locator('#wish1').textContent()).resolves.toContain('の日付を選んでください');
    await expect(taro.locator('.error-summary a[href="#wish1Date"]').count()).resolves.toBe(1);
    await expect(taro.locator('#wish1Date').getAttribute('aria-invalid')).resolves.toBe('true');
    await expectNoAxeViolations(taro);
    // What was entered is still there; clear the second wish and send.
    await expect(taro.locator('#purpose').inputValue()).resolves.toBe('コーラスの発表会');
    await taro.locator('#wish1Room').selectOption('');
    await taro.locator('#wish1Date').fill('');
    await taro.locator('#wish1Bands-morning').uncheck();
    await Promise.all([
      taro.waitForURL(/\/lottery\/entries\?notice=entered/),
      taro.getByRole('button', { name: '抽選に申し込む' }).click(),
    ]);
    await expect(taro.locator('.notice--success').textContent()).resolves.toContain('抽選の申し込みを受け付けました');
    await expect(taro.locator('main').textContent()).resolves.toContain('抽選前');
    await expectNoAxeViolations(taro);

    // After the entry window: an admin runs the draw from the back office.
    at = new Date(season.drawAt.getTime() + 10 * 3_600_000);
    const admin = await logIn('admin@example.com', /\/staff$/);
    await admin.goto(`${h.baseUrl}/staff/lottery`);
    await expectNoAxeViolations(admin);
    await Promise.all([
      admin.waitForURL(/drawn=/),
      admin.getByRole('button', { name: `${Number(month.slice(0, 4))}年${Number(month.slice(5, 7))}月分の抽選を実行する` }).click(),
    ]);
    await expect(admin.locator('.notice--success').textContent()).resolves.toMatch(/当選 1件/);
    await expectNoAxeViolations(admin);

    // The resident sees the win and what to do, and confirms it.
    const taroAgain = await logIn('taro@example.com', /\/my\/reservations/);
    await taroAgain.goto(`${h.baseUrl}/lottery/entries`);
    await expect(taroAgain.locator('main').textContent()).resolves.toContain('当選しました');
    await expectNoAxeViolations(taroAgain);
    await Promise.all([
      taroAgain.waitForURL(/notice=confirmed/),
      taroAgain.getByRole('button', { name: '当選した部屋の利用を確定する' }).click(),
    ]);
    await expect(taroAgain.locator('.notice--success').textContent()).resolves.toContain('利用を確定しました');
    await taroAgain.getByRole('link', { name: '予約確定' }).click();
    await expect(taroAgain.locator('main').textContent()).resolves.toContain('予約確定');

    // First-come opens: another resident books a lottery cell nobody won, from the grid.
    at = new Date(season.firstComeOpensAt.getTime() + 60_000);
    const hanako = await logIn('hanako@example.com', /\/my\/reservations/);
    await hanako.goto(`${h.baseUrl}/facilities/${HALL}/availability?month=${month}`);
    const href = await hanako.locator(`#room-${cell.roomId} ~ section a[href^="/book?"]`).first().getAttribute('href');
    expect(href).toBeTruthy();
    await Promise.all([hanako.waitForURL(/\/book\?/), hanako.locator(`a[href="${href}"]`).first().click()]);
    await hanako.locator('#purpose').fill('町内会の総会');
    await hanako.locator('#attendees').fill('40');
    await hanako.locator('#category-community').check();
    await Promise.all([hanako.waitForURL(/\/book\/confirm/), hanako.getByRole('button', { name: '確認画面へ進む' }).click()]);
    await Promise.all([hanako.waitForURL(/\/my\/reservations\/rsv_/), hanako.getByRole('button', { name: '予約を確定する' }).click()]);
    await expect(hanako.locator('.notice--success').textContent()).resolves.toContain('予約を受け付けました');
  });

  it('the entry form and the lottery page read well at 200% zoom, on a phone, in English and by keyboard', async () => {
    at = new Date(season.entryOpensAt.getTime() + 10 * 3_600_000);
    for (const width of [640, 360]) {
      const page = await newPage(h, { width, height: 800 });
      await page.goto(`${h.baseUrl}/lottery`);
      expect(await fitsWidth(page), `/lottery at ${width}px`).toBe(true);
      await page.goto(`${h.baseUrl}/login`);
      await page.locator('#login').fill('10000001');
      await page.locator('#password').fill('tsunagu-demo-2026');
      await Promise.all([page.waitForURL(/\/my\/reservations/), page.getByRole('button', { name: 'ログインする' }).click()]);
      await page.goto(`${h.baseUrl}/lottery/apply`);
      expect(await fitsWidth(page), `/lottery/apply at ${width}px`).toBe(true);
    }
    const english = await newPage(h, { locale: 'en-GB' });
    await english.goto(`${h.baseUrl}/lottery?lang=en`);
    await expect(english.locator('h1').textContent()).resolves.toBe('Room lottery');
    await expectNoAxeViolations(english);

    // Keyboard only: from the first wish to the submit button, every control takes focus in order.
    const page = await logIn('taro@example.com', /\/my\/reservations/);
    await page.goto(`${h.baseUrl}/lottery/apply`);
    await page.locator('#wish0Room').focus();
    const order: string[] = [];
    for (let i = 0; i < 60; i++) {
      // A date input takes several Tabs (year, month, day parts) with the same element focused.
      const focused = await page.evaluate(() => document.activeElement?.id || document.activeElement?.tagName || '');
      if (order.at(-1) !== focused) order.push(focused);
      if (order.at(-1) === 'BUTTON') break;
      await page.keyboard.press('Tab');
    }
    expect(order.slice(0, 5)).toEqual(['wish0Room', 'wish0Date', 'wish0Bands-morning', 'wish0Bands-afternoon', 'wish0Bands-evening']);
    expect(order).toContain('purpose');
    expect(order.at(-1)).toBe('BUTTON');
  });
});
