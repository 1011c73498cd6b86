/**
 * Real SMTP on loopback (smtp-server): a booking's confirmation travels outbox → nodemailer → SMTP, and
 * a failing server leaves the message queued for a retry instead of losing it.
 */
import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { api, tokenFor } from '../../test/api.ts';
import { describeEachDialect, testApp } from '../../test/db.ts';
import { makeFacility, makeRoom, makeUser } from '../../test/factories.ts';
import { silentLogger } from './logger.ts';
import { createMailDispatcher, enqueueMail } from './mail.ts';

interface Received {
  to: string;
  subject: string;
  text: string;
}

describeEachDialect('mail over SMTP', (ctx) => {
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
          stream.on('end', () => callback(new Error('mailbox unavailable')));
          return;
        }
        simpleParser(stream)
          .then((mail) => {
            received.push({
              to: session.envelope.rcptTo.map((r) => r.address).join(','),
              subject: mail.subject ?? '',
              text: mail.text ?? '',
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

  it('delivers the booking confirmation with the reservation number, date and fee', async () => {
    const db = ctx().db.kysely;
    const mail = createMailDispatcher({
      db,
      smtpUrl: `smtp://127.0.0.1:${port}`,
      from: 'tsunagu <no-reply@city.example>',
      logger: silentLogger,
    });
    const app = testApp(ctx(), undefined, { mail });
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
    await mail.flush();
    const message = received.find((m) => m.to === 'resident@example.com');
    expect(message?.subject).toBe(`【つなぐ】予約を受け付けました（予約番号 ${made.json.number}）`);
    expect(message?.text).toContain('戸畑 四郎 様');
    expect(message?.text).toContain('施設: メール市民センター 講座室');
    expect(message?.text).toContain('利用日: 令和8年12月7日（月）');
    expect(message?.text).toContain('時間: 夜間（18:00〜21:00）');
    const row = await db.selectFrom('outbox').selectAll().where('to_address', '=', 'resident@example.com').executeTakeFirstOrThrow();
    expect(row.sent_at).not.toBeNull();
    await mail.stop();
  });

  it('keeps a message queued when the server refuses it, and sends it on the next run', async () => {
    const db = ctx().db.kysely;
    const mail = createMailDispatcher({ db, smtpUrl: `smtp://127.0.0.1:${port}`, from: 'no-reply@city.example', logger: silentLogger });
    await enqueueMail(db, { to: 'retry@example.com', subject: '再送テスト', text: '本文' }, new Date());
    reject = true;
    expect(await mail.flush()).toBe(0);
    const failed = await db.selectFrom('outbox').selectAll().where('to_address', '=', 'retry@example.com').executeTakeFirstOrThrow();
    expect(failed).toMatchObject({ sent_at: null, attempts: 1 });
    expect(failed.last_error).toContain('mailbox unavailable');
    reject = false;
    expect(await mail.flush()).toBe(1);
    expect(received.some((m) => m.to === 'retry@example.com' && m.subject === '再送テスト')).toBe(true);
    await mail.stop();
  });
});
