/**
 * Joining an association by passcode in a real browser on the demo city: the 会長 of 桜ヶ丘町内会 makes a
 * passcode and opens its printable slip; a resident without a household is sent to register one, comes
 * back and joins with the code typed as on the paper; the 会長 then sees the household on the
 * association's page. Every page axe-clean; the join page on a small phone (320 px, as 640 px at 200%).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clickAndLoad, expectNoAxeViolations, fitsWidth, type Harness, logIn, newPage, startHarness } from './harness.ts';

const ASSOCIATION = 'org_demo_kokurakita_2_1';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

describe('joining an association', () => {
  it('an officer makes a passcode, a resident joins with it, the officer sees the household', async () => {
    const visitor = await newPage(h);
    await visitor.goto(`${h.baseUrl}/associations/${ASSOCIATION}`);
    await expect(visitor.locator('h1').textContent()).resolves.toBe('桜ヶ丘町内会');
    await expectNoAxeViolations(visitor);

    const hanako = await logIn(h, 'hanako@example.com', /\/(my|account)/);
    await hanako.goto(`${h.baseUrl}/associations/${ASSOCIATION}`);
    await expectNoAxeViolations(hanako); // with the officers' part
    await clickAndLoad(hanako, hanako.getByRole('link', { name: '入会のあいことばと承認' }));
    await expectNoAxeViolations(hanako);
    await clickAndLoad(hanako, hanako.getByRole('button', { name: 'あいことばを作る' }));
    await expect(hanako.locator('.notice').textContent()).resolves.toContain('あいことばを作りました');
    await expectNoAxeViolations(hanako);
    const printed = ((await hanako.locator('.passcode-inline').first().textContent()) ?? '').trim();
    expect(printed).toMatch(/^\d{4} \d{4}$/);
    await clickAndLoad(hanako, hanako.getByRole('link', { name: '印刷用のページ' }).first());
    await expect(hanako.locator('.passcode-code').textContent()).resolves.toBe(printed);
    await expect(hanako.locator('.passcode-qr svg').count()).resolves.toBe(1);
    await expectNoAxeViolations(hanako);

    const taro = await logIn(h, '10000001', /\/my\/reservations/);
    await taro.setViewportSize({ width: 320, height: 800 });
    await taro.goto(`${h.baseUrl}/associations/join`);
    await expectNoAxeViolations(taro);
    expect(await fitsWidth(taro)).toBe(true);
    await taro.locator('#code').fill(printed.replace(' ', '-'));
    await clickAndLoad(taro, taro.getByRole('button', { name: '入会する' }));
    await expect(taro.locator('.notice').textContent()).resolves.toContain('先にあなたの世帯（住所）を登録してください');
    await expectNoAxeViolations(taro);
    await clickAndLoad(taro, taro.getByRole('link', { name: '世帯を登録する' }));
    await taro.locator('#wardId').selectOption('kokurakita');
    await taro.locator('#addressLine').fill('桜ヶ丘1-2-3 つなぐハイツ202');
    await clickAndLoad(taro, taro.locator('form[action="/account/household/start"] button[type="submit"]'));
    await clickAndLoad(taro, taro.locator('form[action="/account/household"] button[type="submit"]'));
    await expect(taro.locator('main').textContent()).resolves.toContain('つなぐハイツ202');

    // From the household page, back to the join page.
    await clickAndLoad(taro, taro.getByRole('link', { name: 'あいことばで入会する' }));
    await taro.locator('#code').fill(printed);
    await clickAndLoad(taro, taro.getByRole('button', { name: '入会する' }));
    await expect(taro.locator('.notice').textContent()).resolves.toContain('桜ヶ丘町内会に入会しました');
    await expectNoAxeViolations(taro);
    expect(await fitsWidth(taro)).toBe(true);

    await hanako.goto(`${h.baseUrl}/associations/${ASSOCIATION}`);
    await expect(hanako.locator('main').textContent()).resolves.toContain('つなぐハイツ202');
    await expectNoAxeViolations(hanako);
    // The public page counts the household and names nobody.
    await visitor.reload();
    await expect(visitor.locator('main').textContent()).resolves.not.toContain('つなぐハイツ202');
  });
});
