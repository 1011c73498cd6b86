/**
 * The official account's monthly message quota (GET /v2/bot/message/quota and /quota/consumption). A
 * city's LINE plan may allow only a few thousand messages a month, and every recipient of a multicast
 * counts as one, so a city-wide sending can use it up: admins see it on /staff/line, and the notify core
 * asks checkSendingFits(count) before queueing a large sending to warn whoever starts it.
 */
import type { LineClient } from './line-client.ts';

export interface LineQuota {
  /** Messages this month, free and paid together; null when the plan sets no limit. */
  limit: number | null;
  used: number;
  /** null when there is no limit. */
  remaining: number | null;
}

export type QuotaReading = { ok: true; quota: LineQuota } | { ok: false; error: string };

export interface SendingFit {
  count: number;
  /** True when it fits; false when it would go over; undefined when the quota could not be read. */
  fits: boolean | undefined;
  quota: LineQuota | undefined;
  /** Why a warning should be shown: 'exceeds' the remainder, or the quota is 'unreadable'. */
  warning: 'exceeds' | 'unreadable' | undefined;
  /** The reading's error, for logs. */
  error?: string;
}

export async function readQuota(client: LineClient): Promise<QuotaReading> {
  const [quota, consumption] = await Promise.all([client.quota(), client.consumption()]);
  if (quota.status !== 200) return { ok: false, error: quota.message };
  if (consumption.status !== 200) return { ok: false, error: consumption.message };
  const q = (quota.body ?? {}) as { type?: unknown; value?: unknown };
  const used = (consumption.body ?? {}) as { totalUsage?: unknown };
  if (typeof used.totalUsage !== 'number' || !Number.isFinite(used.totalUsage)) return { ok: false, error: 'LINE gave no totalUsage' };
  if (q.type === 'none') return { ok: true, quota: { limit: null, used: used.totalUsage, remaining: null } };
  if (q.type !== 'limited' || typeof q.value !== 'number') return { ok: false, error: 'LINE gave no quota value' };
  return { ok: true, quota: { limit: q.value, used: used.totalUsage, remaining: Math.max(0, q.value - used.totalUsage) } };
}

/** Whether `count` more messages fit in this month's remainder. Never throws: an unread quota is a warning. */
export async function checkSendingFits(client: LineClient, count: number): Promise<SendingFit> {
  const reading = await readQuota(client);
  if (!reading.ok) return { count, fits: undefined, quota: undefined, warning: 'unreadable', error: reading.error };
  const { quota } = reading;
  const fits = quota.remaining === null || count <= quota.remaining;
  return { count, fits, quota, warning: fits ? undefined : 'exceeds' };
}
