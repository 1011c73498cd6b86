import { describe, expect, it } from 'vitest';
import { qrSvg } from './qr.ts';

describe('qrSvg', () => {
  it('draws a square SVG hidden from screen readers, larger for longer text', async () => {
    const short = await qrSvg('12345678');
    const long = await qrSvg(`https://tsunagu.example/appointments/12345678?secret=${'x'.repeat(40)}`);
    expect(short.startsWith('<svg aria-hidden="true" focusable="false" ')).toBe(true);
    const size = (svg: string) => Number(/viewBox="0 0 (\d+) \1"/.exec(svg)?.[1]);
    expect(size(short)).toBeGreaterThan(20);
    expect(size(long)).toBeGreaterThan(size(short));
  });
});
