/** The interface texts as composed from every messages file: complete in both languages, each key once. */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
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
