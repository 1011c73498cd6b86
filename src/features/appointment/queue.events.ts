/**
 * Tells the call screens of this process that an office's queue changed, whichever process made the
 * change: the database's change feed carries `{ topic: 'queue', officeId, date }` for every ticket write
 * (migration 2026-12-06-21). On PostgreSQL the feed's listener is pushed each change (LISTEN/NOTIFY); on
 * SQLite nothing pushes, so while any screen is connected this polls the feed's catchUp() every
 * POLL_MS — one indexed read of the change marks — and no screen means no polling at all.
 */
import type { Change, ChangeFeed } from '../../db/change-feed.ts';

export const POLL_MS = 250;

export interface QueueEvents {
  /** Calls `listener` when the office's queue may have changed; returns the unsubscribe. */
  subscribe(officeId: string, listener: () => void): () => void;
}

export function createQueueEvents(changes: ChangeFeed, options: { pollMs?: number } = {}): QueueEvents {
  const byOffice = new Map<string, Set<() => void>>();
  let feedUnsubscribe: (() => void) | undefined;
  let poll: NodeJS.Timeout | undefined;

  const emit = (change: Change) => {
    if (change.topic === 'queue') {
      for (const listener of byOffice.get(change.officeId) ?? []) listener();
    } else if (change.topic === 'everything') {
      for (const listeners of byOffice.values()) for (const listener of listeners) listener();
    }
  };

  const start = () => {
    feedUnsubscribe ??= changes.subscribe(emit);
    if (!poll) {
      poll = setInterval(() => changes.catchUp(), options.pollMs ?? POLL_MS);
      poll.unref();
    }
  };
  const stopWhenIdle = () => {
    if (byOffice.size > 0) return;
    if (poll) clearInterval(poll);
    poll = undefined;
    feedUnsubscribe?.();
    feedUnsubscribe = undefined;
  };

  return {
    subscribe(officeId, listener) {
      let listeners = byOffice.get(officeId);
      if (!listeners) {
        listeners = new Set();
        byOffice.set(officeId, listeners);
      }
      listeners.add(listener);
      start();
      return () => {
        const set = byOffice.get(officeId);
        set?.delete(listener);
        if (set && set.size === 0) byOffice.delete(officeId);
        stopWhenIdle();
      };
    },
  };
}
