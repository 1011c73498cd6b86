/**
 * Real SMTP on loopback (smtp-server): a booking's confirmation travels notify → worker → nodemailer →
 * SMTP with a Message-ID derived from its delivery; a refusing server leaves it queued for a retry with
 * backoff, and the retry carries the same Message-ID (email is at least once: a duplicate is recognisable).
 */
import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { api, tokenFor } from '../../../test/api.ts';
import { describeEachDialect, TEST_NOW, testApp } from '../../../test/db.ts';
import { makeFacility, makeRoom, makeUser } from '../../../test/factories.ts';
import { outbox } from '../../../test/outbox.ts';
import { createEmailAdapter, messageIdFor } from './email-adapter.ts';
import { movableClock, notifyAlone, testWorker } from './notify.test-helpers.ts';

interface Received {
  to: string;
  subject: string;
  text: string;
  messageId: string;
}

describeEachDialect('email over SMTP', (ctx) => {
  const received: Received[] = [];
  let server: SMTPServer;
  let port: number;
  let reject = false;

  beforeAll(async () => {
    server = new SMTPServer({
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onData(stream, session, callback) {
        if (reject) {
          stream.resume();
          stream.on('end', () => callback(Object.assign(new Error('mailbox busy'), { responseCode: 451 })));
          return;
        }
        simpleParser(stream)
          .then((mail) => {
            received.push({
              to: session.envelope.rcptTo.map((r) => r.address).join(','),
              subject: mail.subject ?? '',
              text: mail.text ?? '',
              messageId: mail.messageId ?? '',
            });
            callback();
          })
          .catch(callback);
      },
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    port = (server.server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('delivers the booking confirmation with the reservation number, date and fee, under a Message-ID of its delivery', async () => {
    const db = ctx().db.kysely;
    const clock = movableClock(TEST_NOW);
    const email = createEmailAdapter({ smtpUrl: `smtp://127.0.0.1:${port}`, from: 'tsunagu <no-reply@city.example>' });
    const notifier = testWorker(db, clock, { adapters: { email } });
    const app = testApp(ctx(), clock, { notifier });
    const roomId = await makeRoom(db, await makeFacility(db, { name: 'メール市民センター' }), { name: '講座室' });
    const user = await makeUser(db, { email: 'resident@example.com', name: '戸畑 四郎' });
    const made = await api(app, 'POST', '/api/v1/reservations', await tokenFor(ctx(), user.id), {
      roomId,
      date: '2026-12-07',
      bands: ['evening'],
      purpose: '防災講座',
      attendees: 10,
      category: 'general',
    });
    expect(made.status).toBe(201);
    await notifier.flush();
    const message = received.find((m) => m.to === 'resident@example.com');
    expect(message?.subject).toBe(`【つなぐ】予約を受け付けました（予約番号 ${made.json.number}）`);
    expect(message?.text).toContain('戸畑 四郎 様');
    expect(message?.text).toContain('施設: メール市民センター 講座室');
    expect(message?.text).toContain('利用日: 令和8年12月7日（月）');
    expect(message?.text).toContain('時間: 夜間（18:00〜21:00）');
    const row = await outbox(db).selectAll().where('to_address', '=', 'resident@example.com').executeTakeFirstOrThrow();
    expect(row.status).toBe('sent');
    expect(row.sent_at).not.toBeNull();
    expect(message?.messageId).toBe(messageIdFor(row.id, 'tsunagu <no-reply@city.example>'));
    expect(message?.messageId).toBe(`<${row.id}@city.example>`);
    await notifier.stop();
    email.close();
  });

  it('keeps a message queued with backoff when the server refuses it for now, and sends it later with the same Message-ID', async () => {
    const db = ctx().db.kysely;
    const clock = movableClock(TEST_NOW);
    const email = createEmailAdapter({ smtpUrl: `smtp://127.0.0.1:${port}`, from: 'no-reply@city.example' });
    const worker = testWorker(db, clock, { adapters: { email } });
    await notifyAlone(db, clock, {
      to: { address: 'retry@example.com' },
      kind: 'test.retry',
      template: () => ({ subject: '再送テスト', text: '本文' }),
    });
    reject = true;
    expect(await worker.flush()).toBe(0);
    const failed = await outbox(db).selectAll().where('to_address', '=', 'retry@example.com').executeTakeFirstOrThrow();
    expect(failed).toMatchObject({ status: 'queued', sent_at: null });
    expect(Number(failed.attempts)).toBe(1);
    expect(failed.last_error).toContain('mailbox busy');
    expect(new Date(failed.next_attempt_at).getTime()).toBe(clock.now().getTime() + 30_000);
    reject = false;
    expect(await worker.flush()).toBe(0); // not due yet
    clock.advance(30_000);
    expect(await worker.flush()).toBe(1);
    const got = received.filter((m) => m.to === 'retry@example.com');
    expect(got.map((m) => [m.subject, m.messageId])).toEqual([['再送テスト', `<${failed.id}@city.example>`]]);
    email.close();
  });

  it('gives up at once on a permanent refusal (5xx), with the reason for the admin view', async () => {
    const db = ctx().db.kysely;
    const clock = movableClock(TEST_NOW);
    const email = createEmailAdapter({ smtpUrl: `smtp://127.0.0.1:${port}`, from: 'no-reply@city.example' });
    const worker = testWorker(db, clock, { adapters: { email } });
    await notifyAlone(db, clock, {
      to: { address: 'bad@example.com' },
      kind: 'test.bad',
      template: () => ({ subject: '宛先なし', text: '本文' }),
    });
    server.onRcptTo = (address, _session, callback) =>
      address.address === 'bad@example.com' ? callback(Object.assign(new Error('no such user'), { responseCode: 550 })) : callback();
    await worker.flush();
    const row = await outbox(db).selectAll().where('to_address', '=', 'bad@example.com').executeTakeFirstOrThrow();
    expect(row.status).toBe('failed');
    expect(row.last_error).toContain('no such user');
    email.close();
  });
});
