/** How values are written for people, in both languages: dates (和暦 too), bands, money and months. */
import { describe, expect, it } from 'vitest';
import { bandText, dateLabel, japaneseDate, mailDate, monthTitle, yen } from './format.ts';
import { translator } from './i18n.ts';

describe('formatting for people', () => {
  it('dates a mail in words, with the weekday', () => {
    expect(mailDate('2026-12-03', 'en')).toBe('Thu, 3 December 2026');
    expect(mailDate('2026-12-03', 'ja')).toBe('令和8年12月3日（木）');
  });

  it('writes a date in 和暦 without leading zeros, and in the Western calendar on pages', () => {
    expect(japaneseDate('2026-01-05')).toBe('令和8年1月5日（月）');
    expect(japaneseDate('2019-05-01')).toBe('令和元年5月1日（水）');
    expect(dateLabel('2025-04-01', 'ja')).toBe('2025年4月1日（火）');
    expect(dateLabel('2025-04-01', 'en')).toBe('Tue, 1 April 2025');
  });

  it('lists the bands of a booking with their times', () => {
    const bands = [
      { code: 'morning', label: '午前', labelEn: 'Morning', start: '09:00', end: '12:00' },
      { code: 'afternoon', label: '午後', labelEn: 'Afternoon', start: '13:00', end: '17:00' },
    ];
    expect(bandText(bands, 'ja')).toBe('午前（09:00〜12:00）・午後（13:00〜17:00）');
    expect(bandText(bands)).toBe('午前（09:00〜12:00）・午後（13:00〜17:00）');
    expect(bandText(bands, 'en')).toBe('Morning (09:00–12:00), Afternoon (13:00–17:00)');
  });

  it('writes money with thousands separators', () => {
    expect(yen(12000, 'ja')).toBe('12,000円');
    expect(yen(12000, 'en')).toBe('¥12,000');
    expect(yen(0, 'ja')).toBe('0円');
  });

  it('titles a month', () => {
    expect(monthTitle('2026-04', translator('ja'), 'ja')).toBe('2026年4月');
    expect(monthTitle('2026-04', translator('en'), 'en')).toBe('April 2026');
  });
});
