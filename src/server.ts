/** Process entry: loadConfig → createDb → migrate → seed on first start → serve(createApp(...)). */
import { serve } from '@hono/node-server';
import { createApp } from './app.tsx';
import { loadConfig } from './config.ts';
import { createDb } from './db/database.ts';
import { prepareDatabase } from './db/prepare.ts';
import { cancelOverdueProvisional } from './features/booking/jobs.ts';
import { buildStaleMonths } from './features/insights/insights-store.ts';
import { runLotteryJobs } from './features/lottery/lottery.service.ts';
import { pruneAuthLimits } from './http/rate-limit.ts';
import { createBackgroundTasks } from './lib/background.ts';
import { createLogger } from './lib/logger.ts';
import { createMailDispatcher } from './lib/mail.ts';
import { systemClock, todayIn } from './lib/time.ts';

const config = loadConfig();
const logger = createLogger(config.logLevel);
const db = createDb(config.database);
await prepareDatabase(db, config, systemClock, logger);

const mail = createMailDispatcher({ db: db.kysely, smtpUrl: config.smtpUrl, from: config.mailFrom, logger });
mail.start(); // retries undelivered mail every minute; new mail is sent right after its commit
if (!mail.delivering) {
  logger.info(`SMTP_URL is not set: mail stays in the outbox${config.devOutbox ? ', readable at /dev/outbox from this machine' : ''}`);
}

// Every hour (and once at start): 仮予約 whose fee was not paid by its due date are cancelled; lottery
// months get their seeds, are drawn on their draw day, and wins not confirmed in time lapse.
const runJobs = async () => {
  try {
    const n = await cancelOverdueProvisional(db.kysely, systemClock);
    if (n > 0) logger.info(`cancelled ${n} unpaid provisional booking(s)`);
    const lottery = await runLotteryJobs(db.kysely, systemClock);
    for (const d of lottery.drawn) logger.info(`lottery ${d.month} drawn: ${d.entries} entries, ${d.won} won`);
    if (lottery.lapsed > 0) logger.info(`lottery: ${lottery.lapsed} unconfirmed win(s) lapsed`);
    await pruneAuthLimits(db.kysely, systemClock); // ended sign-in and reset windows
    for (const month of lottery.missed) logger.error(`lottery ${month} was never drawn and first-come has opened: contact its entrants`);
    for (const f of lottery.failed) logger.error(`lottery ${f.month}: the draw failed, retried at the next run`, f.error);
    if (n > 0 || lottery.drawn.length > 0 || lottery.lapsed > 0) mail.kick();
  } catch (error) {
    logger.error('scheduled job failed', error);
  }
};
void runJobs();
setInterval(runJobs, 60 * 60_000).unref();

// Insights: ended months whose figures changed are counted again here rather than on a staff member's
// click. Not at start (a restart under load serves requests first), and at most two years of months an
// hour, so catching up after the migration spreads over a few hours.
const runInsightsJob = async () => {
  try {
    const built = await buildStaleMonths(db.kysely, todayIn(systemClock), systemClock.now(), { limit: 24 });
    if (built > 0) logger.info(`insights: ${built} month(s) counted`);
  } catch (error) {
    logger.error('insights job failed', error);
  }
};
setTimeout(() => {
  void runInsightsJob();
  setInterval(runInsightsJob, 60 * 60_000).unref();
}, 5 * 60_000).unref();

const background = createBackgroundTasks(logger);
const app = createApp({ config, db: db.kysely, dialect: db.dialect, clock: systemClock, logger, mail, background });
const server = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, (info) => {
  const where = config.database.dialect === 'sqlite' ? config.database.path : 'PostgreSQL';
  logger.info(`tsunagu listening on http://localhost:${info.port} (database: ${where})`);
});

// Stop accepting, let in-flight requests and their after-response work finish, then close the database so SQLite checkpoints its WAL.
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
        .then(() => mail.stop())
        .then(() => db.close())
        .finally(() => process.exit(0));
    });
    setTimeout(() => process.exit(1), 10_000).unref();
  });
}
