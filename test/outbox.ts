/**
 * The mail tests read: the email deliveries with their message, in the old outbox table's columns
 * (to_address, subject, body_text, created_at, sent_at, attempts, last_error), to chain `.where` on.
 */
import type { Db } from '../src/db/database.ts';
import { emailOutbox } from '../src/platform/notify/outbox.repository.ts';

export const outbox = (db: Db) => emailOutbox(db);
