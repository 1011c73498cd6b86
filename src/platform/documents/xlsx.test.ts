/** xlsx round trip: a Japanese sheet written and read back holds the same values. */
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { readXlsx, XlsxReadError, xlsxBytes } from './xlsx.ts';

describe('xlsx', () => {
  it('reads back a Japanese sheet as it was written: names, text, numbers and blanks', async () => {
    const rows = [
      ['中央市民センター', '第１会議室（和室）', 12, null],
      ['ひがし生涯学習センター', '多目的ホール～大', 0, '〒812-0011 福岡市博多区博多駅前１丁目'],
      ['髙島屋ふれあい館', '𠮷野の部屋', 3.5, '改行を\n含む備考'],
    ];
    const bytes = await xlsxBytes([
      { name: '利用実績', header: ['施設名', '部屋', '利用件数', '備考'], rows },
      { name: '空', header: ['項目'], rows: [] },
    ]);
    expect(bytes.subarray(0, 2).toString('latin1')).toBe('PK'); // a zip container, as Excel expects
    expect(await readXlsx(bytes)).toEqual([
      { name: '利用実績', rows: [['施設名', '部屋', '利用件数', '備考'], ...rows] },
      { name: '空', rows: [['項目']] },
    ]);
  });

  it('reads what an office typed in Excel: rich text, formulas and dates as plain values', async () => {
    const book = new ExcelJS.Workbook();
    const ws = book.addWorksheet('名簿');
    ws.addRow([
      { richText: [{ text: '山田' }, { text: '太郎', font: { bold: true } }] },
      { formula: '1+2', result: 3 },
      new Date('2026-12-01T00:00:00Z'),
    ]);
    const read = await readXlsx(Buffer.from(await book.xlsx.writeBuffer()));
    expect(read).toEqual([{ name: '名簿', rows: [['山田太郎', 3, '2026-12-01']] }]);
  });

  it('refuses a file that is not a workbook with its own error', async () => {
    await expect(readXlsx(Buffer.from('施設名,部屋\n', 'utf8'))).rejects.toBeInstanceOf(XlsxReadError);
  });
});
