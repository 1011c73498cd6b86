/**
 * 法人番号 (corporate number, 13 digits) as the National Tax Agency defines it: the first digit is a
 * check digit over the other twelve. With P(n) the n-th of the twelve digits counted from the right and
 * Q(n) = 1 for odd n, 2 for even n: check = 9 − (Σ P(n) × Q(n) mod 9). A mistyped digit or two swapped
 * neighbours fail the check, so a wrong number is refused before it is stored.
 */

export function corporateCheckDigit(base12: string): number {
  let sum = 0;
  for (let n = 1; n <= 12; n++) {
    const digit = Number(base12[12 - n]);
    sum += digit * (n % 2 === 1 ? 1 : 2);
  }
  return 9 - (sum % 9);
}

/** True for 13 ASCII digits whose first digit is the check digit of the other twelve. */
export function isCorporateNumber(value: string): boolean {
  if (!/^\d{13}$/.test(value)) return false;
  return Number(value[0]) === corporateCheckDigit(value.slice(1));
}
