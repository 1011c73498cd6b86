/**
 * Quiet hours and backoff: pure functions of the time. Quiet hours are Tokyo wall-clock times (21:00–08:00
 * by default) and may wrap midnight; no email or LINE message leaves then unless it is urgent.
 */
import { minutesOf, toTokyo } from '../../lib/time.ts';

export interface QuietHours {
  /** 'HH:MM', Asia/Tokyo. */
  from: string;
  to: string;
}

export function isQuiet(quiet: QuietHours | null, at: Date): boolean {
  if (!quiet) return false;
  const now = minutesOf(toTokyo(at).time);
  const from = minutesOf(quiet.from);
  const to = minutesOf(quiet.to);
  if (from === to) return false;
  return from < to ? now >= from && now < to : now >= from || now < to;
}

/** Parses `21:00-08:00`; `off` (or empty) means none. Undefined when it is neither. */
export function parseQuietHours(value: string): QuietHours | null | undefined {
  const v = value.trim();
  if (v === '' || v === 'off') return null;
  const m = /^([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-3]):([0-5]\d)$/.exec(v);
  if (!m) return undefined;
  return { from: `${m[1]}:${m[2]}`, to: `${m[3]}:${m[4]}` };
}

const BACKOFF_BASE_MS = 30_000;
const BACKOFF_CAP_MS = 6 * 60 * 60_000;

/** Wait before attempt n+1 after n failed ones: 30 s, 1, 2, 4 … minutes, at most 6 hours; never sooner than the channel asked. */
export function backoffMs(attempts: number, retryAfterMs?: number): number {
  const exponential = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, attempts - 1));
  return Math.max(exponential, retryAfterMs ?? 0);
}
