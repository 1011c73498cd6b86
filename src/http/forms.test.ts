import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { safeNext } from './forms.ts';

const OUR_ORIGIN = 'https://rooms.city.example';

/** What a browser does with `Location: <next>` on one of our pages: resolve it against our origin. */
function landsAt(next: string): URL {
  return new URL(next, `${OUR_ORIGIN}/login`);
}

// Pieces that browsers and URL parsers treat specially: slashes and backslashes (raw and encoded), dot
// segments (raw and encoded), whitespace they strip, schemes, credentials, hosts, query and fragment.
const tricky = fc.constantFrom(
  '/',
  '\\',
  '.',
  '..',
  '%2F',
  '%2f',
  '%5C',
  '%5c',
  '%2e',
  '%2E',
  '%2e%2e',
  '%252F',
  '\t',
  '\n',
  '\r',
  ' ',
  '%09',
  '%0a',
  '\u0000',
  '\u3000',
  '／',
  '＼',
  '@',
  ':',
  'evil.example',
  'http:',
  'https://',
  'javascript:',
  '?',
  '#',
  'x',
);
// Few pieces, so that short escapes such as "/.//host" come up often.
const pathPiece = fc.constantFrom('/', '\\', '.', '..', '%2e', '%2F', '\t', 'evil.example');
const trickyInput = fc.oneof(
  fc.array(pathPiece, { maxLength: 6 }).map((parts) => `/${parts.join('')}`),
  fc.array(tricky, { maxLength: 12 }).map((parts) => parts.join('')),
  fc.array(tricky, { maxLength: 12 }).map((parts) => `/${parts.join('')}`),
  fc.string(),
);

describe('safeNext', () => {
  it('keeps same-site paths with their query', () => {
    expect(safeNext('/book?room=x&date=2026-12-01', '/')).toBe('/book?room=x&date=2026-12-01');
    expect(safeNext('/a/./b/../c', '/')).toBe('/a/c');
  });

  it('refuses every way out to another host, including those browsers rewrite', () => {
    for (const next of [
      '//evil.example',
      '/\\evil.example',
      '/\t/evil.example',
      '/\n/evil.example',
      '/.//evil.example/x',
      '/..//evil.example/x',
      '/a/..//evil.example/x',
      '/%2e//evil.example/x',
      '/%2E%2E//evil.example/x',
      '/.\\/evil.example',
      '/./\\evil.example',
      'https://evil.example',
      'evil',
      '',
      undefined,
    ]) {
      expect(safeNext(next, '/home'), JSON.stringify(next)).toBe('/home');
    }
  });

  it('whatever it is given, answers a path that starts with one "/" and lands on our origin', () => {
    fc.assert(
      fc.property(trickyInput, (input) => {
        const out = safeNext(input, '/fallback');
        expect(out.startsWith('/')).toBe(true);
        expect(out.startsWith('//')).toBe(false);
        expect(out.startsWith('/\\')).toBe(false);
        expect(landsAt(out).origin).toBe(OUR_ORIGIN);
        // Sent again (a form's hidden "next" round-trips it), it stays the same path.
        expect(safeNext(out, '/fallback')).toBe(out);
      }),
      { numRuns: 5000 },
    );
  });
});
