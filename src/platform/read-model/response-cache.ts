/**
 * Answers for visitors who are not signed in (the month grid, availability JSON, search), kept as bytes
 * and revalidated with an ETag, because during the 09:00 rush hundreds of people ask for the same few
 * pages. An answer is reused while every value it was built from is still the read model's current one
 * (ReadCache.stillCurrent) and within the minute it was built in: the grid's "past" cells and the
 * lottery's opening move on the minute, so the minute is part of the key.
 *
 * The ETag is a hash of the body, so every app process gives the same one for the same page and a
 * browser or the city's reverse proxy revalidates cheaply (304). `Cache-Control: public, no-cache` lets
 * them keep it but ask each time; Vary says a cookie (the language) or the encoding changes the answer.
 * Signed-in visitors never reach this: their pages carry their name and a CSRF token and stay no-store.
 */
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import type { Context } from 'hono';
import { LRUCache } from 'lru-cache';
import type { AppEnv } from '../../http/env.ts';
import { type UsedValues, usedValues } from './read-cache.ts';

/** Bytes of answers (plain and gzip) one cache holds: the 8-room grid is ~100 KB plain. */
const MAX_BYTES = 24 * 1024 * 1024;

interface CachedAnswer {
  /** UTF-8 once, not on every answer. */
  plain: Uint8Array<ArrayBuffer>;
  gzip: Uint8Array<ArrayBuffer>;
  etag: string;
  contentType: string;
  used: UsedValues;
}

export interface ResponseCache {
  /**
   * The answer of `build` for this request: for an anonymous GET from memory when still current (304 when
   * the visitor already has it), else built, kept and sent; for a signed-in visitor built as it is.
   * `build` reads through the read model with `used`, so the answer knows what it depends on.
   */
  answer(c: Context<AppEnv>, build: (used: UsedValues | undefined) => Promise<Response>): Promise<Response>;
  /** Answers held, for tests and the bench. */
  size(): number;
}

const PUBLIC_HEADERS = { 'cache-control': 'public, no-cache', vary: 'Cookie, Accept-Encoding' };

export function createResponseCache(): ResponseCache {
  const answers = new LRUCache<string, CachedAnswer>({
    maxSize: MAX_BYTES,
    sizeCalculation: (a) => a.plain.length + a.gzip.length,
  });
  // One build per key at a time: the rush asks for the same grid hundreds of times in the same instant.
  const building = new Map<string, Promise<CachedAnswer | Response>>();

  /** The answer kept for `key`; a response that is not a 200 (a 422 search, say) is handed back unkept. */
  async function build(key: string, run: (used: UsedValues) => Promise<Response>): Promise<CachedAnswer | Response> {
    const used = usedValues();
    const response = await run(used);
    if (response.status !== 200) return response;
    const body = await response.text();
    const answer: CachedAnswer = {
      plain: new Uint8Array(Buffer.from(body)),
      gzip: new Uint8Array(gzipSync(body)),
      etag: `W/"${createHash('sha1').update(body).digest('base64url').slice(0, 22)}"`,
      contentType: response.headers.get('content-type') ?? 'text/html; charset=UTF-8',
      used,
    };
    answers.set(key, answer);
    return answer;
  }

  return {
    async answer(c, run) {
      const method = c.req.method;
      if (c.get('user') || (method !== 'GET' && method !== 'HEAD')) return run(undefined);
      const { clock, readCache } = c.get('deps');
      const url = new URL(c.req.url);
      const minute = Math.floor(clock.now().getTime() / 60_000);
      const key = `${c.get('lang')}|${c.get('demo') ? 1 : 0}|${minute}|${url.pathname}${url.search}`;
      let answer = answers.get(key);
      if (!answer || !(await readCache.stillCurrent(answer.used))) {
        const waiting = building.get(key);
        if (waiting) {
          const built = await waiting;
          // Not a 200: its body was the builder's to send; this request builds its own.
          if (built instanceof Response) return run(undefined);
          answer = built;
        } else {
          const pending = build(key, run).finally(() => building.delete(key));
          building.set(key, pending);
          const built = await pending;
          if (built instanceof Response) return built;
          answer = built;
        }
      }
      const headers: Record<string, string> = { ...PUBLIC_HEADERS, etag: answer.etag, 'content-type': answer.contentType };
      if (matches(c.req.header('if-none-match'), answer.etag)) return new Response(null, { status: 304, headers });
      if (acceptsGzip(c.req.header('accept-encoding'))) {
        return new Response(answer.gzip, { status: 200, headers: { ...headers, 'content-encoding': 'gzip' } });
      }
      return new Response(answer.plain, { status: 200, headers });
    },
    size: () => answers.size,
  };
}

/** If-None-Match holds this ETag (weak comparison, RFC 9110 §13.1.2) or "*". */
function matches(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  const bare = etag.replace(/^W\//, '');
  return header.split(',').some((tag) => {
    const t = tag.trim();
    return t === '*' || t.replace(/^W\//, '') === bare;
  });
}

/** gzip is accepted unless absent or refused with q=0. */
function acceptsGzip(header: string | undefined): boolean {
  if (!header) return false;
  return header.split(',').some((part) => {
    const [coding, ...params] = part.trim().toLowerCase().split(';');
    if (coding?.trim() !== 'gzip' && coding?.trim() !== '*') return false;
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    return q === undefined || Number(q.slice(2)) > 0;
  });
}
