/**
 * 2026-12-08-24-message-qr on both databases: up adds notify_messages.qr_text, empty on the messages
 * written before; down takes it away again and keeps the messages.
 */
import type { Kysely } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestDb, DIALECTS, pgAvailable, type TestDb } from '../../../test/db.ts';
import { migrateTo, migrateToLatest } from '../migrate.ts';

const BEFORE = '2026-12-08-23-appointment-contact-locks';

for (const dialect of DIALECTS) {
  describe.skipIf(dialect === 'postgres' && !pgAvailable())(`migration 2026-12-08-24-message-qr [${dialect}]`, () => {
    let t: TestDb | undefined;
    afterEach(async () => {
      await t?.destroy();
      t = undefined;
    });

    it('adds qr_text, empty on earlier messages, and takes it away again', async () => {
      t = await createTestDb(dialect, { migrate: false });
      await migrateTo(t.db, BEFORE);
      const db = t.db.kysely as unknown as Kysely<any>;
      const message = {
        id: 'msg1',
        user_id: null,
        address: 'a@example.jp',
        kind: 'appointment.confirmed',
        subject: '件名',
        body_text: '本文',
      };
      await db
        .insertInto('notify_messages')
        .values({ ...message, lang: 'ja', facility_id: null, created_at: '2026-12-08T00:00:00Z', read_at: null })
        .execute();
      await migrateToLatest(t.db);
      expect(await db.selectFrom('notify_messages').select(['id', 'qr_text']).execute()).toEqual([{ id: 'msg1', qr_text: null }]);
      await migrateTo(t.db, BEFORE);
      expect(await db.selectFrom('notify_messages').selectAll().execute()).toMatchObject([message]);
      await migrateToLatest(t.db);
    });
  });
}
