/**
 * Changing a counter appointment and the staff's look-up, in a real browser on the demo city: a resident
 * moves their 引っ越し booking day → time → confirm and lands on the manage page's address; a clerk finds
 * an appointment by its number and cancels it for a caller — every page axe-clean, the change page
 * readable on a small phone at 200% zoom and in English.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { holidayOn } from '../src/lib/holidays.ts';
import { addDays, isoWeekday, systemClock, todayIn } from '../src/lib/time.ts';
import { clickAndLoad, DEMO_PASSWORD, expectNoAxeViolations, fitsWidth, type Harness, logIn, newPage, startHarness } from './harness.ts';

const OFFICE = 'org_demo_kokurakita_office';
const SERVICES = ['moving_in', 'health_insurance'].map((k) => `svc_demo_kokurakita_${k}`);

/** The working day after next (inside every demo service's window). */
function workingDayAfterNext(): string {
  let found = 0;
  for (let day = addDays(todayIn(systemClock), 1); ; day = addDays(day, 1)) {
    const newYear = day.slice(5) >= '12-29' || day.slice(5) <= '01-03';
    if (isoWeekday(day) <= 5 && !holidayOn(day) && !newYear && ++found === 2) return day;
  }
}

let h: Harness;
let token: string;
beforeAll(async () => {
  h = await startHarness();
  const answer = await fetch(`${h.baseUrl}/api/v1/auth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'admin@example.com', password: DEMO_PASSWORD }),
  });
  token = ((await answer.json()) as { token: string }).token;
});
afterAll(async () => {
  await h?.close();
});

/** Books the 引っ越し pair for a phone caller at the first start that fits, as staff would. */
async function bookMoving(): Promise<{ number: string; secret: string }> {
  const date = workingDayAfterNext();
  for (const start of ['09:00', '09:30', '10:00', '10:30', '13:00', '13:30', '14:00', '14:30', '15:00']) {
    const res = await fetch(`${h.baseUrl}/api/v1/appointments`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        lifeEventId: 'lev_demo_kokurakita_moving',
        serviceIds: SERVICES,
        date,
        start,
        name: '変更 花子',
        nameKana: 'ヘンコウ ハナコ',
        phone: `093-582-${String(Math.floor(Math.random() * 9000) + 1000)}`,
        email: `change-${Math.random().toString(36).slice(2, 8)}@example.jp`,
        channel: 'phone',
      }),
    });
    if (res.status === 201) return (await res.json()) as { number: string; secret: string };
  }
  throw new Error('no start fits on the demo day');
}

describe('changing an appointment', () => {
  it('a resident moves their booking by day, time and confirmation; every step axe-clean', async () => {
    const booked = await bookMoving();
    const page = await newPage(h);
    await page.goto(`${h.baseUrl}/appointments/${booked.number}/change?secret=${encodeURIComponent(booked.secret)}`);
    await expect(page.locator('h1').textContent()).resolves.toBe('予約の日時を変更する');
    await expectNoAxeViolations(page);
    const lastDay = await page.locator('#date option').last().getAttribute('value');
    await page.locator('#date').selectOption(lastDay ?? '');
    await clickAndLoad(page, page.getByRole('button', { name: 'この日の空き時間を見る' }));
    await expectNoAxeViolations(page);
    await page.locator('input[name="starts"]').first().check();
    await clickAndLoad(page, page.getByRole('button', { name: '確認へ進む' }));
    await expect(page.locator('main').textContent()).resolves.toContain('変更後');
    await expectNoAxeViolations(page);
    await Promise.all([
      page.waitForURL(new RegExp(`/appointments/${booked.number}\\?secret=`)),
      page.getByRole('button', { name: 'この日時に変更する' }).click(),
    ]);
    const shown = await fetch(`${h.baseUrl}/api/v1/appointments/${booked.number}?secret=${encodeURIComponent(booked.secret)}`);
    expect(((await shown.json()) as { date: string }).date).toBe(lastDay);
  });

  it('the change page fits a small phone at 200% zoom and reads in English', async () => {
    const booked = await bookMoving();
    const page = await newPage(h, { width: 180, height: 320 });
    await page.goto(`${h.baseUrl}/appointments/${booked.number}/change?secret=${encodeURIComponent(booked.secret)}&lang=en`);
    await expect(page.locator('h1').textContent()).resolves.toContain('Change the date and time');
    expect(await fitsWidth(page)).toBe(true);
    await expectNoAxeViolations(page);
  });

  it('a clerk finds the appointment by its number and cancels it for the caller', async () => {
    const booked = await bookMoving();
    const clerk = await logIn(h, 'admin@example.com', /\/staff/);
    await clerk.goto(`${h.baseUrl}/staff`);
    await clickAndLoad(clerk, clerk.locator(`a[href="/staff/offices/${OFFICE}/appointments"]`));
    await expectNoAxeViolations(clerk);
    await clerk.locator('#q').fill(booked.number);
    await clickAndLoad(clerk, clerk.getByRole('button', { name: '探す' }));
    await clickAndLoad(clerk, clerk.locator(`a[href="/staff/offices/${OFFICE}/appointments/${booked.number}"]`));
    await expect(clerk.locator('main').textContent()).resolves.toContain('変更 花子');
    await expectNoAxeViolations(clerk);
    await clerk.locator('#reason').fill('電話で取り消しの申し出');
    await clickAndLoad(clerk, clerk.getByRole('button', { name: 'この予約を取り消す' }));
    await expect(clerk.locator('[role="status"]').textContent()).resolves.toContain('予約を取り消しました');
    await expectNoAxeViolations(clerk);
  });

  it('a clerk takes a phone call and books for the caller on the same pages, without a code', async () => {
    const clerk = await logIn(h, 'admin@example.com', /\/staff/);
    await clerk.goto(`${h.baseUrl}/appointments/times?services=${SERVICES[0]}&from=${workingDayAfterNext()}`);
    await clickAndLoad(clerk, clerk.locator('a[href*="/appointments/details"]').first());
    await expect(clerk.locator('form[action="/appointments/for-caller"]').count()).resolves.toBe(1);
    await expectNoAxeViolations(clerk);
    await clerk.locator('#name').fill('電話 花子');
    await clerk.locator('#nameKana').fill('デンワ ハナコ');
    await clerk.locator('#phone').fill('093-582-0000');
    await clickAndLoad(clerk, clerk.getByRole('button', { name: 'この方の予約を受け付ける' }));
    expect(clerk.url()).toMatch(new RegExp(`/staff/offices/${OFFICE}/appointments/\\d{8}\\?booked=1`));
    await expect(clerk.locator('main').textContent()).resolves.toContain('予約を受け付けました');
    await expectNoAxeViolations(clerk);
  });
});
