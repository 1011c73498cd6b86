/**
 * POST /webhooks/line: the events LINE sends us (follow, unfollow, messages).
 *
 * No session and no CSRF token (LINE's servers have neither): the request is trusted only through
 * X-Line-Signature, the base64 HMAC-SHA256 of the raw body under the channel secret, compared in
 * constant time before the body is even parsed. A missing or wrong signature answers 401 and does
 * nothing. A signed request answers 200 as soon as its events are stored — LINE redelivers on anything
 * else and wants an answer within seconds — and the replies in LINE go after the response. Each event is
 * applied once (webhookEventId), so a redelivery changes nothing. Without LINE configured the route does
 * not exist (404).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../../../http/env.ts';
import { NotFoundError } from '../../../lib/errors.ts';
import { type Lang, translator } from '../../../lib/i18n.ts';
import { createLineClient } from './line-client.ts';
import { applyLineEvent, type LineAnswerTo, type LineEvent, type LineReply } from './line-link.service.ts';

/** True when `signature` is the channel's signature of exactly these bytes. */
export function validLineSignature(channelSecret: string, rawBody: Uint8Array, signature: string | undefined): boolean {
  if (signature === undefined || signature === '') return false;
  const expected = createHmac('sha256', channelSecret).update(rawBody).digest();
  const given = Buffer.from(signature, 'base64');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export function lineSignature(channelSecret: string, rawBody: string | Uint8Array): string {
  return createHmac('sha256', channelSecret).update(rawBody).digest('base64');
}

/**
 * A reply in the linked person's language; to a LINE user not linked to anyone (whose language nobody
 * knows yet), in Japanese with the English underneath.
 */
export function replyText(reply: LineReply, lang: Lang | undefined): string {
  if (lang) return translator(lang)(reply);
  return `${translator('ja')(reply)}\n\n${translator('en')(reply)}`;
}

const bodySchema = z.object({ events: z.array(z.unknown()) });

/** Only what we act on; anything else in an event is ignored, an event of another shape skipped. */
const eventSchema = z.object({
  type: z.string(),
  webhookEventId: z.string().min(1).max(200).optional(),
  replyToken: z.string().min(1).optional(),
  source: z.object({ type: z.literal('user'), userId: z.string().min(1).max(100) }),
  message: z.object({ type: z.string(), text: z.string().max(10_000).optional() }).optional(),
});

export function lineWebhookRoutes() {
  const app = new Hono<AppEnv>();
  app.post('/webhooks/line', async (c) => {
    const { config, db, clock, logger, background } = c.get('deps');
    const line = config.line;
    if (!line) throw new NotFoundError('page');
    const raw = new Uint8Array(await c.req.arrayBuffer());
    if (!validLineSignature(line.channelSecret, raw, c.req.header('x-line-signature'))) {
      return c.json({ message: 'X-Line-Signature is missing or does not match the body' }, 401);
    }
    let parsed: z.infer<typeof bodySchema>;
    try {
      parsed = bodySchema.parse(JSON.parse(new TextDecoder().decode(raw)));
    } catch {
      return c.json({ message: 'the body is not a LINE webhook (JSON with an events array)' }, 400);
    }
    const replies: (LineAnswerTo & { replyToken: string })[] = [];
    for (const candidate of parsed.events) {
      const e = eventSchema.safeParse(candidate);
      if (!e.success) continue; // a group or room event, or one we do not know: nothing to do
      const event: LineEvent = {
        type: e.data.type,
        webhookEventId: e.data.webhookEventId,
        lineUserId: e.data.source.userId,
        text: e.data.message?.type === 'text' ? e.data.message.text : undefined,
      };
      const answer = await applyLineEvent(db, clock, event);
      if (answer && e.data.replyToken) replies.push({ replyToken: e.data.replyToken, ...answer });
    }
    if (replies.length > 0) {
      const client = createLineClient({ channelAccessToken: line.channelAccessToken, apiBase: line.apiBase, now: () => clock.now() });
      background.run('line replies', async () => {
        for (const { replyToken, reply, lang } of replies) {
          const answer = await client.reply(replyToken, [{ type: 'text', text: replyText(reply, lang) }]);
          // A reply token lives about a minute and once: a lost reply is logged, the link stands anyway.
          if (answer.status !== 200) logger.warn('LINE reply not sent', answer.message);
        }
      });
    }
    return c.json({}, 200);
  });
  return app;
}
