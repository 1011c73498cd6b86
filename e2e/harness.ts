/**
 * Starts tsunagu on a free loopback port with a fresh SQLite database holding a small demo city, and
 * launches Debian's Chromium through playwright-core (never a downloaded browser). A missing browser is
 * an error, not a skip.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { serve } from '@hono/node-server';
import { type Browser, chromium, type Locator, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { createApp } from '../src/app.tsx';
import { loadConfig } from '../src/config.ts';
import { createDb } from '../src/db/database.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { silentLogger } from '../src/lib/logger.ts';
import { type Clock, systemClock, todayIn } from '../src/lib/time.ts';
import { seedDemoCity } from '../src/seed/demo-city.ts';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface Harness {
  baseUrl: string;
  browser: Browser;
  close(): Promise<void>;
}

/** Options: a clock the test can move (the lottery journey walks through a season). */
export async function startHarness(options: { clock?: Clock } = {}): Promise<Harness> {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: apt-get install chromium fonts-noto-cjk`);
  const dir = mkdtempSync(join(tmpdir(), 'tsunagu-e2e-'));
  const db = createDb({ dialect: 'sqlite', path: join(dir, 'e2e.db') });
  await migrateToLatest(db);
  await seedDemoCity(db.kysely, { seed: 1, today: todayIn(systemClock), historyDays: 7, futureDays: 62 });
  const app = createApp({
    // The journeys read their mails at /dev/outbox; components.e2e.ts checks /dev/components.
    config: loadConfig({ SEED: 'none', DEV_OUTBOX: '1', DEV_COMPONENTS: '1' }),
    db: db.kysely,
    dialect: 'sqlite',
    changes: db.changes,
    clock: options.clock ?? systemClock,
    logger: silentLogger,
  });
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const { port } = server.address() as AddressInfo;
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS });
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    browser,
    async close() {
      await browser.close();
      await new Promise((resolve) => server.close(resolve));
      await db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A page in a fresh context (axe needs a context-made page), Japanese locale by default. */
export async function newPage(
  h: Harness,
  options: { width?: number; height?: number; locale?: string; javaScript?: boolean } = {},
): Promise<Page> {
  const context = await h.browser.newContext({
    locale: options.locale ?? 'ja-JP',
    viewport: { width: options.width ?? 1280, height: options.height ?? 900 },
    javaScriptEnabled: options.javaScript ?? true,
  });
  return context.newPage();
}

/** The demo accounts' password (src/seed): every demo resident and staff member has it. */
export const DEMO_PASSWORD = 'tsunagu-demo-2026';

/** Logs in on the login page as a person would (利用者番号 or email) and waits for where it lands. */
export async function logIn(h: Harness, login: string, landing: RegExp): Promise<Page> {
  const page = await newPage(h);
  await page.goto(`${h.baseUrl}/login`);
  await page.locator('#login').fill(login);
  await page.locator('#password').fill(DEMO_PASSWORD);
  await Promise.all([page.waitForURL(landing), page.getByRole('button', { name: 'ログインする' }).click()]);
  return page;
}

/**
 * Clicks a link or a form's button and waits for the page it leads to. A bare click returns before the
 * next page has loaded, so what follows (axe, a text check) could run on the page being left, or on no
 * document at all while it is replaced.
 */
export async function clickAndLoad(page: Page, target: Locator): Promise<void> {
  await Promise.all([page.waitForEvent('load'), target.click()]);
}

/** Runs axe (WCAG 2.1 A/AA and best practices) and fails with the rule ids and targets if anything is found. */
export async function expectNoAxeViolations(page: Page): Promise<void> {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
  const summary = result.violations.map(
    (v) =>
      `${v.id} (${v.impact}): ${v.nodes
        .map((n) => n.target.join(' '))
        .slice(0, 3)
        .join(' | ')}`,
  );
  expect(summary, `axe violations on ${page.url()}`).toEqual([]);
}

/** True when the page needs no horizontal scrolling (tables may scroll inside their own region). */
export async function fitsWidth(page: Page): Promise<boolean> {
  return page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth + 1);
}
