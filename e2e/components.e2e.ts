/**
 * Every example of every UI component (src/ui/components/catalogue.tsx), on /dev/components in the real
 * layout and a real browser: axe finds nothing, in Japanese and in English, and English says "required".
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalogue } from '../src/ui/components/catalogue.tsx';
import { expectNoAxeViolations, type Harness, newPage, startHarness } from './harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

const exampleCount = catalogue.reduce((n, entry) => n + entry.examples.length, 0);

describe('component examples', () => {
  it.each([
    ['ja', '', '必須'],
    ['en', '?lang=en', 'required'],
  ])('pass axe in %s, the required marker in that language', async (lang, query, required) => {
    const page = await newPage(h);
    await page.goto(`${h.baseUrl}/dev/components${query}`);
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe(lang);
    expect(await page.locator('.component-example').count()).toBe(exampleCount);
    const marks = await page.locator('.field__required').allTextContents();
    expect(marks.length).toBeGreaterThan(0);
    expect(new Set(marks)).toEqual(new Set([required]));
    await expectNoAxeViolations(page);
  });
});
