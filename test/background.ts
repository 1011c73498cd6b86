/**
 * Background tasks that run only when the test says so: a test can look at what a request did before
 * its after-the-response work ran (e.g. that it did not wait for it), then run that work with drain().
 */
import type { BackgroundTasks } from '../src/lib/background.ts';

export class HeldBackgroundTasks implements BackgroundTasks {
  private readonly queue: { label: string; task: () => Promise<unknown> }[] = [];

  get pending(): string[] {
    return this.queue.map((q) => q.label);
  }

  run(label: string, task: () => Promise<unknown>): void {
    this.queue.push({ label, task });
  }

  /** Runs every held task (and any they start), in order; resolves with how many ran. */
  async drain(): Promise<number> {
    let ran = 0;
    for (let next = this.queue.shift(); next; next = this.queue.shift()) {
      await next.task();
      ran++;
    }
    return ran;
  }

  async idle(): Promise<void> {
    await this.drain();
  }
}
