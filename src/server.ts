/**
 * Process entry: loadConfig, then one of three roles.
 * - WORKERS=1 (the default): one process prepares the database (migrations, the demo city on first
 *   start) and serves (serve.ts).
 * - WORKERS=N, the cluster primary: prepares the database once, then starts N workers sharing the port
 *   and restarts one that dies (lib/cluster.ts); it serves nothing itself.
 * - a cluster worker: serves what the primary prepared.
 * Each role loads only what it runs: the primary never loads the app, a worker never the demo generator.
 */
import cluster from 'node:cluster';
import { type Config, loadConfig } from './config.ts';
import { createDb } from './db/database.ts';
import { superviseWorkers } from './lib/cluster.ts';
import { installMessages } from './lib/i18n.ts';
import { createLogger } from './lib/logger.ts';
import { systemClock } from './lib/time.ts';
import { messages } from './messages.ts';

// The texts before anything runs: the scheduled jobs write mail before createApp is called.
installMessages(messages);
const config = configOrExit();
const role = cluster.isWorker ? 'worker' : config.workers > 1 ? 'primary' : 'single';
const logger = createLogger(
  config.logLevel,
  undefined,
  role === 'worker' ? `worker ${process.pid}` : role === 'primary' ? 'primary' : undefined,
);

const db = createDb(config.database);
if (role !== 'worker') {
  const { prepareDatabase } = await import('./seed/prepare.ts');
  await prepareDatabase(db, config, systemClock, logger);
  if (!config.smtpUrl) {
    logger.info(`SMTP_URL is not set: mail stays in the outbox${config.devOutbox ? ', readable at /dev/outbox from this machine' : ''}`);
  }
}
if (role === 'primary') {
  await db.close();
  superviseWorkers({ count: config.workers, logger });
} else {
  const { serveApp } = await import('./serve.ts');
  serveApp(config, db, logger);
}

/** A bad setting stops the start with the message alone (which variable, what it must be), not a stack trace. */
function configOrExit(): Config {
  try {
    return loadConfig();
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  }
}
