import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { readCsvRecords } from '../../lib/csv-table.ts';
import { csvBytes, csvEncodingOf, csvHeaders } from './csv.ts';

describe('csvBytes', () => {
  it('writes UTF-8 with a BOM and CRLF, quoting what needs it', () => {
    const bytes = csvBytes(
      ['名称', '備考'],
      [
        ['港町"市民"センター', '1行目\n2行目'],
        ['和室', null],
      ],
      'utf8',
    );
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.subarray(3).toString('utf8')).toBe('名称,備考\r\n"港町""市民""センター","1行目\n2行目"\r\n和室,\r\n');
  });

  it('writes Shift_JIS, keeping look-alikes (〜 − —) and marking what CP932 cannot hold with 〓', () => {
    const bytes = csvBytes(['時間'], [['午前〜午後'], ['−5℃ — ①'], ['𠮷野家 😀']], 'sjis');
    expect(bytes.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf]))).toBe(false);
    expect(iconv.decode(bytes, 'CP932')).toBe('時間\r\n午前～午後\r\n－5℃ ― ①\r\n〓野家 〓\r\n');
  });

  it('reads the encoding from the query and names the file for any browser', () => {
    expect(csvEncodingOf('sjis')).toBe('sjis');
    expect(csvEncodingOf('Shift_JIS')).toBe('sjis');
    expect(csvEncodingOf('latin1')).toBe('utf8');
    expect(csvEncodingOf(undefined)).toBe('utf8');
    expect(csvHeaders('稼働率.csv', 'sjis')).toEqual({
      'content-type': 'text/csv; charset=Shift_JIS',
      'content-disposition': `attachment; filename="稼働率.csv"; filename*=UTF-8''${encodeURIComponent('稼働率.csv')}`,
    });
  });
});

describe('readCsvRecords', () => {
  it('reads what csvBytes writes, in UTF-8 with a BOM and in Shift_JIS, with each record’s first line', () => {
    for (const encoding of ['utf8', 'sjis'] as const) {
      const bytes = csvBytes(
        ['区', '町丁目'],
        [
          ['小倉北区', '中央一丁目'],
          ['門司区', '港町\n一丁目'],
        ],
        encoding,
      );
      const read = readCsvRecords(bytes);
      expect(read).toEqual({
        ok: true,
        records: [
          { line: 1, cells: ['区', '町丁目'] },
          { line: 2, cells: ['小倉北区', '中央一丁目'] },
          { line: 3, cells: ['門司区', '港町\n一丁目'] },
        ],
      });
    }
  });

  it('says where a quote is left open', () => {
    expect(readCsvRecords(Buffer.from('a,b\n"x,y\n'))).toMatchObject({ ok: false, reason: 'unclosed-quote' });
  });
});
