/**
 * Staff booking for a caller on the booking pages, on both databases: a counter clerk of the office gets
 * the caller form at the details step (no code), books a phone-only appointment recorded with its channel
 * and the clerk as operator, and lands on the staff's page of it; bad input and a resident posting the
 * caller form book nothing.
 */
import { beforeAll, expect, it } from 'vitest';
import { PageClient } from '../../../test/browser.ts';
import { countRows, describeEachDialect, testApp } from '../../../test/db.ts';
import { makeStaff, makeUser, TEST_PASSWORD } from '../../../test/factories.ts';
import { DAY, makeCounter, makeOffice, makeService } from './appointment.test-helpers.ts';

describeEachDialect('booking for a caller on the pages', (ctx) => {
  let app: ReturnType<typeof testApp>;
  let officeId: string;
  let serviceId: string;
  let clerkId: string;
  let clerk: PageClient;

  beforeAll(async () => {
    const db = ctx().db.kysely;
    app = testApp(ctx());
    officeId = await makeOffice(db, { name: '門司区役所' });
    serviceId = await makeService(db, await makeCounter(db, officeId, { desks: 2 }));
    const staff = await makeStaff(db, 'counter_clerk', { id: officeId });
    clerkId = staff.id;
    clerk = new PageClient(app);
    await clerk.logIn(staff.email ?? '', TEST_PASSWORD);
  });

  const choice = (start: string) => ({ services: [serviceId], date: DAY, start });

  it('shows the clerk the caller form, books phone-only with channel and operator, and opens the staff page', async () => {
    const details = await clerk.get(`/appointments/details?services=${serviceId}&date=${DAY}&start=09:00`);
    expect(details.res.status).toBe(200);
    expect(details.html).toContain('action="/appointments/for-caller"');
    expect(details.html).not.toContain('確認コードを送る');
    const formToken = /name="formToken" value="([^"]+)"/.exec(details.html)?.[1] ?? '';
    const form = {
      ...choice('09:00'),
      formToken,
      channel: 'phone',
      name: '門司 太郎',
      nameKana: 'モジ タロウ',
      phone: '093-321-1234',
      email: '',
    };
    const booked = await clerk.post('/appointments/for-caller', form);
    expect(booked.res.status).toBe(303);
    const location = booked.res.headers.get('location') ?? '';
    expect(location).toMatch(new RegExp(`^/staff/offices/${officeId}/appointments/\\d{8}\\?booked=1$`));
    const row = await ctx()
      .db.kysely.selectFrom('appointments')
      .select(['channel', 'operator_id', 'contact_confirmed', 'phone', 'email'])
      .where('number', '=', /appointments\/(\d{8})/.exec(location)?.[1] ?? '')
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ channel: 'phone', operator_id: clerkId, phone: '093-321-1234', email: null });
    expect(Number(row.contact_confirmed)).toBe(0); // confirmed at the counter on the day
    const page = await clerk.get(location);
    expect(page.html).toContain('予約を受け付けました');
    const again = await clerk.post('/appointments/for-caller', form); // the same form sent twice books once
    expect(again.res.status).toBe(303);
    expect(await countRows(ctx(), 'appointments')).toBe(1);
  });

  it('refuses a caller without phone or email, and a resident posting the caller form; nothing is booked', async () => {
    const before = await countRows(ctx(), 'appointments');
    const details = await clerk.get(`/appointments/details?services=${serviceId}&date=${DAY}&start=09:30`);
    const formToken = /name="formToken" value="([^"]+)"/.exec(details.html)?.[1] ?? '';
    const noContact = await clerk.post('/appointments/for-caller', {
      ...choice('09:30'),
      formToken,
      channel: 'phone',
      name: '連絡 なし',
      nameKana: 'レンラク ナシ',
      phone: '',
      email: '',
    });
    expect(noContact.res.status).toBe(422);
    expect(noContact.html).toContain('error-summary');
    const resident = await makeUser(ctx().db.kysely);
    const page = new PageClient(app);
    await page.logIn(resident.email ?? '', TEST_PASSWORD);
    const shown = await page.get(`/appointments/details?services=${serviceId}&date=${DAY}&start=09:30`);
    expect(shown.html).not.toContain('for-caller');
    const forged = await page.post('/appointments/for-caller', {
      ...choice('09:30'),
      formToken: 'forged-token-1234',
      channel: 'phone',
      name: '偽 太郎',
      nameKana: 'ニセ タロウ',
      phone: '090-1111-2222',
      email: '',
    });
    expect(forged.res.status).toBe(403);
    expect(await countRows(ctx(), 'appointments')).toBe(before);
  });
});
