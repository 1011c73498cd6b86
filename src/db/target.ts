/**
 * Which database the config names: an SQLite file or a PostgreSQL URL. It lives in db/ (config.ts parses
 * it, database.ts and text-fold.ts open and speak to it) so that db/ imports nothing above it.
 */
export type DatabaseTarget =
  | { readonly dialect: 'sqlite'; readonly path: string }
  // poolSize: connections each process keeps (DATABASE_POOL_SIZE); 10 when not given.
  | { readonly dialect: 'postgres'; readonly url: string; readonly poolSize?: number };

export type Dialect = DatabaseTarget['dialect'];

/** PostgreSQL connections per app process when DATABASE_POOL_SIZE is not set. */
export const DEFAULT_POOL_SIZE = 10;
