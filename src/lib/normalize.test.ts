import { describe, expect, it } from 'vitest';
import { kanaFoldKey, normalizeCode, normalizeFreeText, normalizeList } from './normalize.ts';

describe('input normalisation', () => {
  it('reads codes and numbers typed with an IME: full-width digits, hyphen look-alikes, spaces', () => {
    expect(normalizeCode('２０２６ー１２－０５')).toBe('2026-12-05');
    expect(normalizeCode(' ０９３−５８２‐１２３４ ')).toBe('093-582-1234');
    expect(normalizeCode('１２：３０')).toBe('12:30');
    expect(normalizeCode('1000 0001')).toBe('10000001');
    expect(normalizeCode('　')).toBeUndefined();
    expect(normalizeList('morning,ｅｖｅｎｉｎｇ')).toEqual(['morning', 'evening']);
  });

  it('keeps names and prose exactly as typed but for the surrounding whitespace', () => {
    for (const typed of ['サークル', 'プローブ', '①', '㈱', 'ｻｰｸﾙ', 'Ａ棟', '体操 − 初級'])
      expect(normalizeFreeText(`　${typed} \n`)).toBe(typed);
    expect(normalizeFreeText(' 　\t')).toBeUndefined();
    expect(normalizeFreeText(3)).toBe(3);
  });

  it('folds kana for comparison only: 半角ｶﾅ, ひらがな and spaces', () => {
    expect(kanaFoldKey('ｷﾀｷｭｳ　ﾏﾂｺ')).toBe('キタキュウマツコ');
    expect(kanaFoldKey('さーくる はなこ')).toBe('サークルハナコ');
    expect(kanaFoldKey('ｶﾞｯｺｳ')).toBe('ガッコウ');
  });
});
