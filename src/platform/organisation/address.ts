/**
 * Reading an address the way residents type it, for the 校区 lookup. Pure functions: the lookup service
 * runs them and asks the database with the result.
 *
 * People write the same 町丁目 many ways: 中央一丁目, 中央１丁目, 中央1丁目, or only the numbers
 * (中央1-2-3, 中央１－２－３), with or without 〒 and the postcode, the prefecture, the city and the ward.
 * Both sides are folded to one key (townKey): NFKC (full-width → ASCII), no spaces, the 丁目 number in
 * arabic digits. The address gives candidate keys, most specific first: 「中央1丁目」 (a town with 丁目)
 * before 「中央」 (a town without, such as 大字 names followed by a 番地).
 */
import { HYPHEN_LOOKALIKES } from '../../lib/normalize.ts';

const KANJI_DIGITS: Record<string, number> = { 〇: 0, 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

/** 一 → 1, 十二 → 12, 二十 → 20 (丁目 numbers stay well under a hundred). */
export function kanjiNumber(text: string): number {
  let total = 0;
  let digit = 0;
  for (const ch of text) {
    if (ch === '十') {
      total += (digit === 0 ? 1 : digit) * 10;
      digit = 0;
    } else digit = digit * 10 + (KANJI_DIGITS[ch] ?? 0);
  }
  return total + digit;
}

/**
 * The key a 町丁目 is stored and looked up by. Keep in step with the frozen copy in migration
 * 2026-12-03-16, which filled it for rows written before it.
 */
export function townKey(town: string): string {
  return town
    .normalize('NFKC')
    .replace(/\s/g, '')
    .replace(/([〇一二三四五六七八九十]+)丁目/g, (_, n: string) => `${kanjiNumber(n)}丁目`)
    .replace(/(\D)0+(\d+丁目)/g, '$1$2');
}

/** 〒 seven digits as NNN-NNNN, from any way of typing them. */
export function normalizePostcode(value: string): string | undefined {
  const digits = value
    .normalize('NFKC')
    .replace(HYPHEN_LOOKALIKES, '-')
    .replace(/[〒\s-]/g, '');
  return /^\d{7}$/.test(digits) ? `${digits.slice(0, 3)}-${digits.slice(3)}` : undefined;
}

export interface ParsedAddress {
  postcode: string | undefined;
  /** The address after the postcode, prefecture, city and ward, folded (NFKC, no spaces, "-"). */
  rest: string;
  /** Town keys to try, most specific first; empty when nothing town-like is left. */
  townKeys: string[];
}

export interface AddressContext {
  prefecture: string;
  city: string;
}

/**
 * Splits what was typed into postcode, the rest and town keys. The ward is found by the caller against
 * the ward names it knows (wardOf), since a ward name is data, not a pattern.
 */
export function parseAddress(typed: string, context: AddressContext): ParsedAddress {
  let text = typed.normalize('NFKC').replace(HYPHEN_LOOKALIKES, '-').replace(/\s/g, '');
  let postcode: string | undefined;
  const zip = /^(?:〒)?(\d{3})-?(\d{4})(?!\d)/.exec(text);
  if (zip) {
    postcode = `${zip[1]}-${zip[2]}`;
    text = text.slice(zip[0].length);
  }
  text = text.replace(/^〒/, '');
  for (const prefix of [context.prefecture, context.city]) {
    const folded = prefix.normalize('NFKC');
    if (folded && text.startsWith(folded)) text = text.slice(folded.length);
  }
  return { postcode, rest: text, townKeys: townKeysOf(text) };
}

/**
 * The ward the text starts with (longest name first, so no ward is read as the start of another), and
 * the text after it. Only the full name counts: 「小倉北」 without 区 would be a guess, and towns begin like
 * wards (門司港, 若松町).
 */
export function stripWard<W extends { name: string }>(rest: string, wards: readonly W[]): { ward: W | undefined; rest: string } {
  const byLength = [...wards].sort((a, b) => b.name.length - a.name.length);
  for (const ward of byLength) {
    const name = ward.name.normalize('NFKC');
    if (rest.startsWith(name)) return { ward, rest: rest.slice(name.length) };
  }
  return { ward: undefined, rest };
}

/** Candidate town keys of what follows the ward: 「中央1丁目2番3号」「中央1-2-3」「中央一丁目」「中央」. */
export function townKeysOf(rest: string): string[] {
  const text = townKey(rest);
  const keys: string[] = [];
  const withChome = /^(\D+?)(\d+)(?:丁目|-|番|$)/.exec(text);
  if (withChome?.[1]) keys.push(`${withChome[1]}${Number(withChome[2])}丁目`);
  const base = /^(\D+)/.exec(text)?.[1];
  if (base) {
    // A town without 丁目 is the text before the first digit (大字 names), minus a trailing 番地 word.
    const bare = base.replace(/(番地|番|号|-)+$/, '');
    if (bare && !keys.includes(bare)) keys.push(bare);
  }
  return keys;
}
