/** Secrets handed to browsers and integrations: random, and stored only as SHA-256 hashes. */
import { createHash, randomBytes, randomInt } from 'node:crypto';

export function randomToken(prefix = ''): string {
  return `${prefix}${randomBytes(32).toString('base64url')}`;
}

export function sha256(value: string): string {
  return createHash('sha256').update(value).digest('base64url');
}

/** n random decimal digits, for numbers people read out on the phone (利用者番号, 予約番号). */
export function randomDigits(n: number): string {
  let out = '';
  for (let i = 0; i < n; i++) out += String(randomInt(10));
  return out;
}
