/**
 * /dev/components shows every component's examples for the e2e axe check: only with DEV_COMPONENTS=1,
 * through the ordinary layout, with the required marker in the page's language.
 */
import { beforeAll, expect, it } from 'vitest';
import { PageClient } from '../../test/browser.ts';
import { describeEachDialect, testApp } from '../../test/db.ts';
import { catalogue } from '../ui/components/catalogue.tsx';

describeEachDialect('the development component page', (ctx) => {
  let on: PageClient;
  let off: PageClient;

  beforeAll(() => {
    on = new PageClient(testApp(ctx(), undefined, { env: { DEV_COMPONENTS: '1' } }));
    off = new PageClient(testApp(ctx()));
  });

  it('is not there unless DEV_COMPONENTS=1 (404)', async () => {
    expect((await off.get('/dev/components')).res.status).toBe(404);
  });

  it('shows every example of every component, in the page frame', async () => {
    const { res, html } = await on.get('/dev/components');
    expect(res.status).toBe(200);
    expect(html).toMatch(/^<!DOCTYPE html><html lang="ja">/);
    expect(html).toContain('<main id="main"');
    for (const entry of catalogue) {
      expect(html).toContain(`<h2 lang="en">${entry.component}</h2>`);
      for (const example of entry.examples) expect(html).toContain(`<h3 lang="en">${example.name}</h3>`);
    }
  });

  it('marks required fields in the page language', async () => {
    const marks = (html: string) => new Set([...html.matchAll(/<span class="field__required">([^<]*)<\/span>/g)].map((m) => m[1]));
    expect(marks((await on.get('/dev/components')).html)).toEqual(new Set(['必須']));
    const english = await on.get('/dev/components?lang=en');
    expect(english.html).toMatch(/^<!DOCTYPE html><html lang="en">/);
    expect(marks(english.html)).toEqual(new Set(['required']));
  });
});
