import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoAxeViolations, fitsWidth, type Harness, newPage, startHarness } from './harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

async function tabUntil(page: Page, predicate: () => Promise<boolean>, max = 80): Promise<void> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    if (await predicate()) return;
  }
  throw new Error('focus never reached the expected element by keyboard');
}

const focusedText = (page: Page) => page.evaluate(() => document.activeElement?.textContent?.trim() ?? '');

describe('home page', () => {
  it('shows the wards and the search, in Japanese, with no axe violations', async () => {
    const page = await newPage(h);
    await page.goto(h.baseUrl);
    await expect(page.locator('h1').textContent()).resolves.toContain('空き状況');
    expect(await page.locator('#wards + ul li').count()).toBe(7);
    await expectNoAxeViolations(page);
  });

  it('switches to English and stays axe-clean', async () => {
    const page = await newPage(h);
    await page.goto(h.baseUrl);
    await page.getByRole('link', { name: 'English' }).click();
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('en');
    await expect(page.locator('h2#wards').textContent()).resolves.toBe('Facilities by ward');
    await expectNoAxeViolations(page);
  });

  it('reads well at 200% zoom and on a small phone: no sideways scrolling', async () => {
    for (const width of [640, 360]) {
      const page = await newPage(h, { width, height: 800 });
      await page.goto(h.baseUrl);
      expect(await fitsWidth(page), `width ${width}`).toBe(true);
    }
  });
});

describe('facility month grid', () => {
  it('is reached from a ward, shows rooms × dates × bands and passes axe', async () => {
    const page = await newPage(h);
    await page.goto(h.baseUrl);
    await page.getByRole('link', { name: '小倉北区' }).first().click();
    await page.getByRole('link', { name: '小倉北区生涯学習センター' }).click();
    await page.getByRole('link', { name: '空き状況を見る' }).click();
    await expect(page.locator('h1').textContent()).resolves.toContain('空き状況');
    expect(await page.locator('table.grid').count()).toBe(8);
    expect(await page.locator('table.grid').first().locator('thead th').allTextContents()).toEqual([
      '日付',
      '午前09:00–12:00',
      '午後13:00–17:00',
      '夜間18:00–22:00',
    ]);
    await expectNoAxeViolations(page);
  });

  it('works by keyboard alone: skip link, month navigation, scrollable grid regions', async () => {
    const page = await newPage(h);
    await page.goto(`${h.baseUrl}/facilities/kokurakita-llc/availability`);
    const heading = await page.locator('.month-nav__current').textContent();

    await page.keyboard.press('Tab');
    expect(await focusedText(page)).toBe('本文へ移動');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('main');

    await tabUntil(page, async () => (await focusedText(page)).startsWith('次の月'));
    await Promise.all([page.waitForURL(/month=\d{4}-\d{2}$/), page.keyboard.press('Enter')]);
    expect(await page.locator('.month-nav__current').textContent()).not.toBe(heading);

    // Each room's table sits in a focusable region so keyboard users can scroll it.
    await tabUntil(page, () => page.evaluate(() => document.activeElement?.classList.contains('scroll') ?? false));
    const label = await page.evaluate(() => {
      const el = document.activeElement;
      const id = el?.getAttribute('aria-labelledby');
      return id ? document.getElementById(id)?.textContent : null;
    });
    expect(label).toContain('多目的ホール');
    await expectNoAxeViolations(page);
  });

  it('jumps to a room from the room list', async () => {
    const page = await newPage(h);
    await page.goto(`${h.baseUrl}/facilities/kokurakita-llc/availability`);
    await page.getByRole('navigation', { name: 'この施設の部屋' }).getByRole('link', { name: '調理室' }).click();
    expect(page.url()).toContain('#room-kokurakita-llc-r6');
  });

  it('keeps the page within a phone screen: the grid scrolls inside its own region', async () => {
    const page = await newPage(h, { width: 360, height: 800 });
    await page.goto(`${h.baseUrl}/facilities/kokurakita-llc/availability`);
    expect(await fitsWidth(page)).toBe(true);
  });
});

describe('search', () => {
  it('finds free rooms from the form, by keyboard, and passes axe', async () => {
    const page = await newPage(h);
    await page.goto(`${h.baseUrl}/search`);
    const nextWeek = new Date(Date.now() + 7 * 86_400_000 + 9 * 3_600_000).toISOString().slice(0, 10);
    await page.locator('#date').fill(nextWeek);
    await page.locator('#band').selectOption('morning');
    await page.locator('#ward').selectOption('kokurakita');
    await page.locator('#minCapacity').fill('20');
    await Promise.all([page.waitForURL(/\/search\?date=/), page.locator('#minCapacity').press('Enter')]);
    await expect(page.locator('#results-heading').textContent()).resolves.toBe('検索結果');
    const status = await page.locator('[role=status]').textContent();
    expect(status).toMatch(/件の空きが見つかりました|条件に合う空き部屋はありませんでした/);
    await expectNoAxeViolations(page);
  });

  it('shows an error summary that links to the field, and stays axe-clean', async () => {
    const page = await newPage(h);
    await page.goto(`${h.baseUrl}/search?date=2026-02-30`);
    await expect(page.locator('.error-summary').textContent()).resolves.toContain('実在する日付');
    await page.locator('.error-summary a').first().click();
    expect(page.url()).toMatch(/#date$/);
    await expectNoAxeViolations(page);
  });
});

describe('every other public page', () => {
  // One test per page: axe on a large grid takes seconds on a busy 2-core machine, and nine pages in one
  // test came close to the 60 s budget of a single test.
  it.each([
    '/wards/yahatanishi',
    '/facilities/moji-llc',
    '/facilities/tobata-03',
    '/facilities/kokurakita-llc/availability?lang=en',
    '/search?lang=ja',
    '/opendata',
    '/opendata?lang=en',
    '/lottery',
    '/no-such-page',
  ])('%s passes axe', async (path) => {
    const page = await newPage(h);
    await page.goto(`${h.baseUrl}${path}`);
    await expectNoAxeViolations(page);
  });
});
