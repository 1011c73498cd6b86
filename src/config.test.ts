/**
 * Configuration of the LINE channel (on only with both the token and the secret, LINE's API by default),
 * of the PDF font, and of the number of app processes.
 */
import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.ts';

describe('LINE configuration', () => {
  it('is off unless both the access token and the channel secret are set', () => {
    expect(loadConfig({}).line).toBeUndefined();
    expect(loadConfig({ LINE_CHANNEL_ACCESS_TOKEN: 'tok' }).line).toBeUndefined();
    expect(loadConfig({ LINE_CHANNEL_SECRET: 'sec' }).line).toBeUndefined();
    expect(loadConfig({ LINE_CHANNEL_ACCESS_TOKEN: ' ', LINE_CHANNEL_SECRET: 'sec' }).line).toBeUndefined();
  });

  it('talks to api.line.me unless LINE_API_BASE points elsewhere (without a trailing slash)', () => {
    const on = loadConfig({ LINE_CHANNEL_ACCESS_TOKEN: 'tok', LINE_CHANNEL_SECRET: 'sec' }).line;
    expect(on).toEqual({ channelAccessToken: 'tok', channelSecret: 'sec', apiBase: 'https://api.line.me', friendUrl: undefined });
    expect(Object.isFrozen(on)).toBe(true);
    const staging = loadConfig({
      LINE_CHANNEL_ACCESS_TOKEN: 'tok',
      LINE_CHANNEL_SECRET: 'sec',
      LINE_API_BASE: 'http://127.0.0.1:8080/',
      LINE_FRIEND_URL: 'https://lin.ee/abc',
    }).line;
    expect(staging).toMatchObject({ apiBase: 'http://127.0.0.1:8080', friendUrl: 'https://lin.ee/abc' });
  });

  it('refuses an API address that is not a URL, naming the variable', () => {
    expect(() => loadConfig({ LINE_API_BASE: 'api.line.me' })).toThrow(/LINE_API_BASE/);
  });
});

describe('PDF font', () => {
  it('is the PDF_FONT file when set, else none (the documents fall back to the fonts Debian installs)', () => {
    expect(loadConfig({ PDF_FONT: '/opt/fonts/gothic.ttf' }).pdfFont).toBe('/opt/fonts/gothic.ttf');
    expect(loadConfig({}).pdfFont).toBeUndefined();
    expect(loadConfig({ PDF_FONT: ' ' }).pdfFont).toBeUndefined();
  });
});

describe('DATABASE_POOL_SIZE', () => {
  it('gives each process 10 PostgreSQL connections unless set, and is not part of a SQLite target', () => {
    expect(loadConfig({ DATABASE_URL: 'postgres://db/tsunagu' }).database).toEqual({
      dialect: 'postgres',
      url: 'postgres://db/tsunagu',
      poolSize: 10,
    });
    expect(loadConfig({ DATABASE_URL: 'postgres://db/tsunagu', DATABASE_POOL_SIZE: '30' }).database).toMatchObject({ poolSize: 30 });
    expect(loadConfig({ DATABASE_POOL_SIZE: '30' }).database).toEqual({ dialect: 'sqlite', path: './data/tsunagu.db' });
  });

  it('refuses what is not a whole number from 2 to 100, naming the variable', () => {
    for (const bad of ['0', '1', '101', '2.5', 'ten'])
      expect(() => loadConfig({ DATABASE_URL: 'postgres://db/tsunagu', DATABASE_POOL_SIZE: bad })).toThrow(
        /DATABASE_POOL_SIZE: a whole number of connections, 2 to 100/,
      );
  });
});

describe('WORKERS', () => {
  it('is one app process unless set, and any whole number from 1 to 32 on PostgreSQL', () => {
    expect(loadConfig({}).workers).toBe(1);
    expect(loadConfig({ WORKERS: '4', DATABASE_URL: 'postgres://db/tsunagu' }).workers).toBe(4);
    expect(loadConfig({ WORKERS: '1', DATABASE_URL: 'sqlite:./x.db' }).workers).toBe(1);
  });

  it('refuses what is not a whole number from 1 to 32, naming the variable', () => {
    for (const bad of ['0', '-1', '2.5', 'two', '']) {
      expect(() => loadConfig({ WORKERS: bad, DATABASE_URL: 'postgres://db/tsunagu' })).toThrow(
        /WORKERS: a whole number of app processes, 1 or more/,
      );
    }
    expect(() => loadConfig({ WORKERS: '33', DATABASE_URL: 'postgres://db/tsunagu' })).toThrow(/WORKERS: at most 32/);
  });

  it('refuses more than one process on SQLite, saying to use PostgreSQL', () => {
    expect(() => loadConfig({ WORKERS: '2' })).toThrow(/WORKERS: 2 app processes need PostgreSQL \(DATABASE_URL=postgres:\/\/…\)/);
    expect(() => loadConfig({ WORKERS: '2', DATABASE_URL: 'sqlite:./x.db' })).toThrow(/SQLite has one writer/);
  });
});
