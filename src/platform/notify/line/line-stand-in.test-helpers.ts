/**
 * A local stand-in for the LINE Messaging API (node:http on 127.0.0.1, a random port), used as
 * LINE_API_BASE in tests. It records every request and checks it as LINE documents: the bearer token,
 * JSON bodies of push / multicast (≤ 500 `to`) / reply, text messages ≤ 5000 characters, and the retry
 * key rule — a key accepted once answers 409 to every later request and sends nothing. `script` lets a
 * test answer one request otherwise (a 500 after accepting, a 429 with Retry-After), and `delivered`
 * says who got what, so "nobody twice" is checked on what the stand-in sent.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: unknown;
  /** What the stand-in answered (0: the caller hung up before LINE took the request, nothing sent). */
  status: number;
  /** The caller hung up before the answer came (a send may have been accepted all the same). */
  answerLost?: boolean;
}

export interface ScriptedAnswer {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
  /** Accept (send) the request before answering, as LINE may do before a 500 or a lost connection. */
  accept?: boolean;
}

export interface LineStandIn {
  url: string;
  token: string;
  requests: RecordedRequest[];
  /** Texts each LINE user id was sent, in order. */
  delivered: Map<string, string[]>;
  replies: { replyToken: string; texts: string[] }[];
  quota: { type: 'none' | 'limited'; value?: number };
  totalUsage: number;
  /** Asked for every send request (push, multicast) with its 1-based number on its path. */
  script: ((request: RecordedRequest, nthOnPath: number) => ScriptedAnswer | undefined) | undefined;
  /** Answer the quota endpoints with this status instead. */
  quotaStatus: number;
  /**
   * A slow LINE, for crash runs: each send request waits half of this before it is taken (a caller that
   * hangs up meanwhile sends nothing) and the other half before it is answered (one that hangs up then
   * was sent to all the same, and its retry gets 409). Undefined: answered at once.
   */
  latencyMs: (() => number) | undefined;
  sends(path: '/v2/bot/message/push' | '/v2/bot/message/multicast'): RecordedRequest[];
  close(): Promise<void>;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function startLineStandIn(token = 'test-channel-token'): Promise<LineStandIn> {
  const acceptedKeys = new Map<string, string>();
  const perPath = new Map<string, number>();
  let requestNo = 0;

  const standIn: LineStandIn = {
    url: '',
    token,
    requests: [],
    delivered: new Map(),
    replies: [],
    quota: { type: 'limited', value: 1000 },
    totalUsage: 0,
    script: undefined,
    quotaStatus: 200,
    latencyMs: undefined,
    sends: (path) => standIn.requests.filter((r) => r.path === path && r.method === 'POST'),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };

  function deliver(to: string[], texts: string[]) {
    for (const id of to) standIn.delivered.set(id, [...(standIn.delivered.get(id) ?? []), ...texts]);
    standIn.totalUsage += to.length;
  }

  /** The documented checks; an error answer, or the recipients and texts of a valid send. */
  function check(path: string, body: unknown): { status: number; message: string } | { to: string[]; texts: string[] } {
    const b = (body ?? {}) as { to?: unknown; messages?: unknown };
    const messages = Array.isArray(b.messages) ? b.messages : [];
    const texts = messages.map((m: { type?: unknown; text?: unknown }) =>
      m?.type === 'text' && typeof m.text === 'string' ? m.text : undefined,
    );
    if (messages.length < 1 || messages.length > 5 || texts.some((t) => t === undefined || [...t].length > 5000)) {
      return { status: 400, message: 'The request body has 1 error(s)' };
    }
    if (path === '/v2/bot/message/push') {
      if (typeof b.to !== 'string' || b.to === '') return { status: 400, message: 'The property, to, in the request body is invalid' };
      return { to: [b.to], texts: texts as string[] };
    }
    if (!Array.isArray(b.to) || b.to.length < 1 || b.to.length > 500 || b.to.some((x) => typeof x !== 'string')) {
      return { status: 400, message: 'Size must be between 1 and 500' };
    }
    return { to: b.to as string[], texts: texts as string[] };
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    let body: unknown;
    try {
      body = text === '' ? undefined : JSON.parse(text);
    } catch {
      body = Symbol.for('unparseable');
    }
    const path = (req.url ?? '').split('?')[0] ?? '';
    const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)]));
    const recorded: RecordedRequest = { method: req.method ?? '', path, headers, body, status: 0 };
    standIn.requests.push(recorded);
    let answer = (status: number, json: unknown, extra: Record<string, string> = {}) => {
      recorded.status = status;
      res.writeHead(status, { 'content-type': 'application/json', 'x-line-request-id': `req-${++requestNo}`, ...extra });
      res.end(JSON.stringify(json));
    };

    if (headers.authorization !== `Bearer ${token}`)
      return answer(401, { message: 'Authentication failed. Confirm that the access token in the authorization header is valid.' });
    if (req.method === 'GET' && (path === '/v2/bot/message/quota' || path === '/v2/bot/message/quota/consumption')) {
      if (standIn.quotaStatus !== 200) return answer(standIn.quotaStatus, { message: 'quota unavailable' });
      return answer(200, path.endsWith('/consumption') ? { totalUsage: standIn.totalUsage } : standIn.quota);
    }
    if (req.method !== 'POST') return answer(404, { message: 'Not found' });
    if (typeof body === 'symbol' || !headers['content-type']?.startsWith('application/json'))
      return answer(400, { message: 'The request body is not JSON' });
    if (path === '/v2/bot/message/reply') {
      const b = body as { replyToken?: unknown; messages?: { text?: string }[] };
      if (typeof b.replyToken !== 'string' || !Array.isArray(b.messages)) return answer(400, { message: 'Invalid reply token' });
      if (headers['x-line-retry-key'] !== undefined) return answer(400, { message: 'The retry key is not supported by this API' });
      standIn.replies.push({ replyToken: b.replyToken, texts: b.messages.map((m) => String(m.text)) });
      return answer(200, { sentMessages: [] });
    }
    if (path !== '/v2/bot/message/push' && path !== '/v2/bot/message/multicast') return answer(404, { message: 'Not found' });

    const nth = (perPath.get(path) ?? 0) + 1;
    perPath.set(path, nth);
    const latency = standIn.latencyMs?.() ?? 0;
    if (latency > 0) {
      let gone = false;
      res.once('close', () => {
        if (!res.writableFinished) gone = true;
      });
      await sleep(latency / 2);
      if (gone) return; // status 0: LINE never took it
      const now = answer;
      answer = (status, json, extra) => {
        recorded.status = status;
        void sleep(latency / 2).then(() => {
          if (gone) recorded.answerLost = true;
          now(status, json, extra);
        });
      };
    }
    const key = headers['x-line-retry-key'];
    if (key !== undefined && !UUID.test(key)) return answer(400, { message: 'The retry key must be a UUID' });
    if (key !== undefined && acceptedKeys.has(key)) {
      return answer(409, { message: 'The retry key is already accepted' }, { 'x-line-accepted-request-id': acceptedKeys.get(key) ?? '' });
    }
    const checked = check(path, body);
    if ('status' in checked) return answer(checked.status, { message: checked.message });
    const scripted = standIn.script?.(recorded, nth);
    if (scripted) {
      if (scripted.accept) {
        deliver(checked.to, checked.texts);
        if (key !== undefined) acceptedKeys.set(key, `req-${requestNo + 1}`);
      }
      return answer(scripted.status, scripted.body ?? { message: 'scripted' }, scripted.headers);
    }
    deliver(checked.to, checked.texts);
    if (key !== undefined) acceptedKeys.set(key, `req-${requestNo + 1}`);
    return answer(200, path.endsWith('/push') ? { sentMessages: [{ id: String(requestNo + 1), quoteToken: 'q' }] } : {});
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error) => {
      res.writeHead(500);
      res.end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  standIn.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return standIn;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A well-formed LINE user id for the n-th test user. */
export function lineUserId(n: number): string {
  return `U${n.toString(16).padStart(32, '0')}`;
}
