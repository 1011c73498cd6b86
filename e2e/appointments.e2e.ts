/**
 * The day at a ward office in a real browser, with the server's clock at 10:00 on the next working day:
 * a walk-in takes a number at the kiosk, the clerk calls, serves and finishes it and marks the next a
 * no-show, the call screen and the 混雑状況 page show the queue, and 窓口の実績 counts it — every page
 * axe-clean, the kiosk usable on a phone at 200% zoom. And a newcomer's journey: on the day before, they
 * pick 引っ越し at another office, book 転入届 and 国保 back to back with an email confirmed by its code
 * (read from the development outbox, as from a mail), get the QR slip; on the day they check in at the
 * kiosk with the 予約番号, see it called on the call screen, and a walk-in, a no-show and the 混雑状況
 * page follow.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { holidayOn } from '../src/lib/holidays.ts';
import { addDays, type Clock, isoWeekday, systemClock, todayIn } from '../src/lib/time.ts';
import { clickAndLoad, expectNoAxeViolations, fitsWidth, type Harness, logIn, newPage, startHarness } from './harness.ts';

/** 10:00 in Tokyo on the next weekday that is no holiday and not in 年末年始. */
function nextWorkingMorning(): string {
  for (let day = addDays(todayIn(systemClock), 1); ; day = addDays(day, 1)) {
    const newYear = day.slice(5) >= '12-29' || day.slice(5) <= '01-03';
    if (isoWeekday(day) <= 5 && !holidayOn(day) && !newYear) return `${day}T10:00:00+09:00`;
  }
}

const OFFICE = 'org_demo_kokurakita_office';
const NEWCOMER_OFFICE = 'org_demo_tobata_office';
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
    await clickAndLoad(kiosk, kiosk.getByRole('button', { name: '転入届の番号札を取る' }));
    await expect(kiosk.locator('.kiosk-number').textContent()).resolves.toBe('1');
    await expectNoAxeViolations(kiosk);
    await clickAndLoad(kiosk, kiosk.getByRole('link', { name: '受付の画面に戻る' }));
    await clickAndLoad(kiosk, kiosk.getByRole('button', { name: '転入届の番号札を取る' }));
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
    await clickAndLoad(clerk, clerk.getByRole('button', { name: '次の方を呼ぶ' }));
    await expect(clerk.locator('.console-number').textContent()).resolves.toContain('1');
    // The call reaches the waiting-room screen without anyone touching it (SSE).
    await screen.locator('.queue-screen__number', { hasText: /^1$/ }).waitFor({ timeout: 5000 });
    await clickAndLoad(clerk, clerk.getByRole('button', { name: '受付開始' }));
    await clickAndLoad(clerk, clerk.getByRole('button', { name: '完了' }));
    await expect(clerk.locator('[role="status"]').textContent()).resolves.toContain('1番を完了にしました');
    await clickAndLoad(clerk, clerk.getByRole('button', { name: '次の方を呼ぶ' }));
    await clickAndLoad(clerk, clerk.getByRole('button', { name: '不在（来なかった）' }));
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

describe('a newcomer books 引っ越し online and is called on the day', () => {
  it('books 転入届 and 国保 back to back, prints the QR slip, checks in at the kiosk and is called', async () => {
    const day = at.slice(0, 10);
    at = `${addDays(day, -1)}T12:00:00+09:00`; // the day before: the demo services book until then
    const resident = await newPage(h);
    await resident.goto(`${h.baseUrl}/appointments`);
    await expectNoAxeViolations(resident);
    await clickAndLoad(resident, resident.locator(`a[href="/appointments?office=${NEWCOMER_OFFICE}"]`));
    await expectNoAxeViolations(resident);
    await clickAndLoad(resident, resident.getByRole('link', { name: /^引っ越し（転入）/ }));
    await expectNoAxeViolations(resident);
    // Every service of the event is ticked; this newcomer needs only 転入届 and 国保.
    await resident.getByLabel(/^国民年金の手続き/).uncheck();
    await resident.getByLabel(/^児童手当の申請/).uncheck();
    await clickAndLoad(resident, resident.getByRole('button', { name: '日時を選ぶ' }));
    await expect(resident.locator('main').textContent()).resolves.toContain('転出証明書'); // 持ち物
    await expectNoAxeViolations(resident);
    await clickAndLoad(resident, resident.locator(`a[href*="date=${day}&start=10%3A00"]`));
    await expect(resident.locator('main').textContent()).resolves.toMatch(/10:30〜10:45\s*国民健康保険/);
    await expectNoAxeViolations(resident);
    const email = `newcomer-${Date.now()}@example.jp`;
    await resident.locator('#name').fill('戸畑 新');
    await resident.locator('#nameKana').fill('トバタ アラタ');
    await resident.locator('#email').fill(email);
    await clickAndLoad(resident, resident.getByRole('button', { name: '確認コードを送る' }));
    await expectNoAxeViolations(resident);

    const mail = await newPage(h);
    await mail.goto(`${h.baseUrl}/dev/outbox`);
    const body = await mail.locator('section', { hasText: email }).first().textContent();
    const code = /確認コード: (\d{6})/.exec(body ?? '')?.[1] ?? '';
    expect(code).toMatch(/^\d{6}$/);
    await resident.locator('#emailCode').fill(code);
    await Promise.all([resident.waitForURL(/notice=booked/), resident.getByRole('button', { name: 'この内容で予約する' }).click()]);
    await expect(resident.locator('[role="status"]').textContent()).resolves.toContain('予約しました');
    const printed = ((await resident.locator('.appointment-number').textContent()) ?? '').trim();
    expect(printed).toMatch(/^\d{4}-\d{4}$/);
    await expect(resident.locator('.appointment-qr svg').count()).resolves.toBe(1);
    await expectNoAxeViolations(resident);
    await resident.setViewportSize({ width: 180, height: 320 }); // a phone at 200% zoom
    expect(await fitsWidth(resident)).toBe(true);
    await resident.setViewportSize({ width: 1280, height: 900 });
    await clickAndLoad(resident, resident.getByRole('link', { name: '予約票を印刷する' }));
    await expectNoAxeViolations(resident);
    await resident.emulateMedia({ media: 'print' }); // the print shows the slip alone
    await expect(resident.locator('.appointment-slip').isVisible()).resolves.toBe(true);
    await expect(resident.locator('h1').isVisible()).resolves.toBe(false);
    await resident.emulateMedia({ media: 'screen' });

    // The day itself, ten minutes before the time: the kiosk takes the number as typed (or scanned).
    at = `${day}T09:50:00+09:00`;
    const kiosk = await logIn(h, 'admin@example.com', /\/staff/);
    await kiosk.goto(`${h.baseUrl}/offices/${NEWCOMER_OFFICE}/kiosk`);
    await kiosk.locator('#number').fill(printed);
    await kiosk.locator('#number').press('Enter');
    const ticket = ((await kiosk.locator('.kiosk-number').textContent()) ?? '').trim();
    expect(ticket).toMatch(/^\d+$/);
    await expectNoAxeViolations(kiosk);

    const screen = await newPage(h);
    await screen.goto(`${h.baseUrl}/offices/${NEWCOMER_OFFICE}/screen`);
    const clerk = await logIn(h, 'admin@example.com', /\/staff/);
    await clerk.goto(`${h.baseUrl}/staff/counters/ctr_demo_tobata_citizens/console?desk=1`);
    await clickAndLoad(clerk, clerk.getByRole('button', { name: '次の方を呼ぶ' }));
    await expect(clerk.locator('.console-number').textContent()).resolves.toContain(ticket);
    await screen.locator('.queue-screen__number', { hasText: new RegExp(`^${ticket}$`) }).waitFor({ timeout: 5000 });
    await expectNoAxeViolations(screen);
    await clickAndLoad(clerk, clerk.getByRole('button', { name: '受付開始' }));
    await clickAndLoad(clerk, clerk.getByRole('button', { name: '完了' })); // on to 国保, at its own counter

    // A walk-in takes a number; the clerk calls it and marks a no-show.
    await clickAndLoad(kiosk, kiosk.getByRole('link', { name: '受付の画面に戻る' }));
    await clickAndLoad(kiosk, kiosk.getByRole('button', { name: '転入届の番号札を取る' }));
    const walkIn = ((await kiosk.locator('.kiosk-number').textContent()) ?? '').trim();
    expect(Number(walkIn)).toBeGreaterThan(Number(ticket));
    await clickAndLoad(clerk, clerk.getByRole('button', { name: '次の方を呼ぶ' }));
    await expect(clerk.locator('.console-number').textContent()).resolves.toContain(walkIn);
    await clickAndLoad(clerk, clerk.getByRole('button', { name: '不在（来なかった）' }));
    await expect(clerk.locator('main').textContent()).resolves.toContain('待っている方（0人）');
    await expectNoAxeViolations(clerk);

    // The 混雑状況 page: the newcomer now waits at 保険年金課 for 国保.
    const status = await newPage(h);
    await status.goto(`${h.baseUrl}/offices/${NEWCOMER_OFFICE}/queue`);
    const row = await status.locator('tr', { hasText: '保険年金課' }).textContent();
    expect(row).toContain('1人');
    expect(row).toMatch(/約\d+分/);
    await expectNoAxeViolations(status);
  });

  it('checks in from the resident’s own phone within 15 minutes, and cancels another booking; every page axe-clean', async () => {
    const day = nextWorkingMorning().slice(0, 10);
    at = `${addDays(day, -1)}T12:00:00+09:00`;
    const login = await fetch(`${h.baseUrl}/api/v1/auth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'hanako@example.com', password: 'tsunagu-demo-2026' }),
    });
    const { token } = (await login.json()) as { token: string };
    const book = async (start: string) => {
      for (const time of [start, ...['14:00', '14:30', '15:00', '15:30'].filter((t) => t !== start)]) {
        const res = await fetch(`${h.baseUrl}/api/v1/appointments`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify({ serviceIds: ['svc_demo_tobata_seal'], date: day, start: time }),
        });
        if (res.status === 201) return (await res.json()) as { number: string; secret: string; starts: string };
      }
      throw new Error('no free start for the demo procedure');
    };
    const first = await book('11:00');
    const second = await book('14:00');
    const manage = (a: { number: string; secret: string }) =>
      `${h.baseUrl}/appointments/${a.number}?secret=${encodeURIComponent(a.secret)}`;

    at = `${day}T${first.starts}:00+09:00`; // at the time itself: inside the 15 minutes
    const phone = await newPage(h, { width: 360, height: 740 });
    await phone.goto(manage(first));
    await expectNoAxeViolations(phone);
    await clickAndLoad(phone, phone.getByRole('button', { name: '受付する' }));
    await expect(phone.locator('main').textContent()).resolves.toContain('受付しました');
    await expectNoAxeViolations(phone);

    await phone.goto(manage(second));
    await clickAndLoad(phone, phone.getByRole('link', { name: '予約を取り消す' }));
    await expect(phone.locator('main').textContent()).resolves.toContain('元に戻せません');
    await expectNoAxeViolations(phone);
    await clickAndLoad(phone, phone.getByRole('button', { name: '予約を取り消す' }));
    await expect(phone.locator('main').textContent()).resolves.toContain('予約を取り消しました');
    await expectNoAxeViolations(phone);
  });

  it('books a life event on a phone with JavaScript switched off', async () => {
    const day = nextWorkingMorning().slice(0, 10);
    at = `${addDays(day, -1)}T12:00:00+09:00`;
    const page = await newPage(h, { width: 360, height: 740, javaScript: false });
    await page.goto(`${h.baseUrl}/appointments`);
    await clickAndLoad(page, page.locator(`a[href="/appointments?office=${NEWCOMER_OFFICE}"]`));
    await clickAndLoad(page, page.getByRole('link', { name: /^引っ越し（転入）/ }));
    await clickAndLoad(page, page.getByRole('button', { name: '日時を選ぶ' }));
    await clickAndLoad(page, page.locator(`a[href*="date=${day}&start="]`).last());
    const email = `nojs-${Date.now()}@example.jp`;
    await page.locator('#name').fill('若松 静');
    await page.locator('#nameKana').fill('ワカマツ シズカ');
    await page.locator('#email').fill(email);
    await clickAndLoad(page, page.getByRole('button', { name: '確認コードを送る' }));
    const mail = await newPage(h);
    await mail.goto(`${h.baseUrl}/dev/outbox`);
    const body = await mail.locator('section', { hasText: email }).first().textContent();
    await page.locator('#emailCode').fill(/確認コード: (\d{6})/.exec(body ?? '')?.[1] ?? '');
    await clickAndLoad(page, page.getByRole('button', { name: 'この内容で予約する' }));
    expect(page.url()).toContain('notice=booked');
    await expect(page.locator('.appointment-qr svg').count()).resolves.toBe(1);
    // axe runs as a script in the page, so it cannot run here; the same pages pass it in the journey above.
  });

  it('the booking pages fit a phone at 200% zoom and read in English', async () => {
    const page = await newPage(h, { width: 180, height: 320 });
    const event = `lev_demo_tobata_moving`;
    const services = ['svc_demo_tobata_moving_in', 'svc_demo_tobata_health_insurance'].map((id) => `services=${id}`).join('&');
    for (const path of [
      `/appointments?office=${NEWCOMER_OFFICE}&lang=en`,
      `/appointments/events/${event}?lang=en`,
      `/appointments/times?${services}&event=${event}&lang=en`,
    ]) {
      await page.goto(`${h.baseUrl}${path}`);
      expect(await fitsWidth(page), path).toBe(true);
      await expectNoAxeViolations(page);
    }
    await expect(page.locator('h1').textContent()).resolves.toBe('Choose a day and time');
  });
});
