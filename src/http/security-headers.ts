/**
 * Headers every response carries. The pages are used on shared counter and library terminals, so every
 * dynamic answer is `Cache-Control: no-store` unless its route deliberately declared it public (the
 * fingerprinted assets, finished months of open data); a route that forgets says nothing and is safe.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { secureHeaders } from 'hono/secure-headers';
import type { AppEnv } from './env.ts';

/** Two years, the preload list's minimum; only ever sent over HTTPS (browsers ignore it on http anyway). */
const HSTS = 'max-age=63072000; includeSubDomains';

/**
 * Whether the visitor reached us over HTTPS. Behind a trusted proxy its X-Forwarded-Proto tells (the
 * right-most value, the one our proxy added); otherwise a request for the public URL's own host arrived
 * through the TLS front that URL names. A client's own X-Forwarded-Proto counts for nothing.
 */
export function isHttps(c: Context<AppEnv>): boolean {
  const url = new URL(c.req.url);
  if (url.protocol === 'https:') return true;
  const { publicUrl, trustProxy } = c.get('deps').config;
  if (trustProxy) return c.req.header('x-forwarded-proto')?.split(',').at(-1)?.trim().toLowerCase() === 'https';
  const front = new URL(publicUrl);
  return front.protocol === 'https:' && front.host === url.host;
}

export function securityHeaders(): MiddlewareHandler<AppEnv> {
  const fixed = secureHeaders({
    contentSecurityPolicy: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'"],
      imgSrc: ["'self'", 'data:'],
      objectSrc: ["'none'"],
      baseUri: ["'self'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
    },
    referrerPolicy: 'strict-origin-when-cross-origin',
    strictTransportSecurity: false,
    // No page needs a device or a payment: refuse them to the page and to anything it might embed.
    permissionsPolicy: {
      camera: [],
      microphone: [],
      geolocation: [],
      payment: [],
      usb: [],
      serial: [],
      hid: [],
      bluetooth: [],
      midi: [],
      accelerometer: [],
      gyroscope: [],
      magnetometer: [],
      displayCapture: [],
      browsingTopics: [],
    },
  });
  return async (c, next) => {
    await fixed(c, next);
    if (isHttps(c)) c.res.headers.set('strict-transport-security', HSTS);
    const headers = c.res.headers;
    // A response that sets a cookie belongs to one visitor, whatever its route declared.
    if (!headers.has('cache-control') || headers.has('set-cookie')) headers.set('cache-control', 'no-store');
  };
}
