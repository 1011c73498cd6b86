/**
 * Input normalisation before validation, in two kinds that must not be mixed up:
 *
 * - codes and numbers (dates, times, ids, 利用者番号, receipt numbers, phone numbers, postcodes, counts):
 *   many residents type them with a Japanese IME, so full-width digits and letters (２０２６－１２－０５)
 *   become ASCII, hyphen look-alikes become "-" and spaces go;
 * - free text (names, フリガナ, group names, purposes, reasons, notes): kept exactly as typed, only the
 *   surrounding whitespace is trimmed. Folding it would lose what people wrote: ー is not "-" (サークル),
 *   ① is not 1, ㈱ is not (株), and 半角ｶﾅ is how some people write their name.
 *
 * In both, a blank field becomes undefined, so zod reports it as missing. Searches that must match across
 * spellings fold both sides when comparing (kanaFoldKey, db/text-fold.ts), never what is stored.
 */

/** Hyphen look-alikes typed in dates, phone numbers and postcodes, including the long vowel mark. */
export const HYPHEN_LOOKALIKES = /[\u2010-\u2015\u2212\u30fc\uff70]/g;

/** For a code or a number: NFKC (full-width → ASCII), hyphen look-alikes → "-", no spaces. */
export function normalizeCode(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const v = value.normalize('NFKC').replace(HYPHEN_LOOKALIKES, '-').replace(/\s/g, '');
  return v === '' ? undefined : v;
}

/** For names and prose: as typed, without surrounding whitespace (full-width spaces included). */
export function normalizeFreeText(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const v = value.trim();
  return v === '' ? undefined : v;
}

/** For query values that may repeat (?band=morning&band=evening) or come as one comma list of codes. */
export function normalizeList(value: unknown): unknown {
  if (value === undefined || value === null) return undefined;
  const list = (Array.isArray(value) ? value : [value])
    .flatMap((v) => (typeof v === 'string' ? v.split(',') : [v]))
    .map(normalizeCode)
    .filter((v) => v !== undefined);
  return list.length === 0 ? undefined : list;
}

const HIRAGANA = /[ぁ-ゖ]/g;
const KATAKANA_OFFSET = 0x60;

/**
 * How kana is compared, never how it is stored: NFKC (半角ｶﾅ → 全角), ひらがな → カタカナ, no spaces. The SQL
 * side of the same fold is in db/text-fold.ts; keep the two in step.
 */
export function kanaFoldKey(value: string): string {
  return value
    .normalize('NFKC')
    .replace(HIRAGANA, (ch) => String.fromCharCode(ch.charCodeAt(0) + KATAKANA_OFFSET))
    .replace(/\s/g, '');
}
