/**
 * 2026-12-03-17-notify on a database of the previous schema: every outbox row — unsent, sent, given up —
 * becomes a message to its address with an email delivery in the matching state, nothing lost and no
 * mail to an address landing in anyone's inbox; users get their language ('ja').
 */
import type { Kysely } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestDb, DIALECTS, pgAvailable, type TestDb } from '../../../test/db.ts';
import { migrateTo, migrateToLatest } from '../migrate.ts';

const AT = '2026-11-30T00:00:00.000Z';

for (const dialect of DIALECTS) {
  describe.skipIf(dialect === 'postgres' && !pgAvailable())(`2026-12-03-17-notify [${dialect}]`, () => {
    let t: TestDb | undefined;
    afterEach(async () => {
      await t?.destroy();
    });

    it('carries every outbox row forward as a message with its email delivery', async () => {
      t = await createTestDb(dialect, { migrate: false });
      expect((await migrateTo(t.db, '2026-12-03-16-organisation-registry')).at(-1)).toBe('2026-12-03-16-organisation-registry');
      const db = t.db.kysely as Kysely<any>;
      await db
        .insertInto('users')
        .values({
          id: 'u1',
          number: '10000001',
          name: '住民',
          name_kana: 'ジュウミン',
          phone: '093',
          residency: 'resident',
          created_at: AT,
          updated_at: AT,
        })
        .execute();
      const mail = { created_at: AT, body_text: '本文 token=secret' };
      await db
        .insertInto('outbox')
        .values([
          { ...mail, id: 'mail_unsent', to_address: 'a@example.com', subject: '未送信', sent_at: null, attempts: 2, last_error: 'timeout' },
          { ...mail, id: 'mail_sent', to_address: 'b@example.com', subject: '送信済み', sent_at: AT, attempts: 1, last_error: null },
          { ...mail, id: 'mail_gaveup', to_address: 'c@example.com', subject: '断念', sent_at: null, attempts: 10, last_error: '550 no' },
        ])
        .execute();

      expect(await migrateToLatest(t.db)).toContain('2026-12-03-17-notify');

      const messages = await db.selectFrom('notify_messages').selectAll().orderBy('id').execute();
      expect(messages.map((m) => [m.id, m.user_id, m.address, m.subject, m.body_text, m.lang, Number(m.urgent), m.read_at])).toEqual([
        ['mail_gaveup', null, 'c@example.com', '断念', '本文 token=secret', 'ja', 0, null],
        ['mail_sent', null, 'b@example.com', '送信済み', '本文 token=secret', 'ja', 0, null],
        ['mail_unsent', null, 'a@example.com', '未送信', '本文 token=secret', 'ja', 0, null],
      ]);
      const deliveries = await db
        .selectFrom('notify_deliveries')
        .select(['message_id', 'channel', 'address', 'status', 'attempts', 'last_error', 'sent_at', 'next_attempt_at', 'batch_id'])
        .orderBy('message_id')
        .execute();
      expect(deliveries.map((d) => ({ ...d, attempts: Number(d.attempts) }))).toEqual([
        {
          message_id: 'mail_gaveup',
          channel: 'email',
          address: 'c@example.com',
          status: 'failed',
          attempts: 10,
          last_error: '550 no',
          sent_at: null,
          next_attempt_at: AT,
          batch_id: null,
        },
        {
          message_id: 'mail_sent',
          channel: 'email',
          address: 'b@example.com',
          status: 'sent',
          attempts: 1,
          last_error: null,
          sent_at: AT,
          next_attempt_at: AT,
          batch_id: null,
        },
        {
          message_id: 'mail_unsent',
          channel: 'email',
          address: 'a@example.com',
          status: 'queued',
          attempts: 2,
          last_error: 'timeout',
          sent_at: null,
          next_attempt_at: AT,
          batch_id: null,
        },
      ]);
      expect(await db.selectFrom('users').select('language').execute()).toEqual([{ language: 'ja' }]);
      // The old table is gone: nothing can write mail the worker would never see.
      await expect(db.selectFrom('outbox').selectAll().execute()).rejects.toThrow();
    });

    it('refuses a message with both or neither of a person and an address', async () => {
      t = await createTestDb(dialect);
      const db = t.db.kysely as Kysely<any>;
      const base = { kind: 'x', subject: 's', body_text: 'b', lang: 'ja', created_at: AT };
      await expect(
        db
          .insertInto('notify_messages')
          .values({ ...base, id: 'm1' })
          .execute(),
      ).rejects.toThrow();
      await expect(
        db
          .insertInto('notify_messages')
          .values({ ...base, id: 'm2', lang: 'fr', address: 'a@example.com' })
          .execute(),
      ).rejects.toThrow();
    });
  });
}
