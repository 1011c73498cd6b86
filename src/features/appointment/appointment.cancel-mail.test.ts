/**
 * 「予約を取り消しました」 over real SMTP on loopback, on both databases: cancelling by the resident's link
 * (DELETE with the secret) and by staff for a caller both mail the resident, in the language they booked
 * in, through notify → worker → SMTP; a second cancel sends nothing more. The confirmation carries the
 * 予約番号 as a QR code (a PNG attachment the kiosk can scan from a phone); the cancellation carries none.
 */
import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { api, tokenFor } from '../../../test/api.ts';
import { describeEachDialect, TEST_NOW, testApp } from '../../../test/db.ts';
import { makeStaff } from '../../../test/factories.ts';
import { qrPng } from '../../lib/qr.ts';
import { createEmailAdapter } from '../../platform/notify/email-adapter.ts';
import { movableClock, testWorker } from '../../platform/notify/notify.test-helpers.ts';
import { bookForCaller, seatsOfNumber } from './appointment.change.test-helpers.ts';
import { DAY, makeCounter, makeOffice, makeService } from './appointment.test-helpers.ts';

interface Received {
  to: string;
  subject: string;
  text: string;
  images: { filename: string; content: Buffer }[];
}

describeEachDialect('the cancellation mail over SMTP', (ctx) => {
  const received: Received[] = [];
  let smtp: SMTPServer;
  let app: ReturnType<typeof testApp>;
  let notifier: ReturnType<typeof testWorker>;
  let clerk: string;
  let officeId: string;
  let serviceId: string;

  beforeAll(async () => {
    smtp = new SMTPServer({
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onData(stream, session, callback) {
        simpleParser(stream)
          .then((mail) => {
            received.push({
              to: session.envelope.rcptTo.map((r) => r.address).join(','),
              subject: mail.subject ?? '',
              text: mail.text ?? '',
              images: mail.attachments
                .filter((a) => a.contentType === 'image/png')
                .map((a) => ({ filename: a.filename ?? '', content: a.content })),
            });
            callback();
          })
          .catch(callback);
      },
    });
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', () => resolve()));
    const port = (smtp.server.address() as AddressInfo).port;
    const db = ctx().db.kysely;
    const clock = movableClock(TEST_NOW);
    const email = createEmailAdapter({ smtpUrl: `smtp://127.0.0.1:${port}`, from: 'tsunagu <no-reply@city.example>' });
    notifier = testWorker(db, clock, { adapters: { email } });
    app = testApp(ctx(), clock, { notifier });
    officeId = await makeOffice(db, { name: '若松区役所' });
    serviceId = await makeService(db, await makeCounter(db, officeId, { desks: 2 }));
    clerk = await tokenFor(ctx(), (await makeStaff(db, 'counter_clerk', { id: officeId })).id);
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => smtp.close(() => resolve()));
  });

  const cancellationsTo = (address: string) => received.filter((m) => m.to === address && /取り消しました|was cancelled/.test(m.subject));

  it('mails 「予約を取り消しました」 when the resident cancels by their link, once', async () => {
    const booked = await bookForCaller(app, clerk, { serviceIds: [serviceId], date: DAY, start: '10:00' });
    const cancelled = await api(app, 'DELETE', `/api/v1/appointments/${booked.number}?secret=${booked.secret}`);
    expect(cancelled.status).toBe(200);
    expect(await seatsOfNumber(ctx().db.kysely, booked.number)).toEqual([]);
    await notifier.flush();
    const [mail] = cancellationsTo(booked.email);
    expect(mail?.subject).toBe(`【北九州市】窓口予約を取り消しました（予約番号 ${booked.number.slice(0, 4)}-${booked.number.slice(4)}）`);
    expect(mail?.text).toContain('若松区役所の次の窓口予約を取り消しました');
    expect(mail?.text).toContain('10:00〜10:15 転入届');
    expect(mail?.text).not.toContain('職員');
    expect((await api(app, 'DELETE', `/api/v1/appointments/${booked.number}?secret=${booked.secret}`)).status).toBe(200);
    await notifier.flush();
    expect(cancellationsTo(booked.email)).toHaveLength(1);
  });

  it('attaches the 予約番号 as a QR code to the confirmation, and nothing to the cancellation', async () => {
    const booked = await bookForCaller(app, clerk, { serviceIds: [serviceId], date: DAY, start: '11:00' });
    await notifier.flush();
    const confirmation = received.find((m) => m.to === booked.email && m.subject.includes('予約を受け付けました'));
    expect(confirmation?.images.map((i) => i.filename)).toEqual(['qr.png']);
    expect(confirmation?.images[0]?.content.equals(await qrPng(booked.number))).toBe(true);
    expect(confirmation?.text).toContain(`${booked.number.slice(0, 4)}-${booked.number.slice(4)}`);
    expect((await api(app, 'DELETE', `/api/v1/appointments/${booked.number}?secret=${booked.secret}`)).status).toBe(200);
    await notifier.flush();
    expect(cancellationsTo(booked.email)[0]?.images).toEqual([]);
  });

  it('mails the resident in English when they booked in English', async () => {
    const booked = await bookForCaller(app, clerk, { serviceIds: [serviceId], date: DAY, start: '10:15', lang: 'en' });
    expect((await api(app, 'DELETE', `/api/v1/appointments/${booked.number}?secret=${booked.secret}`)).status).toBe(200);
    await notifier.flush();
    const [mail] = cancellationsTo(booked.email);
    expect(mail?.subject).toBe(
      `[Kitakyushu City] Your counter appointment was cancelled (number ${booked.number.slice(0, 4)}-${booked.number.slice(4)})`,
    );
    expect(mail?.text).toContain('10:15–10:30 Moving-in notification');
  });

  it('mails the resident when staff cancel for them, saying staff did it', async () => {
    const booked = await bookForCaller(app, clerk, { serviceIds: [serviceId], date: DAY, start: '10:30' });
    const done = await api(app, 'POST', `/api/v1/offices/${officeId}/appointments/${booked.number}/cancel`, clerk, {
      reason: '電話で取り消しの申し出',
    });
    expect(done.status).toBe(200);
    await notifier.flush();
    const [mail] = cancellationsTo(booked.email);
    expect(mail?.text).toContain('区役所の職員が、お電話などでのお申し出により取り消しました。');
  });
});
