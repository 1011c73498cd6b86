/**
 * Work done after the response, not while the visitor waits: a password-reset request answers at once
 * and the same way for every address, and the lookup, token and mail follow here. The tasks are tracked
 * so that shutdown (and a test) can wait for them; a failure is logged, never thrown at a request.
 */
import type { Logger } from './logger.ts';

export interface BackgroundTasks {
  /** Starts `task` after the current request has been answered. */
  run(label: string, task: () => Promise<unknown>): void;
  /** Resolves when every task started so far has finished. */
  idle(): Promise<void>;
}

export function createBackgroundTasks(logger: Logger): BackgroundTasks {
  const pending = new Set<Promise<void>>();
  return {
    run(label, task) {
      const done: Promise<void> = new Promise<void>((resolve) => setImmediate(resolve))
        .then(task)
        .then(
          () => undefined,
          (error: unknown) => logger.error(`background task "${label}" failed`, error),
        )
        .finally(() => pending.delete(done));
      pending.add(done);
    },
    async idle() {
      while (pending.size > 0) await Promise.all([...pending]);
    },
  };
}
