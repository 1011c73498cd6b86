/**
 * Email through a transactional outbox. A message is written to the outbox table in the same transaction
 * as the change it reports (a booking, a cancellation), so there is never a mail about something that did
 * not happen, nor a committed booking whose mail was lost. The dispatcher then delivers unsent rows over
 * SMTP with nodemailer; without SMTP_URL they stay in the outbox and show at /dev/outbox.
 */
import type { Kysely } from 'kysely';
import nodemailer, { type Transporter } from 'nodemailer';
import type { Database } from '../db/schema.ts';
import { newId } from './ids.ts';
import type { Logger } from './logger.ts';

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
}

export async function enqueueMail(db: Kysely<Database>, message: MailMessage, now: Date): Promise<void> {
  await db
    .insertInto('outbox')
    .values({
      id: newId('mail'),
      to_address: message.to,
      subject: message.subject,
      body_text: message.text,
      created_at: now.toISOString(),
      sent_at: null,
      last_error: null,
    })
    .execute();
}

export interface MailDispatcher {
  /** True when SMTP is configured; otherwise mail stays in the outbox. */
  readonly delivering: boolean;
  /** Delivers every unsent message now; resolves with how many were sent. */
  flush(): Promise<number>;
  /** Asks for a delivery soon, without waiting (call after a commit). */
  kick(): void;
  /** Retries failed deliveries every `intervalMs`. */
  start(intervalMs?: number): void;
  stop(): Promise<void>;
}

const MAX_ATTEMPTS = 10;

export function createMailDispatcher(options: {
  db: Kysely<Database>;
  smtpUrl: string | undefined;
  from: string;
  logger: Logger;
}): MailDispatcher {
  const { db, from, logger } = options;
  const transport: Transporter | undefined = options.smtpUrl ? nodemailer.createTransport(options.smtpUrl) : undefined;
  let running: Promise<number> | undefined;
  let again = false;
  let timer: NodeJS.Timeout | undefined;

  async function deliverAll(): Promise<number> {
    if (!transport) return 0;
    const pending = await db
      .selectFrom('outbox')
      .selectAll()
      .where('sent_at', 'is', null)
      .where('attempts', '<', MAX_ATTEMPTS)
      .orderBy('created_at')
      .limit(100)
      .execute();
    let sent = 0;
    for (const row of pending) {
      try {
        await transport.sendMail({ from, to: row.to_address, subject: row.subject, text: row.body_text });
        await db
          .updateTable('outbox')
          .set({ sent_at: new Date().toISOString(), attempts: Number(row.attempts) + 1, last_error: null })
          .where('id', '=', row.id)
          .execute();
        sent++;
      } catch (error) {
        logger.warn(`mail to ${row.to_address} failed`, error instanceof Error ? error.message : String(error));
        await db
          .updateTable('outbox')
          .set({ attempts: Number(row.attempts) + 1, last_error: String(error instanceof Error ? error.message : error).slice(0, 500) })
          .where('id', '=', row.id)
          .execute();
      }
    }
    return sent;
  }

  // One delivery run at a time; a request during a run schedules one more run after it.
  function flush(): Promise<number> {
    if (running) {
      again = true;
      return running;
    }
    running = deliverAll()
      .catch((error) => {
        logger.error('mail delivery run failed', error);
        return 0;
      })
      .finally(() => {
        running = undefined;
        if (again) {
          again = false;
          void flush();
        }
      });
    return running;
  }

  return {
    delivering: transport !== undefined,
    flush,
    kick: () => {
      if (transport) setImmediate(() => void flush());
    },
    start(intervalMs = 60_000) {
      if (!transport || timer) return;
      timer = setInterval(() => void flush(), intervalMs);
      timer.unref();
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
      await running;
      transport?.close();
    },
  };
}
