/**
 * Input normalisation before validation: NFKC folds full-width digits and letters (２０２６－１２－０５)
 * into ASCII, which many residents type with a Japanese IME; blank form fields become undefined.
 */
export function normalizeText(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const v = value
    .normalize('NFKC')
    .replace(/[\u2010-\u2015\u2212\u30fc\uff70]/g, '-') // hyphen look-alikes, including the long vowel mark, typed in dates
    .trim();
  return v === '' ? undefined : v;
}

/** For query values that may repeat (?band=morning&band=evening) or come as one comma list. */
export function normalizeList(value: unknown): unknown {
  if (value === undefined || value === null) return undefined;
  const list = (Array.isArray(value) ? value : [value])
    .flatMap((v) => (typeof v === 'string' ? v.split(',') : [v]))
    .map(normalizeText)
    .filter((v) => v !== undefined);
  return list.length === 0 ? undefined : list;
}
