/**
 * Configuration: the only module that reads process.env. Parsed once with zod and frozen, so a typo in
 * an environment variable stops the server at start-up with a clear message instead of misbehaving later.
 */
import { z } from 'zod';
import { type DatabaseTarget, DEFAULT_POOL_SIZE } from './db/target.ts';
import { parseQuietHours } from './platform/notify/quiet-hours.ts';
import type { NotifySettings } from './platform/notify/worker.ts';

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /**
   * App processes serving PORT (node:cluster): more than 1 only on PostgreSQL. At most 32; each keeps a
   * pool of DATABASE_POOL_SIZE PostgreSQL connections and one listening connection, and together they must
   * stay under PostgreSQL's max_connections (100 by default).
   */
  WORKERS: z.coerce
    .number({ error: 'a whole number of app processes, 1 or more' })
    .int('a whole number of app processes, 1 or more')
    .min(1, 'a whole number of app processes, 1 or more')
    .max(32, 'at most 32 app processes')
    .default(1),
  HOST: z.string().min(1).default('0.0.0.0'),
  /** unset → ./data/tsunagu.db; `sqlite:PATH`; `postgres://…` */
  DATABASE_URL: z.string().optional(),
  /**
   * PostgreSQL connections per app process. A query holds its connection until the event loop has read
   * the answer, so under load a pool of 10 queues requests while PostgreSQL itself sits idle (bench/rush).
   */
  DATABASE_POOL_SIZE: z.coerce
    .number({ error: 'a whole number of connections, 2 to 100' })
    .int('a whole number of connections, 2 to 100')
    .min(2, 'a whole number of connections, 2 to 100')
    .max(100, 'a whole number of connections, 2 to 100')
    .default(DEFAULT_POOL_SIZE),
  /** `demo` (default) seeds an empty database with the demo city on first start; `none` leaves it empty. */
  SEED: z.enum(['demo', 'none']).default('demo'),
  /** The seed of the demo generator; the same seed and start date give the same city. */
  DEMO_SEED: z.coerce.number().int().default(20261124),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
  /** smtp://user:pass@host:587 or smtps://…; unset → mail stays in the outbox table (see /dev/outbox). */
  SMTP_URL: z.string().url().optional(),
  MAIL_FROM: z.string().min(3).default('tsunagu <no-reply@tsunagu.invalid>'),
  /** The address residents reach the service at, for links in emails. */
  PUBLIC_URL: z.string().url().default('http://localhost:3000'),
  /**
   * `1` shows the mails that would have been sent at /dev/outbox (development and demos only, never in
   * production: they hold password-reset links). Only without SMTP_URL, and only to a browser on the same
   * machine talking to the app directly.
   */
  DEV_OUTBOX: z.enum(['0', '1']).default('0'),
  /** `1` shows every UI component's examples at /dev/components (development and the e2e axe check). */
  DEV_COMPONENTS: z.enum(['0', '1']).default('0'),
  /** Behind a reverse proxy, take the client address from X-Forwarded-For (for rate limiting). */
  TRUST_PROXY: z.enum(['true', 'false']).default('false'),
  /** The city as open data names it (全国地方公共団体コード, 6 digits with its check digit, and names). */
  CITY_CODE: z
    .string()
    .regex(/^\d{6}$/, 'six digits, e.g. 401005')
    .default('401005'),
  CITY_NAME: z.string().min(1).default('北九州市'),
  /** Unset: uploaded files are kept in the database. A directory every app process shares: kept there. */
  FILES_DIR: z.string().optional(),
  PREFECTURE_NAME: z.string().min(1).default('福岡県'),
  /** No email or LINE message at night unless urgent: `HH:MM-HH:MM` Tokyo time (may wrap midnight), or `off`. */
  NOTIFY_QUIET_HOURS: z
    .string()
    .refine((v) => parseQuietHours(v) !== undefined, 'HH:MM-HH:MM (e.g. 21:00-08:00) or off')
    .default('21:00-08:00'),
  /** Most deliveries per channel and minute, so a city-wide sending is spread out. */
  NOTIFY_EMAIL_PER_MINUTE: z.coerce.number().int().min(1).max(100_000).default(120),
  NOTIFY_LINE_PER_MINUTE: z.coerce.number().int().min(1).max(1_000_000).default(5000),
  /**
   * The notify worker's lease (longer than the slowest LINE or SMTP call) and timer. After a crash the
   * next process resumes the dead one's batch once the lease expires: the reliability run shortens both.
   */
  NOTIFY_LEASE_SECONDS: z.coerce.number().int().min(2).max(3600).default(120),
  NOTIFY_INTERVAL_SECONDS: z.coerce.number().int().min(1).max(3600).default(30),
  /** LINE Messaging API (platform/notify/line): off unless both the token and the secret are set. */
  LINE_CHANNEL_ACCESS_TOKEN: z.string().optional(),
  LINE_CHANNEL_SECRET: z.string().optional(),
  /** The API's address: LINE's own by default; a test or a staging city points it at a stand-in. */
  LINE_API_BASE: z.string().url().default('https://api.line.me'),
  /** The official account's add-friend link (https://lin.ee/… or https://line.me/R/ti/p/@…), shown to residents. */
  LINE_FRIEND_URL: z.string().url().optional(),
  /** A Japanese TrueType font for PDFs, tried before Debian's IPAex Gothic (platform/documents/pdf.ts). */
  PDF_FONT: z.string().optional(),
});

export type { DatabaseTarget };

export interface Config {
  readonly port: number;
  /** App processes serving the port (src/server.ts); 1 is one process without a cluster. */
  readonly workers: number;
  readonly host: string;
  readonly database: DatabaseTarget;
  readonly seed: 'demo' | 'none';
  readonly demoSeed: number;
  readonly logLevel: 'debug' | 'info' | 'warn' | 'error' | 'silent';
  readonly smtpUrl: string | undefined;
  readonly mailFrom: string;
  readonly publicUrl: string;
  readonly trustProxy: boolean;
  readonly devOutbox: boolean;
  readonly devComponents: boolean;
  readonly city: { readonly code: string; readonly name: string; readonly prefecture: string };
  readonly files: FileStorageConfig;
  /** Quiet hours and rate of the notify worker (platform/notify). */
  readonly notify: NotifySettings;
  /** The worker's lease and how often it runs on its own (besides right after a commit). */
  readonly notifyWorker: { readonly leaseMs: number; readonly intervalMs: number };
  /** Undefined when LINE is not configured: nothing is sent by LINE and its pages say so. */
  readonly line: LineConfig | undefined;
  /** The PDF_FONT file, if set: the documents try it before the fonts Debian installs. */
  readonly pdfFont: string | undefined;
}

export interface LineConfig {
  readonly channelAccessToken: string;
  readonly channelSecret: string;
  /** Without a trailing slash, e.g. https://api.line.me. */
  readonly apiBase: string;
  readonly friendUrl: string | undefined;
}

export type FileStorageConfig = { readonly storage: 'database' } | { readonly storage: 'directory'; readonly dir: string };

export const DEFAULT_SQLITE_PATH = './data/tsunagu.db';

export function parseDatabaseUrl(url: string | undefined): DatabaseTarget {
  if (url === undefined || url.trim() === '') return { dialect: 'sqlite', path: DEFAULT_SQLITE_PATH };
  if (url.startsWith('sqlite:')) {
    const path = url.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, '');
    if (path === '') throw new Error('DATABASE_URL "sqlite:" needs a file path, e.g. sqlite:./data/tsunagu.db');
    return { dialect: 'sqlite', path };
  }
  if (/^postgres(ql)?:\/\//.test(url)) return { dialect: 'postgres', url };
  throw new Error('DATABASE_URL must start with sqlite: or postgres:// (leave it unset for ./data/tsunagu.db)');
}

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const parsedUrl = parseDatabaseUrl(e.DATABASE_URL);
  const database: DatabaseTarget = parsedUrl.dialect === 'postgres' ? { ...parsedUrl, poolSize: e.DATABASE_POOL_SIZE } : parsedUrl;
  // SQLite has one writer: a second process would wait on the first one's locks (SQLITE_BUSY), not share the work.
  if (e.WORKERS > 1 && database.dialect === 'sqlite') {
    throw new Error(
      `Invalid configuration:\n  WORKERS: ${e.WORKERS} app processes need PostgreSQL (DATABASE_URL=postgres://…); SQLite has one writer, so leave WORKERS at 1`,
    );
  }
  return Object.freeze({
    port: e.PORT,
    workers: e.WORKERS,
    host: e.HOST,
    database: Object.freeze(database),
    seed: e.SEED,
    demoSeed: e.DEMO_SEED,
    logLevel: e.LOG_LEVEL,
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM,
    publicUrl: e.PUBLIC_URL.replace(/\/$/, ''),
    trustProxy: e.TRUST_PROXY === 'true',
    devOutbox: e.DEV_OUTBOX === '1',
    devComponents: e.DEV_COMPONENTS === '1',
    city: Object.freeze({ code: e.CITY_CODE, name: e.CITY_NAME, prefecture: e.PREFECTURE_NAME }),
    files: Object.freeze(
      e.FILES_DIR === undefined || e.FILES_DIR.trim() === ''
        ? { storage: 'database' as const }
        : { storage: 'directory' as const, dir: e.FILES_DIR },
    ),
    notify: Object.freeze({
      quietHours: parseQuietHours(e.NOTIFY_QUIET_HOURS) ?? null,
      perMinute: Object.freeze({ email: e.NOTIFY_EMAIL_PER_MINUTE, line: e.NOTIFY_LINE_PER_MINUTE }),
    }),
    notifyWorker: Object.freeze({ leaseMs: e.NOTIFY_LEASE_SECONDS * 1000, intervalMs: e.NOTIFY_INTERVAL_SECONDS * 1000 }),
    line: lineConfig(e),
    pdfFont: e.PDF_FONT?.trim() || undefined,
  });
}

function lineConfig(e: z.infer<typeof envSchema>): LineConfig | undefined {
  const token = e.LINE_CHANNEL_ACCESS_TOKEN?.trim() ?? '';
  const secret = e.LINE_CHANNEL_SECRET?.trim() ?? '';
  // Half a configuration would send without checking webhooks (or the reverse): both or nothing.
  if (token === '' || secret === '') return undefined;
  return Object.freeze({
    channelAccessToken: token,
    channelSecret: secret,
    apiBase: e.LINE_API_BASE.replace(/\/+$/, ''),
    friendUrl: e.LINE_FRIEND_URL,
  });
}
