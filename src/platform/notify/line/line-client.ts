/**
 * A small client for the LINE Messaging API, written to its documented HTTP contract with fetch
 * (https://developers.line.biz/en/reference/messaging-api/): push, multicast, reply and the monthly quota.
 *
 * Why not @line/bot-sdk: its current major (11) requires Node 22 while we run Node 20, every version
 * ships @types/node 24 as a runtime dependency (our types are Node 20's), and it throws on every non-2xx
 * answer — yet a 409 on a repeated retry key is a success for us, and Retry-After must be read from a 429.
 * We need five endpoints and a header; fetch does it with nothing to install.
 *
 * Nothing here throws for an HTTP answer or a network failure: every call returns a LineAnswer, status 0
 * meaning no answer at all (refused, reset, timed out), so callers decide what is retried.
 */
export interface LineTextMessage {
  type: 'text';
  text: string;
}

export interface LineAnswer {
  /** The HTTP status; 0 when no answer came (network failure or timeout). */
  status: number;
  /** The parsed JSON body, or undefined. */
  body: unknown;
  /** LINE's `message` (with its `details`), or the network error: for logs and the outbox's reason. */
  message: string;
  /** From Retry-After (seconds or an HTTP date), when the answer had one. */
  retryAfterMs: number | undefined;
}

export interface LineClientOptions {
  channelAccessToken: string;
  apiBase: string;
  fetch?: typeof fetch;
  /** Long enough for a 500-recipient multicast; a request that takes longer counts as no answer. */
  timeoutMs?: number;
  /** For Retry-After given as an HTTP date. */
  now?: () => Date;
}

export interface LineClient {
  push(to: string, messages: readonly LineTextMessage[], retryKey: string): Promise<LineAnswer>;
  multicast(to: readonly string[], messages: readonly LineTextMessage[], retryKey: string): Promise<LineAnswer>;
  reply(replyToken: string, messages: readonly LineTextMessage[]): Promise<LineAnswer>;
  /** GET /v2/bot/message/quota: `{ type: 'none' | 'limited', value? }`. */
  quota(): Promise<LineAnswer>;
  /** GET /v2/bot/message/quota/consumption: `{ totalUsage }`. */
  consumption(): Promise<LineAnswer>;
}

/** LINE's limits (Messaging API reference): recipients per multicast, characters per text message. */
export const MULTICAST_MAX_TO = 500;
export const TEXT_MAX_CHARS = 5000;

export function createLineClient(options: LineClientOptions): LineClient {
  const doFetch = options.fetch ?? fetch;
  const timeoutMs = options.timeoutMs ?? 20_000;
  const now = options.now ?? (() => new Date());
  const base = options.apiBase.replace(/\/+$/, '');

  async function call(method: 'GET' | 'POST', path: string, body?: unknown, retryKey?: string): Promise<LineAnswer> {
    const headers: Record<string, string> = { authorization: `Bearer ${options.channelAccessToken}` };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (retryKey !== undefined) headers['x-line-retry-key'] = retryKey;
    let res: Response;
    try {
      res = await doFetch(`${base}${path}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      const reason =
        error instanceof Error ? (error.name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : error.message) : String(error);
      return { status: 0, body: undefined, message: `LINE unreachable: ${reason}`, retryAfterMs: undefined };
    }
    const text = await res.text().catch(() => '');
    let parsed: unknown;
    try {
      parsed = text === '' ? undefined : JSON.parse(text);
    } catch {
      parsed = undefined; // a proxy's HTML error page: the status says enough
    }
    return {
      status: res.status,
      body: parsed,
      message: describe(res.status, parsed),
      retryAfterMs: parseRetryAfter(res.headers.get('retry-after'), now()),
    };
  }

  return {
    push: (to, messages, retryKey) => call('POST', '/v2/bot/message/push', { to, messages }, retryKey),
    multicast: (to, messages, retryKey) => call('POST', '/v2/bot/message/multicast', { to, messages }, retryKey),
    reply: (replyToken, messages) => call('POST', '/v2/bot/message/reply', { replyToken, messages }),
    quota: () => call('GET', '/v2/bot/message/quota'),
    consumption: () => call('GET', '/v2/bot/message/quota/consumption'),
  };
}

/** "LINE 400: The request body has 1 error(s) (to: invalid)", from LINE's error body. */
function describe(status: number, body: unknown): string {
  if (status >= 200 && status < 300) return 'ok';
  const b = (body ?? {}) as { message?: unknown; details?: unknown };
  const message = typeof b.message === 'string' ? b.message : 'no message';
  const details = Array.isArray(b.details)
    ? b.details
        .map((d: { property?: unknown; message?: unknown }) => `${String(d?.property ?? '?')}: ${String(d?.message ?? '?')}`)
        .join('; ')
    : '';
  return `LINE ${status}: ${message}${details ? ` (${details})` : ''}`;
}

/** Retry-After is either delta-seconds or an HTTP date (RFC 9110 §10.2.3); anything else is ignored. */
export function parseRetryAfter(value: string | null, now: Date): number | undefined {
  if (value === null) return undefined;
  const v = value.trim();
  if (/^\d+$/.test(v)) return Number(v) * 1000;
  const at = Date.parse(v);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now.getTime());
}

/** The text LINE shows: the subject as its first line, cut to LINE's limit (the full text is in /inbox). */
export function lineText(subject: string, text: string): string {
  const full = subject.trim() === '' ? text : `${subject}\n\n${text}`;
  const chars = [...full];
  return chars.length <= TEXT_MAX_CHARS ? full : `${chars.slice(0, TEXT_MAX_CHARS - 1).join('')}…`;
}
