/** Brings a database to a usable state at start-up: migrations, reference data, demo city if empty. */
import type { Config } from '../config.ts';
import type { DatabaseHandle } from '../db/database.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { ensureReferenceData } from '../db/seed/reference-data.ts';
import type { Logger } from '../lib/logger.ts';
import { type Clock, todayIn } from '../lib/time.ts';
import { isCatalogueEmpty, seedDemoCity } from './demo-city.ts';

export async function prepareDatabase(
  db: DatabaseHandle,
  config: Pick<Config, 'seed' | 'demoSeed'>,
  clock: Clock,
  logger: Logger,
): Promise<void> {
  const applied = await migrateToLatest(db);
  if (applied.length > 0) logger.info(`migrations applied: ${applied.join(', ')}`);
  await ensureReferenceData(db.kysely);
  if (config.seed === 'demo' && (await isCatalogueEmpty(db.kysely))) {
    logger.info('empty database: seeding the demo city (first start only; SEED=none skips this)');
    const started = Date.now();
    const summary = await seedDemoCity(db.kysely, { seed: config.demoSeed, today: todayIn(clock), onProgress: (m) => logger.info(m) });
    logger.info(
      `demo city ready in ${((Date.now() - started) / 1000).toFixed(1)} s: ${summary.facilities} facilities, ${summary.rooms} rooms, ${summary.reservations} reservations`,
    );
  }
}
