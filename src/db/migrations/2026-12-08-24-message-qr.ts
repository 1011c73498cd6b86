/**
 * A message may carry a text to draw as a QR code (platform/notify: RenderedMessage.qr): the counter
 * appointment's 予約番号, which the kiosk at the ward office reads. The email channel attaches it as a
 * PNG image; the text itself stays in the body, so a channel without images loses nothing but the
 * picture. Null for every other message.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('notify_messages').addColumn('qr_text', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('notify_messages').dropColumn('qr_text').execute();
}
