/**
 * The contract between the notify worker and a channel's adapter (email here, LINE in its own module).
 * The worker owns the outbox, batching, leases, backoff and quiet hours; an adapter only sends one batch
 * and says, per delivery, how it went.
 */
export type ChannelName = 'email' | 'line';

export interface ChannelDelivery {
  deliveryId: string;
  messageId: string;
  address: string;
  subject: string;
  text: string;
  /** A text to draw as a QR code (RenderedMessage.qr), or null. */
  qr?: string | null;
  lang: 'ja' | 'en';
  urgent: boolean;
}

export type DeliveryOutcome =
  | { deliveryId: string; ok: true }
  | { deliveryId: string; ok: false; error: string; retryAfterMs?: number; permanent?: boolean };

export interface ChannelAdapter {
  readonly channel: ChannelName;
  /** Most deliveries handed to deliver() at once (LINE multicast: 500; email: 1). */
  readonly batchSize: number;
  /** batchKey is stable across retries of the same batch (the persisted batch_id). */
  deliver(batch: readonly ChannelDelivery[], batchKey: string): Promise<DeliveryOutcome[]>;
}
