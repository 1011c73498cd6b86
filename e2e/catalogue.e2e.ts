/**
 * 窓口の設定 in a real browser: the ward's officer reaches it from the staff home, downloads the xlsx,
 * uploads it back (the check says nothing would change), uploads an edited CSV and confirms it, turns
 * the call screen's sound on, adds a 休日開庁 Sunday — every page axe-clean, without JavaScript, and
 * usable at 200% zoom (half the width) in English.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeCsv } from '../src/lib/csv-table.ts';
import { addDays, isoWeekday, systemClock, todayIn } from '../src/lib/time.ts';
import { clickAndLoad, expectNoAxeViolations, fitsWidth, type Harness, logIn, newPage, startHarness } from './harness.ts';

const OFFICE = 'org_demo_kokurakita_office';
/** A Sunday two to three weeks ahead: a day the office is normally closed. */
function sundayAhead(): string {
  let day = addDays(todayIn(systemClock), 14);
  while (isoWeekday(day) !== 7) day = addDays(day, 1);
  return day;
}
/** The page's text as a person reads it. */
const shown = (page: Page) => page.locator('body').innerText();
let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

describe('窓口の設定', () => {
  it('the officer downloads, checks and imports the catalogue, and changes the office’s settings', async () => {
    const page = await logIn(h, 'ward@example.com', /\/staff/);
    await clickAndLoad(page, page.getByRole('link', { name: '窓口の設定（手続・受付時間・ファイル）' }).first());
    await expect(page.locator('h1').textContent()).resolves.toContain('窓口の設定');
    expect(page.url()).toContain(`/staff/counters/catalogue/${OFFICE}`);
    await expectNoAxeViolations(page);

    // The workbook as downloaded, uploaded back: nothing would change.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Excel（すべての表）' }).click()]);
    const xlsx = join(tmpdir(), `catalogue-${Date.now()}.xlsx`);
    await download.saveAs(xlsx);
    await page.locator('#file').setInputFiles(xlsx);
    await clickAndLoad(page, page.getByRole('button', { name: '内容を確かめる' }));
    await expect(shown(page)).resolves.toContain('ファイルの内容は今の設定と同じです。変わるものはありません。');
    await expectNoAxeViolations(page);

    // The services CSV with one name changed: previewed, then imported on confirmation.
    const [csvDownload] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'CSV: 手続' }).click()]);
    const csvPath = join(tmpdir(), `services-${Date.now()}.csv`);
    await csvDownload.saveAs(csvPath);
    const text = decodeCsv(readFileSync(csvPath)).replace(',印鑑登録,', ',印鑑登録・廃止,');
    writeFileSync(csvPath, text);
    await page.locator('#file').setInputFiles(csvPath);
    await clickAndLoad(page, page.getByRole('button', { name: '内容を確かめる' }));
    await expect(shown(page)).resolves.toContain('手続: 追加 0件・変更 1件・削除 0件');
    await expectNoAxeViolations(page);
    await clickAndLoad(page, page.getByRole('button', { name: 'この内容で取り込む' }));
    await expect(shown(page)).resolves.toContain('取り込みました。');
    await expect(page.getByRole('rowheader', { name: '印鑑登録・廃止' }).count()).resolves.toBeGreaterThan(0);

    // A bad file: its rows are listed, nothing changes.
    writeFileSync(csvPath, '窓口コード,曜日,開始,終了\nkokurakita-citizens,月,17:00,9:00\n');
    await page.locator('#file').setInputFiles(csvPath);
    await clickAndLoad(page, page.getByRole('button', { name: '内容を確かめる' }));
    await expect(shown(page)).resolves.toContain('受付時間 2行目（終了）: 終わり（09:00）が始まり（17:00）より前か同じです。');
    await expectNoAxeViolations(page);

    // The call screen's sound, and a 休日開庁 Sunday.
    await page.getByRole('radio', { name: '鳴らす' }).check();
    await clickAndLoad(page, page.getByRole('button', { name: '保存する' }).first());
    await expect(shown(page)).resolves.toContain('保存しました。');
    const screen = await newPage(h);
    await screen.goto(`${h.baseUrl}/offices/${OFFICE}/screen`);
    await expect(screen.locator('[data-sound]').getAttribute('data-sound')).resolves.toBe('1');
    await page.locator('#counterId').selectOption({ label: '市民課' });
    await page.locator('#date').fill(sundayAhead());
    await page.locator('#opens').fill('9:00');
    await page.locator('#closes').fill('12:00');
    await page.locator('#note').fill('休日開庁');
    await clickAndLoad(page, page.getByRole('button', { name: '例外の日を追加する' }));
    await expect(shown(page)).resolves.toContain('例外の日を追加しました。');
    await expectNoAxeViolations(page);
  });

  it('fits half the width (200% zoom) and reads in English', async () => {
    const page = await logIn(h, 'admin@example.com', /\/staff/);
    await page.setViewportSize({ width: 640, height: 900 });
    await page.goto(`${h.baseUrl}/staff/counters/catalogue/${OFFICE}?lang=en`);
    await expect(page.locator('h1').textContent()).resolves.toContain('counter settings');
    expect(await fitsWidth(page)).toBe(true);
    await expectNoAxeViolations(page);
    await page.goto(`${h.baseUrl}/staff/counters/catalogue`);
    await expectNoAxeViolations(page);
  });
});
