import { describe, expect, it } from 'vitest';
import { kanjiNumber, normalizePostcode, parseAddress, stripWard, townKey, townKeysOf } from './address.ts';

const city = { prefecture: '福岡県', city: '北九州市' };
const wards = [{ name: '小倉北区' }, { name: '小倉南区' }, { name: '門司区' }];

/** What the lookup would try for a typed address: the ward found and the town keys, most specific first. */
const read = (typed: string) => {
  const parsed = parseAddress(typed, city);
  const { ward, rest } = stripWard(parsed.rest, wards);
  return { postcode: parsed.postcode, ward: ward?.name, keys: townKeysOf(rest) };
};

describe('town keys', () => {
  it('folds 一丁目, １丁目 and 1丁目 to one key, and leaves kanji that are not a 丁目 number alone', () => {
    expect(townKey('中央一丁目')).toBe('中央1丁目');
    expect(townKey('中央１丁目')).toBe('中央1丁目');
    expect(townKey('中央 1丁目')).toBe('中央1丁目');
    expect(townKey('三萩野二丁目')).toBe('三萩野2丁目');
    expect(townKey('星ヶ丘十二丁目')).toBe('星ヶ丘12丁目');
    expect(townKey('城内')).toBe('城内');
    expect(kanjiNumber('二十')).toBe(20);
  });
});

describe('reading an address as residents type it', () => {
  it.each([
    ['中央1-2-3'],
    ['中央１－２－３'],
    ['中央1丁目2番3号'],
    ['中央一丁目2-3'],
    ['中央１丁目'],
    ['小倉北区中央1-2-3'],
    ['北九州市小倉北区中央一丁目2番3号'],
    ['福岡県北九州市小倉北区 中央 1-2-3'],
    ['〒802-0001 小倉北区中央1-2-3'],
    ['802-0001小倉北区中央1丁目'],
    ['〒８０２－０００１　北九州市小倉北区中央一丁目'],
  ])('%s → 中央1丁目 first', (typed) => {
    expect(read(typed).keys[0]).toBe('中央1丁目');
  });

  it('finds the ward and the postcode when given', () => {
    expect(read('〒802-0001 北九州市小倉北区中央1-2-3')).toEqual({ postcode: '802-0001', ward: '小倉北区', keys: ['中央1丁目', '中央'] });
    expect(read('中央1-2-3')).toMatchObject({ postcode: undefined, ward: undefined });
  });

  it('tries a town without 丁目 too (大字 names followed by a 番地)', () => {
    expect(read('門司区畑123番地').keys).toContain('畑');
    expect(read('小倉北区城内1-1').keys).toEqual(['城内1丁目', '城内']);
  });

  it('reads postcodes in any form', () => {
    expect(normalizePostcode('〒８０２－０００１')).toBe('802-0001');
    expect(normalizePostcode('8020001')).toBe('802-0001');
    expect(normalizePostcode('802-001')).toBeUndefined();
  });
});
