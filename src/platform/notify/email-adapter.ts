/**
 * The email channel: one delivery per SMTP transaction through nodemailer, as lib/mail.ts did before.
 *
 * SMTP has no idempotency key, so email is at least once: a worker that dies after the server accepted a
 * mail but before the outcome was recorded sends it again. The Message-ID is derived from the delivery id
 * and so is the same on every attempt: mail clients and servers that de-duplicate by Message-ID drop the
 * copy, and anyone else can tell it is the same message.
 */
import nodemailer, { type Transporter } from 'nodemailer';
import { qrPng } from '../../lib/qr.ts';
import type { ChannelAdapter, ChannelDelivery, DeliveryOutcome } from './channel.ts';

/** `<dlv_…@domain>` of the From address (tsunagu.invalid when it has none). */
export function messageIdFor(deliveryId: string, from: string): string {
  const domain = /@([^>\s]+)>?\s*$/.exec(from)?.[1] ?? 'tsunagu.invalid';
  return `<${deliveryId}@${domain}>`;
}

export interface EmailAdapter extends ChannelAdapter {
  close(): void;
}

export function createEmailAdapter(options: { smtpUrl: string; from: string }): EmailAdapter {
  const transport: Transporter = nodemailer.createTransport(options.smtpUrl);
  return {
    channel: 'email',
    batchSize: 1,
    async deliver(batch: readonly ChannelDelivery[]): Promise<DeliveryOutcome[]> {
      const outcomes: DeliveryOutcome[] = [];
      for (const d of batch) {
        try {
          await transport.sendMail({
            from: options.from,
            to: d.address,
            subject: d.subject,
            text: d.text,
            messageId: messageIdFor(d.deliveryId, options.from),
            headers: d.urgent ? { 'X-Priority': '1' } : {},
            // A PNG, not SVG: mail clients show a PNG attachment inline, few draw SVG at all.
            attachments: d.qr ? [{ filename: 'qr.png', content: await qrPng(d.qr), contentType: 'image/png' }] : [],
          });
          outcomes.push({ deliveryId: d.deliveryId, ok: true });
        } catch (error) {
          const code = (error as { responseCode?: number }).responseCode;
          // 5xx is the server's final word on this message (no such mailbox); 4xx and network errors pass.
          outcomes.push({
            deliveryId: d.deliveryId,
            ok: false,
            error: error instanceof Error ? error.message : String(error),
            permanent: code !== undefined && code >= 500 && code < 600,
          });
        }
      }
      return outcomes;
    },
    close: () => transport.close(),
  };
}
