/**
 * One appointment's pages on both databases: the page the confirmation mail links to (予約番号 large,
 * QR, times, 持ち物, links), the printable slip, cancelling behind its confirmation (the seats freed),
 * check-in from the resident's own phone only within 15 minutes of the time (then the queue number), and
 * a wrong number or secret answered by the same plain 404.
 */
import { beforeAll, expect, it } from 'vitest';
import { PageClient } from '../../../test/browser.ts';
import { countRows, describeEachDialect, testApp } from '../../../test/db.ts';
import { makeAppointment, makeCounter, makeOffice, makeService } from './queue.test-helpers.ts';

describeEachDialect('an appointment’s own pages', (ctx) => {
  let app: ReturnType<typeof testApp>;
  let officeId: string;
  let counterId: string;
  let serviceId: string;
  let serial = 0;

  beforeAll(async () => {
    const db = ctx().db.kysely; // the test clock: 2026-11-24 10:00 in Tokyo
    app = testApp(ctx());
    officeId = await makeOffice(db, '戸畑区役所');
    counterId = await makeCounter(db, officeId, { desks: 2 });
    serviceId = await makeService(db, counterId);
    await db.updateTable('appointment_services').set({ documents: '本人確認書類\n転出証明書' }).where('id', '=', serviceId).execute();
  });

  /** An appointment with an 8-digit 予約番号 and a known secret. */
  async function appointment(o: { date?: string; starts?: string } = {}) {
    const number = `${String(4000_0000 + ++serial * 7919 + Math.floor(Math.random() * 1000)).slice(0, 8)}`;
    const secret = `secret-${number}`;
    await makeAppointment(ctx().db.kysely, officeId, [{ serviceId, counterId, starts: o.starts ?? '14:00' }], {
      number,
      secret,
      date: o.date ?? '2026-12-01',
    });
    return { number, secret, path: `/appointments/${number}?secret=${secret}` };
  }

  it('shows the 予約番号 large with its QR, the time, counter and 持ち物, and the links', async () => {
    const a = await appointment();
    const page = new PageClient(app);
    const shown = await page.get(a.path);
    expect(shown.res.status).toBe(200);
    expect(shown.html).toContain(`<p class="appointment-number">${a.number.slice(0, 4)}-${a.number.slice(4)}</p>`);
    expect(shown.html).toMatch(/<svg aria-hidden="true"/);
    expect(shown.html).toContain('転出証明書');
    expect(shown.html).toContain('1階 3番');
    expect(shown.html).toContain(`href="/appointments/${a.number}/change?secret=${a.secret}"`);
    expect(shown.html).toContain(`href="/appointments/${a.number}/slip?secret=${a.secret}"`);
    expect(shown.html).not.toContain(`/check-in"`); // not the day: no check-in button
    const slip = await page.get(`/appointments/${a.number}/slip?secret=${a.secret}`);
    expect(slip.res.status).toBe(200);
    expect(slip.html).toContain('appointment-slip');
    expect(slip.html).toContain('印刷');
  });

  it('answers a wrong secret, an unknown number and no secret alike: the plain 404', async () => {
    const a = await appointment();
    const page = new PageClient(app);
    const wrongSecret = await page.get(`/appointments/${a.number}?secret=nope`);
    const wrongNumber = await page.get(`/appointments/99999999?secret=${a.secret}`);
    const noSecret = await page.get(`/appointments/${a.number}`);
    const slip = await page.get(`/appointments/${a.number}/slip?secret=nope`);
    for (const r of [wrongSecret, wrongNumber, noSecret, slip]) {
      expect(r.res.status).toBe(404);
      expect(r.html).toContain('予約が見つかりません');
    }
    const cancel = await page.post(`/appointments/${a.number}/cancel`, { secret: 'nope' });
    expect(cancel.res.status).toBe(404);
    const row = await ctx().db.kysely.selectFrom('appointments').select('status').where('number', '=', a.number).executeTakeFirst();
    expect(row?.status).toBe('booked');
  });

  it('cancels after a confirmation step, and says so', async () => {
    const a = await appointment();
    const page = new PageClient(app);
    const confirm = await page.get(`/appointments/${a.number}/cancel?secret=${a.secret}`);
    expect(confirm.res.status).toBe(200);
    expect(confirm.html).toContain('この予約を取り消しますか');
    const done = await page.post(`/appointments/${a.number}/cancel`, { secret: a.secret });
    expect(done.res.status).toBe(303);
    const after = await page.get(done.res.headers.get('location') ?? '');
    expect(after.html).toContain('予約を取り消しました。');
    expect(after.html).toContain('取り消し済み');
    expect(after.html).not.toContain('/cancel?secret');
    const row = await ctx().db.kysely.selectFrom('appointments').select('status').where('number', '=', a.number).executeTakeFirst();
    expect(row?.status).toBe('cancelled');
  });

  it('offers check-in from 15 minutes before the time, and then shows the queue number', async () => {
    const early = await appointment({ date: '2026-11-24', starts: '10:30' }); // today, 30 minutes ahead
    const page = new PageClient(app);
    const notYet = await page.get(early.path);
    expect(notYet.html).not.toContain('/check-in"');
    const refused = await page.post(`/appointments/${early.number}/check-in`, { secret: early.secret });
    expect(refused.res.status).toBe(409);
    expect(refused.html).toContain('予約時刻の15分前から');
    const before = await countRows(ctx(), 'queue_tickets');
    expect(before).toBe(0);

    const soon = await appointment({ date: '2026-11-24', starts: '10:10' });
    const shown = await page.get(soon.path);
    expect(shown.html).toContain(`action="/appointments/${soon.number}/check-in"`);
    const checkedIn = await page.post(`/appointments/${soon.number}/check-in`, { secret: soon.secret });
    expect(checkedIn.res.status).toBe(303);
    const after = await page.get(checkedIn.res.headers.get('location') ?? '');
    expect(after.html).toContain('受付しました。');
    expect(after.html).toMatch(/<p class="kiosk-number">1<\/p>/);
    expect(after.html).toContain('受付済み');
    expect(await countRows(ctx(), 'queue_tickets')).toBe(1);
    const wrong = await page.post(`/appointments/${soon.number}/check-in`, { secret: 'nope' });
    expect(wrong.res.status).toBe(404);
  });

  it('reads in English', async () => {
    const a = await appointment();
    const page = new PageClient(app);
    const shown = await page.get(`${a.path}&lang=en`);
    expect(shown.html).toContain('Appointment number');
    expect(shown.html).toContain('Change the day or time');
  });
});
