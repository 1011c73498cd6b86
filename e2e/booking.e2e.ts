import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoAxeViolations, fitsWidth, type Harness, newPage, startHarness } from './harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

describe('a new resident books a room online', () => {
  it('registers, books from the grid, sees the booking, downloads the .ics and cancels — every page axe-clean', async () => {
    const page = await newPage(h);
    await page.goto(`${h.baseUrl}/register`);
    await expectNoAxeViolations(page);
    await page.locator('#name').fill('八幡 花子');
    await page.locator('#nameKana').fill('やはた はなこ');
    await page.locator('#phone').fill('093-111-2222');
    await page.locator('#email').fill('e2e-hanako@example.com');
    await page.locator('#residency-resident').check();
    await page.locator('#birthYear').fill('1950');
    await page.locator('#password').fill('e2e-password-123');
    await page.locator('#passwordConfirm').fill('e2e-password-123');
    // The answer is the same for a new and a registered address: "check your mail", then log in.
    await page.getByRole('button', { name: '登録する' }).click(); // the notice below waits for the answer
    await expect(page.locator('.notice--success').textContent()).resolves.toContain('メールを送りました');
    await expectNoAxeViolations(page);
    await Promise.all([page.waitForURL(/\/login/), page.locator('main a.button').click()]);
    await page.locator('#login').fill('e2e-hanako@example.com');
    await page.locator('#password').fill('e2e-password-123');
    await Promise.all([page.waitForURL(/\/my\/reservations/), page.locator('main button[type="submit"]').click()]);

    // From a facility's month grid: the first free cell at least five days ahead (still cancellable online).
    const target = new Date(Date.now() + 9 * 3_600_000 + 5 * 86_400_000).toISOString().slice(0, 10);
    await page.goto(`${h.baseUrl}/facilities/wakamatsu-llc/availability?month=${target.slice(0, 7)}`);
    const href = await page.evaluate((from) => {
      const links = [...document.querySelectorAll<HTMLAnchorElement>('td.f a')];
      return links.find((a) => (new URL(a.href).searchParams.get('date') ?? '') >= from)?.getAttribute('href');
    }, target);
    expect(href).toBeTruthy();
    await Promise.all([page.waitForURL(/\/book\?/), page.locator(`a[href="${href}"]`).click()]);
    await expect(page.locator('h1').textContent()).resolves.toBe('予約の申し込み');
    await expectNoAxeViolations(page);
    await page.locator('#purpose').fill('書道サークルの練習');
    await page.locator('#attendees').fill('8');
    await page.locator('#category-general').check();
    await Promise.all([page.waitForURL(/\/book\/confirm/), page.getByRole('button', { name: '確認画面へ進む' }).click()]);
    await expect(page.locator('h1').textContent()).resolves.toBe('予約内容の確認');
    await expect(page.locator('.fee-table').textContent()).resolves.toMatch(/お支払いいただく使用料[\d,]+円/);
    await expectNoAxeViolations(page);

    await Promise.all([page.waitForURL(/\/my\/reservations\/rsv_/), page.getByRole('button', { name: '予約を確定する' }).click()]);
    await expect(page.locator('.notice--success').textContent()).resolves.toContain('予約を受け付けました');
    const number = (await page.locator('h1').textContent())?.match(/\d{4}-\d{6}/)?.[0];
    expect(number).toBeDefined();
    await expectNoAxeViolations(page);

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: /カレンダーに追加する/ }).click()]);
    expect(download.suggestedFilename()).toBe(`${number}.ics`);

    await page.getByRole('link', { name: '予約の確認' }).first().click();
    await expect(page.locator('main').textContent()).resolves.toContain(number ?? 'missing');
    await expectNoAxeViolations(page);

    await page
      .getByRole('link', { name: /\d+年\d+月\d+日/ })
      .first()
      .click();
    await Promise.all([page.waitForURL(/notice=cancelled/), page.getByRole('button', { name: 'この予約を取り消す' }).click()]);
    await expect(page.locator('.notice--success').textContent()).resolves.toContain('予約を取り消しました');
    await expectNoAxeViolations(page);

    // The confirmation and cancellation mails are in the development outbox.
    await page.goto(`${h.baseUrl}/dev/outbox`);
    await expect(page.locator('main').textContent()).resolves.toContain(`予約を取り消しました（予約番号 ${number}）`);
    await expectNoAxeViolations(page);
  });

  it('login, account, group and password pages pass axe and fit a phone', async () => {
    const page = await newPage(h, { width: 360, height: 800 });
    for (const path of ['/login', '/password/forgot', '/register']) {
      await page.goto(`${h.baseUrl}${path}`);
      await expectNoAxeViolations(page);
      expect(await fitsWidth(page), path).toBe(true);
    }
    await page.goto(`${h.baseUrl}/login`);
    await page.locator('#login').fill('taro@example.com');
    await page.locator('#password').fill('tsunagu-demo-2026');
    await Promise.all([page.waitForURL(/\/my\/reservations/), page.getByRole('button', { name: 'ログインする' }).click()]);
    await expectNoAxeViolations(page);
    for (const path of ['/account', '/groups/new']) {
      await page.goto(`${h.baseUrl}${path}`);
      await expectNoAxeViolations(page);
      expect(await fitsWidth(page), path).toBe(true);
    }
    // A wrong form shows the error summary, still axe-clean.
    await page.goto(`${h.baseUrl}/groups/new`);
    await page.getByRole('button', { name: '団体を登録する' }).click();
    await expect(page.locator('.error-summary').textContent()).resolves.toContain('団体名を入力してください');
    await expectNoAxeViolations(page);
  });
});

describe('a clerk books for a phone caller', () => {
  it('logs in to the back office, finds the caller by フリガナ, books, and every page passes axe', async () => {
    const page = await newPage(h);
    await page.goto(`${h.baseUrl}/login`);
    await page.locator('#login').fill('clerk@example.com');
    await page.locator('#password').fill('tsunagu-demo-2026');
    await Promise.all([page.waitForURL(/\/staff$/), page.getByRole('button', { name: 'ログインする' }).click()]);
    await expectNoAxeViolations(page);

    // The first day from a week ahead with a free cell at the clerk's centre.
    const free = page.locator('a[href^="/staff/book?"]').first();
    for (let ahead = 7; ahead < 28; ahead++) {
      const date = new Date(Date.now() + 9 * 3_600_000 + ahead * 86_400_000).toISOString().slice(0, 10);
      await page.goto(`${h.baseUrl}/staff/facilities/kokurakita-llc?date=${date}`);
      if ((await free.count()) > 0) break;
    }
    expect(await free.count()).toBeGreaterThan(0);
    await expectNoAxeViolations(page);
    await Promise.all([page.waitForURL(/\/staff\/book\?/), free.click()]);
    await page.locator('#q').fill('きたきゅう たろう');
    await Promise.all([page.waitForURL(/q=/), page.getByRole('button', { name: 'さがす' }).click()]);
    await expectNoAxeViolations(page);
    await Promise.all([page.waitForURL(/resident=/), page.getByRole('link', { name: /北九 太郎/ }).click()]);
    await expectNoAxeViolations(page);
    await page.locator('#purpose').fill('電話での予約');
    await page.locator('#attendees').fill('5');
    await page.locator('#category-general').check();
    await Promise.all([page.waitForURL(/booked=/), page.getByRole('button', { name: '予約を確定する' }).click()]);
    await expect(page.locator('.notice--success').textContent()).resolves.toMatch(/予約番号 \d{4}-\d{6} で予約しました/);
    await expect(page.locator('main').textContent()).resolves.toContain('北九 太郎（キタキュウ タロウ）');
    await expectNoAxeViolations(page);

    // Payment at the counter, then the permit.
    const row = page.locator('td', { hasText: '北九 太郎（キタキュウ タロウ）' }).first();
    await row.locator('input[name="receiptNumber"]').fill('R-2026-001');
    await Promise.all([page.waitForLoadState('load'), row.getByRole('button', { name: '現金での支払いを記録' }).click()]);
    await expect(page.locator('td', { hasText: '北九 太郎（キタキュウ タロウ）' }).first().textContent()).resolves.toContain(
      '支払済み（領収番号 R-2026-001）',
    );
    const permitHref = await page
      .locator('td', { hasText: '北九 太郎（キタキュウ タロウ）' })
      .first()
      .getByRole('link', { name: /利用許可書/ })
      .getAttribute('href');
    const permit = await page.request.get(`${h.baseUrl}${permitHref}`);
    expect(permit.status()).toBe(200);
    expect(permit.headers()['content-type']).toBe('application/pdf');
    expect((await permit.body()).subarray(0, 5).toString()).toBe('%PDF-');
    await expectNoAxeViolations(page);
  });

  it('approval round-trip: a resident applies for 多目的利用者登録, a clerk approves, the resident sees it', async () => {
    const resident = await newPage(h);
    await resident.goto(`${h.baseUrl}/login`);
    await resident.locator('#login').fill('10000001');
    await resident.locator('#password').fill('tsunagu-demo-2026');
    await Promise.all([resident.waitForURL(/\/my\/reservations/), resident.getByRole('button', { name: 'ログインする' }).click()]);
    await resident.goto(`${h.baseUrl}/account`);
    await Promise.all([
      resident.waitForURL(/notice=multipurpose/),
      resident.getByRole('button', { name: '多目的利用者登録を申請する' }).click(),
    ]);
    await expect(resident.locator('main').textContent()).resolves.toContain('審査中');

    const clerk = await newPage(h);
    await clerk.goto(`${h.baseUrl}/login`);
    await clerk.locator('#login').fill('clerk@example.com');
    await clerk.locator('#password').fill('tsunagu-demo-2026');
    await Promise.all([clerk.waitForURL(/\/staff$/), clerk.getByRole('button', { name: 'ログインする' }).click()]);
    await clerk.goto(`${h.baseUrl}/staff/approvals`);
    const application = clerk.locator('section', { hasText: '北九 太郎' });
    await Promise.all([clerk.waitForURL(/done=1/), application.getByRole('button', { name: '承認する' }).click()]);
    await expect(clerk.locator('.notice--success').textContent()).resolves.toContain('審査の結果を記録し');
    await expectNoAxeViolations(clerk);

    await resident.goto(`${h.baseUrl}/account`);
    await expect(resident.locator('main').textContent()).resolves.toContain('登録済み');
  });

  it('a closure lists the bookings it affects, and nothing is cancelled by it', async () => {
    const page = await newPage(h);
    await page.goto(`${h.baseUrl}/login`);
    await page.locator('#login').fill('clerk@example.com');
    await page.locator('#password').fill('tsunagu-demo-2026');
    await Promise.all([page.waitForURL(/\/staff$/), page.getByRole('button', { name: 'ログインする' }).click()]);
    // Close the whole centre for the coming two weeks: the demo city has bookings there.
    const from = new Date(Date.now() + 9 * 3_600_000 + 1 * 86_400_000).toISOString().slice(0, 10);
    const to = new Date(Date.now() + 9 * 3_600_000 + 14 * 86_400_000).toISOString().slice(0, 10);
    await page.goto(`${h.baseUrl}/staff/facilities/kokurakita-llc/closures`);
    await page.locator('#startsOn').fill(from);
    await page.locator('#endsOn').fill(to);
    await page.locator('#reason').selectOption('maintenance');
    await page.getByRole('button', { name: '休館を設定する' }).click();
    await expect(page.locator('#affected-title + p').textContent()).resolves.toMatch(/\d+件の予約があります/);
    expect(await page.getByRole('button', { name: /お知らせして取り消す/ }).count()).toBeGreaterThan(0);
    await expectNoAxeViolations(page);
  });
});

describe('the other back-office pages', () => {
  it('approvals, closures (with affected bookings) and the audit log pass axe', async () => {
    const page = await newPage(h);
    await page.goto(`${h.baseUrl}/login`);
    await page.locator('#login').fill('admin@example.com');
    await page.locator('#password').fill('tsunagu-demo-2026');
    await Promise.all([page.waitForURL(/\/staff$/), page.getByRole('button', { name: 'ログインする' }).click()]);
    await expectNoAxeViolations(page);
    await page.goto(`${h.baseUrl}/staff/approvals`);
    await expectNoAxeViolations(page);
    await page.goto(`${h.baseUrl}/staff/facilities/kokurakita-llc/closures`);
    await expectNoAxeViolations(page);
    const from = new Date(Date.now() + 9 * 3_600_000 + 10 * 86_400_000).toISOString().slice(0, 10);
    await page.locator('#startsOn').fill(from);
    await page.locator('#endsOn').fill(from);
    await page.locator('#reason').selectOption('election');
    await page.locator('#note').fill('投票所となるため');
    await page.getByRole('button', { name: '休館を設定する' }).click();
    await expect(page.locator('.notice--success').textContent()).resolves.toContain('臨時休館を設定しました');
    await expectNoAxeViolations(page);
    await page.goto(`${h.baseUrl}/staff/audit`);
    await expect(page.locator('main').textContent()).resolves.toContain('closure.create');
    await expectNoAxeViolations(page);
    await page.goto(`${h.baseUrl}/staff/config`);
    await expectNoAxeViolations(page);
    await page.goto(`${h.baseUrl}/staff/config/facilities/kokurakita-llc`);
    await expectNoAxeViolations(page);
    await page.goto(`${h.baseUrl}/staff/config/staff`);
    await expectNoAxeViolations(page);
    await page.goto(`${h.baseUrl}/staff/facilities/kokurakita-llc/week`);
    await expectNoAxeViolations(page);
    await page.goto(`${h.baseUrl}/staff/lottery`);
    await expectNoAxeViolations(page);
  });

  it('utilisation: chart and table by ward for the last week, the ten-year trend, axe-clean, readable on a phone and in English', async () => {
    const page = await newPage(h);
    await page.goto(`${h.baseUrl}/login`);
    await page.locator('#login').fill('admin@example.com');
    await page.locator('#password').fill('tsunagu-demo-2026');
    await Promise.all([page.waitForURL(/\/staff$/), page.getByRole('button', { name: 'ログインする' }).click()]);
    await page.getByRole('link', { name: '利用状況（稼働率）' }).click();
    await expect(page.locator('h1').textContent()).resolves.toBe('利用状況（稼働率）');
    await expectNoAxeViolations(page);
    const day = (n: number) => new Date(Date.now() + 9 * 3_600_000 - n * 86_400_000).toISOString().slice(0, 10);
    await page.locator('#from').fill(day(7));
    await page.locator('#to').fill(day(1));
    await page.locator('#groupBy').selectOption('ward');
    await page.getByRole('button', { name: '表示する' }).click();
    await expect(page.locator('#chart-group-title').textContent()).resolves.toContain('区ごとの稼働率');
    expect(await page.locator('table.table caption', { hasText: '区ごとの稼働率' }).count()).toBe(1);
    expect(await page.locator('svg:has(#chart-group-title) text.bar-chart__label').count()).toBe(7); // the seven wards
    await expectNoAxeViolations(page);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.locator('a[href^="/staff/insights/utilisation.csv"][href$="encoding=sjis"]').first().click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^utilisation_ward_.*\.csv$/);
    // Ten years by month, from the link: a column chart with its table, and the Sunday-opening section.
    await page.getByRole('link', { name: '過去10年の推移（月別）' }).click();
    await expect(page.locator('svg.column-chart #chart-group-title').textContent()).resolves.toContain('月ごとの稼働率');
    expect(await page.locator('table.table caption', { hasText: '月ごとの稼働率' }).count()).toBe(1);
    await expect(page.locator('h2#sunday').textContent()).resolves.toBe('日曜開館');
    await expectNoAxeViolations(page);
    const phone = await newPage(h, { width: 360, height: 800 });
    await phone.context().addCookies(await page.context().cookies());
    await phone.goto(page.url());
    expect(await fitsWidth(phone)).toBe(true);
    await phone.goto(`${page.url()}&lang=en`);
    await expect(phone.locator('h1').textContent()).resolves.toBe('Utilisation');
    await expectNoAxeViolations(phone);
  });
});
