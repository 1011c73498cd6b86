/**
 * A tiny levelled logger writing one line per event to stderr, no dependency. With several app processes
 * (WORKERS) each names itself in a tag after the level, so their lines can be told apart in one log.
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';
const order: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 99 };

export interface Logger {
  debug(message: string, detail?: unknown): void;
  info(message: string, detail?: unknown): void;
  warn(message: string, detail?: unknown): void;
  error(message: string, detail?: unknown): void;
}

export function createLogger(
  level: LogLevel,
  write: (line: string) => void = (l) => process.stderr.write(`${l}\n`),
  tag: string | undefined = undefined,
): Logger {
  const prefix = tag === undefined ? '' : `[${tag}] `;
  const at = (lvl: Exclude<LogLevel, 'silent'>) => (message: string, detail?: unknown) => {
    if (order[lvl] < order[level]) return;
    const extra = detail === undefined ? '' : ` ${detail instanceof Error ? (detail.stack ?? detail.message) : JSON.stringify(detail)}`;
    write(`${new Date().toISOString()} ${lvl.toUpperCase()} ${prefix}${message}${extra}`);
  };
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

export const silentLogger: Logger = createLogger('silent');
