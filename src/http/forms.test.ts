import { describe, expect, it } from 'vitest';
import { safeNext } from './forms.ts';

describe('safeNext', () => {
  it('keeps same-site paths with their query', () => {
    expect(safeNext('/book?room=x&date=2026-12-01', '/')).toBe('/book?room=x&date=2026-12-01');
  });

  it('refuses every way out to another host, including those browsers rewrite', () => {
    for (const next of [
      '//evil.example',
      '/\\evil.example',
      '/\t/evil.example',
      '/\n/evil.example',
      'https://evil.example',
      'evil',
      '',
      undefined,
    ]) {
      expect(safeNext(next, '/home'), JSON.stringify(next)).toBe('/home');
    }
  });
});
