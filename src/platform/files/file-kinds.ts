/**
 * Per-kind policy of uploads. Each feature declares the kinds it owns (allowed types, size, retention,
 * image handling, and who may download), and passes the registry to the store and the route helpers.
 * A kind with no download check cannot be downloaded: the module never guesses who may see a file.
 */
import type { Context } from 'hono';
import type { AppEnv } from '../../http/env.ts';
import type { LocalDate } from '../../lib/time.ts';
import type { FileType } from './detect-type.ts';

export interface FileOwner {
  readonly kind: string;
  readonly id: string;
}

/**
 * with-owner: kept until removeFilesOf(owner) (e.g. a circular's attachment).
 * fiscal-years: kept for `years` full fiscal years (4/1–3/31) after the one it was uploaded in
 * (領収書: 5 years after the fiscal year), then removed by purgeExpiredFiles.
 */
export type Retention = { readonly rule: 'with-owner' } | { readonly rule: 'fiscal-years'; readonly years: number };

export interface FileKindPolicy {
  readonly allowedTypes: readonly FileType[];
  /** Upper bound of the uploaded bytes (before any resizing). */
  readonly maxBytes: number;
  readonly retention: Retention;
  /** Photos larger than this on either edge are scaled down; every image is re-encoded without metadata. */
  readonly image?: { readonly maxEdge: number };
  /** True when the request's actor may see the owner; called before every download. */
  readonly mayDownload?: (c: Context<AppEnv>, owner: FileOwner) => boolean | Promise<boolean>;
}

export type FileKinds = Readonly<Record<string, FileKindPolicy>>;

export function defineFileKinds<K extends FileKinds>(kinds: K): K {
  return Object.freeze(kinds);
}

/** The first day the file is no longer kept, or null when it lives as long as its owner. */
export function expiryOf(retention: Retention, uploadedOn: LocalDate): LocalDate | null {
  if (retention.rule === 'with-owner') return null;
  const [year, month] = uploadedOn.split('-').map(Number) as [number, number];
  const fiscalYear = month >= 4 ? year : year - 1;
  // Fiscal year N ends on (N+1)-03-31; kept for `years` more, it goes on the 1 April after that.
  return `${fiscalYear + 1 + retention.years}-04-01`;
}
