/** The interface texts as composed from every messages file: complete in both languages, each key once. */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { SRC, sourceFiles } from '../test/source-imports.ts';
import { composeMessages, isMessageKey, translator } from './lib/i18n.ts';
import { messageParts, messages } from './messages.ts';

describe('messages', () => {
  it('has a Japanese and an English text for every key', () => {
    const ja: Record<string, string> = messages.ja;
    const en: Record<string, string> = messages.en;
    const keys = Object.keys(ja);
    expect(keys.length).toBeGreaterThan(900);
    expect(Object.keys(en).sort()).toEqual([...keys].sort());
    const text = (s: string | undefined) => typeof s === 'string' && s.trim() !== '';
    expect(keys.filter((k) => !text(ja[k]) || !text(en[k]))).toEqual([]);
  });

  it('defines no key in two files', () => {
    const owners = new Map<string, string[]>();
    for (const [name, part] of Object.entries(messageParts)) {
      expect(Object.keys(part.en).sort(), name).toEqual(Object.keys(part.ja).sort());
      for (const key of Object.keys(part.ja)) owners.set(key, [...(owners.get(key) ?? []), name]);
    }
    expect([...owners].filter(([, names]) => names.length > 1)).toEqual([]);
    expect(owners.size).toBe(Object.keys(messages.ja).length);
  });

  it('refuses to compose a key two parts define, naming both', () => {
    const a = { ja: { x: 'エックス' }, en: { x: 'x' } };
    const b = { ja: { y: 'ワイ', x: 'エックス' }, en: { y: 'y', x: 'x' } };
    expect(() => composeMessages({ 'features/a/a.messages.ts': a, 'features/b/b.messages.ts': b })).toThrow(
      'message key x is defined by both features/a/a.messages.ts and features/b/b.messages.ts',
    );
  });

  it('refuses a part whose English has other keys than its Japanese', () => {
    const odd = { ja: { x: 'エックス' }, en: { x: 'x', y: 'y' } } as { ja: Record<string, string>; en: Record<string, string> };
    expect(() => composeMessages({ odd })).toThrow('messages odd: ja and en differ in y');
  });

  it('translates keys of lib, of a platform area and of a feature alike', () => {
    const [ja, en] = [translator('ja'), translator('en')];
    expect(ja('errInvalidValue')).toBe(messages.ja.errInvalidValue);
    expect(en('lineTitle')).toBe('Notifications by LINE');
    expect(ja('lotteryMonthHeading', { month: '12月' })).toBe(messages.ja.lotteryMonthHeading.replace('{month}', '12月'));
    expect(isMessageKey('lotteryTitle')).toBe(true);
    expect(isMessageKey('toString')).toBe(false);
  });

  it('lets the modules of the app, the jobs and the CLI load before any texts are installed', async () => {
    // The test setup installs the texts before a test file loads; the entry points install them only
    // once their imports have loaded. In a fresh process, a text read while modules load throws.
    const load = ['app.tsx', 'jobs.ts', 'seed/prepare.ts', 'cli-staff.ts'].map((f) => `await import('./src/${f}');`).join(' ');
    const cwd = new URL('..', import.meta.url).pathname;
    await expect(promisify(execFile)('node', ['--import', 'tsx', '--input-type=module', '-e', load], { cwd })).resolves.toBeDefined();
  }, 60_000);
});

/** 'lib', 'db', 'http', 'ui', 'config.ts', 'platform/notify', 'features/lottery', … of a path under src/. */
function areaOf(srcRelative: string): string {
  const [top, second] = srcRelative.split('/');
  return top === 'platform' || top === 'features' ? `${top}/${second}` : (top as string);
}

/** Quoted words that are a key of some part but mean something else where they stand. */
const NOT_A_KEY: Record<string, readonly string[]> = { 'http/openapi.ts': ['any'] };

describe('where a text lives', () => {
  // One key set means tsc accepts any key anywhere; this keeps each text with its lowest user.
  it('is lib for what lib, db, http and ui show, and lib or the area itself for what a platform area shows', () => {
    const home = new Map<string, string>();
    for (const [name, part] of Object.entries(messageParts)) for (const key of Object.keys(part.ja)) home.set(key, areaOf(name));
    const misplaced: string[] = [];
    for (const file of sourceFiles(SRC)) {
      const path = relative(SRC, file);
      const area = areaOf(path);
      const lower = ['lib', 'db', 'http', 'ui', 'config.ts'].includes(area) || area.startsWith('platform/');
      if (!lower || path.endsWith('.messages.ts') || path.startsWith('lib/messages/')) continue;
      for (const [, word] of readFileSync(file, 'utf8').matchAll(/['"`](\w+)['"`]/g)) {
        const owner = home.get(word as string);
        if (!owner || owner === 'lib' || owner === area || NOT_A_KEY[path]?.includes(word as string)) continue;
        misplaced.push(`src/${path} shows ${word}, a text of ${owner}`);
      }
    }
    expect([...new Set(misplaced)]).toEqual([]);
  });
});
