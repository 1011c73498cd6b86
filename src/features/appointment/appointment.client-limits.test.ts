/**
 * Per-client budgets of counter appointments on both databases: one client address may ask for so many
 * one-time codes and make so many bookings without an account an hour; over it, 429 with Retry-After and
 * nothing sent or booked. A signed-in resident is held by the open-appointments limit instead, and the
 * codes never use up the password reset's budget.
 */
import { beforeAll, expect, it } from 'vitest';
import { api, tokenFor } from '../../../test/api.ts';
import { PageClient } from '../../../test/browser.ts';
import { countRows, describeEachDialect, testApp, testClock } from '../../../test/db.ts';
import { makeUser } from '../../../test/factories.ts';
import { createAuthLimiter } from '../../http/rate-limit.ts';
import { codeMailedTo, DAY, makeCounter, makeOffice, makeService } from './appointment.test-helpers.ts';

describeEachDialect('counter appointment budgets per client', (ctx) => {
  let serviceId: string;
  beforeAll(async () => {
    const db = ctx().db.kysely;
    const officeId = await makeOffice(db, { name: '若松区役所' });
    serviceId = await makeService(db, await makeCounter(db, officeId, { desks: 5 }));
  });

  // The counters live in the database, and every request of a test comes from the client "unknown":
  // each test clears them so that it starts with its budget whole.
  const limitedApp = async (limits: { appointmentCodesPerClient: number; appointmentBookingsPerClient: number }) => {
    await ctx().db.kysely.deleteFrom('auth_limits').execute();
    const clock = testClock();
    const limiter = createAuthLimiter(ctx().db.kysely, clock, limits);
    return { app: testApp(ctx(), clock, { authLimiter: limiter }), limiter };
  };
  const address = (n: number) => `budget${n}-${Math.random().toString(36).slice(2, 8)}@example.jp`;

  it('stops codes from one client after its budget, without touching the password reset budget', async () => {
    const { app, limiter } = await limitedApp({ appointmentCodesPerClient: 2, appointmentBookingsPerClient: 100 });
    const first = address(1);
    expect((await api(app, 'POST', '/api/v1/appointments/email-codes', undefined, { email: first })).status).toBe(202);
    expect((await api(app, 'POST', '/api/v1/appointments/email-codes', undefined, { email: address(2) })).status).toBe(202);
    const codesBefore = await countRows(ctx(), 'appointment_email_codes');
    const over = await api(app, 'POST', '/api/v1/appointments/email-codes', undefined, { email: address(3) });
    expect(over.status).toBe(429);
    expect(Number(over.res.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(String(over.json.title)).toContain('分ほど');
    expect(await countRows(ctx(), 'appointment_email_codes')).toBe(codesBefore);
    expect(await limiter.mailRequest('unknown', first)).toBe(0); // a reset for the same address still goes
  });

  it('stops a second booking without an account from one client; nothing is booked; an account is not held by it', async () => {
    const { app } = await limitedApp({ appointmentCodesPerClient: 100, appointmentBookingsPerClient: 1 });
    const book = async (start: string, email: string) => {
      expect((await api(app, 'POST', '/api/v1/appointments/email-codes', undefined, { email })).status).toBe(202);
      const emailCode = await codeMailedTo(ctx().db.kysely, email);
      const body = { serviceIds: [serviceId], date: DAY, start, name: '若松 一郎', nameKana: 'ワカマツ イチロウ', email, emailCode };
      return api(app, 'POST', '/api/v1/appointments', undefined, body);
    };
    expect((await book('09:00', address(4))).status).toBe(201);
    const before = await countRows(ctx(), 'appointments');
    const over = await book('09:15', address(5));
    expect(over.status).toBe(429);
    expect(String(over.json.title)).toContain('お電話');
    expect(await countRows(ctx(), 'appointments')).toBe(before);

    const token = await tokenFor(ctx(), (await makeUser(ctx().db.kysely)).id);
    const signedIn = await api(app, 'POST', '/api/v1/appointments', token, { serviceIds: [serviceId], date: DAY, start: '09:30' });
    expect(signedIn.status).toBe(201);
  });

  it('on the booking pages too: the second booking without an account from one client waits, told to phone', async () => {
    const { app } = await limitedApp({ appointmentCodesPerClient: 100, appointmentBookingsPerClient: 1 });
    const page = new PageClient(app);
    const book = async (start: string, email: string) => {
      const form = { services: [serviceId], date: DAY, start, name: '若松 花子', nameKana: 'ワカマツ ハナコ', phone: '', email };
      const codeStep = await page.post('/appointments/details', form);
      expect(codeStep.res.status).toBe(200);
      const formToken = /name="formToken" value="([^"]+)"/.exec(codeStep.html)?.[1] ?? '';
      return page.post('/appointments', { ...form, formToken, emailCode: await codeMailedTo(ctx().db.kysely, email) });
    };
    expect((await book('10:00', address(7))).res.status).toBe(303);
    const before = await countRows(ctx(), 'appointments');
    const over = await book('10:15', address(8));
    expect(over.res.status).toBe(429);
    expect(over.html).toContain('区役所の窓口にお電話ください');
    expect(await countRows(ctx(), 'appointments')).toBe(before);
  });
});
