/**
 * The primary of several app processes (WORKERS > 1, node:cluster): forks the workers, which share the
 * listening port (each worker accepts from it; see SCHED_NONE below), restarts one that
 * dies unexpectedly after a back-off so that a crash does not take the service down, and on SIGTERM or
 * SIGINT tells every worker to stop (SIGTERM: each drains as one process does) and exits once all have.
 *
 * Back-off: a worker that dies within STABLE_MS of starting counts as failing, and each failure in a row
 * doubles its slot's delay (0.5 s, 1 s, 2 s … at most 30 s), so a worker that cannot start does not spin;
 * one that ran for a while is restarted after the first delay. After MAX_FAILURES failures in a row
 * without ever serving, the primary gives up and exits 1: something is wrong that a restart won't fix.
 */
import cluster, { type Worker } from 'node:cluster';
import type { Logger } from './logger.ts';

export interface SuperviseOptions {
  count: number;
  logger: Logger;
  /** First restart delay, doubled per failure in a row. */
  restartDelayMs?: number;
  /** How long the workers get to drain before they are killed. */
  stopTimeoutMs?: number;
}

const MAX_DELAY_MS = 30_000;
const STABLE_MS = 10_000;
const MAX_FAILURES = 5;

interface Slot {
  worker: Worker | undefined;
  startedAt: number;
  failures: number;
  served: boolean;
  restart: NodeJS.Timeout | undefined;
}

export function superviseWorkers(options: SuperviseOptions): void {
  const { count, logger } = options;
  // The workers accept connections from the shared socket themselves, not the primary in turn (node's
  // default on Linux, round-robin): the primary hands a connection to a worker that has just died before
  // it hears of the death, and that connection is never answered (`npm run reliability`, 2 processes on
  // PostgreSQL: a booking that timed out and a /healthz probe, both sent within 10 ms of a kill). A
  // worker that is dead accepts nothing. The kernel spreads the load less evenly; must be set before fork.
  cluster.schedulingPolicy = cluster.SCHED_NONE;
  const restartDelayMs = options.restartDelayMs ?? 500;
  const slots: Slot[] = Array.from({ length: count }, () => ({
    worker: undefined,
    startedAt: 0,
    failures: 0,
    served: false,
    restart: undefined,
  }));
  let stopping = false;
  let exitCode = 0;

  const slotOf = (worker: Worker) => slots.find((s) => s.worker === worker);
  const alive = () => slots.filter((s) => s.worker !== undefined).length;

  function start(slot: Slot) {
    slot.restart = undefined;
    slot.startedAt = Date.now();
    slot.worker = cluster.fork();
  }

  cluster.on('listening', (worker) => {
    const slot = slotOf(worker);
    if (slot) slot.served = true;
  });

  cluster.on('exit', (worker, code, signal) => {
    const slot = slotOf(worker);
    if (!slot) return;
    slot.worker = undefined;
    const how = signal ? `killed by ${signal}` : `exited with code ${code}`;
    if (stopping) {
      if (code !== 0) exitCode = 1;
      if (alive() === 0) {
        logger.info('every worker has stopped');
        process.exit(exitCode);
      }
      return;
    }
    slot.failures = Date.now() - slot.startedAt < STABLE_MS ? slot.failures + 1 : 0;
    if (slot.failures >= MAX_FAILURES && !slots.some((s) => s.served)) {
      logger.error(`worker ${worker.process.pid} ${how}; ${slot.failures} failed starts in a row, giving up`);
      stop(1);
      return;
    }
    const delay = Math.min(MAX_DELAY_MS, restartDelayMs * 2 ** Math.max(0, slot.failures - 1));
    logger.error(`worker ${worker.process.pid} ${how}; starting another in ${delay} ms`);
    slot.served = false;
    slot.restart = setTimeout(() => start(slot), delay);
  });

  function stop(code: number) {
    if (stopping) return;
    stopping = true;
    exitCode = code;
    for (const slot of slots) clearTimeout(slot.restart);
    if (alive() === 0) process.exit(exitCode);
    for (const slot of slots) slot.worker?.process.kill('SIGTERM');
    setTimeout(() => {
      logger.error('workers did not stop in time: killing them');
      for (const slot of slots) slot.worker?.process.kill('SIGKILL');
      process.exit(1);
    }, options.stopTimeoutMs ?? 15_000).unref();
  }

  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (!stopping) logger.info(`${signal}: stopping ${alive()} worker(s)`);
      stop(0);
    });
  }

  logger.info(`starting ${count} app processes`);
  for (const slot of slots) start(slot);
}
