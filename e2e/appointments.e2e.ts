/**
 * The day at a ward office in a real browser, with the server's clock at 10:00 on the next working day:
 * a walk-in takes a number at the kiosk, the clerk calls, serves and finishes it and marks the next a
 * no-show, the call screen and the 混雑状況 page show the queue, and 窓口の実績 counts it — every page
 * axe-clean, the kiosk usable on a phone at 200% zoom.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { holidayOn } from '../src/lib/holidays.ts';
import { addDays, type Clock, isoWeekday, systemClock, todayIn } from '../src/lib/time.ts';
import { expectNoAxeViolations, fitsWidth, type Harness, logIn, newPage, startHarness } from './harness.ts';

/** 10:00 in Tokyo on the next weekday that is no holiday and not in 年末年始. */
function nextWorkingMorning(): string {
  for (let day = addDays(todayIn(systemClock), 1); ; day = addDays(day, 1)) {
    const newYear = day.slice(5) >= '12-29' || day.slice(5) <= '01-03';
    if (isoWeekday(day) <= 5 && !holidayOn(day) && !newYear) return `${day}T10:00:00+09:00`;
  }
}

const OFFICE = 'org_demo_kokurakita_office';
const COUNTER = 'ctr_demo_kokurakita_citizens';
let at = nextWorkingMorning();
const clock: Clock = { now: () => new Date(at) };
let h: Harness;
beforeAll(async () => {
  h = await startHarness({ clock });
});
afterAll(async () => {
  await h?.close();
});

describe('the day at the ward office', () => {
  it('a walk-in takes a number at the kiosk; the clerk calls, serves and finishes; the screens show it', async () => {
    const kiosk = await logIn(h, 'admin@example.com', /\/staff/);
    await kiosk.goto(`${h.baseUrl}/offices/${OFFICE}/kiosk`);
    await expectNoAxeViolations(kiosk);
    await kiosk.getByRole('button', { name: '転入届の番号札を取る' }).click();
    await expect(kiosk.locator('.kiosk-number').textContent()).resolves.toBe('1');
    await expectNoAxeViolations(kiosk);
    await kiosk.getByRole('link', { name: '受付の画面に戻る' }).click();
    await kiosk.getByRole('button', { name: '転入届の番号札を取る' }).click();
    await expect(kiosk.locator('.kiosk-number').textContent()).resolves.toBe('2');
    // A number nobody booked: the error summary says so, by the field.
    await kiosk.goto(`${h.baseUrl}/offices/${OFFICE}/kiosk`);
    await kiosk.locator('#number').fill('0000-0000');
    await kiosk.locator('#number').press('Enter');
    await expect(kiosk.locator('.error-summary a[href="#number"]').count()).resolves.toBe(1);
    await expectNoAxeViolations(kiosk);

    const screen = await newPage(h);
    await screen.goto(`${h.baseUrl}/offices/${OFFICE}/screen`);
    await expect(screen.locator('.queue-screen__number').count()).resolves.toBe(0); // nobody called yet
    await expectNoAxeViolations(screen);

    const clerk = kiosk;
    await clerk.goto(`${h.baseUrl}/staff/counters/${COUNTER}/console?desk=1`);
    await expect(clerk.locator('main').textContent()).resolves.toContain('待っている方（2人）');
    await expectNoAxeViolations(clerk);
    await clerk.getByRole('button', { name: '次の方を呼ぶ' }).click();
    await expect(clerk.locator('.console-number').textContent()).resolves.toContain('1');
    // The call reaches the waiting-room screen without anyone touching it (SSE).
    await screen.locator('.queue-screen__number', { hasText: /^1$/ }).waitFor({ timeout: 5000 });
    await clerk.getByRole('button', { name: '受付開始' }).click();
    await clerk.getByRole('button', { name: '完了' }).click();
    await expect(clerk.locator('[role="status"]').textContent()).resolves.toContain('1番を完了にしました');
    await clerk.getByRole('button', { name: '次の方を呼ぶ' }).click();
    await clerk.getByRole('button', { name: '不在（来なかった）' }).click();
    await expect(clerk.locator('main').textContent()).resolves.toContain('待っている方（0人）');
    await expectNoAxeViolations(clerk);

    const status = await newPage(h);
    await status.goto(`${h.baseUrl}/offices/${OFFICE}/queue`);
    await expect(status.locator('main').textContent()).resolves.toContain('市民課');
    await expectNoAxeViolations(status);

    at = at.replace('T10:00', 'T11:00');
    await clerk.goto(`${h.baseUrl}/staff/counters/insights?office=${OFFICE}`);
    await expect(clerk.locator('main').textContent()).resolves.toContain('市民課');
    await expectNoAxeViolations(clerk);
  });

  it('the kiosk fits an old phone at 200% zoom and reads in English', async () => {
    const page = await logIn(h, 'admin@example.com', /\/staff/);
    await page.setViewportSize({ width: 180, height: 320 });
    await page.goto(`${h.baseUrl}/offices/${OFFICE}/kiosk?lang=en`);
    await expect(page.locator('h1').textContent()).resolves.toContain('check-in');
    expect(await fitsWidth(page)).toBe(true);
    await expectNoAxeViolations(page);
  });
});
