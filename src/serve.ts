/**
 * One serving process (the only one, or a cluster worker; see server.ts): the app on the port, the
 * notify worker and the scheduled jobs' timers, and the drain on SIGTERM or SIGINT. Every serving
 * process runs the notify worker and the timers: leases in the database let one of them send at a time
 * and run each job once per period (platform/jobs), so N of these share one PostgreSQL.
 */
import { serve } from '@hono/node-server';
import { createApp } from './app.tsx';
import type { Config } from './config.ts';
import type { DatabaseHandle } from './db/database.ts';
import { SCHEDULED_JOBS } from './jobs.ts';
import { createBackgroundTasks } from './lib/background.ts';
import type { Logger } from './lib/logger.ts';
import { systemClock } from './lib/time.ts';
import { scheduleJobs } from './platform/jobs/jobs.ts';
import { createEmailAdapter } from './platform/notify/email-adapter.ts';
import { createLineAdapter } from './platform/notify/line/line-adapter.ts';
import { createNotifyWorker } from './platform/notify/worker.ts';

export function serveApp(config: Config, db: DatabaseHandle, logger: Logger): void {
  // Messages (platform/notify): delivered right after the commit that queued them, at start (what a
  // stopped or crashed process left), and every NOTIFY_INTERVAL_SECONDS (30) for retries, the morning
  // after quiet hours and what the rate held back. Without LINE configured, LINE
  // deliveries fall back to the person's next channel.
  const email = config.smtpUrl ? createEmailAdapter({ smtpUrl: config.smtpUrl, from: config.mailFrom }) : undefined;
  const line = config.line ? createLineAdapter(config.line, { db: db.kysely, clock: systemClock }) : undefined;
  const notifier = createNotifyWorker({
    db: db.kysely,
    clock: systemClock,
    logger,
    settings: config.notify,
    adapters: { email, line },
    leaseMs: config.notifyWorker.leaseMs,
  });
  notifier.start(config.notifyWorker.intervalMs);
  notifier.kick();

  // The scheduled jobs (src/jobs.ts), each on its own timer; mail they queue is sent right away.
  const jobs = scheduleJobs(
    SCHEDULED_JOBS,
    { db: db.kysely, clock: systemClock, files: config.files, publicUrl: config.publicUrl },
    { logger, onChange: () => notifier.kick() },
  );

  const background = createBackgroundTasks(logger);
  const app = createApp({
    config,
    db: db.kysely,
    dialect: db.dialect,
    changes: db.changes,
    clock: systemClock,
    logger,
    notifier,
    background,
  });
  const server = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, (info) => {
    const where = config.database.dialect === 'sqlite' ? config.database.path : 'PostgreSQL';
    logger.info(`tsunagu listening on http://localhost:${info.port} (database: ${where})`);
  });

  // Stop accepting, let in-flight requests and their after-response work finish, then close the database
  // so SQLite checkpoints its WAL. A cluster worker gets SIGTERM from the primary (and SIGINT too from a
  // terminal's Ctrl-C): the same drain, once.
  let stopping = false;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      logger.info(`${signal}: shutting down`);
      server.close(() => {
        // Work answered requests left for after their response (reset mails) finishes first.
        background
          .idle()
          .then(() => jobs.stop())
          .then(() => notifier.stop())
          .then(() => email?.close())
          .then(() => db.close())
          .then(
            () => process.exit(0),
            // A failed drain is not a clean stop: the primary (or a supervisor) must see it.
            (error: unknown) => {
              logger.error('shutdown failed', error);
              process.exit(1);
            },
          );
      });
      setTimeout(() => process.exit(1), 10_000).unref();
    });
  }
}
