/**
 * Which database the config names: an SQLite file or a PostgreSQL URL. It lives in db/ (config.ts parses
 * it, database.ts and text-fold.ts open and speak to it) so that db/ imports nothing above it.
 */
export type DatabaseTarget = { readonly dialect: 'sqlite'; readonly path: string } | { readonly dialect: 'postgres'; readonly url: string };

export type Dialect = DatabaseTarget['dialect'];
