/** The Hono environment shared by every feature: injected dependencies and per-request language. */
import type { Config } from '../config.ts';
import type { Db } from '../db/database.ts';
import type { BackgroundTasks } from '../lib/background.ts';
import type { Lang, Translate } from '../lib/i18n.ts';
import type { Logger } from '../lib/logger.ts';
import type { Clock } from '../lib/time.ts';
import type { User } from '../platform/authz/actor.ts';
import type { NotifyWorker } from '../platform/notify/worker.ts';
import type { ReadCache } from '../platform/read-model/read-cache.ts';
import type { AuthLimiter } from './rate-limit.ts';

export interface AppDeps {
  config: Config;
  db: Db;
  dialect: 'sqlite' | 'postgres';
  clock: Clock;
  logger: Logger;
  /** Delivers queued messages (platform/notify): call `kick()` after a commit that queued one. */
  notifier: NotifyWorker;
  /** Sign-in and reset limits, counted in the database (shared by every process). */
  authLimiter: AuthLimiter;
  /** Work done after the response (see lib/background.ts). */
  background: BackgroundTasks;
  /** The public read side's memory of the catalogue and the room months (platform/read-model). */
  readCache: ReadCache;
}

export interface AppEnv {
  Variables: {
    deps: AppDeps;
    lang: Lang;
    t: Translate;
    /** True when any demo facility is loaded: pages show the demo banner. */
    demo: boolean;
    /** The logged-in resident (session cookie or API token), if any. */
    user: User | undefined;
    /**
     * The same person, set only by requireLogin (platform/authz/require-login.ts): read it in a handler
     * behind that middleware, where it is never undefined. Declared here, not in a narrower env, so the
     * page helpers that take Context<AppEnv> take those handlers' contexts too.
     */
    actor: User;
    /** The session's synchronizer token, for forms. */
    csrf: string | undefined;
    /** Unread inbox messages of the signed-in person, for the header (set for page requests only). */
    unread: number | undefined;
    /** True when the request authenticated with an API token. */
    viaToken: boolean;
  };
}
